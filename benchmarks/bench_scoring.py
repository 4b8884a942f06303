#!/usr/bin/env python3
# pylint: disable=print-used
# (a command-line script: its results go to the terminal)
"""Benchmark: recompute score, grade and potential of many leads.

Inserts N qualified leads with plain SQL (their creation is not what is
measured), then times ``crm.lead._playbook_rescore`` — what the scheduled
action runs after a scorecard change — and counts its SQL queries. Everything
is rolled back at the end: the database is left as it was.

    python3 benchmarks/bench_scoring.py -c .local/odoo.conf -d playbook_bench --leads 100000

The database must have sales_playbook installed (``make bench`` prepares one).
"""

import time

from bench_common import bench_env


def main():
    with bench_env(
        __doc__.splitlines()[0],
        "sales.playbook.scorecard",
        ("--leads", {"type": int, "default": 100000}),
        ("--batch-size", {"type": int, "default": 5000}),
    ) as (args, env):
        from odoo.tools import SQL

        cr = env.cr
        Lead = env["crm.lead"]
        stage = env.ref("sales_playbook.stage_development")
        industries = env["res.partner.industry"].search([], limit=6).ids
        company = env.company
        start = time.perf_counter()
        cr.execute(
            SQL(
                """
            INSERT INTO crm_lead (name, type, active, stage_id, company_id, priority,
                                  industry_id, size_employees, playbook_budget, urgency,
                                  contact_name, function, email_from, playbook_scenario,
                                  create_date, write_date, create_uid, write_uid)
            SELECT 'Bench lead ' || g, 'opportunity', TRUE, %(stage)s, %(company)s, '0',
                   (%(industries)s::int[])[1 + mod(g, %(n_ind)s)],
                   (ARRAY['lt50','50_200','200_500','500_1000','gt1000'])[1 + mod(g, 5)],
                   mod(g, 13) * 100000,
                   (ARRAY['high','medium','low'])[1 + mod(g, 3)],
                   'Contact ' || g,
                   CASE WHEN mod(g, 2) = 0 THEN 'Director' END,
                   CASE WHEN mod(g, 4) < 3 THEN 'c' || g || '@example.com' END,
                   'new_customer', now(), now(), 1, 1
              FROM generate_series(1, %(count)s) g
            RETURNING id
            """,
                stage=stage.id,
                company=company.id,
                industries=industries,
                n_ind=len(industries),
                count=args.leads,
            )
        )
        ids = [row[0] for row in cr.fetchall()]
        print(
            f"inserted {len(ids)} leads in {time.perf_counter() - start:.1f} s (SQL, not measured)"
        )

        # queries per batch must not grow with the batch size
        sample = ids[:20000]
        for batch_size in (1000, 5000, 20000):
            env.invalidate_all()
            before = cr.sql_log_count
            Lead._playbook_rescore([("id", "in", sample)], batch_size=batch_size)
            queries = cr.sql_log_count - before
            batches = -(-len(sample) // batch_size)
            print(
                f"batch size {batch_size:>6}: {queries} queries for {batches} batch(es), "
                f"{queries / batches:.1f} per batch, "
                f"{queries * 1000 / len(sample):.2f} per 1,000 leads"
            )

        env.invalidate_all()
        before = cr.sql_log_count
        start = time.perf_counter()
        Lead._playbook_rescore([("id", "in", ids)], batch_size=args.batch_size)
        elapsed = time.perf_counter() - start
        queries = cr.sql_log_count - before
        cr.execute(
            SQL(
                "SELECT potential_level, count(*) FROM crm_lead WHERE id = ANY(%s) GROUP BY 1 "
                "ORDER BY 1",
                ids,
            )
        )
        levels = dict(cr.fetchall())
        print(
            f"rescored {len(ids)} leads in {elapsed:.1f} s "
            f"({elapsed * 1000 / len(ids):.2f} ms per lead), {queries} queries "
            f"({queries * 1000 / len(ids):.2f} per 1,000 leads); potential levels: {levels}"
        )


if __name__ == "__main__":
    main()
