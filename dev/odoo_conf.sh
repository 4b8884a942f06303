#!/usr/bin/env bash
# Writes .local/odoo.conf: the project-local database socket and addons path.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
mkdir -p "${LOCAL_DIR}"
cat > "${ODOO_CONF}" <<CONF
[options]
addons_path = $(addons_parent)
db_host = ${PGSOCK}
db_port = ${PGPORT}
db_user = ${DB_ROLE}
db_password = False
http_interface = 127.0.0.1
http_port = ${ODOO_HTTP_PORT}
data_dir = ${LOCAL_DIR}/filestore
admin_passwd = admin
list_db = True
CONF
