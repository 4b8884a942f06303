#!/usr/bin/env bash
# Regenerates i18n/sales_playbook.pot from the code and the data (demo data
# included, as the catalogue translates it) on a fresh database, and brings
# i18n/zh_CN.po in line with it (dev/i18n_merge.py): new terms are appended at
# the end of zh_CN.po, untranslated, and listed.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
bash "${ADDON_DIR}/dev/pg.sh" start
bash "${ADDON_DIR}/dev/odoo_conf.sh"
ODOO_BIN="$(odoo_bin)"
DB="playbook_pot_$(date +%s)_$$"
EXPORT="${LOCAL_DIR}/${DB}.pot"
trap 'dropdb -U "${DB_ROLE}" --if-exists "${DB}" >/dev/null 2>&1 || true; rm -f "${EXPORT}"' EXIT

say "installing sales_playbook with demo data on ${DB}"
"${PYTHON}" "${ODOO_BIN}" -c "${ODOO_CONF}" -d "${DB}" -i sales_playbook \
    --stop-after-init --log-level=warn
say "exporting the terms"
"${PYTHON}" "${ODOO_BIN}" -c "${ODOO_CONF}" -d "${DB}" --i18n-export="${EXPORT}" \
    --modules=sales_playbook --log-level=warn
"${PYTHON}" "${ADDON_DIR}/dev/i18n_merge.py" "${EXPORT}"
say "i18n/sales_playbook.pot regenerated; translate the new entries at the end of i18n/zh_CN.po"
