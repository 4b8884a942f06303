from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools import scoring


class SalesPlaybookScorecard(models.Model):
    _name = "sales.playbook.scorecard"
    _description = "Priority Scorecard"
    _inherit = ["sales.playbook.rescore.mixin"]
    _order = "company_id, id"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        help="Leave empty to use this scorecard in every company without its own.",
    )
    criterion_ids = fields.One2many(
        "sales.playbook.score.criterion", "scorecard_id", string="Criteria", copy=True
    )
    total_weight = fields.Integer(compute="_compute_total_weight")

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends("criterion_ids.weight", "criterion_ids.active")
    def _compute_total_weight(self):
        for card in self:
            card.total_weight = sum(card.criterion_ids.filtered("active").mapped("weight"))

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains("criterion_ids", "active")
    def _check_weights(self):
        self._playbook_check_weights()

    def _playbook_check_weights(self, without=None):
        """The active criteria of an active scorecard weigh 100 in all
        (``without``: criteria about to be deleted)."""
        for card in self.filtered("active"):
            criteria = card.criterion_ids.filtered("active") - (
                without or card.criterion_ids.browse()
            )
            weights = criteria.mapped("weight")
            if weights and not scoring.weights_total_ok(weights):
                raise ValidationError(
                    self.env._(
                        "The weights of scorecard “%(card)s” total %(total)s; they must total 100.",
                        card=card.name,
                        total=sum(weights),
                    )
                )

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        cards = super(
            SalesPlaybookScorecard, self.with_context(playbook_scorecard_edit=True)
        ).create(vals_list)
        cards._check_weights()
        return cards.with_env(self.env)

    def write(self, vals):
        # criteria edited together in the scorecard form are checked once, as a whole
        result = super(
            SalesPlaybookScorecard, self.with_context(playbook_scorecard_edit=True)
        ).write(vals)
        self._check_weights()
        return result

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    @api.model
    def _get_for_company(self, company):
        """The active scorecard of ``company``, else the shared one."""
        cards = self.sudo().search(  # configuration read by every salesperson's compute
            [("company_id", "in", [company.id, False])], order="company_id"
        )
        return (cards.filtered(lambda c: c.company_id == company) or cards)[:1].with_env(self.env)
