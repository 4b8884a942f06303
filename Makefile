# sales_playbook — developer commands (see README.md)
.PHONY: setup run stop test bench lint pot

setup:
	bash dev/setup.sh

run: setup
	bash dev/run.sh

stop:
	bash dev/stop.sh

# TEST_DATE=2028-02-29 (or +45d, +1y) runs the suite with the clock moved
test:
	TEST_DATE="$(TEST_DATE)" TEST_TAGS="$(TEST_TAGS)" bash dev/test.sh

# Benchmarks on a database without demo data (created once, kept in .local/)
bench: setup
	bash dev/bench.sh

# pylint-odoo and ruff, 0 messages expected (CI runs it)
lint:
	bash dev/lint.sh

# Regenerate i18n/sales_playbook.pot (clean paths) and append its new terms to
# i18n/zh_CN.po, on a database built for it
pot: setup
	bash dev/pot.sh
