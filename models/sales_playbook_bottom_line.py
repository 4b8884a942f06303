from odoo import api, fields, models
from odoo.exceptions import ValidationError


class SalesPlaybookBottomLine(models.Model):
    """The negotiation's bottom lines (底线条款). Their own model, so that
    record rules keep them to the opportunity's owner and the sales managers:
    a supervisor or another representative cannot read them at all."""

    _name = "sales.playbook.bottom.line"
    _inherit = ["sales.playbook.guarded.mixin"]
    _description = "Negotiation Bottom Line"

    negotiation_id = fields.Many2one(
        "sales.playbook.negotiation", required=True, ondelete="cascade", index=True
    )
    lead_id = fields.Many2one(related="negotiation_id.lead_id", store=True, index=True)
    company_id = fields.Many2one(related="negotiation_id.company_id", store=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    min_price = fields.Monetary(
        string="Minimum Price", help="Lowest untaxed total the company accepts for this deal."
    )
    max_payment_days = fields.Integer(
        string="Longest Payment Period (days)",
        help="Longest payment term, in days, the company accepts.",
    )

    @api.constrains("min_price", "max_payment_days")
    def _check_values(self):
        for line in self:
            if line.min_price < 0 or line.max_payment_days < 0:
                raise ValidationError(self.env._("Bottom lines cannot be negative."))
