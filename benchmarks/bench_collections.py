#!/usr/bin/env python3
# pylint: disable=print-used
# (a command-line script: its results go to the terminal)
"""Benchmark: the collections workbench on many open payment milestones.

Inserts N open milestones (invoiced or partly paid, due over the last 200
days and the next 30) of signed contracts for 2,000 customers with plain SQL
— their creation is not what is measured — in a steady state: milestones
overdue for long were escalated on earlier days, about 1 % reach an
escalation step today. Then measures

* the daily scheduled action (``sale.contract.milestone._cron_playbook_milestones``),
  called until it reports nothing left, as the scheduler does;
* the workbench list: 80 rows as the web client reads them, at 1,000, 10,000
  and N milestones — the number of queries must not grow;
* the ageing pivot (residual by customer and ageing bucket).

Everything is rolled back at the end.

    python3 benchmarks/bench_collections.py -c .local/odoo.conf -d playbook_bench \
        --milestones 100000
"""

import time

from bench_common import bench_env, run_cron


def main():
    with bench_env(
        __doc__.splitlines()[0],
        "sale.contract.milestone",
        ("--milestones", {"type": int, "default": 100000}),
    ) as (args, env):
        from odoo.tools import SQL

        cr = env.cr
        Milestone = env["sale.contract.milestone"]
        company = env.company
        currency = company.currency_id
        start = time.perf_counter()
        partner = env["res.partner"].create({"name": "Bench customer"})
        order = env["sale.order"].create({"partner_id": partner.id})
        users = env["res.users"].search([("share", "=", False)], limit=10).ids
        partners = (
            env["res.partner"]
            .create([{"name": f"Bench customer {i}", "is_company": True} for i in range(2000)])
            .ids
        )
        cr.execute(
            SQL(
                """
            INSERT INTO sale_contract (name, contract_type, state, order_id, partner_id, user_id,
                                       company_id, currency_id, payment_days, dispute_method,
                                       amount_total, signed_date,
                                       create_date, write_date, create_uid, write_uid)
            SELECT 'BENCH' || g, 'sales', 'signed', %(order)s,
                   (%(partners)s::int[])[1 + mod(g, 2000)],
                   (%(users)s::int[])[1 + mod(g, %(n_users)s)], %(company)s, %(currency)s, 30,
                   'court', 300000, current_date - 240, now(), now(), 1, 1
              FROM generate_series(1, %(contracts)s) g
            RETURNING id
            """,
                order=order.id,
                partners=partners,
                users=users,
                n_users=len(users),
                company=company.id,
                currency=currency.id,
                contracts=max(args.milestones // 3, 1),
            )
        )
        contracts = [row[0] for row in cr.fetchall()]
        cr.execute(
            SQL(
                """
            INSERT INTO sale_contract_milestone (
                contract_id, sequence, name, percentage, trigger, partner_id, user_id, company_id,
                currency_id, amount, trigger_date, due_date, amount_invoiced, amount_paid,
                amount_residual, state, overdue, days_overdue, ageing, escalation_level, risk,
                create_date, write_date, create_uid, write_uid)
            SELECT c.id, 1 + mod(g, 3), 'Milestone ' || g, 33.33, 'signature', c.partner_id,
                   c.user_id, c.company_id, c.currency_id, 100000, d - 30, d, 100000,
                   CASE WHEN mod(g, 4) = 0 THEN 40000 ELSE 0 END,
                   CASE WHEN mod(g, 4) = 0 THEN 60000 ELSE 100000 END,
                   CASE WHEN mod(g, 4) = 0 THEN 'partial' ELSE 'invoiced' END,
                   d < current_date - 1, GREATEST(current_date - 1 - d, 0), NULL,
                   -- yesterday's escalations are done; about 1 in 100 reach a step today
                   CASE WHEN current_date - d > 61 THEN 3 WHEN current_date - d > 31 THEN 2
                        WHEN current_date - d > 16 THEN 1 ELSE 0 END,
                   'normal', now(), now(), 1, 1
              FROM generate_series(1, %(count)s) g
              JOIN LATERAL (SELECT (current_date - 200 + mod(g * 7919, 230))::date AS d) dd ON TRUE
              JOIN sale_contract c ON c.id = (%(contracts)s::int[])[1 + mod(g, %(n_contracts)s)]
            """,
                count=args.milestones,
                contracts=contracts,
                n_contracts=len(contracts),
            )
        )
        print(
            f"inserted {args.milestones} open milestones of {len(contracts)} contracts for "
            f"{len(partners)} customers in {time.perf_counter() - start:.1f} s (SQL, not measured)"
        )
        cr.execute(SQL("ANALYZE sale_contract_milestone"))

        # the daily job, batch after batch as the scheduler calls it
        elapsed, runs, queries = run_cron(
            env,
            "sale.contract.milestone",
            "_cron_playbook_milestones",
            "sales_playbook.ir_cron_contract_milestones",
            max_calls=50,
        )
        cr.execute(
            SQL(
                "SELECT count(*) FILTER (WHERE overdue),"
                " count(*) FILTER (WHERE ageing = 'over_90'),"
                " count(*) FILTER (WHERE escalation_level = 3) FROM sale_contract_milestone"
            )
        )
        overdue, over_90, bad_debt = cr.fetchone()
        cr.execute(
            SQL("SELECT count(*) FROM mail_activity WHERE res_model = 'sale.contract.milestone'")
        )
        escalations = cr.fetchone()[0]
        print(
            f"daily job: {elapsed:.1f} s in {runs} call(s), {queries} queries; "
            f"{overdue} overdue, {over_90} over 90 days, {bad_debt} bad-debt risks, "
            f"{escalations} escalation to-dos created today"
        )

        # the workbench list: 80 rows, constant queries whatever the total
        action = env.ref("sales_playbook.action_sale_contract_milestone")
        view = env.ref("sales_playbook.sale_contract_milestone_view_list")
        spec = {
            name: {}
            for name in (
                "partner_id",
                "contract_id",
                "name",
                "user_id",
                "team_id",
                "trigger_date",
                "due_date",
                "currency_id",
                "amount",
                "amount_paid",
                "amount_residual",
                "invoice_id",
                "days_overdue",
                "ageing",
                "last_followup_date",
                "promise_date",
                "promise_broken",
                "risk",
                "overdue",
                "state",
            )
        }
        for name in (
            "partner_id",
            "contract_id",
            "user_id",
            "team_id",
            "currency_id",
            "invoice_id",
        ):
            spec[name] = {"fields": {"display_name": {}}}
        open_domain = [("state", "in", ("due", "invoiced", "partial"))]
        cr.execute(SQL("SELECT id FROM sale_contract_milestone ORDER BY id"))
        all_ids = [row[0] for row in cr.fetchall()]
        for total in (1000, 10000, len(all_ids)):
            domain = open_domain + [("id", "<=", all_ids[total - 1])]
            env.invalidate_all()
            before = cr.sql_log_count
            start = time.perf_counter()
            result = Milestone.web_search_read(domain, spec, limit=80)
            print(
                f"workbench list, {total:>6} milestones: {len(result['records'])} rows of "
                f"{result['length']}, {cr.sql_log_count - before} queries, "
                f"{(time.perf_counter() - start) * 1000:.0f} ms "
                f"(view {view.name}, action {action.name})"
            )

        # the ageing pivot
        env.invalidate_all()
        start = time.perf_counter()
        groups = Milestone.read_group(
            open_domain, ["amount_residual:sum"], ["partner_id", "ageing"], lazy=False
        )
        print(f"ageing pivot: {len(groups)} cells in {(time.perf_counter() - start) * 1000:.0f} ms")
        start = time.perf_counter()
        env["sales.playbook.collection.report"].read_group(
            [],
            ["amount_due:sum", "amount_paid:sum", "collection_rate", "dso"],
            ["user_id", "due_date:month"],
            lazy=False,
        )
        print(
            f"collection rate and DSO by salesperson and month: "
            f"{(time.perf_counter() - start) * 1000:.0f} ms"
        )


if __name__ == "__main__":
    main()
