import logging

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

_logger = logging.getLogger(__name__)


class SalesPlaybookSatisfaction(models.Model):
    """满意度调研: one invitation of a customer to the satisfaction survey,
    every six months while it has an active contract, and its result.

    The answers themselves live in Odoo's survey app (``survey.user_input``),
    which only survey officers may read; this record carries what sales needs
    (customer, salesperson, period, score) under the sales record rules."""

    _name = "sales.playbook.satisfaction"
    _description = "Customer Satisfaction Survey"
    _inherit = ["mail.thread", "mail.activity.mixin", "sales.playbook.guarded.mixin"]
    _order = "date_sent desc, id desc"
    _rec_name = "partner_id"
    _mail_post_access = "read"  # the salesperson closes the to-dos; nobody edits a result

    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, readonly=True
    )
    contact_id = fields.Many2one("res.partner", readonly=True)
    contract_id = fields.Many2one("sale.contract", readonly=True, index="btree_not_null")
    user_id = fields.Many2one("res.users", string="Salesperson", index=True, readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, default=lambda self: self.env.company
    )
    survey_id = fields.Many2one("survey.survey", required=True, readonly=True)
    user_input_id = fields.Many2one(
        "survey.user_input",
        string="Survey Answer",
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
    )
    date_sent = fields.Date(
        string="Invited On", required=True, readonly=True, default=fields.Date.context_today
    )
    period = fields.Char(
        compute="_compute_period", store=True, help="Half-year of the invitation, e.g. 2026-H2."
    )
    state = fields.Selection(
        [("sent", "Invited"), ("done", "Answered")], default="sent", required=True, readonly=True
    )
    by_phone = fields.Boolean(
        string="Collect by Phone",
        readonly=True,
        help="The customer has no contact with an e-mail address: the salesperson fills in "
        "the survey with the customer.",
    )
    date_done = fields.Date(string="Answered On", readonly=True)
    score = fields.Float(
        string="Satisfaction (%)",
        readonly=True,
        aggregator="avg",
        help="Average of the rating questions, 0 % for the lowest and 100 % for the highest mark.",
    )
    response_rate = fields.Float(
        string="Response Rate (%)",
        compute="_compute_response_rate",
        store=True,
        aggregator="avg",
        help="100 when answered, 0 otherwise: its average is the response rate.",
    )
    low_satisfaction = fields.Boolean(
        readonly=True, help="Answered below the company's low-satisfaction threshold."
    )
    comment = fields.Text(string="Customer's Comments", readonly=True)
    survey_url = fields.Char(compute="_compute_survey_url", string="Survey Link")

    @api.depends("date_sent")
    def _compute_period(self):
        for record in self:
            day = record.date_sent
            record.period = day and f"{day.year}-H{1 if day.month <= 6 else 2}"

    @api.depends("state")
    def _compute_response_rate(self):
        for record in self:
            record.response_rate = 100.0 if record.state == "done" else 0.0

    @api.depends("user_input_id.state", "user_input_id.access_token")
    def _compute_survey_url(self):
        for record in self:
            # the answer's token lives in the survey app (survey officers only)
            answer = record.sudo().user_input_id
            record.survey_url = answer and answer.state != "done" and answer.get_start_url()

    def action_open_survey(self):
        """The salesperson fills in the survey with the customer on the phone."""
        self.ensure_one()
        if self.state == "done" or not self.survey_url:
            raise UserError(self.env._("This survey is already answered."))
        return {"type": "ir.actions.act_url", "url": self.survey_url, "target": "new"}

    # ------------------------------------------------------------------
    # Six-monthly invitations
    # ------------------------------------------------------------------
    @api.model
    def _playbook_survey_contact(self, contract):
        """The customer's contact who answers: the person on the order if it
        has an e-mail, else the customer's first contact with one, else the
        company's own address."""
        contact = contract.order_id.partner_id
        if contact and not contact.is_company and contact.email:
            return contact
        customer = contract.partner_id.commercial_partner_id
        people = customer.child_ids.filtered(lambda p: p.type == "contact" and p.email)
        return people[:1] or (customer if customer.email else contact)

    @api.model
    def _cron_send_surveys(self, batch_size=500):
        """Invite each customer with an active contract whose last invitation is
        older than the company's interval (six months by default). Safe to run
        twice: a customer invited within the interval is skipped."""
        today = fields.Date.context_today(self)
        self.flush_model(["partner_id", "date_sent", "company_id"])
        self.env["res.company"].flush_model(["playbook_survey_months"])
        self.env.cr.execute(
            self.env["sale.contract"]._playbook_active_customers_sql(
                today,
                condition=SQL(
                    """NOT EXISTS (
                    SELECT 1 FROM %(survey)s s JOIN %(company)s co ON co.id = s.company_id
                     WHERE s.partner_id = p.commercial_partner_id AND s.company_id = c.company_id
                       AND s.date_sent > %(today)s::date
                           - make_interval(months => COALESCE(co.playbook_survey_months, 6)))""",
                    survey=SQL.identifier(self._table),
                    company=SQL.identifier(self.env["res.company"]._table),
                    today=today,
                ),
                limit=batch_size + 1,
            )
        )
        ids = [row[1] for row in self.env.cr.fetchall()]
        remaining = max(len(ids) - batch_size, 0)
        contracts = self.env["sale.contract"].browse(ids[:batch_size])
        records = self.browse()
        for company, company_contracts in contracts.grouped("company_id").items():
            survey = company._playbook_satisfaction_survey()
            if not survey:
                _logger.warning(
                    "Company %s has no satisfaction survey: no invitation sent.", company.name
                )
                continue
            records |= self._playbook_invite(survey, company_contracts, today)
        self.env["ir.cron"]._notify_progress(done=len(contracts), remaining=remaining)
        return records

    @api.model
    def _playbook_invite(self, survey, contracts, today):
        company = contracts.company_id
        contacts = [self._playbook_survey_contact(contract) for contract in contracts]
        deadline = fields.Datetime.to_datetime(today) + relativedelta(
            days=company.playbook_survey_answer_days or 30
        )
        # the answers live in the survey app, which only survey officers manage
        answers = (
            self.env["survey.user_input"]
            .sudo()
            .create(
                [
                    {
                        "survey_id": survey.id,
                        "deadline": deadline,
                        "partner_id": contact.id if contact and contact.email else False,
                        "email": contact.email if contact else False,
                        "nickname": contact.name if contact else contract.partner_id.name,
                    }
                    for contract, contact in zip(contracts, contacts, strict=True)
                ]
            )
        )
        # the scheduler invites on behalf of every salesperson
        records = (
            self.sudo()
            .with_context(mail_create_nolog=True, tracking_disable=True)
            ._playbook_create(
                [
                    {
                        "partner_id": contract.partner_id.commercial_partner_id.id,
                        "contact_id": contact.id if contact else False,
                        "contract_id": contract.id,
                        "user_id": contract.user_id.id,
                        "team_id": contract.team_id.id,
                        "company_id": contract.company_id.id,
                        "survey_id": survey.id,
                        "user_input_id": answer.id,
                        "date_sent": today,
                        "by_phone": not (contact and contact.email),
                    }
                    for contract, contact, answer in zip(contracts, contacts, answers, strict=True)
                ]
            )
        )
        by_mail = records.filtered(lambda r: not r.by_phone)
        template = self.env.ref("sales_playbook.mail_template_satisfaction_survey")
        # the invitation goes out whoever runs the job; templates are admin data
        template.sudo().send_mail_batch(
            by_mail.user_input_id.ids, email_layout_xmlid="mail.mail_notification_light"
        )
        todos = []
        for record in records - by_mail:
            assignee = record.user_id or self.env.user
            env = record._playbook_in_lang_of(assignee).env
            todos.append(
                (
                    record,
                    {
                        "user_id": assignee.id,
                        "summary": env._("Satisfaction survey by phone"),
                        "note": env._(
                            "%(customer)s has no contact with an e-mail address: fill in "
                            "the satisfaction survey with them (Open the Survey).",
                            customer=record.partner_id.name,
                        ),
                    },
                )
            )
        self.env["mail.activity"]._playbook_create_todos(todos)
        return records

    # ------------------------------------------------------------------
    # Answers
    # ------------------------------------------------------------------
    def _playbook_record_answers(self):
        """Called when the customer submits the survey: the score is the
        average of the rating questions on 0-100, the comments are the text
        answers. A low score is a to-do for the salesperson."""
        # the customer answers as a public user: the record is updated for them
        for record in self.sudo():
            answer = record.user_input_id
            marks = []
            comments = []
            for line in answer.user_input_line_ids.filtered(lambda line: not line.skipped):
                question = line.question_id
                if line.answer_type == "scale" and question.scale_max > question.scale_min:
                    marks.append(
                        (line.value_scale - question.scale_min)
                        / (question.scale_max - question.scale_min)
                        * 100.0
                    )
                elif line.answer_type == "text_box" and line.value_text_box:
                    comments.append(line.value_text_box)
                elif line.answer_type == "char_box" and line.value_char_box:
                    comments.append(line.value_char_box)
            score = round(sum(marks) / len(marks), 1) if marks else 0.0
            record._playbook_write(
                {
                    "state": "done",
                    "date_done": fields.Date.context_today(record),
                    "score": score,
                    "comment": "\n".join(comments) or False,
                    "low_satisfaction": bool(marks)
                    and score < record.company_id.playbook_satisfaction_alert,
                }
            )
            record.activity_ids.action_feedback(feedback=self.env._("Survey answered"))
            if record.low_satisfaction:
                assignee = record.user_id or self.env.user
                env = record._playbook_in_lang_of(assignee).env
                record.activity_schedule(
                    "mail.mail_activity_data_todo",
                    user_id=assignee.id,
                    summary=env._("Low satisfaction: call the customer"),
                    note=env._(
                        "%(customer)s rated us %(score)s %%.",
                        customer=record.partner_id.name,
                        score=record.score,
                    ),
                )
