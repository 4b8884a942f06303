# sales_playbook — developer commands (see README.md)
.PHONY: setup run stop test shell

setup:
	bash dev/setup.sh

run: setup
	bash dev/run.sh

stop:
	bash dev/stop.sh

test:
	bash dev/test.sh
