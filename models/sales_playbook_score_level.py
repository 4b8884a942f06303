from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .crm_lead import PLAYBOOK_QUALIFICATION_FIELDS


class SalesPlaybookScoreLevel(models.Model):
    _name = "sales.playbook.score.level"
    _description = "Priority Score Level"
    _inherit = ["sales.playbook.condition.mixin"]
    _order = "criterion_id, sequence, id"
    _playbook_condition_fields = PLAYBOOK_QUALIFICATION_FIELDS

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    name = fields.Char(string="Level", required=True, translate=True)
    sequence = fields.Integer(default=10)
    criterion_id = fields.Many2one(
        "sales.playbook.score.criterion", required=True, ondelete="cascade", index=True
    )
    domain = fields.Char(
        help="Leads matching this condition reach this level; the first matching level counts."
    )
    ratio = fields.Float(
        string="Share of Weight (%)",
        required=True,
        default=100.0,
        help="The share of the criterion's weight a lead at this level earns.",
    )

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains("ratio")
    def _check_ratio(self):
        for level in self:
            if not 0 <= level.ratio <= 100:
                raise ValidationError(
                    self.env._(
                        "The share of level “%(name)s” must be between 0 and 100 %%.",
                        name=level.name,
                    )
                )
