from odoo import fields, models

from .sale_contract import INVOICE_TYPES


class AccountMove(models.Model):
    _inherit = "account.move"

    playbook_invoice_type = fields.Selection(
        INVOICE_TYPES,
        string="Invoice Type (Contract)",
        help="The invoice type agreed in the contract whose payment milestone this invoice bills.",
    )
    playbook_milestone_ids = fields.One2many(
        "sale.contract.milestone", "invoice_id", string="Payment Milestones"
    )
