"""What the benchmark scripts share: their command line and an Odoo
# pylint: disable=print-used
# (a command-line script: its results go to the terminal)
environment on the benchmark database, rolled back at the end."""

import argparse
import os
import sys
import time
from contextlib import contextmanager


@contextmanager
def bench_env(description, model, *extra_arguments):
    """Parse ``-c/-d`` plus ``extra_arguments`` ((flag, kwargs) pairs) and
    yield ``(args, env)`` as superuser; ``model`` proves the add-on is there.
    Everything done in ``env`` is rolled back."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    for flag, kwargs in extra_arguments:
        parser.add_argument(flag, **kwargs)
    args = parser.parse_args()

    os.chdir("/")  # never import a local "http" or "odoo" by accident
    import odoo

    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database])
    registry = odoo.modules.registry.Registry(args.database)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        if model not in env:
            sys.exit(f"sales_playbook is not installed on {args.database}")
        try:
            yield args, env
        finally:
            cr.rollback()


def run_cron(env, model, method, cron_xmlid, max_calls=200):
    """Call a scheduled action's method as the scheduler does, until it
    reports nothing remaining: (seconds, calls, queries)."""
    cr = env.cr
    env.invalidate_all()
    before = cr.sql_log_count
    start = time.perf_counter()
    calls = 0
    while True:
        calls += 1
        progress = env["ir.cron.progress"].create(
            {"cron_id": env.ref(cron_xmlid).id, "remaining": 0, "done": 0}
        )
        getattr(env[model].with_context(ir_cron_progress_id=progress.id), method)()
        if not progress.remaining or calls >= max_calls:
            break
    return time.perf_counter() - start, calls, cr.sql_log_count - before
