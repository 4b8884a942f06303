#!/usr/bin/env bash
# Stops the Odoo server started by `make run` and the project-local PostgreSQL.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
if [ -f "${ODOO_PID}" ]; then
    pid="$(cat "${ODOO_PID}")"
    if kill -0 "${pid}" 2>/dev/null; then
        kill "${pid}"; for _ in $(seq 1 20); do kill -0 "${pid}" 2>/dev/null || break; sleep 0.5; done
        kill -9 "${pid}" 2>/dev/null || true
        say "Odoo stopped"
    fi
    rm -f "${ODOO_PID}"
fi
bash "${ADDON_DIR}/dev/pg.sh" stop
