#!/usr/bin/env python3
# pylint: disable=print-used
# (a command-line script: its results go to the terminal)
"""Benchmark: the KPI board on three years of a large sales organisation.

Measures the board (the read_groups the pivot issues: the total and its
rows) for the company by month and for one region by salesperson — on the
board's stored summary (sales.playbook.kpi.daily, what the board opens) and,
for comparison, on the row-level analysis (sales.playbook.kpi) — and the
refresh of the summary, first on the empty database, then after inserting
with plain SQL — their creation is not what is measured — 500 salespeople in
60 teams of 8 regions, 20,000 customers and three years of data: N order
lines (5 per order; half the orders under a signed contract), 200,000
leads (three stays in a stage each), 300,000 payment milestones (two
thirds paid, each payment matched with its invoice), 100,000 visits and
20,000 open follow-ups. The number of queries must not grow with the data.
Then the director's appraisal run for last month, for all 500 salespeople.

Everything is rolled back at the end.

    python3 benchmarks/bench_kpi.py -c .local/odoo.conf -d playbook_bench --lines 1000000
"""

import time
from datetime import date, timedelta

from bench_common import bench_env

MONTH_MEASURES = [
    "sales_amount:sum",
    "collected:sum",
    "collection_rate",
    "new_customer_count:sum",
    "lead_conversion",
    "satisfaction",
    "visit_rate",
]


BOARD = "sales.playbook.kpi.daily"
ANALYSIS = "sales.playbook.kpi"


def measure(env, user, label, domain, rows, model=BOARD):
    """The pivot of ``label``: its total and its rows, as ``user``."""
    Kpi = env[model].with_user(user)
    env.invalidate_all()
    before = env.cr.sql_log_count
    start = time.perf_counter()
    Kpi.read_group(domain, MONTH_MEASURES, [], lazy=False)
    groups = Kpi.read_group(domain, MONTH_MEASURES, [rows], lazy=False)
    elapsed = time.perf_counter() - start
    print(
        f"{label}: {len(groups)} rows in {elapsed * 1000:.0f} ms, "
        f"{env.cr.sql_log_count - before} queries"
    )
    return elapsed


def refresh(env, label):
    """The scheduled refresh of the board (all companies): time, queries,
    rows written."""
    env.invalidate_all()
    before = env.cr.sql_log_count
    start = time.perf_counter()
    counts = env[BOARD]._refresh_companies(env["res.company"].search([]))
    elapsed = time.perf_counter() - start
    deleted, updated, added = (sum(c[i] for c in counts.values()) for i in range(3))
    env.cr.execute("SELECT count(*) FROM sales_playbook_kpi_daily")
    print(
        f"{label}: {elapsed:.1f} s, {env.cr.sql_log_count - before} queries "
        f"({deleted} days deleted, {updated} updated, {added} added; "
        f"the board holds {env.cr.fetchone()[0]} rows)"
    )
    return elapsed


def analyze(cr, *tables):
    """Fresh statistics: the foreign-key checks of the next inserts, and the
    board's queries, must not plan on tables believed empty."""
    from odoo.tools import SQL

    for table in tables:
        cr.execute(SQL("ANALYZE %s", SQL.identifier(table)))


def insert_world(env, args):
    from odoo.tools import SQL

    cr = env.cr
    company = env.company
    start = time.perf_counter()
    regions = env["sales.playbook.region"].create([{"name": f"Bench region {i}"} for i in range(8)])
    teams = env["crm.team"].create(
        [{"name": f"Bench team {i}", "playbook_region_id": regions[i % 8].id} for i in range(60)]
    )
    cr.execute(
        SQL(
            """
        WITH p AS (
            INSERT INTO res_partner (name, active, company_id, autopost_bills, create_date)
            SELECT 'Bench salesperson ' || g, TRUE, %(company)s, 'ask', now()
              FROM generate_series(1, 500) g RETURNING id)
        INSERT INTO res_users (login, partner_id, company_id, notification_type, active, share,
                               sale_team_id, create_date)
        SELECT 'bench_rep_' || p.id, p.id, %(company)s, 'email', TRUE, FALSE,
               (%(teams)s::int[])[1 + mod(p.id, 60)], now()
          FROM p RETURNING id, sale_team_id
            """,
            company=company.id,
            teams=teams.ids,
        )
    )
    users = cr.fetchall()
    # sales representatives of the company (what the appraisal run appraises)
    rep = env.ref("sales_playbook.group_playbook_rep")
    cr.execute(
        SQL(
            "INSERT INTO res_company_users_rel (cid, user_id) "
            "SELECT %s, u FROM unnest(%s::int[]) u",
            company.id,
            [u for u, _t in users],
        )
    )
    cr.execute(
        SQL(
            "INSERT INTO res_groups_users_rel (gid, uid) SELECT g, u "
            "FROM unnest(%s::int[]) g, unnest(%s::int[]) u",
            (rep | rep.trans_implied_ids).ids,
            [u for u, _t in users],
        )
    )
    cr.execute(
        SQL(
            "INSERT INTO crm_team_member (crm_team_id, user_id, active) SELECT t, u, TRUE "
            "FROM unnest(%s::int[], %s::int[]) AS x(u, t)",
            [u for u, _t in users],
            [t for _u, t in users],
        )
    )
    cr.execute(
        SQL(
            """
        INSERT INTO res_partner (name, is_company, active, company_id, autopost_bills,
                                 create_date)
        SELECT 'Bench customer ' || g, TRUE, TRUE, %(company)s, 'ask', now()
          FROM generate_series(1, 20000) g RETURNING id
            """,
            company=company.id,
        )
    )
    customers = [row[0] for row in cr.fetchall()]
    cr.execute(
        SQL("UPDATE res_partner SET commercial_partner_id = id WHERE commercial_partner_id IS NULL")
    )
    analyze(cr, "res_partner", "res_users", "crm_team")
    user_ids = [u for u, _t in users]
    team_of = [t for _u, t in users]
    orders = max(args.lines // 5, 1)
    # orders over three years; users and their team
    cr.execute(
        SQL(
            """
        INSERT INTO sale_order (name, company_id, partner_id, partner_invoice_id,
                                partner_shipping_id, date_order, state, user_id, team_id,
                                currency_id, currency_rate, amount_untaxed, amount_total,
                                create_date)
        SELECT 'BENCH' || g, %(company)s, c, c, c,
               now() - make_interval(days => mod(g * 7919, 1095)), 'sale', u, t,
               %(currency)s, 1.0, 50000, 56500, now()
          FROM generate_series(1, %(orders)s) g,
               LATERAL (SELECT (%(customers)s::int[])[1 + mod(g * 31, 20000)] AS c,
                               1 + mod(g, 500) AS k) x,
               LATERAL (SELECT (%(users)s::int[])[x.k] AS u, (%(teams)s::int[])[x.k] AS t) y
        RETURNING id
            """,
            company=company.id,
            currency=company.currency_id.id,
            orders=orders,
            customers=customers,
            users=user_ids,
            teams=team_of,
        )
    )
    order_ids = [row[0] for row in cr.fetchall()]
    analyze(cr, "sale_order")
    cr.execute(
        SQL(
            """
        INSERT INTO sale_order_line (order_id, name, product_uom_qty, price_unit, customer_lead,
                                     price_subtotal, purchase_price, margin, company_id,
                                     currency_id, create_date)
        SELECT o, 'Bench line', 1, 10000, 0, 10000,
               CASE WHEN mod(o + n, 2) = 0 THEN 6000 ELSE 0 END,
               CASE WHEN mod(o + n, 2) = 0 THEN 4000 ELSE 10000 END, %(company)s,
               %(currency)s, now()
          FROM unnest(%(orders)s::int[]) o, generate_series(1, 5) n
            """,
            company=company.id,
            currency=company.currency_id.id,
            orders=order_ids,
        )
    )
    # half the orders under a signed contract, signed on the order's day
    cr.execute(
        SQL(
            """
        INSERT INTO sale_contract (name, contract_type, state, order_id, partner_id, user_id,
                                   team_id, company_id, currency_id, payment_days,
                                   dispute_method, amount_untaxed, amount_total, signed_date,
                                   create_date)
        SELECT 'HTBENCH' || o.id, 'sales', 'signed', o.id, o.partner_id, o.user_id, o.team_id,
               o.company_id, o.currency_id, 30, 'court', o.amount_untaxed, o.amount_total,
               o.date_order::date, now()
          FROM sale_order o WHERE o.id = ANY(%(orders)s) AND mod(o.id, 2) = 0
        RETURNING id
            """,
            orders=order_ids,
        )
    )
    contract_ids = [row[0] for row in cr.fetchall()]
    analyze(cr, "sale_order_line", "sale_contract")
    # 300,000 milestones: invoices with their receivable line, two thirds paid
    journal = env["account.journal"].search(
        [("type", "=", "sale"), ("company_id", "=", company.id)], limit=1
    )
    receivable = env["account.account"].search(
        [("account_type", "=", "asset_receivable"), ("company_ids", "in", company.id)], limit=1
    )
    cr.execute(
        SQL(
            """
        INSERT INTO sale_contract_milestone (contract_id, sequence, name, percentage, trigger,
                                             partner_id, user_id, team_id, company_id,
                                             currency_id, amount, trigger_date, due_date,
                                             amount_invoiced, amount_paid, amount_residual,
                                             state, create_date)
        SELECT c.id, g, 'Milestone ' || g, 33.33, 'signature', c.partner_id, c.user_id,
               c.team_id, c.company_id, c.currency_id, 18833, c.signed_date,
               c.signed_date + 30, 18833,
               CASE WHEN mod(c.id + g, 3) = 0 THEN 0 ELSE 18833 END,
               CASE WHEN mod(c.id + g, 3) = 0 THEN 18833 ELSE 0 END,
               CASE WHEN mod(c.id + g, 3) = 0 THEN 'invoiced' ELSE 'paid' END, now()
          FROM sale_contract c, generate_series(1, 3) g
         WHERE c.id = ANY(%(contracts)s)
         LIMIT %(milestones)s
            """,
            contracts=contract_ids,
            milestones=args.milestones,
        )
    )
    analyze(cr, "sale_contract_milestone")
    cr.execute(
        SQL(
            """
        WITH inv AS (
            INSERT INTO account_move (journal_id, currency_id, state, move_type, auto_post, date,
                                      company_id, partner_id, name, create_date)
            SELECT %(journal)s, m.currency_id, 'posted', 'out_invoice', 'no', m.trigger_date,
                   m.company_id, m.partner_id, 'BINV/' || m.id, now()
              FROM sale_contract_milestone m WHERE m.name LIKE %(like)s
            RETURNING id, name)
        UPDATE sale_contract_milestone m SET invoice_id = inv.id
          FROM inv WHERE inv.name = 'BINV/' || m.id
            """,
            journal=journal.id,
            like="Milestone %",
        )
    )
    cr.execute(
        SQL(
            """
        INSERT INTO account_move_line (move_id, account_id, currency_id, display_type,
                                       company_id, partner_id, date, debit, credit, balance,
                                       amount_currency, parent_state, create_date)
        SELECT m.invoice_id, %(receivable)s, m.currency_id, 'payment_term', m.company_id,
               m.partner_id, m.trigger_date, 18833, 0, 18833, 18833, 'posted', now()
          FROM sale_contract_milestone m WHERE m.invoice_id IS NOT NULL
            """,
            receivable=receivable.id,
        )
    )
    analyze(cr, "account_move", "account_move_line", "sale_contract_milestone")
    # the payments: one bank move per month, one credit line per paid milestone
    cr.execute(
        SQL(
            """
        WITH pay AS (
            INSERT INTO account_move (journal_id, currency_id, state, move_type, auto_post, date,
                                      company_id, name, create_date)
            SELECT %(journal)s, %(currency)s, 'posted', 'entry', 'no', d, %(company)s,
                   'BPAY/' || d, now()
              FROM (SELECT DISTINCT date_trunc('month', due_date)::date AS d
                      FROM sale_contract_milestone WHERE state = 'paid' AND name LIKE %(like)s) x
            RETURNING id, date),
        credit AS (
            INSERT INTO account_move_line (move_id, account_id, currency_id, display_type,
                                           company_id, partner_id, date, debit, credit, balance,
                                           amount_currency, parent_state, name, create_date)
            SELECT pay.id, %(receivable)s, m.currency_id, 'product', m.company_id,
                   m.partner_id, m.due_date, 0,
                   18833, -18833, -18833, 'posted', 'BPAYLINE/' || m.id, now()
              FROM sale_contract_milestone m
              JOIN pay ON pay.date = date_trunc('month', m.due_date)::date
             WHERE m.state = 'paid' AND m.name LIKE %(like)s
            RETURNING id, name, date)
        INSERT INTO account_partial_reconcile (debit_move_id, credit_move_id, amount,
                                               debit_amount_currency, credit_amount_currency,
                                               company_id, max_date, create_date)
        SELECT dl.id, credit.id, 18833, 18833, 18833, %(company)s, credit.date, now()
          FROM credit
          JOIN sale_contract_milestone m ON 'BPAYLINE/' || m.id = credit.name
          JOIN account_move_line dl
            ON dl.move_id = m.invoice_id AND dl.display_type = 'payment_term'
            """,
            journal=journal.id,
            currency=company.currency_id.id,
            company=company.id,
            like="Milestone %",
            receivable=receivable.id,
        )
    )
    # leads, visits, follow-ups
    stages = env["crm.stage"].search([]).ids
    cr.execute(
        SQL(
            """
        INSERT INTO crm_lead (name, type, active, user_id, team_id, company_id, stage_id,
                              probability, create_date, date_conversion, date_closed,
                              first_contact_date, first_contact_deadline)
        SELECT 'Bench lead ' || g, CASE WHEN mod(g, 3) = 0 THEN 'lead' ELSE 'opportunity' END,
               mod(g, 7) != 0, (%(users)s::int[])[1 + mod(g, 500)],
               (%(teams)s::int[])[1 + mod(g, 500)], %(company)s,
               (%(stages)s::int[])[1 + mod(g, %(n_stages)s)],
               CASE WHEN mod(g, 7) = 0 THEN 0 ELSE 50 END,
               d, CASE WHEN mod(g, 3) != 0 THEN d + interval '2 days' END,
               CASE WHEN mod(g, 7) = 0 THEN d + interval '30 days' END,
               d + interval '3 hours', d + make_interval(hours => mod(g, 8))
          FROM generate_series(1, %(leads)s) g,
               LATERAL (SELECT now() - make_interval(days => mod(g * 7919, 1095)) AS d) x
            """,
            users=user_ids,
            teams=team_of,
            company=company.id,
            stages=stages,
            n_stages=len(stages),
            leads=args.leads,
        )
    )
    # each lead's stays: two stages left, 1 to 20 days each, and the current one
    cr.execute(
        SQL(
            """
        INSERT INTO sales_playbook_stage_passage (lead_id, stage_id, company_id, user_id,
                                                  team_id, date_in, date_out, days)
        SELECT l.id, l.stage_id, l.company_id, l.user_id, l.team_id,
               l.create_date + make_interval(days => s.n * 10),
               CASE WHEN s.n < 2
                    THEN l.create_date + make_interval(days => s.n * 10 + 1 + mod(l.id + s.n, 20))
               END,
               CASE WHEN s.n < 2 THEN 1 + mod(l.id + s.n, 20) ELSE 0 END
          FROM crm_lead l, generate_series(0, 2) s(n)
         WHERE l.name LIKE %(like)s
            """,
            like="Bench lead %",
        )
    )
    cr.execute(
        SQL(
            """
        INSERT INTO sales_playbook_visit (partner_id, user_id, company_id, state, date,
                                          satisfaction, satisfaction_value, create_date)
        SELECT (%(customers)s::int[])[1 + mod(g, 20000)], (%(users)s::int[])[1 + mod(g, 500)],
               %(company)s, CASE WHEN mod(g, 4) = 0 THEN 'planned' ELSE 'done' END,
               current_date - mod(g * 7919, 1095),
               CASE WHEN mod(g, 4) = 0 THEN NULL ELSE (1 + mod(g, 5))::varchar END,
               CASE WHEN mod(g, 4) = 0 THEN 0 ELSE 1 + mod(g, 5) END, now()
          FROM generate_series(1, %(visits)s) g
            """,
            customers=customers,
            users=user_ids,
            company=company.id,
            visits=args.visits,
        )
    )
    cr.execute(
        SQL(
            """
        INSERT INTO mail_activity (res_model_id, res_model, res_id, user_id, date_deadline,
                                   active, activity_type_id, create_date)
        SELECT %(model)s, 'crm.lead', l.id, l.user_id, current_date - mod(l.id, 60) + 20, TRUE,
               %(todo)s, now()
          FROM crm_lead l WHERE l.name LIKE %(like)s AND mod(l.id, 10) = 0
            """,
            model=env["ir.model"]._get_id("crm.lead"),
            todo=env.ref("mail.mail_activity_data_todo").id,
            like="Bench lead %",
        )
    )
    analyze(
        cr,
        "account_move",
        "account_move_line",
        "account_partial_reconcile",
        "crm_lead",
        "sales_playbook_stage_passage",
        "sales_playbook_visit",
        "mail_activity",
    )
    cr.execute(SQL("SELECT count(*) FROM sales_playbook_kpi"))
    print(
        f"inserted {len(order_ids)} orders / {args.lines} lines ({len(contract_ids)} signed "
        f"contracts), {args.milestones} milestones, {args.leads} leads, {args.visits} visits "
        f"for 500 salespeople in 60 teams of 8 regions in {time.perf_counter() - start:.1f} s "
        f"(SQL, not measured); the analysis has {cr.fetchone()[0]} rows"
    )
    # why the board's summary has no source dimension: per source and day it
    # would hold almost as many rows as the analysis
    cr.execute(
        SQL(
            "SELECT count(*) FROM (SELECT DISTINCT company_id, team_id, user_id, date, source "
            "FROM sales_playbook_kpi) x"
        )
    )
    print(f"(per salesperson, day and source it would be {cr.fetchone()[0]} rows)")
    return regions, teams


def main():
    with bench_env(
        __doc__.splitlines()[0],
        "sales.playbook.kpi",
        ("--lines", {"type": int, "default": 1000000}),
        ("--leads", {"type": int, "default": 200000}),
        ("--milestones", {"type": int, "default": 300000}),
        ("--visits", {"type": int, "default": 100000}),
    ) as (args, env):
        director = env["res.users"].create(
            {
                "name": "Bench director",
                "login": "bench_director",
                "email": "bench.director@example.com",
                "groups_id": [(4, env.ref("sales_playbook.group_playbook_director").id)],
            }
        )
        print("empty database (second run: warm caches, as below):")
        refresh(env, "  refresh of the board")
        region_domain = [("region_id", "=", env["sales.playbook.region"].create({"name": "R"}).id)]
        for _run in range(2):
            measure(env, director, "  board: company by month", [], "date:month")
            measure(env, director, "  board: one region by salesperson", region_domain, "user_id")
            measure(env, director, "  analysis: company by month", [], "date:month", ANALYSIS)
        regions, teams = insert_world(env, args)
        supervisor, manager = env["res.users"].create(
            [
                {
                    "name": "Bench supervisor",
                    "login": "bench_supervisor",
                    "groups_id": [(4, env.ref("sales_playbook.group_playbook_supervisor").id)],
                },
                {
                    "name": "Bench regional manager",
                    "login": "bench_manager",
                    "groups_id": [(4, env.ref("sales_playbook.group_playbook_manager").id)],
                },
            ]
        )
        teams[0].user_id = supervisor
        regions[0].user_id = manager
        env.flush_all()
        refresh(env, "refresh of the board, from empty")
        refresh(env, "refresh of the board, nothing changed")
        # an hour's work: 1,000 planned visits made, over the three years
        env.cr.execute(
            "UPDATE sales_playbook_visit SET state = 'done', satisfaction_value = 5 "
            "WHERE id IN (SELECT id FROM sales_playbook_visit WHERE state = 'planned' LIMIT 1000)"
        )
        refresh(env, "refresh of the board, 1,000 visits made")
        env.cr.execute("ANALYZE sales_playbook_kpi_daily")
        region_domain = [("region_id", "=", regions[0].id)]
        this_year = [("date", ">=", time.strftime("%Y-01-01"))]
        for _run in range(2):
            measure(env, director, "board: company by month, 3 years", [], "date:month")
            measure(env, director, "board: company by month, this year", this_year, "date:month")
            measure(env, director, "board: one region by salesperson", region_domain, "user_id")
            measure(env, manager, "board: the region's manager, by salesperson", [], "user_id")
            measure(env, supervisor, "board: the team's supervisor, by salesperson", [], "user_id")
        # the row-level analysis, as the board read it before (once)
        measure(env, director, "analysis: company by month, 3 years", [], "date:month", ANALYSIS)
        measure(
            env,
            director,
            "analysis: one region by salesperson",
            region_domain,
            "user_id",
            ANALYSIS,
        )
        appraisal_run(env, director)


def appraisal_run(env, director):
    """The director's appraisal run for last month: every salesperson's
    appraisal created with the figures against an approved target (drafted
    and approved here without the flow, as its creation is not measured)."""
    last_month = date.today().replace(day=1) - timedelta(days=1)
    members = env["crm.team.member"].search([("user_id.login", "=like", "bench_rep_%")])
    targets = (
        env["sales.playbook.target"]
        .with_context(tracking_disable=True, mail_create_nolog=True)
        ._playbook_create(
            [
                {
                    "scope": "user",
                    "year": last_month.year,
                    "team_id": member.crm_team_id.id,
                    "user_id": member.user_id.id,
                    "is_stretch": True,
                }
                for member in members
            ]
        )
    )
    env.flush_all()
    env.cr.execute(
        "UPDATE sales_playbook_target_line SET sales_amount = 300000, collected_amount = 250000,"
        " new_customers = 1, visits = 8 WHERE target_id = ANY(%s) AND period_type = 'month'",
        [targets.ids],
    )
    env.invalidate_all()
    targets._playbook_write({"state": "approved"})
    env.cr.execute("ANALYZE sales_playbook_target_line")
    run = (
        env["sales.playbook.appraisal.run"]
        .with_user(director)
        .create(
            {
                "scheme_id": env.ref("sales_playbook.appraisal_scheme_monthly").id,
                "year": last_month.year,
                "month": str(last_month.month),
            }
        )
    )
    env.flush_all()
    queries = env.cr.sql_log_count
    start = time.perf_counter()
    run.action_start()
    env.flush_all()
    elapsed = time.perf_counter() - start
    print(
        f"appraisal run for {last_month:%Y-%m}: {len(run.appraisal_ids)} appraisals, "
        f"{len(run.appraisal_ids.line_ids)} criteria, in {elapsed:.1f} s "
        f"({env.cr.sql_log_count - queries} queries; the board's refresh included)"
    )


if __name__ == "__main__":
    main()
