#!/usr/bin/env python3
# pylint: disable=print-used
# (a command-line script: its results go to the terminal)
"""Benchmark: the credit re-assessment run over many customers.

Creates N customers (20,000), each with a signed contract, an approved
credit assessment in force (approved over the last 13 months) and its
payment milestones (300,000 in all, due over the last 12 months, most
paid; one customer in 40 with a payment 45 days overdue, one in 97 with
little collected) with plain SQL — their creation is not what is measured.
Then measures the daily scheduled action
(``sales.playbook.credit.assessment._cron_propose_reassessments``) called
until it reports nothing left, one batch per call, as the scheduler does:
the customers due every 12 months and those whose payment history crossed
a threshold get a draft re-assessment and their salesperson a to-do. A
second run must propose nothing (once per cause).

Everything is rolled back at the end.

    python3 benchmarks/bench_credit.py -c .local/odoo.conf -d playbook_bench \
        --customers 20000 --milestones 300000
"""

import time

from bench_common import bench_env, run_cron


def main():
    with bench_env(
        __doc__.splitlines()[0],
        "sales.playbook.credit.assessment",
        ("--customers", {"type": int, "default": 20000}),
        ("--milestones", {"type": int, "default": 300000}),
    ) as (args, env):
        from odoo.tools import SQL

        cr = env.cr
        company = env.company
        company.write(
            {
                "playbook_credit_reassess_months": 12,
                "playbook_credit_reassess_overdue_days": 30,
                "playbook_credit_reassess_collection_rate": 80.0,
            }
        )
        currency = company.currency_id
        start = time.perf_counter()
        users = env["res.users"].search([("share", "=", False)], limit=10).ids
        card = env["sales.playbook.credit.scorecard"]._get_for_company(company)
        grade = card.grade_ids.sorted("min_score")[-1]
        order = env["sale.order"].create(
            {"partner_id": env["res.partner"].create({"name": "Bench"}).id}
        )
        Partner = env["res.partner"].with_context(tracking_disable=True, mail_create_nolog=True)
        partners = []
        for offset in range(0, args.customers, 5000):
            partners += Partner.create(
                [
                    {
                        "name": f"Credit bench customer {i}",
                        "is_company": True,
                        "user_id": users[i % len(users)],
                    }
                    for i in range(offset, min(offset + 5000, args.customers))
                ]
            ).ids
        env.flush_all()
        cr.execute(
            SQL(
                """
            INSERT INTO sale_contract (name, contract_type, state, order_id, partner_id, user_id,
                                       company_id, currency_id, payment_days, dispute_method,
                                       amount_total, signed_date,
                                       create_date, write_date, create_uid, write_uid)
            SELECT 'CBENCH' || p.id, 'sales', 'signed', %(order)s, p.id, p.user_id, %(company)s,
                   %(currency)s, 30, 'court', 1500000, current_date - 400, now(), now(), 1, 1
              FROM res_partner p WHERE p.id = ANY(%(partners)s)
            """,
                order=order.id,
                partners=partners,
                company=company.id,
                currency=currency.id,
            )
        )
        per_customer = max(args.milestones // len(partners), 1)
        cr.execute(
            SQL(
                """
            INSERT INTO sale_contract_milestone (
                contract_id, sequence, name, percentage, trigger, partner_id, user_id, company_id,
                currency_id, amount, trigger_date, due_date, amount_invoiced, amount_paid,
                amount_residual, state, overdue, days_overdue, ageing, escalation_level, risk,
                promise_broken, create_date, write_date, create_uid, write_uid)
            SELECT c.id, k, 'Milestone ' || k, 6.67, 'signature', c.partner_id, c.user_id,
                   c.company_id, c.currency_id, 100000, d - 30, d, 100000, paid, 100000 - paid,
                   CASE WHEN paid = 100000 THEN 'paid' ELSE 'invoiced' END,
                   paid < 100000 AND d < current_date, GREATEST(current_date - d, 0)
                       * (paid < 100000)::int, NULL, 0, 'normal', FALSE, now(), now(), 1, 1
              FROM sale_contract c
              JOIN generate_series(1, %(per)s) k ON TRUE
              JOIN LATERAL (
                  SELECT (current_date - 360 + k * 24)::date AS d,
                         CASE
                           -- one customer in 40: a payment 45 days overdue
                           WHEN mod(c.partner_id, 40) = 0 AND k = 13 THEN 0
                           -- one in 97: most of the year unpaid (collection rate low)
                           WHEN mod(c.partner_id, 97) = 0 AND k BETWEEN 5 AND 14
                                AND current_date - 360 + k * 24 > current_date - 25 THEN 0
                           WHEN mod(c.partner_id, 97) = 0 AND k BETWEEN 5 AND 14 THEN 100000
                           WHEN current_date - 360 + k * 24 >= current_date THEN 0
                           ELSE 100000 END AS paid
              ) dd ON TRUE
             WHERE c.partner_id = ANY(%(partners)s)
            """,
                per=per_customer,
                partners=partners,
            )
        )
        milestones = cr.rowcount
        # the approved assessments in force, approved over the last 13 months
        cr.execute(
            SQL(
                """
            INSERT INTO sales_playbook_credit_assessment (
                name, partner_id, user_id, requested_by_id, date, reason, company_id,
                scorecard_id, state, score, grade_id, proposed_limit, proposed_days,
                approved_limit, approved_days, approved_by_id, approved_date, is_current,
                grade_dropped, max_days_overdue, broken_promises, collection_rate,
                amount_due_12m, amount_paid_12m, history_date,
                create_date, write_date, create_uid, write_uid)
            SELECT 'XYB' || p.id, p.id, p.user_id, 1, d, 'request', %(company)s, %(card)s,
                   'approved', 95, %(grade)s, 5000000, 90, 5000000, 90, 1, d, TRUE, FALSE, 0, 0,
                   100, 0, 0, d, now(), now(), 1, 1
              FROM res_partner p
              JOIN LATERAL (SELECT (current_date - mod(p.id * 7919, 395))::date AS d) dd ON TRUE
             WHERE p.id = ANY(%(partners)s)
            """,
                company=company.id,
                card=card.id,
                grade=grade.id,
                partners=partners,
            )
        )
        for table in ("res_partner", "sale_contract_milestone", "sales_playbook_credit_assessment"):
            cr.execute(SQL("ANALYZE %s", SQL.identifier(table)))
        print(
            f"inserted {len(partners)} customers with their approved assessments and "
            f"{milestones} payment milestones in {time.perf_counter() - start:.1f} s "
            "(SQL, not measured)"
        )
        Assessment = env["sales.playbook.credit.assessment"]
        drafts = [("state", "=", "draft"), ("partner_id", "in", partners)]
        elapsed, runs, queries = run_cron(
            env,
            "sales.playbook.credit.assessment",
            "_cron_propose_reassessments",
            "sales_playbook.ir_cron_credit_reassessment",
            max_calls=50,
        )
        proposed = Assessment.search(drafts)
        reasons = {
            reason: count
            for reason, count in Assessment._read_group(drafts, ["reason"], ["__count"])
        }
        print(
            f"re-assessment run: {elapsed:.1f} s in {runs} call(s), {queries} queries; "
            f"{len(proposed)} re-assessments proposed ({reasons.get('periodic', 0)} every 12 "
            f"months, {reasons.get('payment_history', 0)} on the payment history), "
            f"{len(proposed.activity_ids)} to-dos"
        )
        elapsed, runs, queries = run_cron(
            env,
            "sales.playbook.credit.assessment",
            "_cron_propose_reassessments",
            "sales_playbook.ir_cron_credit_reassessment",
            max_calls=50,
        )
        again = Assessment.search_count(drafts) - len(proposed)
        print(
            f"second run: {elapsed:.1f} s in {runs} call(s), {queries} queries; "
            f"{again} proposed again (expected 0)"
        )


if __name__ == "__main__":
    main()
