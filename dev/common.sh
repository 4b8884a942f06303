#!/usr/bin/env bash
# Shared settings for the dev scripts: a project-local PostgreSQL cluster
# reached through a unix socket, and Odoo 18.0 importable by python3.
set -euo pipefail

ADDON_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LOCAL_DIR="${ADDON_DIR}/.local"
# PB_INSTANCE names a second, separate PostgreSQL cluster and Odoo config
# (the time-shifted test run uses "shifted": its clock is not the machine's).
PB_INSTANCE="${PB_INSTANCE:-}"
suffix="${PB_INSTANCE:+-${PB_INSTANCE}}"
PGDATA="${LOCAL_DIR}/pgdata${suffix}"
PGSOCK="${LOCAL_DIR}/pgsock${suffix}"
PGLOG="${LOCAL_DIR}/postgres${suffix}.log"
PG_OS_USER="${PG_OS_USER:-postgres}"
if [ -n "${PB_INSTANCE}" ]; then PGPORT="${PB_PGPORT:-5434}"; else PGPORT="${PGPORT:-5433}"; fi
DB_ROLE="odoo"
ODOO_CONF="${LOCAL_DIR}/odoo${suffix}.conf"
ODOO_PID="${LOCAL_DIR}/odoo.pid"
ODOO_LOG="${LOCAL_DIR}/odoo.log"
ODOO_HTTP_PORT="${ODOO_HTTP_PORT:-8069}"
PYTHON="${PYTHON:-python3}"
export PGPORT PGHOST="${PGSOCK}"

say() { printf '\033[1m[sales_playbook]\033[0m %s\n' "$*" >&2; }
die() { say "ERROR: $*"; exit 1; }

# FAKETIME_ENV: the environment that moves a process's clock (libfaketime)
# when TEST_DATE is set: "2028-02-29", "2028-02-29 09:30:00", or an offset
# such as "+45d" or "+1y". Empty otherwise.
FAKETIME_ENV=()
if [ -n "${TEST_DATE:-}" ]; then
    FAKETIME_LIB="$(ls /usr/lib/*/faketime/libfaketime.so.1 2>/dev/null | head -1 || true)"
    case "${TEST_DATE}" in
        [+-]*) fake="${TEST_DATE}" ;;
        ????-??-??) fake="@${TEST_DATE} $(date -u +%H:%M:%S)" ;;
        *) fake="@${TEST_DATE}" ;;
    esac
    FAKETIME_ENV=(LD_PRELOAD="${FAKETIME_LIB}" FAKETIME="${fake}")
fi

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
