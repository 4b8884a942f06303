#!/usr/bin/env bash
# Installs what the add-on needs on a Debian machine: PostgreSQL, wkhtmltopdf,
# Chromium (browser tours), CJK fonts, and the Python test/runtime packages.
# Odoo 18.0 itself is a prerequisite: it must be importable by python3, or
# ODOO_SRC must point at an Odoo 18.0 source tree (the folder with odoo-bin).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

DEB_PACKAGES=(postgresql wkhtmltopdf chromium fonts-noto-cjk fonts-wqy-zenhei faketime
              poppler-utils libldap2-dev libsasl2-dev libpq-dev)
# holidays: China's public holidays and make-up working days (调休), imported
# into the working calendar; `pip install --upgrade holidays` each November
# brings the next year's arrangement.
PY_PACKAGES=(websocket-client odoo-test-helper freezegun pytest-odoo holidays)

missing_debs=()
for pkg in "${DEB_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "${pkg}" 2>/dev/null | grep -q "install ok installed" || missing_debs+=("${pkg}")
done
if [ ${#missing_debs[@]} -gt 0 ]; then
    say "installing Debian packages: ${missing_debs[*]}"
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    ${SUDO} apt-get update -qq
    DEBIAN_FRONTEND=noninteractive ${SUDO} apt-get install -y -qq --no-install-recommends "${missing_debs[@]}" >/dev/null
fi

# Odoo 18.0 importable?
if ! (cd /tmp && "${PYTHON}" -c 'import odoo.release as r, sys; sys.exit(r.version_info[0] != 18)') 2>/dev/null; then
    if [ -z "${ODOO_SRC:-}" ] && [ "${ODOO_DOWNLOAD:-0}" = "1" ]; then
        # the official nightly source archive of Odoo 18.0 (Community)
        ODOO_SRC="${LOCAL_DIR}/odoo-18.0"
        if [ ! -f "${ODOO_SRC}/odoo-bin" ]; then
            say "downloading Odoo 18.0 from ${ODOO_ARCHIVE_URL:=https://nightly.odoo.com/18.0/nightly/src/odoo_18.0.latest.tar.gz}"
            mkdir -p "${ODOO_SRC}"
            curl -fsSL "${ODOO_ARCHIVE_URL}" | tar xz -C "${ODOO_SRC}" --strip-components=1 \
                || die "could not download ${ODOO_ARCHIVE_URL}; pass ODOO_SRC=/path/to/odoo-18.0 instead"
        fi
    fi
    if [ -n "${ODOO_SRC:-}" ] && [ -f "${ODOO_SRC}/odoo-bin" ]; then
        say "linking the Odoo source tree ${ODOO_SRC} into ${PYTHON}'s site-packages"
        site="$(cd /tmp && "${PYTHON}" -c 'import site; print(site.getsitepackages()[0])')"
        echo "$(cd "${ODOO_SRC}" && pwd)" > "${site}/odoo-src.pth"
        printf 'setuptools<80\n' > "${LOCAL_DIR:?}/pip-constraints.txt" 2>/dev/null || {
            mkdir -p "${LOCAL_DIR}"; printf 'setuptools<80\n' > "${LOCAL_DIR}/pip-constraints.txt"; }
        say "installing Odoo's Python requirements"
        PIP_CONSTRAINT="${LOCAL_DIR}/pip-constraints.txt" "${PYTHON}" -m pip install -q -r "${ODOO_SRC}/requirements.txt"
    else
        die "Odoo 18.0 is not importable by ${PYTHON}.
    Point the setup at an Odoo 18.0 source tree (the folder holding odoo-bin and odoo/):
        make setup ODOO_SRC=/path/to/odoo-18.0
    or let it download Odoo's official source archive (needs internet access):
        make setup ODOO_DOWNLOAD=1"
    fi
fi

missing_py=()
for pkg in "${PY_PACKAGES[@]}"; do
    "${PYTHON}" -m pip show -q "${pkg}" >/dev/null 2>&1 || missing_py+=("${pkg}")
done
if [ ${#missing_py[@]} -gt 0 ]; then
    say "installing Python packages: ${missing_py[*]}"
    "${PYTHON}" -m pip install -q "${missing_py[@]}"
fi

# OCA add-ons from PyPI. Their wheels require the `odoo` distribution, which a
# source tree on the path is not: install them without dependencies and list
# their own odoo-addon-* dependencies here (sale_tier_validation needs
# base_tier_validation).
OCA_ADDONS=("odoo-addon-base_tier_validation>=18.0,<18.1" "odoo-addon-sale_tier_validation>=18.0,<18.1"
    "odoo-addon-hr_expense_tier_validation>=18.0,<18.1")
if ! (cd /tmp && "${PYTHON}" -c 'import odoo.addons.base_tier_validation, odoo.addons.sale_tier_validation, odoo.addons.hr_expense_tier_validation') 2>/dev/null; then
    say "installing OCA add-ons: ${OCA_ADDONS[*]}"
    "${PYTHON}" -m pip install -q --no-deps "${OCA_ADDONS[@]}"
fi
(cd /tmp && "${PYTHON}" -c 'import websocket, odoo, odoo.addons.sale_tier_validation') \
    || die "websocket-client, odoo or the OCA add-ons still not importable"
say "setup complete: $(cd /tmp && "${PYTHON}" -c 'import odoo.release as r; print("Odoo", r.version)')"
