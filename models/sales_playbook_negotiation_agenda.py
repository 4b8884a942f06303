from odoo import api, fields, models
from odoo.exceptions import ValidationError


class SalesPlaybookNegotiationAgenda(models.Model):
    _name = "sales.playbook.negotiation.agenda"
    _inherit = ["sales.playbook.guarded.mixin"]
    _description = "Negotiation Agenda Item"
    _order = "negotiation_id, sequence, id"

    negotiation_id = fields.Many2one(
        "sales.playbook.negotiation", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Agenda Item", required=True)
    minutes = fields.Integer(string="Planned Minutes", required=True, default=10)

    @api.constrains("minutes")
    def _check_minutes(self):
        for item in self:
            if item.minutes <= 0:
                raise ValidationError(
                    self.env._(
                        "The agenda item “%(item)s” needs a positive number of minutes.",
                        item=item.name,
                    )
                )
