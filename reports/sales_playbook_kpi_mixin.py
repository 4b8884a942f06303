"""The KPI figures (业绩看板) shared by the row-level analysis
(``sales.playbook.kpi``, a view with one row per source record and figure)
and the board's stored summary (``sales.playbook.kpi.daily``, the same sums
per company, region, team, salesperson and day): the same dimensions, the
same measures with the same meaning, and the same reading of the ratios —
the ratio of the group's sums, never an average of ratios."""

from odoo import fields, models
from odoo.tools import SQL

from .sales_playbook_collection_report import RATIO_FIELDS as COLLECTION_RATIOS

# The collections report's own definitions of the collection rate and DSO,
# with its "collected of what fell due" named due_paid here.
_COLLECTION_NAMES = {"amount_paid": "due_paid"}
# ratio measure: (numerators, denominators, factor) — a ratio of sums over the group
RATIOS = {
    name: ((_COLLECTION_NAMES.get(num, num),), (_COLLECTION_NAMES.get(den, den),), factor)
    for name, (num, den, factor) in COLLECTION_RATIOS.items()
}
RATIOS.update(
    {
        "margin_rate": (("margin",), ("margin_base",), 100.0),
        "lead_conversion": (("opportunity_count",), ("lead_count",), 100.0),
        "win_rate": (("won_count",), ("won_count", "lost_count"), 100.0),
        "first_contact_rate": (("first_contact_on_time",), ("first_contact_count",), 100.0),
        "stage_avg_days": (("stage_days",), ("stage_count",), 1.0),
        "visit_rate": (("visit_done",), ("visit_planned",), 100.0),
        "complaint_on_time_rate": (("complaint_on_time",), ("complaint_count",), 100.0),
        "satisfaction": (("satisfaction_sum",), ("satisfaction_count",), 1.0),
        "cost_of_sale": (("expense_amount",), ("sales_amount",), 100.0),
    }
)
# counted as of the reader's today when read (_read_group_select)
AS_OF_TODAY = ("activity_overdue",)


class SalesPlaybookKpiMixin(models.AbstractModel):
    _name = "sales.playbook.kpi.mixin"
    _description = "KPI Figures"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    date = fields.Date(readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    region_id = fields.Many2one(
        "sales.playbook.region",
        readonly=True,
        help="The region of the sales team the figure counts for.",
    )
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id", readonly=True)

    # results
    sales_amount = fields.Monetary(
        readonly=True,
        help="Signed contracts by signature date and confirmed orders without a contract by "
        "confirmation date, untaxed, in the company's currency.",
    )
    margin = fields.Monetary(
        string="Gross Margin",
        readonly=True,
        help="Margin of the sold lines whose product has a cost, in the company's currency.",
    )
    margin_base = fields.Monetary(
        string="Sales with a Cost",
        readonly=True,
        help="Untaxed amount of the sold lines whose product has a cost.",
    )
    margin_rate = fields.Float(
        string="Margin (%)",
        readonly=True,
        aggregator="avg",
        help="Gross margin ÷ sales with a cost.",
    )
    # cost of sale (销售费用率)
    expense_amount = fields.Monetary(
        string="Sales Expenses",
        readonly=True,
        help="Expenses of approved expense reports (tax included, as the budget counts them), by "
        "expense date, in the company's currency.",
    )
    cost_of_sale = fields.Float(
        string="Cost of Sale (%)",
        readonly=True,
        aggregator="avg",
        help="Sales expenses ÷ sales amount.",
    )
    collected = fields.Monetary(
        readonly=True,
        help="Payments matched with the invoices of payment milestones, by payment date, in the "
        "company's currency.",
    )
    amount_due = fields.Monetary(
        string="Due", readonly=True, help="Payment milestones falling due, by due date."
    )
    due_paid = fields.Monetary(
        string="Collected of Due",
        readonly=True,
        help="What has been collected so far of the milestones falling due in the period.",
    )
    amount_invoiced = fields.Monetary(string="Invoiced", readonly=True)
    amount_receivable = fields.Monetary(
        string="Receivable", readonly=True, help="Invoiced and not paid yet."
    )
    collection_rate = fields.Float(
        string="Collection Rate (%)",
        readonly=True,
        aggregator="avg",
        help="Collected of due ÷ due, as in the collection analysis.",
    )
    dso = fields.Float(
        string="DSO (days)",
        readonly=True,
        aggregator="avg",
        help="Days sales outstanding: receivable ÷ invoiced × 30 days, as in the collection "
        "analysis.",
    )
    # customer development
    new_customer_count = fields.Integer(
        string="New Customers",
        readonly=True,
        help="Customers whose first sale (signed contract or confirmed order without a "
        "contract) falls in the period.",
    )
    lead_count = fields.Integer(string="Leads Created", readonly=True)
    opportunity_count = fields.Integer(
        string="Opportunities", readonly=True, help="Leads converted or created as opportunities."
    )
    won_count = fields.Integer(string="Won", readonly=True)
    lost_count = fields.Integer(string="Lost", readonly=True)
    lead_conversion = fields.Float(
        string="Lead → Opportunity (%)",
        readonly=True,
        aggregator="avg",
        help="Opportunities ÷ leads created in the period.",
    )
    win_rate = fields.Float(
        string="Win Rate (%)", readonly=True, aggregator="avg", help="Won ÷ (won + lost)."
    )
    stage_count = fields.Integer(
        string="Stages Left",
        readonly=True,
        help="Stays of leads in a stage that ended in the period: the lead moved on.",
    )
    stage_days = fields.Float(
        string="Days in Stages Left", readonly=True, help="The days of those stays."
    )
    stage_avg_days = fields.Float(
        string="Avg Days per Stage",
        readonly=True,
        aggregator="avg",
        help="Days in the stages left ÷ stages left: how long a lead stays in a stage.",
    )
    first_contact_count = fields.Integer(string="First Contacts", readonly=True)
    first_contact_on_time = fields.Integer(string="First Contacts within SLA", readonly=True)
    first_contact_rate = fields.Float(
        string="First Contact SLA (%)",
        readonly=True,
        aggregator="avg",
        help="First contacts within the SLA ÷ first contacts.",
    )
    # customer satisfaction
    complaint_count = fields.Integer(string="Complaints", readonly=True)
    complaint_on_time = fields.Integer(string="Complaints Answered on Time", readonly=True)
    complaint_on_time_rate = fields.Float(
        string="Complaints on Time (%)", readonly=True, aggregator="avg"
    )
    satisfaction_count = fields.Integer(
        string="Satisfaction Ratings",
        readonly=True,
        help="Answered surveys and return visits with a satisfaction mark.",
    )
    satisfaction_sum = fields.Float(string="Satisfaction Points", readonly=True)
    satisfaction = fields.Float(
        string="Satisfaction (%)",
        readonly=True,
        aggregator="avg",
        help="Average of the survey scores and of the visits' marks on 0-100 (1: 0, 5: 100).",
    )
    # process
    visit_planned = fields.Integer(string="Visits Planned", readonly=True)
    visit_done = fields.Integer(string="Visits Made", readonly=True)
    visit_rate = fields.Float(
        string="Visits Made (%)", readonly=True, aggregator="avg", help="Visits made ÷ planned."
    )
    activity_open = fields.Integer(string="Open Follow-ups", readonly=True)
    activity_overdue = fields.Integer(
        string="Overdue Follow-ups",
        readonly=True,
        help="Open activities on leads and playbook documents whose deadline is past.",
    )

    # ------------------------------------------------------------
    # READING
    # ------------------------------------------------------------

    def _kpi_summed_fields(self):
        """The measures a row holds and a group sums: every number but the
        ratios and what is counted as of the reader's today."""
        return [
            name
            for name, field in self._fields.items()
            if field.type in ("monetary", "integer", "float")
            and field.store
            and name not in RATIOS
            and name not in AS_OF_TODAY
            and name not in ("id", "res_id")
        ]

    def _read_group_select(self, aggregate_spec, query):
        """A ratio of a group is the ratio of its sums, never an average of
        ratios; overdue follow-ups are counted as of the reader's today."""
        fname = aggregate_spec.split(":")[0]
        if fname in RATIOS:
            numerators, denominators, factor = RATIOS[fname]

            def total(names):
                return SQL(" + ").join(
                    SQL("COALESCE(SUM(%s), 0)", self._field_to_sql(self._table, name, query))
                    for name in names
                )

            return SQL(
                "COALESCE(%(factor)s * (%(num)s) / NULLIF(%(den)s, 0), 0)",
                factor=factor,
                num=total(numerators),
                den=total(denominators),
            )
        if fname == "activity_overdue":
            return SQL(
                "COALESCE(SUM(CASE WHEN %(date)s < %(today)s THEN %(open)s ELSE 0 END), 0)",
                date=self._field_to_sql(self._table, "date", query),
                today=fields.Date.context_today(self),
                open=self._field_to_sql(self._table, "activity_open", query),
            )
        return super()._read_group_select(aggregate_spec, query)
