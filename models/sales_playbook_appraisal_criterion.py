from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools import appraisal as rules

# quantitative measures: the target measures, read as completion of the
# approved target, and the board's rates, read as they are (in %)
TARGET_MEASURES = ("sales_amount", "collected_amount", "new_customers", "visits")
MEASURES = [
    ("sales_amount", "Sales Amount against Target"),
    ("collected_amount", "Collected against Target"),
    ("new_customers", "New Customers against Target"),
    ("visits", "Customer Visits against Target"),
    ("collection_rate", "Collection Rate"),
    ("visit_rate", "Visits Made against Plan"),
    ("first_contact_rate", "First Contacts within SLA"),
    ("complaint_on_time_rate", "Complaints Answered on Time"),
    ("lead_conversion", "Lead → Opportunity Conversion"),
    ("win_rate", "Win Rate"),
    ("margin_rate", "Gross Margin Rate"),
]
# the board's rate of a measure: its figure and the count that says whether
# there was anything to measure
RATE_BASES = {
    "collection_rate": "amount_due",
    "visit_rate": "visit_planned",
    "first_contact_rate": "first_contact_count",
    "complaint_on_time_rate": "complaint_count",
    "lead_conversion": "lead_count",
    "win_rate": "won_count",
    "margin_rate": "margin_base",
}


class SalesPlaybookAppraisalCriterion(models.Model):
    """A criterion of an appraisal scheme. Quantitative: a KPI figure of the
    period, as completion of the approved target or as a rate, turned into
    points on a straight line (0 points at "zero at", 100 at "full at").
    Qualitative: a 1-5 rating by the supervisor, by peers (their average) or
    by the customers (the satisfaction surveys and return visits of the
    period). Months (annual schemes): the average total of the year's
    published monthly appraisals."""

    _name = "sales.playbook.appraisal.criterion"
    _description = "Appraisal Criterion"
    _order = "scheme_id, sequence, id"

    scheme_id = fields.Many2one(
        "sales.playbook.appraisal.scheme",
        string="Appraisal Scheme",
        required=True,
        ondelete="cascade",
        index=True,
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Criterion", required=True, translate=True)
    description = fields.Char(translate=True, help="What is appraised, shown to the raters.")
    kind = fields.Selection(
        [
            ("quantitative", "Quantitative"),
            ("qualitative", "Qualitative"),
            ("months", "Monthly Results"),
        ],
        required=True,
        default="quantitative",
    )
    weight = fields.Integer(required=True, help="Its share of the total score, out of 100.")
    measure = fields.Selection(MEASURES)
    zero_at = fields.Float(
        string="0 Points at (%)",
        default=60.0,
        help="Completion or rate at or below which the criterion gives no points.",
    )
    full_at = fields.Float(
        string="100 Points at (%)",
        default=100.0,
        help="Completion or rate that gives all the points; in proportion in between.",
    )
    max_points = fields.Float(
        string="Points up to",
        default=100.0,
        help="Above “100 points at”, the points keep rising on the same slope up to this "
        "(100: no extra credit for doing more than asked).",
    )
    rater = fields.Selection(
        [("supervisor", "Supervisor"), ("peers", "Peers"), ("customer", "Customers")],
        default="supervisor",
    )

    @api.constrains("kind", "measure", "rater", "weight", "zero_at", "full_at", "max_points")
    def _check_criterion(self):
        for criterion in self:
            if not 0 < criterion.weight <= 100:
                raise ValidationError(
                    self.env._(
                        "The weight of criterion “%(name)s” must be between 1 and 100.",
                        name=criterion.name,
                    )
                )
            if criterion.kind == "quantitative":
                if not criterion.measure:
                    raise ValidationError(
                        self.env._(
                            "Quantitative criterion “%(name)s” needs the figure it measures.",
                            name=criterion.name,
                        )
                    )
                if criterion.full_at <= criterion.zero_at or criterion.zero_at < 0:
                    raise ValidationError(
                        self.env._(
                            "Criterion “%(name)s”: “100 points at” must be above “0 points "
                            "at”, and neither below 0.",
                            name=criterion.name,
                        )
                    )
                if not 100 <= criterion.max_points <= 150:
                    raise ValidationError(
                        self.env._(
                            "Criterion “%(name)s”: the points go up to between 100 and 150.",
                            name=criterion.name,
                        )
                    )
            if criterion.kind == "qualitative" and not criterion.rater:
                raise ValidationError(
                    self.env._(
                        "Qualitative criterion “%(name)s” needs who rates it.",
                        name=criterion.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        criteria = super().create(vals_list)
        criteria._playbook_recheck_schemes()
        return criteria

    def write(self, vals):
        result = super().write(vals)
        self._playbook_recheck_schemes()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_keeping_the_weights(self):
        if self.env.context.get("playbook_scheme_edit"):
            return
        for scheme in self.scheme_id:
            remaining = scheme.criterion_ids - self
            if remaining and sum(remaining.mapped("weight")) != 100:
                raise ValidationError(
                    self.env._(
                        "The weights of appraisal scheme “%(scheme)s” would total %(total)s; "
                        "they must total 100.",
                        scheme=scheme.name,
                        total=sum(remaining.mapped("weight")),
                    )
                )

    def _playbook_recheck_schemes(self):
        """Edited on its own (list, import, RPC), a criterion leaves its
        scheme weighing 100; edited in the scheme's form, the scheme checks
        the whole once."""
        if not self.env.context.get("playbook_scheme_edit"):
            self.scheme_id._check_scheme()

    def _playbook_points(self, value):
        """Points of a completion or a rate (%) on this criterion's line."""
        self.ensure_one()
        return rules.scale_points(value, self.zero_at, self.full_at, self.max_points)
