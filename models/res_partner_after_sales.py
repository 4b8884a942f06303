from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    playbook_visit_ids = fields.One2many("sales.playbook.visit", "partner_id", string="Return Visits")
    playbook_visit_count = fields.Integer(compute="_compute_playbook_after_sales")
    playbook_contract_count = fields.Integer(compute="_compute_playbook_after_sales")
    playbook_referral_count = fields.Integer(
        compute="_compute_playbook_after_sales",
        help="Leads this customer referred to the company.")

    def _compute_playbook_after_sales(self):
        Lead = self.env["crm.lead"].with_context(active_test=False)
        referrals = dict(Lead._read_group([("playbook_referred_by_id", "in", self.ids)],
                                          ["playbook_referred_by_id"], ["__count"]))
        visits = dict(self.env["sales.playbook.visit"]._read_group(
            [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]))
        contracts = dict(self.env["sale.contract"]._read_group(
            [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]))
        for partner in self:
            partner.playbook_referral_count = referrals.get(partner, 0)
            partner.playbook_visit_count = visits.get(partner, 0)
            partner.playbook_contract_count = contracts.get(partner, 0)

    def _playbook_action(self, model, domain, name):
        return {
            "type": "ir.actions.act_window", "name": name, "res_model": model,
            "view_mode": "list,form", "domain": domain,
            "context": {"default_partner_id": self.id},
        }

    def action_playbook_visits(self):
        self.ensure_one()
        return self._playbook_action("sales.playbook.visit", [("partner_id", "=", self.id)],
                                     self.env._("Return Visits"))

    def action_playbook_contracts(self):
        self.ensure_one()
        action = self._playbook_action("sale.contract", [("partner_id", "=", self.id)],
                                       self.env._("Contracts"))
        action["context"] = {"create": False}
        return action

    def action_playbook_referrals(self):
        self.ensure_one()
        action = self._playbook_action("crm.lead", [("playbook_referred_by_id", "=", self.id)],
                                       self.env._("Referrals"))
        action["context"] = {"create": False}
        return action

    def action_playbook_new_lead(self):
        """复购/转介绍: a repurchase or a referral from this customer."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window", "name": self.env._("Repurchase or Referral"),
            "res_model": "sales.playbook.new.lead", "view_mode": "form", "target": "new",
            "context": {"default_partner_id": self.commercial_partner_id.id,
                        "default_visit_id": self.env.context.get("default_visit_id")},
        }
