from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.cn_tax import is_valid_uscc


class ResCompany(models.Model):
    """What the company's documents print of it beside Odoo's own fields: the
    full legal name is the company's name, the unified social credit code its
    tax ID (``vat``), the registered address its address."""

    _inherit = "res.company"

    playbook_legal_representative = fields.Char(
        string="Legal Representative",
        help="法定代表人: signs the contracts for the company unless someone is authorised.",
    )
    playbook_seal_image = fields.Image(
        string="Company Seal",
        max_width=600,
        max_height=600,
        help="An image of the company seal (a PNG with a transparent background), printed on "
        "the letters the company sends and on approved contracts.",
    )
    playbook_bank_account_id = fields.Many2one(
        "res.partner.bank",
        string="Payee Bank Account",
        domain="[('partner_id', '=', partner_id)]",
        help="The company's account printed on contracts, statements and payment reminders "
        "for the customer to pay into.",
    )

    @api.constrains("vat", "country_id")
    def _check_playbook_credit_code(self):
        for company in self:
            if company.vat and company.country_id.code == "CN" and not is_valid_uscc(company.vat):
                raise ValidationError(
                    self.env._(
                        "%(code)s is not a valid unified social credit code (统一社会信用代码): "
                        "18 characters whose last one is a check character.",
                        code=company.vat,
                    )
                )

    def _playbook_payee_bank(self):
        """The account customers pay into: the one set, else the company's first."""
        self.ensure_one()
        return self.playbook_bank_account_id or self.partner_id.bank_ids[:1]
