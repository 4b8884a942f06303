from odoo import api, fields, models

from .sale_order import MATERIAL_LINE_FIELDS


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    playbook_need_ids = fields.Many2many(
        "sales.playbook.need",
        string="Needs Answered",
        domain="[('lead_id', '=', parent.opportunity_id), ('category', '=', 'must')]",
        help="The customer's must-have needs this line answers.",
    )

    # A material change to a line of an approved quotation asks for approval
    # again, whichever way it comes (the order form or the line itself); the
    # lines of a contract's quotation do not change. Down payments are the
    # invoicing of the milestones, not what was sold.

    def _playbook_sold(self):
        return self.filtered(lambda line: not line.is_downpayment)

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines._playbook_sold().order_id._playbook_restart_for_material_change(
            self.env._("Order Lines")
        )
        return lines

    def write(self, vals):
        if MATERIAL_LINE_FIELDS & set(vals):
            self._playbook_sold().order_id._playbook_restart_for_material_change(
                self.env._("Order Lines")
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_playbook_restart_approval(self):
        self._playbook_sold().order_id._playbook_restart_for_material_change(
            self.env._("Order Lines")
        )
