from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.cn_tax import compact, taxpayer_number_kind


class ResPartner(models.Model):
    """The customer's invoicing data (开票信息) as a VAT special invoice
    (增值税专用发票) needs it: title, taxpayer number (``vat``), address and
    phone, bank and account (a ``res.partner.bank`` of the customer)."""

    _inherit = "res.partner"

    playbook_invoice_title = fields.Char(
        string="Invoicing Title",
        help="The buyer's name as the fapiao prints it: its full registered name.",
    )
    playbook_invoice_address = fields.Char(
        string="Invoicing Address",
        help="The registered address printed on a VAT special invoice.",
    )
    playbook_invoice_phone = fields.Char(
        string="Invoicing Phone",
        help="The phone number printed on a VAT special invoice.",
    )
    playbook_invoice_bank_id = fields.Many2one(
        "res.partner.bank",
        string="Invoicing Bank Account",
        domain="[('partner_id', '=', commercial_partner_id)]",
        help="The bank and account printed on a VAT special invoice.",
    )
    playbook_invoicing_missing = fields.Char(
        string="Invoicing Data Missing",
        compute="_compute_playbook_invoicing_missing",
        help="What a VAT special invoice still needs of this customer's invoicing data.",
    )

    @api.model
    def _commercial_fields(self):
        return super()._commercial_fields() + [
            "playbook_invoice_title",
            "playbook_invoice_address",
            "playbook_invoice_phone",
            "playbook_invoice_bank_id",
        ]

    @api.depends(
        "commercial_partner_id.vat",
        "commercial_partner_id.playbook_invoice_title",
        "commercial_partner_id.playbook_invoice_address",
        "commercial_partner_id.playbook_invoice_phone",
        "commercial_partner_id.playbook_invoice_bank_id",
    )
    @api.depends_context("lang")
    def _compute_playbook_invoicing_missing(self):
        for partner in self:
            partner.playbook_invoicing_missing = "; ".join(partner._playbook_invoicing_missing())

    def _playbook_invoicing_missing(self):
        """What a VAT special invoice to this customer still needs, as labels."""
        self.ensure_one()
        partner = self.commercial_partner_id
        missing = []
        if not partner.playbook_invoice_title:
            missing.append(self.env._("invoicing title"))
        if not partner.vat:
            missing.append(self.env._("taxpayer number"))
        elif not taxpayer_number_kind(partner.vat):
            missing.append(self.env._("a valid taxpayer number"))
        if not partner.playbook_invoice_address:
            missing.append(self.env._("invoicing address"))
        if not partner.playbook_invoice_phone:
            missing.append(self.env._("invoicing phone"))
        bank = partner.playbook_invoice_bank_id
        if not (bank.acc_number and bank.bank_id):
            missing.append(self.env._("bank and account"))
        return missing

    def _playbook_postal_address(self):
        """The address on one line as a document prints it: a Chinese address
        from the province down to the street, without the country; others as
        Odoo formats them."""
        self.ensure_one()
        if self.country_id.code == "CN" or (
            not self.country_id and self.env.company.country_id.code == "CN"
        ):
            parts = [self.state_id.name, self.city, self.street, self.street2]
            return "".join(part for part in parts if part)
        return " ".join(self._display_address(without_company=True).split())

    @api.model
    def _playbook_invoicing_incomplete_domain(self):
        """Partners whose invoicing data is missing something (a taxpayer
        number of the wrong shape is found by ``_playbook_invoicing_incomplete``)."""
        return [
            "|",
            "|",
            "|",
            "|",
            "|",
            "|",
            ("playbook_invoice_title", "in", (False, "")),
            ("vat", "in", (False, "")),
            ("playbook_invoice_address", "in", (False, "")),
            ("playbook_invoice_phone", "in", (False, "")),
            ("playbook_invoice_bank_id", "=", False),
            ("playbook_invoice_bank_id.acc_number", "in", (False, "")),
            ("playbook_invoice_bank_id.bank_id", "=", False),
        ]

    def _playbook_invoicing_incomplete(self):
        """The commercial partners among ``self`` whose invoicing data is incomplete."""
        partners = self.commercial_partner_id
        incomplete = partners.filtered_domain(self._playbook_invoicing_incomplete_domain())
        with_number = (partners - incomplete).filtered("vat")
        return incomplete | with_number.filtered(lambda p: not taxpayer_number_kind(p.vat))

    @api.constrains("vat", "country_id")
    def _check_playbook_taxpayer_number(self):
        """A Chinese taxpayer number is a unified social credit code (18
        characters, checked by python-stdnum) or an older 15-character one."""
        for partner in self:
            if (
                partner.vat
                and partner.country_id.code == "CN"
                and not taxpayer_number_kind(partner.vat)
            ):
                raise ValidationError(
                    self.env._(
                        "%(number)s is not a valid Chinese taxpayer number: give the 18-character "
                        "unified social credit code (统一社会信用代码) or the older 15-character "
                        "taxpayer number.",
                        number=partner.vat,
                    )
                )

    @api.model
    def _playbook_compact_vat(self, vals):
        if vals.get("vat") and isinstance(vals["vat"], str):
            number = compact(vals["vat"])
            if taxpayer_number_kind(number):
                vals["vat"] = number
        return vals

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._playbook_compact_vat(vals)
        return super().create(vals_list)

    def write(self, vals):
        return super().write(self._playbook_compact_vat(dict(vals)))
