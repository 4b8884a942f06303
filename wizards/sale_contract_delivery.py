from odoo import fields, models


class SaleContractDeliveryWizard(models.TransientModel):
    """Record that the delivery of a signed contract is complete: its
    delivery milestones fall due and are invoiced."""

    _name = "sale.contract.delivery.wizard"
    _description = "Record a Contract Delivery"

    contract_id = fields.Many2one("sale.contract", required=True, ondelete="cascade")
    delivered_on = fields.Date(required=True, default=fields.Date.context_today)
    note = fields.Text(help="How the delivery was confirmed (delivery note, customer e-mail…).")

    def action_record(self):
        self.ensure_one()
        self.contract_id.action_record_delivery(self.delivered_on)
        if self.note:
            self.contract_id.message_post(body=self.note)
        return {"type": "ir.actions.act_window_close"}
