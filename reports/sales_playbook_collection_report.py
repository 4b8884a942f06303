from odoo import api, fields, models, tools
from odoo.tools import SQL

RATIO_FIELDS = {
    # measure: (numerator, denominator, factor)
    "collection_rate": ("amount_paid", "amount_due", 100.0),
    "dso": ("amount_receivable", "amount_invoiced", 30.0),
}


class SalesPlaybookCollectionReport(models.Model):
    """Collection KPIs of the manual (回款管理): per salesperson, team and
    month of the due date, what fell due, what was collected, the collection
    rate (collected ÷ due) and the days sales outstanding (receivable ÷
    invoiced × 30 days)."""

    _name = "sales.playbook.collection.report"
    _description = "Collection Analysis"
    _auto = False
    _rec_name = "due_date"
    _order = "due_date desc"

    due_date = fields.Date(readonly=True)
    contract_id = fields.Many2one("sale.contract", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    amount_due = fields.Monetary(string="Due", readonly=True)
    amount_invoiced = fields.Monetary(string="Invoiced", readonly=True)
    amount_paid = fields.Monetary(string="Collected", readonly=True)
    amount_receivable = fields.Monetary(
        string="Receivable", readonly=True, help="Invoiced and not paid yet."
    )
    amount_overdue = fields.Monetary(string="Overdue", readonly=True)
    collection_rate = fields.Float(
        string="Collection Rate (%)",
        readonly=True,
        aggregator="avg",
        help="Collected ÷ due, over the group.",
    )
    dso = fields.Float(
        string="DSO (days)",
        readonly=True,
        aggregator="avg",
        help="Days sales outstanding: receivable ÷ invoiced × 30 days, over the group.",
    )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
            CREATE OR REPLACE VIEW %(view)s AS (
                SELECT m.id,
                       m.due_date,
                       m.contract_id,
                       m.partner_id,
                       m.user_id,
                       m.team_id,
                       m.company_id,
                       m.currency_id,
                       m.amount AS amount_due,
                       m.amount_invoiced,
                       m.amount_paid,
                       GREATEST(m.amount_invoiced - m.amount_paid, 0) AS amount_receivable,
                       CASE WHEN m.overdue THEN m.amount_residual ELSE 0 END AS amount_overdue,
                       CASE WHEN m.amount > 0 THEN 100.0 * m.amount_paid / m.amount ELSE 0 END
                           AS collection_rate,
                       CASE WHEN m.amount_invoiced > 0
                            THEN 30.0 * GREATEST(m.amount_invoiced - m.amount_paid, 0)
                                 / m.amount_invoiced
                            ELSE 0 END AS dso
                  FROM %(milestone)s m
                 WHERE m.due_date IS NOT NULL
            )
            """,
                view=SQL.identifier(self._table),
                milestone=SQL.identifier(self.env["sale.contract.milestone"]._table),
            )
        )

    @api.model
    def read_group(self, domain, fields, groupby, offset=0, limit=None, orderby=False, lazy=True):
        """The rates of a group are ratios of its sums, not averages of rates."""
        wanted = [name for name in RATIO_FIELDS if any(f.split(":")[0] == name for f in fields)]
        extra = {part for name in wanted for part in RATIO_FIELDS[name][:2]}
        query_fields = list(set(fields) | {f"{name}:sum" for name in extra})
        result = super().read_group(
            domain, query_fields, groupby, offset=offset, limit=limit, orderby=orderby, lazy=lazy
        )
        for row in result:
            for name in wanted:
                numerator, denominator, factor = RATIO_FIELDS[name]
                row[name] = (
                    factor * (row.get(numerator) or 0.0) / row[denominator]
                    if row.get(denominator)
                    else 0.0
                )
        return result
