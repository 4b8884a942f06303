#!/usr/bin/env bash
# The main job: Odoo 18.0 with sales_playbook and demo data on the database
# `playbook`, served on http://127.0.0.1:8069. A second run reuses the database.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
DB="${DB:-playbook}"
bash "${ADDON_DIR}/dev/pg.sh" start
bash "${ADDON_DIR}/dev/odoo_conf.sh"
ODOO_BIN="$(odoo_bin)"

if [ -f "${ODOO_PID}" ] && kill -0 "$(cat "${ODOO_PID}")" 2>/dev/null; then
    say "Odoo is already running (pid $(cat "${ODOO_PID}")): http://127.0.0.1:${ODOO_HTTP_PORT}"
    exit 0
fi

# the add-on's files as one checksum: a reused database is upgraded when they changed
code_stamp="$(cd "${ADDON_DIR}" && find . \( -path ./.local -o -path ./.git \) -prune -o -type f -print0 \
    | sort -z | xargs -0 sha1sum | sha1sum | cut -d' ' -f1)"
stamp_file="${LOCAL_DIR}/${DB}.code"
state="$(psql -d "${DB}" -U "${DB_ROLE}" -tAc "SELECT state FROM ir_module_module WHERE name='sales_playbook'" 2>/dev/null || true)"
if [ "${state}" != "installed" ]; then
    say "installing sales_playbook with demo data on database ${DB} (a few minutes the first time)"
    "${PYTHON}" "${ODOO_BIN}" -c "${ODOO_CONF}" -d "${DB}" -i sales_playbook \
        --load-language=zh_CN --stop-after-init --log-level=warn
    echo "${code_stamp}" > "${stamp_file}"
elif [ "$(cat "${stamp_file}" 2>/dev/null)" != "${code_stamp}" ]; then
    say "the add-on changed since database ${DB} was last updated: upgrading it"
    "${PYTHON}" "${ODOO_BIN}" -c "${ODOO_CONF}" -d "${DB}" -u sales_playbook \
        --stop-after-init --log-level=warn
    echo "${code_stamp}" > "${stamp_file}"
fi

say "starting Odoo (log: ${ODOO_LOG})"
nohup "${PYTHON}" "${ODOO_BIN}" -c "${ODOO_CONF}" -d "${DB}" --db-filter="^${DB}\$" \
    --logfile="${ODOO_LOG}" >/dev/null 2>&1 &
echo $! > "${ODOO_PID}"
for _ in $(seq 1 60); do
    if curl -fs -o /dev/null "http://127.0.0.1:${ODOO_HTTP_PORT}/web/login"; then
        say "Odoo is up: http://127.0.0.1:${ODOO_HTTP_PORT}  (admin / admin; the demo company's people, password = login: rep1, rep2, rep3, supervisor, manager, director, presales, legal, finance)"
        say "stop with: make stop"
        exit 0
    fi
    kill -0 "$(cat "${ODOO_PID}")" 2>/dev/null || die "Odoo exited; see ${ODOO_LOG}"
    sleep 1
done
die "Odoo did not answer within 60 s; see ${ODOO_LOG}"
