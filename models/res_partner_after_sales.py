from odoo import api, fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    playbook_visit_ids = fields.One2many(
        "sales.playbook.visit", "partner_id", string="Return Visits"
    )
    playbook_visit_count = fields.Integer(compute="_compute_playbook_after_sales")
    playbook_contract_count = fields.Integer(compute="_compute_playbook_after_sales")
    playbook_complaint_count = fields.Integer(compute="_compute_playbook_after_sales")
    playbook_survey_count = fields.Integer(compute="_compute_playbook_after_sales")
    playbook_satisfaction_ids = fields.One2many(
        "sales.playbook.satisfaction", "partner_id", string="Satisfaction Surveys"
    )
    playbook_satisfaction_score = fields.Float(
        string="Satisfaction (%)",
        compute="_compute_playbook_satisfaction_score",
        help="Score of the customer's latest answered satisfaction survey.",
    )
    playbook_satisfaction_known = fields.Boolean(compute="_compute_playbook_satisfaction_score")
    playbook_referral_count = fields.Integer(
        compute="_compute_playbook_after_sales", help="Leads this customer referred to the company."
    )

    def _compute_playbook_after_sales(self):
        Lead = self.env["crm.lead"].with_context(active_test=False)
        referrals = dict(
            Lead._read_group(
                [("playbook_referred_by_id", "in", self.ids)],
                ["playbook_referred_by_id"],
                ["__count"],
            )
        )
        visits = dict(
            self.env["sales.playbook.visit"]._read_group(
                [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]
            )
        )
        contracts = dict(
            self.env["sale.contract"]._read_group(
                [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]
            )
        )
        complaints = dict(
            self.env["sales.playbook.complaint"]._read_group(
                [("partner_id", "child_of", self.ids)], ["partner_id"], ["__count"]
            )
        )
        surveys = dict(
            self.env["sales.playbook.satisfaction"]._read_group(
                [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.playbook_complaint_count = sum(
                count
                for complainant, count in complaints.items()
                if complainant.commercial_partner_id == partner
            )
            partner.playbook_survey_count = surveys.get(partner, 0)
            partner.playbook_referral_count = referrals.get(partner, 0)
            partner.playbook_visit_count = visits.get(partner, 0)
            partner.playbook_contract_count = contracts.get(partner, 0)

    @api.depends(
        "playbook_satisfaction_ids.state",
        "playbook_satisfaction_ids.score",
        "playbook_satisfaction_ids.date_done",
    )
    def _compute_playbook_satisfaction_score(self):
        latest = {}
        for record in self.env["sales.playbook.satisfaction"].search(
            [("partner_id", "in", self.ids), ("state", "=", "done")],
            order="date_done desc, id desc",
        ):
            latest.setdefault(record.partner_id, record.score)
        for partner in self:
            partner.playbook_satisfaction_score = latest.get(partner, 0.0)
            partner.playbook_satisfaction_known = partner in latest

    def _playbook_action(self, model, domain, name):
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": model,
            "view_mode": "list,form",
            "domain": domain,
            "context": {"default_partner_id": self.id},
        }

    def action_playbook_visits(self):
        self.ensure_one()
        return self._playbook_action(
            "sales.playbook.visit", [("partner_id", "=", self.id)], self.env._("Return Visits")
        )

    def action_playbook_contracts(self):
        self.ensure_one()
        action = self._playbook_action(
            "sale.contract", [("partner_id", "=", self.id)], self.env._("Contracts")
        )
        action["context"] = {"create": False}
        return action

    def action_playbook_complaints(self):
        self.ensure_one()
        return self._playbook_action(
            "sales.playbook.complaint",
            [("partner_id", "child_of", self.id)],
            self.env._("Complaints"),
        )

    def action_playbook_surveys(self):
        self.ensure_one()
        action = self._playbook_action(
            "sales.playbook.satisfaction",
            [("partner_id", "=", self.id)],
            self.env._("Satisfaction Surveys"),
        )
        action["context"] = {"create": False}
        return action

    def action_playbook_referrals(self):
        self.ensure_one()
        action = self._playbook_action(
            "crm.lead", [("playbook_referred_by_id", "=", self.id)], self.env._("Referrals")
        )
        action["context"] = {"create": False}
        return action

    def action_playbook_new_lead(self):
        """复购/转介绍: a repurchase or a referral from this customer."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Repurchase or Referral"),
            "res_model": "sales.playbook.new.lead",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_partner_id": self.commercial_partner_id.id,
                "default_visit_id": self.env.context.get("default_visit_id"),
            },
        }
