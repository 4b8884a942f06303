#!/usr/bin/env python3
# pylint: disable=print-used
# (a command-line script: its results go to the terminal)
"""Benchmark: the after-sales scheduled actions on many active customers.

Creates N customers (default 20,000), each with a signed contract running
until the end of next year (contracts inserted with plain SQL — their
creation is not what is measured). Then measures, called batch after batch
until they report nothing left, as the scheduler does:

* the monthly return-visit planning (``sales.playbook.visit._cron_plan_monthly_visits``):
  one planned visit and one to-do per customer — limit 60 s for 20,000;
* the same job run a second time the same day: nothing to do;
* the six-monthly satisfaction survey invitations
  (``sales.playbook.satisfaction._cron_send_surveys``): one survey answer,
  one satisfaction record and one queued e-mail per customer.

Everything is rolled back at the end.

    python3 benchmarks/bench_after_sales.py -c .local/odoo.conf -d playbook_bench --customers 20000
"""

import time

from bench_common import bench_env, run_cron


def main():
    with bench_env(
        __doc__.splitlines()[0],
        "sales.playbook.visit",
        ("--customers", {"type": int, "default": 20000}),
    ) as (args, env):
        from odoo.tools import SQL

        cr = env.cr
        company = env.company
        start = time.perf_counter()
        order = env["sale.order"].create(
            {"partner_id": env["res.partner"].create({"name": "Bench order contact"}).id}
        )
        users = env["res.users"].search([("share", "=", False)], limit=10).ids
        Partner = env["res.partner"].with_context(tracking_disable=True, mail_create_nolog=True)
        partners = []
        for offset in range(0, args.customers, 5000):
            partners += Partner.create(
                [
                    {
                        "name": f"Bench customer {i}",
                        "is_company": True,
                        "email": f"customer{i}@bench.example.com",
                    }
                    for i in range(offset, min(offset + 5000, args.customers))
                ]
            ).ids
        cr.execute(
            SQL(
                """
            INSERT INTO sale_contract (name, contract_type, state, order_id, partner_id, user_id,
                                       company_id, currency_id, payment_days, dispute_method,
                                       amount_total, signed_date, date_start, date_end,
                                       create_date, write_date, create_uid, write_uid)
            SELECT 'BENCH' || g, 'sales', 'signed', %(order)s, (%(partners)s::int[])[g],
                   (%(users)s::int[])[1 + mod(g, %(n_users)s)], %(company)s, %(currency)s, 30,
                   'court', 300000, current_date - 90, current_date - 90,
                   (date_trunc('year', current_date) + interval '2 years - 1 day')::date,
                   now(), now(), 1, 1
              FROM generate_series(1, %(count)s) g
            """,
                order=order.id,
                partners=partners,
                users=users,
                n_users=len(users),
                company=company.id,
                currency=company.currency_id.id,
                count=len(partners),
            )
        )
        cr.execute(SQL("ANALYZE sale_contract"))
        print(
            f"created {len(partners)} customers with a signed contract in "
            f"{time.perf_counter() - start:.1f} s (not measured)"
        )

        jobs = [
            (
                "monthly visit planning",
                "sales.playbook.visit",
                "_cron_plan_monthly_visits",
                "sales_playbook.ir_cron_plan_monthly_visits",
                "SELECT count(*) FROM sales_playbook_visit",
                "visits planned",
                "SELECT count(*) FROM mail_activity WHERE res_model = 'sales.playbook.visit'",
                "to-dos",
            ),
            (
                "satisfaction survey invitations",
                "sales.playbook.satisfaction",
                "_cron_send_surveys",
                "sales_playbook.ir_cron_satisfaction_surveys",
                "SELECT count(*) FROM sales_playbook_satisfaction",
                "customers invited",
                "SELECT count(*) FROM mail_mail WHERE state = 'outgoing'",
                "e-mails queued",
            ),
        ]
        for title, model, method, cron, count_query, counted, side_query, side in jobs:
            done = 0
            for run in ("", "run again the same day: "):
                elapsed, calls, queries = run_cron(env, model, method, cron)
                cr.execute(SQL(count_query))
                total = cr.fetchone()[0]
                cr.execute(SQL(side_query))
                print(
                    f"{run or title + ': '}{elapsed:.2f} s in {calls} call(s), {queries} queries; "
                    f"{total - done} {counted}, {cr.fetchone()[0]} {side} in all"
                )
                done = total


if __name__ == "__main__":
    main()
