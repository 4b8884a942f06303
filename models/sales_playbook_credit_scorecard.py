from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools import credit


class SalesPlaybookCreditScorecard(models.Model):
    """信用评分卡: the criteria a customer's credit is scored on, their
    weights (100 in all) and the grade bands, each proposing a credit limit
    and the longest payment term."""

    _name = "sales.playbook.credit.scorecard"
    _description = "Credit Scorecard"
    _order = "company_id, id"

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        help="Leave empty to use this scorecard in every company without its own.",
    )
    currency_id = fields.Many2one(
        "res.currency",
        compute="_compute_currency_id",
        help="The currency of the grades' limits: the company's, else the current company's.",
    )
    criterion_ids = fields.One2many(
        "sales.playbook.credit.criterion", "scorecard_id", string="Criteria", copy=True
    )
    grade_ids = fields.One2many(
        "sales.playbook.credit.grade", "scorecard_id", string="Grades", copy=True
    )
    total_weight = fields.Integer(compute="_compute_total_weight")

    @api.depends("company_id")
    def _compute_currency_id(self):
        for card in self:
            card.currency_id = (card.company_id or self.env.company).currency_id

    @api.depends("criterion_ids.weight", "criterion_ids.active")
    def _compute_total_weight(self):
        for card in self:
            card.total_weight = sum(card.criterion_ids.filtered("active").mapped("weight"))

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
            if weights and not credit.weights_total_ok(weights):
                raise ValidationError(
                    self.env._(
                        "The weights of credit scorecard “%(card)s” total %(total)s; they "
                        "must total 100.",
                        card=card.name,
                        total=sum(weights),
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        cards = super(
            SalesPlaybookCreditScorecard, self.with_context(playbook_credit_card_edit=True)
        ).create(vals_list)
        cards._check_weights()
        return cards.with_env(self.env)

    def write(self, vals):
        # criteria edited together in the scorecard form are checked once, as a whole
        result = super(
            SalesPlaybookCreditScorecard, self.with_context(playbook_credit_card_edit=True)
        ).write(vals)
        self._check_weights()
        return result

    @api.model
    def _get_for_company(self, company):
        """The active credit scorecard of ``company``, else the shared one."""
        # configuration every salesperson's request reads
        cards = self.sudo().search([("company_id", "in", [company.id, False])], order="company_id")
        return (cards.filtered(lambda c: c.company_id == company) or cards)[:1].with_env(self.env)

    def _grade_for(self, score):
        """The grade band of ``score`` on this scorecard."""
        self.ensure_one()
        return (
            credit.grade_for(score, [(grade, grade.min_score) for grade in self.grade_ids])
            or (self.grade_ids.sorted("min_score")[:1])
        )
