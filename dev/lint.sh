#!/usr/bin/env bash
# The linters as the Odoo community runs them: pylint-odoo (every check of
# the plugin for 18.0 and OCA's Python checks, .pylintrc) and ruff (style,
# imports, formatting; .ruff.toml). Silent and 0 when clean.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
LINTERS=("pylint-odoo==10.0.12" "ruff==0.17.6")
if ! "${PYTHON}" -m pip show -q pylint-odoo ruff >/dev/null 2>&1; then
    say "installing the linters: ${LINTERS[*]}"
    "${PYTHON}" -m pip install -q "${LINTERS[@]}"
fi
cd "${ADDON_DIR}"
status=0
"${PYTHON}" -m ruff check --quiet . || status=1
"${PYTHON}" -m ruff format --check --quiet . || { say "ruff format would reformat the files above"; status=1; }
# pylint-odoo reads the manifest, the Python, the XML and the .po files of the add-on
"${PYTHON}" -m pylint --rcfile=.pylintrc --jobs=2 . benchmarks || status=1
[ "${status}" -eq 0 ] && say "lint: 0 messages"
exit "${status}"
