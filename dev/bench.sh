#!/usr/bin/env bash
# Runs the benchmark scripts on the database playbook_bench (sales_playbook
# without demo data, created on the first run).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
DB="playbook_bench"
bash "${ADDON_DIR}/dev/pg.sh" start
bash "${ADDON_DIR}/dev/odoo_conf.sh"
state="$(psql -d "${DB}" -U "${DB_ROLE}" -tAc "SELECT state FROM ir_module_module WHERE name='sales_playbook'" 2>/dev/null || true)"
if [ "${state}" != "installed" ]; then
    "${PYTHON}" "$(odoo_bin)" -c "${ODOO_CONF}" -d "${DB}" -i sales_playbook --without-demo=all \
        --stop-after-init --log-level=warn
else
    "${PYTHON}" "$(odoo_bin)" -c "${ODOO_CONF}" -d "${DB}" -u sales_playbook \
        --stop-after-init --log-level=warn
fi
# a clean table: every run inserts and rolls back 100,000 rows
psql -d "${DB}" -U "${DB_ROLE}" -qc "VACUUM FULL ANALYZE crm_lead"
"${PYTHON}" "${ADDON_DIR}/benchmarks/bench_scoring.py" -c "${ODOO_CONF}" -d "${DB}" --leads "${LEADS:-100000}"
psql -d "${DB}" -U "${DB_ROLE}" -qc "VACUUM FULL ANALYZE sale_contract_milestone"
"${PYTHON}" "${ADDON_DIR}/benchmarks/bench_collections.py" -c "${ODOO_CONF}" -d "${DB}" --milestones "${MILESTONES:-100000}"
"${PYTHON}" "${ADDON_DIR}/benchmarks/bench_after_sales.py" -c "${ODOO_CONF}" -d "${DB}" --customers "${CUSTOMERS:-20000}"
"${PYTHON}" "${ADDON_DIR}/benchmarks/bench_kpi.py" -c "${ODOO_CONF}" -d "${DB}" --lines "${ORDER_LINES:-1000000}"
"${PYTHON}" "${ADDON_DIR}/benchmarks/bench_credit.py" -c "${ODOO_CONF}" -d "${DB}" --customers "${CREDIT_CUSTOMERS:-20000}" --milestones "${CREDIT_MILESTONES:-300000}"
psql -d "${DB}" -U "${DB_ROLE}" -qc "VACUUM FULL ANALYZE hr_expense"
"${PYTHON}" "${ADDON_DIR}/benchmarks/bench_expense.py" -c "${ODOO_CONF}" -d "${DB}" --expenses "${EXPENSES:-200000}"
