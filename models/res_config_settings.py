from odoo import fields, models
from odoo.exceptions import UserError


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    playbook_potential_high = fields.Integer(
        related="company_id.playbook_potential_high", readonly=False
    )
    playbook_potential_medium = fields.Integer(
        related="company_id.playbook_potential_medium", readonly=False
    )
    playbook_first_contact_hours = fields.Float(
        related="company_id.playbook_first_contact_hours", readonly=False
    )
    playbook_director_discount = fields.Float(
        related="company_id.playbook_director_discount", readonly=False
    )
    playbook_director_amount = fields.Monetary(
        related="company_id.playbook_director_amount",
        readonly=False,
        currency_field="playbook_currency_id",
    )
    playbook_renewal_days = fields.Integer(
        related="company_id.playbook_renewal_days", readonly=False
    )
    playbook_milestone_post_invoice = fields.Boolean(
        related="company_id.playbook_milestone_post_invoice", readonly=False
    )
    playbook_escalate_rep_days = fields.Integer(
        related="company_id.playbook_escalate_rep_days", readonly=False
    )
    playbook_escalate_manager_days = fields.Integer(
        related="company_id.playbook_escalate_manager_days", readonly=False
    )
    playbook_escalate_bad_debt_days = fields.Integer(
        related="company_id.playbook_escalate_bad_debt_days", readonly=False
    )
    playbook_credit_hold_days = fields.Integer(
        related="company_id.playbook_credit_hold_days", readonly=False
    )
    playbook_complaint_hours = fields.Float(
        related="company_id.playbook_complaint_hours", readonly=False
    )
    playbook_survey_id = fields.Many2one(related="company_id.playbook_survey_id", readonly=False)
    playbook_survey_months = fields.Integer(
        related="company_id.playbook_survey_months", readonly=False
    )
    playbook_survey_answer_days = fields.Integer(
        related="company_id.playbook_survey_answer_days", readonly=False
    )
    playbook_satisfaction_alert = fields.Float(
        related="company_id.playbook_satisfaction_alert", readonly=False
    )
    playbook_resource_calendar_id = fields.Many2one(
        related="company_id.resource_calendar_id", readonly=False
    )
    playbook_cn_holiday_year = fields.Integer(
        related="company_id.resource_calendar_id.playbook_cn_holiday_year"
    )
    playbook_risk_min_penalty_cap = fields.Float(
        related="company_id.playbook_risk_min_penalty_cap", readonly=False
    )
    playbook_risk_idle_days = fields.Integer(
        related="company_id.playbook_risk_idle_days", readonly=False
    )
    playbook_credit_reassess_months = fields.Integer(
        related="company_id.playbook_credit_reassess_months", readonly=False
    )
    playbook_credit_reassess_overdue_days = fields.Integer(
        related="company_id.playbook_credit_reassess_overdue_days", readonly=False
    )
    playbook_credit_reassess_collection_rate = fields.Float(
        related="company_id.playbook_credit_reassess_collection_rate", readonly=False
    )
    playbook_expense_over_budget = fields.Selection(
        related="company_id.playbook_expense_over_budget", readonly=False
    )
    playbook_currency_id = fields.Many2one(
        related="company_id.currency_id", string="Approval Currency"
    )

    def action_playbook_import_cn_holidays(self):
        """The import of China's public holidays into the company's working
        hours (the settings are saved first, a new choice of hours included)."""
        self.ensure_one()
        calendar = self.company_id.resource_calendar_id
        if not calendar:
            raise UserError(
                self.env._(
                    "The company %(company)s has no working hours: choose them first.",
                    company=self.company_id.name,
                )
            )
        return calendar.action_playbook_import_cn_holidays()
