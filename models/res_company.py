from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.cn_tax import is_valid_uscc


class ResCompany(models.Model):
    _inherit = "res.company"

    playbook_potential_high = fields.Integer(
        string="High Potential From",
        default=80,
        help="Priority score from which a lead is a high-potential customer.",
    )
    playbook_potential_medium = fields.Integer(
        string="Medium Potential From",
        default=60,
        help="Priority score from which a lead is a medium-potential customer; "
        "below it the potential is low.",
    )
    playbook_first_contact_hours = fields.Float(
        string="First Contact Within (hours)",
        default=1.0,
        help="Working hours, on the company's working calendar, that a salesperson "
        "has to record the first contact of a lead assigned to them.",
    )

    playbook_director_discount = fields.Float(
        string="Director Approval Above Discount (%)",
        default=10.0,
        help="A quotation with a line discount above this percentage also needs "
        "the sales director's approval.",
    )
    playbook_director_amount = fields.Monetary(
        string="Director Approval Above Total",
        currency_field="currency_id",
        default=500000.0,
        help="A quotation whose total (taxes included, in company currency) is "
        "above this amount also needs the sales director's approval.",
    )
    playbook_milestone_post_invoice = fields.Boolean(
        string="Post Milestone Invoices",
        help="Post the invoice of a payment milestone as soon as its event happens; "
        "otherwise it waits as a draft for finance.",
    )
    playbook_escalate_rep_days = fields.Integer(
        string="Remind the Salesperson After (days)",
        default=15,
        help="Days overdue after which the salesperson gets a collection to-do.",
    )
    playbook_escalate_manager_days = fields.Integer(
        string="Escalate to the Sales Manager After (days)",
        default=30,
        help="Days overdue after which the team's sales manager gets a to-do.",
    )
    playbook_escalate_bad_debt_days = fields.Integer(
        string="Bad-Debt Risk After (days)",
        default=60,
        help="Days overdue after which the milestone is a bad-debt risk and legal gets the "
        "payment reminder letter to send.",
    )
    playbook_credit_hold_days = fields.Integer(
        string="Credit Hold After (days overdue)",
        default=60,
        help="A customer with a milestone overdue this many days, or over its credit limit, "
        "is on credit hold until finance releases it.",
    )
    playbook_complaint_hours = fields.Float(
        string="Answer Complaints Within (hours)",
        default=8.0,
        help="Working hours, on the company's calendar, to answer a customer complaint "
        "before it goes to the team's supervisor.",
    )
    playbook_survey_id = fields.Many2one(
        "survey.survey",
        string="Satisfaction Survey",
        default=lambda self: self.env.ref(
            "sales_playbook.survey_customer_satisfaction", raise_if_not_found=False
        ),
        help="Survey sent to the customers with an active contract.",
    )
    playbook_survey_months = fields.Integer(
        string="Survey Every (months)",
        default=6,
        help="Months between two satisfaction surveys of the same customer.",
    )
    playbook_survey_answer_days = fields.Integer(
        string="Days to Answer",
        default=30,
        help="Days the customer has to answer the satisfaction survey.",
    )
    playbook_satisfaction_alert = fields.Float(
        string="Low Satisfaction Below (%)",
        default=60.0,
        help="A survey answered below this score is a to-do for the salesperson.",
    )
    playbook_renewal_days = fields.Integer(
        string="Renewal Reminder (days)",
        default=60,
        help="Days before a signed contract ends that its renewal opportunity is "
        "created for the contract's salesperson.",
    )
    # risk warnings (销售风险预警)
    playbook_risk_min_penalty_cap = fields.Float(
        string="Minimum Penalty Cap (%)",
        default=10.0,
        help="A contract whose penalties are capped below this share of the contract (or "
        "without a late-payment penalty) raises a contract risk warning.",
    )
    playbook_risk_idle_days = fields.Integer(
        string="Idle Days with a Competitor",
        default=14,
        help="An open opportunity with a competitor noted and no activity for this many "
        "days raises a market risk warning.",
    )
    # credit assessment (客户信用评估): when a customer is assessed again
    playbook_credit_reassess_months = fields.Integer(
        string="Re-assess Credit Every (months)",
        default=12,
        help="A customer whose approved credit assessment is this old gets a re-assessment "
        "proposed to its salesperson; 0: never.",
    )
    playbook_credit_reassess_overdue_days = fields.Integer(
        string="Re-assess from Days Overdue",
        default=30,
        help="A payment overdue this many days proposes a re-assessment; 0: not checked.",
    )
    playbook_credit_reassess_collection_rate = fields.Float(
        string="Re-assess below Collection Rate (%)",
        default=80.0,
        help="A collection rate over the last 12 months below this proposes a re-assessment; "
        "0: not checked.",
    )
    # sales expenses (销售费用)
    playbook_expense_over_budget = fields.Selection(
        [("refuse", "Refuse the report"), ("director", "Ask the sales director's approval")],
        string="Expense Report Over Budget",
        default="director",
        required=True,
        help="An expense report that goes over its department's remaining budget is refused, "
        "or needs the sales director's approval between the manager's and finance's.",
    )
    # legal data printed on the company's documents (the name, vat and address are Odoo's)
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

    @api.constrains(
        "playbook_escalate_rep_days",
        "playbook_escalate_manager_days",
        "playbook_escalate_bad_debt_days",
        "playbook_credit_hold_days",
    )
    def _check_playbook_escalation(self):
        for company in self:
            days = (
                company.playbook_escalate_rep_days,
                company.playbook_escalate_manager_days,
                company.playbook_escalate_bad_debt_days,
            )
            if min(days + (company.playbook_credit_hold_days,)) <= 0 or list(days) != sorted(
                set(days)
            ):
                raise ValidationError(
                    self.env._(
                        "The escalation delays of %(company)s must be positive and increasing: "
                        "salesperson, then sales manager, then bad-debt risk.",
                        company=company.name,
                    )
                )

    @api.constrains(
        "playbook_director_discount", "playbook_director_amount", "playbook_renewal_days"
    )
    def _check_playbook_approval_thresholds(self):
        for company in self:
            if not 0 <= company.playbook_director_discount <= 100:
                raise ValidationError(
                    self.env._(
                        "The discount threshold of %(company)s must be between 0 and 100 %%.",
                        company=company.name,
                    )
                )
            if company.playbook_director_amount < 0:
                raise ValidationError(
                    self.env._(
                        "The total threshold of %(company)s cannot be negative.",
                        company=company.name,
                    )
                )
            if company.playbook_renewal_days <= 0:
                raise ValidationError(
                    self.env._(
                        "The renewal reminder of %(company)s must be a positive number of days.",
                        company=company.name,
                    )
                )

    @api.constrains("playbook_potential_high", "playbook_potential_medium")
    def _check_playbook_potential_thresholds(self):
        for company in self:
            if not 0 < company.playbook_potential_medium < company.playbook_potential_high <= 100:
                raise ValidationError(
                    self.env._(
                        "Potential thresholds of %(company)s must satisfy 0 < medium < high ≤ 100.",
                        company=company.name,
                    )
                )

    @api.constrains("playbook_complaint_hours")
    def _check_playbook_complaint_hours(self):
        for company in self:
            if company.playbook_complaint_hours <= 0:
                raise ValidationError(
                    self.env._(
                        "The complaint answer delay of %(company)s must be a positive number "
                        "of hours.",
                        company=company.name,
                    )
                )

    @api.constrains("playbook_first_contact_hours")
    def _check_playbook_first_contact_hours(self):
        for company in self:
            if company.playbook_first_contact_hours <= 0:
                raise ValidationError(
                    self.env._(
                        "The first-contact delay of %(company)s must be a positive number of "
                        "hours.",
                        company=company.name,
                    )
                )

    @api.constrains(
        "playbook_survey_months", "playbook_survey_answer_days", "playbook_satisfaction_alert"
    )
    def _check_playbook_survey(self):
        for company in self:
            if company.playbook_survey_months <= 0 or company.playbook_survey_answer_days <= 0:
                raise ValidationError(
                    self.env._(
                        "The survey interval and the days to answer of %(company)s must be "
                        "positive.",
                        company=company.name,
                    )
                )
            if not 0 <= company.playbook_satisfaction_alert <= 100:
                raise ValidationError(
                    self.env._(
                        "The low-satisfaction threshold of %(company)s must be between 0 and "
                        "100 %%.",
                        company=company.name,
                    )
                )

    @api.constrains(
        "playbook_credit_reassess_months",
        "playbook_credit_reassess_overdue_days",
        "playbook_credit_reassess_collection_rate",
    )
    def _check_playbook_credit_settings(self):
        for company in self:
            if (
                min(
                    company.playbook_credit_reassess_months,
                    company.playbook_credit_reassess_overdue_days,
                )
                < 0
                or not 0 <= company.playbook_credit_reassess_collection_rate <= 100
            ):
                raise ValidationError(
                    self.env._(
                        "The credit re-assessment settings of %(company)s cannot be negative, "
                        "and a collection rate is between 0 and 100 %%.",
                        company=company.name,
                    )
                )

    @api.constrains("playbook_risk_min_penalty_cap", "playbook_risk_idle_days")
    def _check_playbook_risk_settings(self):
        for company in self:
            if not 0 <= company.playbook_risk_min_penalty_cap <= 100:
                raise ValidationError(
                    self.env._(
                        "The minimum penalty cap of %(company)s must be between 0 and 100 %%.",
                        company=company.name,
                    )
                )
            if company.playbook_risk_idle_days <= 0:
                raise ValidationError(
                    self.env._(
                        "The idle days before a market risk warning of %(company)s must be "
                        "positive.",
                        company=company.name,
                    )
                )

    def _playbook_today(self):
        """Today where the company works (its working hours' time zone):
        the day that makes a payment overdue and a customer held, whoever or
        whichever scheduled action asks."""
        self.ensure_one()
        tz = self.resource_calendar_id.tz or self.partner_id.tz or "UTC"
        return fields.Date.context_today(self.with_context(tz=tz))

    def _playbook_satisfaction_survey(self):
        self.ensure_one()
        # the survey belongs to the survey app: its record is read for everyone
        survey = self.sudo().playbook_survey_id or self.env.ref(
            "sales_playbook.survey_customer_satisfaction", raise_if_not_found=False
        )
        return survey and survey.filtered("active")  # an archived survey takes no answer

    @api.model
    def _playbook_set_default_survey(self):
        """At install: companies without a satisfaction survey get the shipped one."""
        survey = self.env.ref(
            "sales_playbook.survey_customer_satisfaction", raise_if_not_found=False
        )
        if survey:
            self.search([("playbook_survey_id", "=", False)]).playbook_survey_id = survey

    # ------------------------------------------------------------
    # Legal data
    # ------------------------------------------------------------

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
