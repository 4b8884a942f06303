from odoo import api, fields, models

from ..tools import targets as rules

PERIOD_LABELS = [
    ("year", "Full Year"),
    ("q1", "Q1"),
    ("q2", "Q2"),
    ("q3", "Q3"),
    ("q4", "Q4"),
    ("m01", "January"),
    ("m02", "February"),
    ("m03", "March"),
    ("m04", "April"),
    ("m05", "May"),
    ("m06", "June"),
    ("m07", "July"),
    ("m08", "August"),
    ("m09", "September"),
    ("m10", "October"),
    ("m11", "November"),
    ("m12", "December"),
]


class SalesPlaybookTargetLine(models.Model):
    """One period of a target (the year, a quarter or a month) with its four
    measures. Editable while the target is a draft, frozen with it after.
    The scope fields are copied from the target for record rules, the
    analysis and the KPI board's grouped reads."""

    _name = "sales.playbook.target.line"
    _inherit = ["sales.playbook.document.line.mixin"]
    _description = "Sales Target Period"
    _order = "target_id, sequence, id"
    _playbook_document_field = "target_id"

    target_id = fields.Many2one(
        "sales.playbook.target", required=True, ondelete="cascade", index=True
    )
    period = fields.Selection(PERIOD_LABELS, required=True)
    sequence = fields.Integer(compute="_compute_period", store=True)
    period_type = fields.Selection(
        [("year", "Year"), ("quarter", "Quarter"), ("month", "Month")],
        compute="_compute_period",
        store=True,
    )
    date_from = fields.Date(compute="_compute_period", store=True, index=True)
    date_to = fields.Date(compute="_compute_period", store=True)
    company_id = fields.Many2one(related="target_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="target_id.currency_id")
    year = fields.Integer(related="target_id.year", store=True)
    scope = fields.Selection(related="target_id.scope", store=True)
    region_id = fields.Many2one(related="target_id.region_id", store=True, index=True)
    team_id = fields.Many2one(related="target_id.team_id", store=True, index=True)
    user_id = fields.Many2one(related="target_id.user_id", store=True, index=True)
    state = fields.Selection(related="target_id.state", store=True, string="Target Status")
    sales_amount = fields.Monetary(
        help="Signed contracts by signature date, or confirmed orders without a contract "
        "by confirmation date, untaxed, in the company's currency."
    )
    collected_amount = fields.Monetary(
        help="Customer payments received on the contracts' payment milestones and orders."
    )
    new_customers = fields.Integer(help="New customers won in the period.")
    visits = fields.Integer(help="Customer visits made in the period.")

    _sql_constraints = [
        ("period_uniq", "unique(target_id, period)", "A target has one line per period."),
    ]

    @api.depends("period", "target_id.year")
    def _compute_period(self):
        for line in self:
            if not line.period or not line.target_id.year:
                line.sequence = 0
                line.period_type = False
                line.date_from = line.date_to = False
                continue
            line.sequence = rules.period_sequence(line.period)
            line.period_type = rules.period_type(line.period)
            line.date_from, line.date_to = rules.period_dates(line.target_id.year, line.period)
