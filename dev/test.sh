#!/usr/bin/env bash
# The tests: a fresh database, sales_playbook installed with demo data and
# --test-enable (all its tests, browser tours in headless Chromium). Ends with
# the line "N passed, N failed"; exits non-zero when a test failed or errored,
# when no test ran, or when a browser tour did not run.
#
# TEST_DATE moves the clock of the whole run (PostgreSQL, Odoo, Chromium) with
# libfaketime: TEST_DATE=2028-02-29, TEST_DATE="2028-02-29 23:30:00",
# TEST_DATE=+45d, TEST_DATE=+1y. It runs on a second PostgreSQL cluster
# (.local/pgdata-shifted) started for the run with the moved clock.
if [ -n "${TEST_DATE:-}" ]; then export PB_INSTANCE="${PB_INSTANCE:-shifted}" TEST_DATE; fi
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
TEST_DATE="${TEST_DATE:-}"
# the shifted run may go along with a plain one: its own HTTP port
if [ -n "${TEST_DATE}" ]; then TEST_HTTP_PORT="${TEST_HTTP_PORT:-8170}"; fi
bash "${ADDON_DIR}/dev/setup.sh"
if [ -n "${TEST_DATE}" ]; then
    [ -n "${FAKETIME_LIB}" ] || die "libfaketime missing (Debian package faketime): cannot move the clock"
    # a cluster left running with another clock is restarted with this one
    bash "${ADDON_DIR}/dev/pg.sh" stop
fi
(cd /tmp && "${PYTHON}" -c 'import websocket') || die "websocket-client missing: tours would be skipped"
command -v chromium >/dev/null || command -v google-chrome >/dev/null || die "no Chromium: tours would be skipped"
bash "${ADDON_DIR}/dev/pg.sh" start
ODOO_HTTP_PORT="${TEST_HTTP_PORT:-8169}" bash "${ADDON_DIR}/dev/odoo_conf.sh"
if [ -n "${TEST_DATE}" ]; then
    clock="$(env "${FAKETIME_ENV[@]}" date -u '+%Y-%m-%d %H:%M:%S')"
    db_clock="$(psql -d postgres -U "${DB_ROLE}" -tAc "SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS')")"
    say "clock moved to ${clock} UTC (PostgreSQL: ${db_clock})"
    [ "${clock:0:10}" = "${db_clock:0:10}" ] || die "PostgreSQL's clock (${db_clock}) is not the moved one"
fi
ODOO_BIN="$(odoo_bin)"
DB="playbook_test${PB_INSTANCE:+_${PB_INSTANCE}}_$(date +%s)_$$"
LOG="${LOCAL_DIR}/test-${DB}.log"
TAGS="${TEST_TAGS:-/sales_playbook}"

cleanup() {
    dropdb -U "${DB_ROLE}" --if-exists "${DB}" >/dev/null 2>&1 || true
    if [ -n "${TEST_DATE}" ]; then bash "${ADDON_DIR}/dev/pg.sh" stop >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT

say "testing on the fresh database ${DB} (log: ${LOG})"
set +e
started=${SECONDS}
env "${FAKETIME_ENV[@]}" "${PYTHON}" "${ODOO_BIN}" -c "${ODOO_CONF}" -d "${DB}" -i sales_playbook \
    --test-enable --test-tags "${TAGS}" --stop-after-init --log-level=test \
    --http-port="${TEST_HTTP_PORT:-8169}" 2>&1 | tee "${LOG}" | grep -E "(ERROR|FAIL|tests when loading|tour done)" | grep -v "odoo.addons.base.models.ir_attachment" 
set -e

summary="$(grep -E "[0-9]+ failed, [0-9]+ error\(s\) of [0-9]+ tests when loading database" "${LOG}" | tail -1 || true)"
if [ -z "${summary}" ]; then
    # Odoo prints no summary when nothing ran at all
    ran=0; failed=0; errors=0
else
    failed="$(sed -E 's/.* ([0-9]+) failed, ([0-9]+) error\(s\) of ([0-9]+) tests.*/\1/' <<<"${summary}")"
    errors="$(sed -E 's/.* ([0-9]+) failed, ([0-9]+) error\(s\) of ([0-9]+) tests.*/\2/' <<<"${summary}")"
    ran="$(sed -E 's/.* ([0-9]+) failed, ([0-9]+) error\(s\) of ([0-9]+) tests.*/\3/' <<<"${summary}")"
fi
bad=$((failed + errors))
# module-level errors (install failure, a test class that did not load)
log_errors="$(grep -cE "^[0-9-]+ [0-9:,]+ [0-9]+ (ERROR|CRITICAL) " "${LOG}" || true)"

# every tour defined in static/tests/tours must have run to its end
tours_defined="$(grep -ohE "web_tour\.tours\"\)\.add\(\"[a-z0-9_]+\"" "${ADDON_DIR}"/static/tests/tours/*.js 2>/dev/null | sed -E 's/.*add\("([a-z0-9_]+)"/\1/' | sort -u)"
tours_total=0; tours_run=0; missing_tours=""
for tour in ${tours_defined}; do
    tours_total=$((tours_total + 1))
    if grep -qE "sales_playbook tour done: ${tour} *\$" "${LOG}"; then tours_run=$((tours_run + 1)); else missing_tours+=" ${tour}"; fi
done
skipped="$(grep -cE "skipped .* : " "${LOG}" || true)"

elapsed=$((SECONDS - started))
echo "tours run: ${tours_run} of ${tours_total}; skipped tests: ${skipped}; errors logged: ${log_errors}; install and tests took $((elapsed / 60)) min $((elapsed % 60)) s"
echo "$((ran - bad)) passed, ${bad} failed${TEST_DATE:+ (clock moved to ${TEST_DATE})}"
status=0
[ "${ran}" -gt 0 ] || { say "no test ran"; status=1; }
[ "${bad}" -eq 0 ] || { say "${bad} test(s) failed or errored: see ${LOG}"; status=1; }
[ "${log_errors}" -eq 0 ] || { say "${log_errors} ERROR line(s) in the log: see ${LOG}"; status=1; }
[ -z "${missing_tours}" ] || { say "tour(s) that did not run:${missing_tours}"; status=1; }
[ "${skipped}" -eq 0 ] || { say "skipped test(s): see ${LOG}"; status=1; }
exit "${status}"
