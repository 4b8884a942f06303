from odoo import fields, models


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
    playbook_currency_id = fields.Many2one(
        related="company_id.currency_id", string="Approval Currency"
    )
