from odoo import fields, models


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    playbook_need_ids = fields.Many2many(
        "sales.playbook.need",
        string="Needs Answered",
        domain="[('lead_id', '=', parent.opportunity_id), ('category', '=', 'must')]",
        help="The customer's must-have needs this line answers.",
    )
