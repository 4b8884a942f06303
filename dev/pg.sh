#!/usr/bin/env bash
# Starts (or stops) the project-local PostgreSQL cluster: data in .local/pgdata,
# unix socket in .local/pgsock, no TCP, owned by a non-root OS user.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
PGBIN="$(pg_bin)" || die "PostgreSQL server binaries not found (run make setup)"

as_pg() {
    if [ "$(id -un)" = "${PG_OS_USER}" ]; then "$@"
    elif [ "$(id -u)" -eq 0 ]; then runuser -u "${PG_OS_USER}" -- "$@"
    else "$@"; fi
}

cmd="${1:-start}"
case "${cmd}" in
start)
    mkdir -p "${LOCAL_DIR}"
    if [ "$(id -u)" -eq 0 ]; then
        # the cluster's OS user must be able to reach and own its folders
        chmod o+x "${LOCAL_DIR}"
        mkdir -p "${PGSOCK}"; chown "${PG_OS_USER}" "${PGSOCK}"
        d="${ADDON_DIR}"; while [ "${d}" != "/" ]; do chmod o+x "${d}" 2>/dev/null || true; d="$(dirname "${d}")"; done
    else
        PG_OS_USER="$(id -un)"; mkdir -p "${PGSOCK}"
    fi
    if [ ! -f "${PGDATA}/PG_VERSION" ]; then
        say "creating the PostgreSQL cluster in ${PGDATA}"
        mkdir -p "${PGDATA}"; [ "$(id -u)" -eq 0 ] && chown "${PG_OS_USER}" "${PGDATA}"
        as_pg "${PGBIN}/initdb" -D "${PGDATA}" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    fi
    if ! as_pg "${PGBIN}/pg_ctl" -D "${PGDATA}" status >/dev/null 2>&1; then
        touch "${PGLOG}"; [ "$(id -u)" -eq 0 ] && chown "${PG_OS_USER}" "${PGLOG}"
        as_pg env "${FAKETIME_ENV[@]}" "${PGBIN}/pg_ctl" -D "${PGDATA}" -l "${PGLOG}" -w \
            -o "-k ${PGSOCK} -c listen_addresses='' -p ${PGPORT} -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
        say "PostgreSQL running (socket ${PGSOCK}, port ${PGPORT}${TEST_DATE:+, clock moved to ${TEST_DATE}})"
    fi
    as_pg "${PGBIN}/psql" -h "${PGSOCK}" -p "${PGPORT}" -U postgres -d postgres -tAc \
        "SELECT 1 FROM pg_roles WHERE rolname='${DB_ROLE}'" | grep -q 1 || \
        as_pg "${PGBIN}/psql" -h "${PGSOCK}" -p "${PGPORT}" -U postgres -d postgres -qc \
        "CREATE ROLE ${DB_ROLE} LOGIN SUPERUSER" >/dev/null
    ;;
stop)
    if [ -f "${PGDATA}/PG_VERSION" ] && as_pg "${PGBIN}/pg_ctl" -D "${PGDATA}" status >/dev/null 2>&1; then
        as_pg "${PGBIN}/pg_ctl" -D "${PGDATA}" -m fast -w stop >/dev/null
        say "PostgreSQL stopped"
    fi
    ;;
*) die "usage: pg.sh start|stop" ;;
esac
