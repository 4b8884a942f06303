from odoo import api, fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    playbook_below_minimum = fields.Boolean(
        string="Below Minimum Price",
        compute="_compute_playbook_below_minimum",
        help="The untaxed total is below the minimum price set for the negotiation.",
    )

    @api.depends("amount_untaxed", "opportunity_id")
    def _compute_playbook_below_minimum(self):
        # the bottom lines stay hidden; only the verdict is shown on the quotation
        lines = self.env["sales.playbook.bottom.line"].sudo().search(
            [("lead_id", "in", self.opportunity_id.ids), ("min_price", ">", 0)]
        )
        minimum = {}
        for line in lines:
            minimum[line.lead_id.id] = max(minimum.get(line.lead_id.id, 0.0), line.min_price)
        for order in self:
            floor = minimum.get(order.opportunity_id.id)
            order.playbook_below_minimum = bool(floor and order.amount_untaxed < floor)
