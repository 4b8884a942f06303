#!/usr/bin/env python3
# pylint: disable=print-used
# (a command-line script: its results go to the terminal)
"""Benchmark: the sales expense budget consumption view.

Inserts with plain SQL — their creation is not what is measured — 8
regions of 60 sales teams with 500 salespeople (employees), the approved
expense budget of every team and region for three years (3 categories ×
12 months), and N approved, paid or submitted expenses (200,000 by
default) over those years. Then reads the consumption view as the pivot
does (its total and its rows, as the sales director): by team × category ×
month, by region × category × month, and one team's year by category and
month. Goal: each ≤ 1 s. Everything is rolled back at the end.

    python3 benchmarks/bench_expense.py -c .local/odoo.conf -d playbook_bench --expenses 200000
"""

import time
from datetime import date

from bench_common import bench_env

MEASURES = [
    "budget_amount:sum",
    "consumed_amount:sum",
    "remaining_amount:sum",
    "over_budget_amount:sum",
]
REPORT = "sales.playbook.expense.report"


def insert_world(env, args):
    cr = env.cr
    company = env.company
    today = date.today()
    years = [today.year - 2, today.year - 1, today.year]
    regions = env["sales.playbook.region"].create(
        [{"name": f"Bench region {r}", "company_id": company.id} for r in range(8)]
    )
    teams = env["crm.team"].create(
        [{"name": f"Bench team {t}", "playbook_region_id": regions[t % 8].id} for t in range(60)]
    )
    categories = env["sales.playbook.expense.category"].search([], limit=3)
    products = env["product.product"].search(
        [("playbook_expense_category_id", "in", categories.ids)], limit=3
    )
    # 500 salespeople as employees (their resources first)
    cr.execute(
        """
        WITH r AS (
            INSERT INTO resource_resource (name, active, company_id, resource_type,
                                           time_efficiency, calendar_id, tz)
            SELECT 'Bench salesperson ' || g, TRUE, %(company)s, 'user', 100, NULL, 'Asia/Shanghai'
              FROM generate_series(1, 500) g RETURNING id
        )
        INSERT INTO hr_employee (resource_id, company_id, marital, distance_home_work_unit,
                                 employee_type, active, work_email)
        SELECT id, %(company)s, 'single', 'kilometers', 'employee', TRUE, 'bench@example.com'
          FROM r RETURNING id
        """,
        {"company": company.id},
    )
    employees = [row[0] for row in cr.fetchall()]
    # the approved budgets: every team and region, every year, every category
    budget_rows = [("team", team.id, None) for team in teams] + [
        ("region", None, region.id) for region in regions
    ]
    cr.execute(
        """
        INSERT INTO sales_playbook_expense_budget (company_id, year, scope, team_id, region_id,
                                                   state, version, amount_total, create_date)
        SELECT %(company)s, y, b.scope, b.team_id, b.region_id, 'approved', 1, 0, now()
          FROM unnest(%(scopes)s::varchar[], %(team_ids)s::int[], %(region_ids)s::int[])
               AS b(scope, team_id, region_id),
               unnest(%(years)s::int[]) y
        RETURNING id
        """,
        {
            "company": company.id,
            "scopes": [row[0] for row in budget_rows],
            "team_ids": [row[1] for row in budget_rows],
            "region_ids": [row[2] for row in budget_rows],
            "years": years,
        },
    )
    budgets = [row[0] for row in cr.fetchall()]
    months = ", ".join(f"amount_{m:02d}" for m in range(1, 13))
    cr.execute(
        f"""
        INSERT INTO sales_playbook_expense_budget_line (budget_id, category_id, company_id,
                                                        sequence, amount_total, {months})
        SELECT b, c, %(company)s, 10, 12 * 3000, {", ".join(["3000"] * 12)}
          FROM unnest(%(budgets)s::int[]) b, unnest(%(categories)s::int[]) c
        """,  # noqa: S608 (fixed column names, no input)
        {"company": company.id, "budgets": budgets, "categories": categories.ids},
    )
    # the expenses: a salesperson in a team, spread over three years
    cr.execute(
        """
        INSERT INTO hr_expense (name, employee_id, company_id, currency_id, payment_mode,
                                quantity, price_unit, total_amount, total_amount_currency,
                                product_id, date, state, playbook_team_id, playbook_region_id,
                                playbook_category_id, create_date)
        SELECT 'Bench expense ' || g,
               (%(employees)s::int[])[1 + g %% 500],
               %(company)s, %(currency)s, 'own_account', 1,
               100 + g %% 900, 100 + g %% 900, 100 + g %% 900,
               (%(products)s::int[])[1 + g %% 3],
               %(start)s::date + (g %% 1095),
               (ARRAY['approved', 'done', 'submitted', 'done'])[1 + g %% 4],
               (%(teams)s::int[])[1 + (g %% 500) %% 60],
               (%(regions)s::int[])[1 + ((g %% 500) %% 60) %% 8],
               (%(categories)s::int[])[1 + g %% 3],
               now()
          FROM generate_series(1, %(expenses)s) g
        """,
        {
            "employees": employees,
            "company": company.id,
            "currency": company.currency_id.id,
            "products": products.ids,
            "start": date(years[0], 1, 1),
            "teams": teams.ids,
            "regions": [team.playbook_region_id.id for team in teams],
            "categories": [p.playbook_expense_category_id.id for p in products],
            "expenses": args.expenses,
        },
    )
    cr.execute("ANALYZE hr_expense")
    cr.execute("ANALYZE sales_playbook_expense_budget")
    cr.execute("ANALYZE sales_playbook_expense_budget_line")
    env.invalidate_all()
    return teams, years


def measure(env, user, label, domain, groupby):
    Report = env[REPORT].with_user(user)
    env.invalidate_all()
    before = env.cr.sql_log_count
    start = time.perf_counter()
    Report.read_group(domain, MEASURES, [], lazy=False)
    groups = Report.read_group(domain, MEASURES, groupby, lazy=False)
    elapsed = time.perf_counter() - start
    print(
        f"{label}: {len(groups)} rows in {elapsed * 1000:.0f} ms, "
        f"{env.cr.sql_log_count - before} queries"
    )
    return elapsed


def main():
    with bench_env(
        __doc__.splitlines()[0],
        REPORT,
        ("--expenses", {"type": int, "default": 200000}),
    ) as (args, env):
        start = time.perf_counter()
        teams, years = insert_world(env, args)
        print(f"inserted {args.expenses} expenses in {time.perf_counter() - start:.1f} s")
        director = env["res.users"].create(
            {
                "name": "Bench director",
                "login": "bench_expense_director",
                "groups_id": [(6, 0, [env.ref("sales_playbook.group_playbook_director").id])],
            }
        )
        year = [("date", ">=", date(years[-1], 1, 1)), ("date", "<=", date(years[-1], 12, 31))]
        results = [
            measure(
                env,
                director,
                "team × category × month, all years",
                [("scope", "=", "team")],
                ["team_id", "category_id", "date:month"],
            ),
            measure(
                env,
                director,
                "region × category × month, this year",
                [("scope", "=", "region"), *year],
                ["region_id", "category_id", "date:month"],
            ),
            measure(
                env,
                director,
                "one team's year by category × month",
                [("team_id", "=", teams[0].id), *year],
                ["category_id", "date:month"],
            ),
        ]
        worst = max(results)
        print(f"slowest: {worst * 1000:.0f} ms (goal ≤ 1000 ms): {'OK' if worst <= 1 else 'SLOW'}")


if __name__ == "__main__":
    main()
