from odoo import fields, models


class SaleContractAcceptanceItem(models.Model):
    _name = "sale.contract.acceptance.item"
    _inherit = ["sales.playbook.document.line.mixin"]
    _description = "Acceptance Report Item"
    _order = "acceptance_id, sequence, id"
    _playbook_document_field = "acceptance_id"

    acceptance_id = fields.Many2one(
        "sale.contract.acceptance", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    name = fields.Text(string="Item", required=True)
    need_id = fields.Many2one("sales.playbook.need", ondelete="set null")
    passed = fields.Boolean()
    remark = fields.Char()
