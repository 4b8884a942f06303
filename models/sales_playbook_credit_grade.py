from odoo import api, fields, models
from odoo.exceptions import ValidationError


class SalesPlaybookCreditGrade(models.Model):
    """A credit grade band (AAA, AA, A, B, C): the scores it covers, the
    credit limit and the longest payment term it proposes."""

    _name = "sales.playbook.credit.grade"
    _description = "Credit Grade"
    _order = "scorecard_id, min_score desc, id"

    name = fields.Char(string="Grade", required=True)
    scorecard_id = fields.Many2one(
        "sales.playbook.credit.scorecard", required=True, ondelete="cascade", index=True
    )
    min_score = fields.Integer(
        string="From Score", required=True, help="Scores from this one up reach the grade."
    )
    currency_id = fields.Many2one(related="scorecard_id.currency_id")
    credit_limit = fields.Monetary(
        string="Proposed Credit Limit",
        help="What the customer may owe at most (receivable and uninvoiced orders).",
    )
    payment_days = fields.Integer(
        string="Proposed Longest Payment Term (days)",
        help="0: payment before delivery.",
    )
    description = fields.Char(translate=True)

    @api.constrains("min_score", "credit_limit", "payment_days")
    def _check_values(self):
        for grade in self:
            if not 0 <= grade.min_score <= 100:
                raise ValidationError(self.env._("A grade starts at a score between 0 and 100."))
            if grade.credit_limit <= 0 or grade.payment_days < 0:
                raise ValidationError(
                    self.env._(
                        "Grade %(grade)s: the credit limit must be positive (Odoo reads 0 as no "
                        "limit) and the payment term cannot be negative.",
                        grade=grade.name,
                    )
                )
