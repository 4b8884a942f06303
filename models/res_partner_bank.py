from odoo import models


class ResPartnerBank(models.Model):
    _inherit = "res.partner.bank"

    def _playbook_bank_text(self):
        """The account as documents print it: holder, bank, number."""
        self.ensure_one()
        return self.env._(
            "Account name: %(holder)s; bank: %(bank)s; account number: %(number)s",
            holder=self.acc_holder_name or self.partner_id.commercial_partner_id.name or "",
            bank=self.bank_id.name or "",
            number=self.acc_number or "",
        )
