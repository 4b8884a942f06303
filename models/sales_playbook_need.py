from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

REVIEW_FIELDS = ("reviewer_id", "review_result", "review_comment", "review_date")
NEED_CATEGORIES = [
    ("must", "Must-have"),
    ("expected", "Expected"),
    ("value_added", "Value-added"),
]


class SalesPlaybookNeed(models.Model):
    """需求清单: one customer need, its category and the internal review of
    its feasibility by product / technical staff."""

    _name = "sales.playbook.need"
    _inherit = ["sales.playbook.guarded.mixin"]
    _description = "Customer Need"
    _order = "lead_id, sequence, id"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    name = fields.Char(string="Need", required=True)
    sequence = fields.Integer(default=10)
    lead_id = fields.Many2one(
        "crm.lead", string="Opportunity", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="lead_id.company_id", store=True)
    category = fields.Selection(NEED_CATEGORIES, required=True, default="must")
    customer_priority = fields.Selection(
        [("high", "High"), ("medium", "Medium"), ("low", "Low")],
        default="medium",
        required=True,
    )
    state = fields.Selection(
        [("open", "To Confirm"), ("confirmed", "Confirmed by Customer"), ("dropped", "Dropped")],
        string="Status",
        default="open",
        required=True,
    )
    reviewer_id = fields.Many2one(
        "res.users", help="Product or technical staff who reviewed the need."
    )
    review_result = fields.Selection(
        [("feasible", "Feasible"), ("partly", "Partly Feasible"), ("not_feasible", "Not Feasible")],
        string="Feasibility",
    )
    review_comment = fields.Text()
    review_date = fields.Date()
    can_review = fields.Boolean(compute="_compute_can_review")

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends()
    @api.depends_context("uid")
    def _compute_can_review(self):
        self.can_review = self._user_can_review()

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains("review_result", "reviewer_id", "review_date", "review_comment")
    def _check_review(self):
        for need in self.filtered("review_result"):
            if not (need.reviewer_id and need.review_date):
                raise ValidationError(
                    self.env._(
                        "The review of “%(need)s” needs its reviewer and date.", need=need.name
                    )
                )
            if need.review_result != "feasible" and not need.review_comment:
                raise ValidationError(
                    self.env._("Say why “%(need)s” is not fully feasible.", need=need.name)
                )
            if need.review_date > fields.Date.context_today(self):
                raise ValidationError(
                    self.env._("The review of “%(need)s” cannot be in the future.", need=need.name)
                )

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if any(vals.get(fname) for fname in REVIEW_FIELDS):
                self._playbook_sign_review(vals)
        return super().create(vals_list)

    def write(self, vals):
        if any(fname in vals for fname in REVIEW_FIELDS):
            vals = self._playbook_sign_review(dict(vals))
        return super().write(vals)

    def _playbook_sign_review(self, vals):
        """Who reviewed is whoever writes the review: a pre-sales engineer or
        a sales manager, never on someone else's behalf."""
        self._check_reviewer_rights()
        if vals.get("review_result"):
            if vals.get("reviewer_id", self.env.uid) != self.env.uid:
                raise AccessError(
                    self.env._("A review is given in one's own name, not for someone else.")
                )
            vals["reviewer_id"] = self.env.uid
            vals.setdefault("review_date", fields.Date.context_today(self))
        return vals

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_review_feasible(self):
        """One click for the reviewer: feasible, reviewed by me today."""
        self.write(
            {
                "review_result": "feasible",
                "reviewer_id": self.env.user.id,
                "review_date": fields.Date.context_today(self),
            }
        )

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _user_can_review(self):
        """The feasibility review is internal: product and technical staff
        (pre-sales engineers) or sales managers give it, not the salesperson."""
        user = self.env.user
        return user.has_group("sales_playbook.group_playbook_presales") or user.has_group(
            "sales_playbook.group_playbook_manager"
        )

    def _check_reviewer_rights(self):
        if not self._user_can_review():
            raise AccessError(
                self.env._(
                    "Only pre-sales engineers and sales managers review the feasibility of needs."
                )
            )
