from odoo import fields, models


class SaleContractSignWizard(models.TransientModel):
    _name = "sale.contract.sign.wizard"
    _description = "Record a Contract Signature"

    contract_id = fields.Many2one("sale.contract", required=True, ondelete="cascade")
    expected_version_code = fields.Char(related="contract_id.version_code")
    signed_date = fields.Date(required=True, default=fields.Date.context_today)
    customer_signatory = fields.Char(string="Signed for the Customer by", required=True)
    company_signatory_id = fields.Many2one(
        "res.users",
        string="Signed for the Company by",
        required=True,
        default=lambda self: self.env.user,
    )
    version_code = fields.Char(
        string="Version Code on the Signed Copy",
        required=True,
        help="The version code printed at the end of the contract the customer signed.",
    )
    signed_file = fields.Binary(string="Signed Copy", required=True, attachment=False)
    signed_file_name = fields.Char()

    def action_sign(self):
        self.ensure_one()
        self.contract_id._playbook_sign(
            {
                "signed_date": self.signed_date,
                "customer_signatory": self.customer_signatory,
                "company_signatory_id": self.company_signatory_id.id,
                "version_code": self.version_code or "",
                "signed_file": self.signed_file,
                "signed_file_name": self.signed_file_name,
            }
        )
        return {"type": "ir.actions.act_window_close"}
