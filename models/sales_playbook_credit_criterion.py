from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools import credit

# what a criterion measures: a figure of the credit file, or a level that
# whoever prepares the assessment chooses (ownership, industry risk,
# financial health, or any input an administrator adds)
CREDIT_SOURCES = [
    ("registered_capital", "Registered capital"),
    ("years_in_business", "Years in business"),
    ("max_days_overdue", "Days overdue (longest, now)"),
    ("broken_promises", "Broken promises to pay (12 months)"),
    ("collection_rate", "Collection rate (12 months, %)"),
    ("manual", "Chosen level"),
]


class SalesPlaybookCreditCriterion(models.Model):
    _name = "sales.playbook.credit.criterion"
    _description = "Credit Score Criterion"
    _order = "scorecard_id, sequence, id"

    name = fields.Char(string="Criterion", required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    scorecard_id = fields.Many2one(
        "sales.playbook.credit.scorecard", required=True, ondelete="cascade", index=True
    )
    source = fields.Selection(
        CREDIT_SOURCES,
        required=True,
        default="manual",
        help="A figure of the credit file the levels' bands are read on, or a level chosen "
        "by whoever prepares the assessment.",
    )
    weight = fields.Integer(
        required=True,
        help="Points this criterion is worth out of 100; the weights of a scorecard total 100.",
    )
    description = fields.Text(translate=True)
    level_ids = fields.One2many(
        "sales.playbook.credit.level", "criterion_id", string="Levels", copy=True
    )

    @api.constrains("weight")
    def _check_weight(self):
        for criterion in self:
            if not 0 <= criterion.weight <= 100:
                raise ValidationError(
                    self.env._(
                        "The weight of criterion “%(name)s” must be between 0 and 100.",
                        name=criterion.name,
                    )
                )
        if not self.env.context.get("playbook_credit_card_edit"):
            # edited on its own (list, import, RPC): the card must still total 100
            self.scorecard_id._check_weights()

    def write(self, vals):
        result = super().write(vals)
        if not self.env.context.get("playbook_credit_card_edit") and "active" in vals:
            self.scorecard_id._check_weights()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_keeping_the_weights(self):
        if not self.env.context.get("playbook_credit_card_edit"):
            self.scorecard_id._playbook_check_weights(without=self)

    def _level_for_value(self, value):
        """The first level (by sequence) whose band holds ``value``."""
        self.ensure_one()
        for level in self.level_ids.sorted(lambda lv: (lv.sequence, lv.id)):
            if credit.band_holds(level.value_from, level.value_to, value):
                return level
        return self.level_ids.browse()
