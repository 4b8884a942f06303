from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools import appraisal as rules
from .sales_playbook_appraisal_criterion import MEASURES
from .sales_playbook_guarded_mixin import door_is_open

RATINGS = [
    ("1", "1 - Poor"),
    ("2", "2 - Below Expectations"),
    ("3", "3 - Meets Expectations"),
    ("4", "4 - Good"),
    ("5", "5 - Excellent"),
]
# who writes which field of a criterion, in which step: field -> (state, role)
EDITABLE = {
    "self_rating": ("self_assessment", "appraisee"),
    "self_comment": ("self_assessment", "appraisee"),
    "rating": ("supervisor_rating", "rater"),
    "rating_comment": ("supervisor_rating", "rater"),
}


class SalesPlaybookAppraisalLine(models.Model):
    """One criterion of an appraisal: the figure it was read from
    (quantitative, monthly results, customer ratings) or the ratings given
    (the salesperson's own, the supervisor's, the peers' average), and the
    points and weighted points it gives."""

    _name = "sales.playbook.appraisal.line"
    _description = "Appraisal Criterion Result"
    _inherit = ["sales.playbook.guarded.mixin"]
    _order = "appraisal_id, sequence, id"

    appraisal_id = fields.Many2one(
        "sales.playbook.appraisal", required=True, readonly=True, ondelete="cascade", index=True
    )
    state = fields.Selection(related="appraisal_id.state")
    company_id = fields.Many2one(related="appraisal_id.company_id", store=True)
    criterion_id = fields.Many2one(
        "sales.playbook.appraisal.criterion",
        string="Scheme Criterion",
        readonly=True,
        ondelete="set null",
    )
    sequence = fields.Integer(readonly=True)
    name = fields.Char(string="Criterion", required=True, readonly=True)
    description = fields.Char(related="criterion_id.description")
    kind = fields.Selection(
        [
            ("quantitative", "Quantitative"),
            ("qualitative", "Qualitative"),
            ("months", "Monthly Results"),
        ],
        required=True,
        readonly=True,
    )
    rater = fields.Selection(
        [("supervisor", "Supervisor"), ("peers", "Peers"), ("customer", "Customers")],
        readonly=True,
    )
    measure = fields.Selection(MEASURES, readonly=True)
    weight = fields.Integer(required=True, readonly=True)
    target = fields.Float(readonly=True, digits=(16, 2))
    actual = fields.Float(readonly=True, digits=(16, 2))
    value = fields.Float(
        string="Result (%)",
        readonly=True,
        digits=(16, 1),
        help="Completion of the target, the rate, the customers' satisfaction or the months' "
        "average score.",
    )
    has_figure = fields.Boolean(readonly=True)
    figure_points = fields.Float(readonly=True, digits=(5, 2))
    note = fields.Char(readonly=True)
    self_rating = fields.Selection(RATINGS)
    self_comment = fields.Char(string="Own Comment")
    rating = fields.Selection(RATINGS, string="Supervisor's Rating")
    rating_comment = fields.Char(string="Supervisor's Comment")
    peer_ids = fields.One2many("sales.playbook.appraisal.peer", "line_id", string="Peer Ratings")
    peer_points = fields.Float(compute="_compute_peer_points", store=True, digits=(5, 2))
    peer_count = fields.Integer(compute="_compute_peer_points", store=True)
    needs_rating = fields.Boolean(
        compute="_compute_points",
        store=True,
        help="The supervisor rates this criterion: by nature, or for want of figures.",
    )
    points = fields.Float(compute="_compute_points", store=True, digits=(5, 2))
    weighted_points = fields.Float(compute="_compute_points", store=True, digits=(5, 2))

    @api.depends("peer_ids.rating")
    def _compute_peer_points(self):
        for line in self:
            rated = line.peer_ids.filtered("rating")
            line.peer_count = len(rated)
            line.peer_points = (
                rules.average([rules.rating_points(peer.rating) for peer in rated]) or 0.0
            )

    @api.depends(
        "kind",
        "rater",
        "has_figure",
        "figure_points",
        "rating",
        "peer_points",
        "peer_count",
        "weight",
    )
    def _compute_points(self):
        for line in self:
            supervisor_rates = line.kind == "qualitative" and (
                line.rater == "supervisor" or (line.rater == "customer" and not line.has_figure)
            )
            if supervisor_rates:
                points = rules.rating_points(line.rating)
            elif line.rater == "peers":
                # the peers' average; the supervisor's rating where the team
                # has nobody else to ask
                points = line.peer_points if line.peer_count else rules.rating_points(line.rating)
            else:
                points = line.figure_points
            line.needs_rating = points is None
            line.points = points or 0.0
            line.weighted_points = rules.weighted_total([(line.weight, points)])

    def write(self, vals):
        self._playbook_check_protected(vals)
        content = set(vals) - self._playbook_free_fields
        if content and not door_is_open(self._name, frozenset(self._ids), content):
            for fname in sorted(content):
                if fname not in EDITABLE:
                    raise UserError(
                        self.env._(
                            "%(field)s of an appraisal criterion is not edited.",
                            field=self._fields[fname].get_description(self.env)["string"],
                        )
                    )
                self.appraisal_id._playbook_check_step(*EDITABLE[fname])
            rated = {"rating", "self_rating"} & content
            if rated:
                self._playbook_check_rated_by(rated)
        return super().write(vals)

    def _playbook_check_rated_by(self, fnames):
        """A rating is given where the criterion asks one: the salesperson
        rates themselves on the qualitative criteria, the supervisor those
        the supervisor rates (and the customers' when there were none)."""
        for line in self:
            if "self_rating" in fnames and line.kind != "qualitative":
                wrong = True
            elif "rating" in fnames:
                wrong = (
                    line.kind != "qualitative"
                    or (line.rater == "customer" and line.has_figure)
                    or (line.rater == "peers" and line.appraisal_id._playbook_peers())
                )
            else:
                wrong = False
            if wrong:
                raise UserError(
                    self.env._(
                        "“%(criterion)s” is not rated here: its points come from %(origin)s.",
                        criterion=line.name,
                        origin=line._playbook_source_label(),
                    )
                )

    def _playbook_source_label(self):
        if self.kind == "quantitative":
            return self.env._("the KPI figures")
        if self.kind == "months":
            return self.env._("the monthly appraisals")
        if self.rater == "peers":
            return self.env._("the peers' ratings")
        return self.env._("the customers' ratings")
