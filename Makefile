# sales_playbook — developer commands (see README.md)
.PHONY: setup run stop test bench

setup:
	bash dev/setup.sh

run: setup
	bash dev/run.sh

stop:
	bash dev/stop.sh

test:
	bash dev/test.sh

# Benchmarks on a database without demo data (created once, kept in .local/)
bench: setup
	bash dev/bench.sh
