from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools.misc import clean_context


class SalesPlaybookNewLead(models.TransientModel):
    """复购/转介绍线索: a repurchase by a customer, or a company it refers."""

    _name = "sales.playbook.new.lead"
    _description = "Repurchase or Referral Lead"

    partner_id = fields.Many2one("res.partner", string="Customer", required=True)
    visit_id = fields.Many2one("sales.playbook.visit", string="Return Visit")
    kind = fields.Selection(
        [("repurchase", "Repurchase"), ("referral", "Referral")],
        required=True,
        default="repurchase",
    )
    name = fields.Char(string="Opportunity", required=True)
    referred_company = fields.Char()
    referred_contact = fields.Char(string="Contact")
    referred_email = fields.Char(string="E-mail")
    referred_phone = fields.Char(string="Phone")
    incentive = fields.Text(
        help="What the customer is offered in return: a discount or a value-added service."
    )

    def action_create(self):
        self.ensure_one()
        if self.kind == "referral" and not (self.referred_company and self.referred_contact):
            raise UserError(self.env._("A referral names the referred company and its contact."))
        values = {
            "name": self.name,
            "type": "opportunity",
            "user_id": self.env.user.id,
            "playbook_visit_id": self.visit_id.id,
            "playbook_incentive": self.incentive,
            "playbook_after_sales_kind": self.kind,
        }
        if self.kind == "repurchase":
            values.update(partner_id=self.partner_id.id, playbook_scenario="renewal")
        else:
            values.update(
                partner_name=self.referred_company,
                contact_name=self.referred_contact,
                email_from=self.referred_email,
                phone=self.referred_phone,
                playbook_scenario="new_customer",
                source_id=self.env.ref("sales_playbook.utm_source_referral").id,
                playbook_referred_by_id=self.partner_id.id,
            )
        # not the wizard's defaults (default_partner_id is the referring customer)
        lead = (
            self.env["crm.lead"]
            .with_env(self.env(context=clean_context(self.env.context)))
            ._playbook_create([values])
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "crm.lead",
            "res_id": lead.id,
            "view_mode": "form",
        }
