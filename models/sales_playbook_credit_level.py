from odoo import api, fields, models
from odoo.exceptions import ValidationError


class SalesPlaybookCreditLevel(models.Model):
    _name = "sales.playbook.credit.level"
    _description = "Credit Score Level"
    _order = "criterion_id, sequence, id"

    name = fields.Char(string="Level", required=True, translate=True)
    sequence = fields.Integer(default=10)
    criterion_id = fields.Many2one(
        "sales.playbook.credit.criterion", required=True, ondelete="cascade", index=True
    )
    value_from = fields.Float(
        string="From", help="A measured criterion reaches this level from this value on."
    )
    value_to = fields.Float(string="Below", help="…and below this value; 0: no upper bound.")
    ratio = fields.Float(
        string="Share of Weight (%)",
        required=True,
        default=100.0,
        help="The share of the criterion's weight a customer at this level earns.",
    )

    @api.constrains("ratio", "value_from", "value_to")
    def _check_ratio(self):
        for level in self:
            if not 0 <= level.ratio <= 100:
                raise ValidationError(
                    self.env._(
                        "The share of level “%(name)s” must be between 0 and 100 %%.",
                        name=level.name,
                    )
                )
            if level.value_to and level.value_to <= level.value_from:
                raise ValidationError(
                    self.env._(
                        "The band of level “%(name)s” ends below where it starts.",
                        name=level.name,
                    )
                )
