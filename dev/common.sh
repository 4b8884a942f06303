#!/usr/bin/env bash
# Shared settings for the dev scripts: a project-local PostgreSQL cluster
# reached through a unix socket, and Odoo 18.0 importable by python3.
set -euo pipefail

ADDON_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LOCAL_DIR="${ADDON_DIR}/.local"
PGDATA="${LOCAL_DIR}/pgdata"
PGSOCK="${LOCAL_DIR}/pgsock"
PGLOG="${LOCAL_DIR}/postgres.log"
PG_OS_USER="${PG_OS_USER:-postgres}"
PGPORT="${PGPORT:-5433}"
DB_ROLE="odoo"
ODOO_CONF="${LOCAL_DIR}/odoo.conf"
ODOO_PID="${LOCAL_DIR}/odoo.pid"
ODOO_LOG="${LOCAL_DIR}/odoo.log"
ODOO_HTTP_PORT="${ODOO_HTTP_PORT:-8069}"
PYTHON="${PYTHON:-python3}"
export PGPORT PGHOST="${PGSOCK}"

say() { printf '\033[1m[sales_playbook]\033[0m %s\n' "$*" >&2; }
die() { say "ERROR: $*"; exit 1; }

pg_bin() {
    local bin
    for bin in /usr/lib/postgresql/*/bin; do
        [ -x "${bin}/pg_ctl" ] && { echo "${bin}"; return 0; }
    done
    return 1
}

odoo_bin() {
    # Path of odoo-bin next to the importable odoo package.
    (cd /tmp && "${PYTHON}" -c 'import odoo, os; print(os.path.join(os.path.dirname(os.path.dirname(odoo.__file__)), "odoo-bin"))')
}

# The folder that holds this add-on: Odoo's addons path entry.
addons_parent() {
    local parent
    parent="$(dirname "${ADDON_DIR}")"
    if [ "$(basename "${ADDON_DIR}")" = "sales_playbook" ]; then
        echo "${parent}"
    else
        # A clone under another name (CI's clean clone): expose it as
        # sales_playbook through a link in the project-local folder.
        mkdir -p "${LOCAL_DIR}/addons"
        ln -sfn "${ADDON_DIR}" "${LOCAL_DIR}/addons/sales_playbook"
        echo "${LOCAL_DIR}/addons"
    fi
}
