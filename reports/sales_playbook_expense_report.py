from odoo import api, fields, models, tools
from odoo.tools import SQL

from ..tools import expense as rules


class SalesPlaybookExpenseReport(models.Model):
    """Sales expense budget consumption (销售费用预算执行): per sales
    department (a team or a region), budget category and month, the
    approved budget, what approved reports consumed (approved, posted or
    paid expenses), what remains and by how much the month went over.

    A team's row counts its members' expenses; a region's row counts the
    expenses of all its teams against the region's own budget."""

    _name = "sales.playbook.expense.report"
    _description = "Sales Expense Budget Consumption"
    _auto = False
    _rec_name = "date"
    _order = "date desc"

    scope = fields.Selection(
        [("team", "Sales Team"), ("region", "Region")], string="Department Type", readonly=True
    )
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    region_id = fields.Many2one("sales.playbook.region", readonly=True)
    category_id = fields.Many2one(
        "sales.playbook.expense.category", string="Budget Category", readonly=True
    )
    date = fields.Date(string="Month", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    budget_amount = fields.Monetary(string="Budget", readonly=True)
    consumed_amount = fields.Monetary(string="Consumed", readonly=True)
    remaining_amount = fields.Monetary(string="Remaining", readonly=True)
    over_budget_amount = fields.Monetary(
        string="Over Budget",
        readonly=True,
        help="By how much the month's approved expenses went over its budget.",
    )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        months = SQL(", ").join(
            SQL("(%s, l.%s)", month, SQL.identifier(rules.month_field(month)))
            for month in range(1, 13)
        )
        self.env.cr.execute(
            SQL(
                """
            CREATE OR REPLACE VIEW %(view)s AS (
                WITH spent AS (
                    SELECT e.company_id,
                           e.playbook_team_id AS team_id,
                           e.playbook_region_id AS region_id,
                           e.playbook_category_id AS category_id,
                           date_trunc('month', e.date)::date AS date,
                           SUM(e.total_amount) AS amount
                      FROM %(expense)s e
                     WHERE e.state IN %(consumed)s
                       AND e.date IS NOT NULL
                  GROUP BY 1, 2, 3, 4, 5
                ), consumed AS (
                    SELECT 'team' AS scope, company_id, team_id AS dept_id, category_id, date,
                           SUM(amount) AS amount
                      FROM spent WHERE team_id IS NOT NULL
                  GROUP BY 1, 2, 3, 4, 5
                    UNION ALL
                    SELECT 'region', company_id, region_id, category_id, date, SUM(amount)
                      FROM spent WHERE region_id IS NOT NULL
                  GROUP BY 1, 2, 3, 4, 5
                ), planned AS (
                    SELECT b.scope,
                           b.company_id,
                           COALESCE(b.team_id, b.region_id) AS dept_id,
                           l.category_id,
                           make_date(b.year, m.month, 1) AS date,
                           SUM(m.amount) AS amount
                      FROM %(line)s l
                      JOIN %(budget)s b ON b.id = l.budget_id AND b.state = 'approved'
                     CROSS JOIN LATERAL (VALUES %(months)s) AS m(month, amount)
                  GROUP BY 1, 2, 3, 4, 5
                )
                SELECT row_number() OVER (ORDER BY k.date, k.scope, k.dept_id, k.category_id)
                           AS id,
                       k.scope,
                       CASE WHEN k.scope = 'team' THEN k.dept_id END AS team_id,
                       CASE WHEN k.scope = 'region' THEN k.dept_id ELSE t.playbook_region_id END
                           AS region_id,
                       k.category_id,
                       k.date,
                       k.company_id,
                       k.budget_amount,
                       k.consumed_amount,
                       k.budget_amount - k.consumed_amount AS remaining_amount,
                       GREATEST(k.consumed_amount - k.budget_amount, 0) AS over_budget_amount
                  FROM (
                    SELECT COALESCE(p.scope, c.scope) AS scope,
                           COALESCE(p.company_id, c.company_id) AS company_id,
                           COALESCE(p.dept_id, c.dept_id) AS dept_id,
                           COALESCE(p.category_id, c.category_id) AS category_id,
                           COALESCE(p.date, c.date) AS date,
                           COALESCE(p.amount, 0) AS budget_amount,
                           COALESCE(c.amount, 0) AS consumed_amount
                      FROM planned p
                      FULL JOIN consumed c
                        ON c.scope = p.scope
                       AND c.company_id = p.company_id
                       AND c.dept_id = p.dept_id
                       AND c.category_id IS NOT DISTINCT FROM p.category_id
                       AND c.date = p.date
                  ) k
             LEFT JOIN %(team)s t ON k.scope = 'team' AND t.id = k.dept_id
            )
            """,
                view=SQL.identifier(self._table),
                expense=SQL.identifier(self.env["hr.expense"]._table),
                line=SQL.identifier(self.env["sales.playbook.expense.budget.line"]._table),
                budget=SQL.identifier(self.env["sales.playbook.expense.budget"]._table),
                team=SQL.identifier(self.env["crm.team"]._table),
                consumed=rules.CONSUMED_STATES,
                months=months,
            )
        )

    @api.model
    def _playbook_consumption(self, domain, groupby):
        """Budget, consumed, remaining and over-budget amounts grouped by
        ``groupby`` (e.g. ['team_id', 'category_id', 'date:month']): one
        grouped read on the view."""
        return self._read_group(
            domain,
            groupby,
            [
                "budget_amount:sum",
                "consumed_amount:sum",
                "remaining_amount:sum",
                "over_budget_amount:sum",
            ],
        )
