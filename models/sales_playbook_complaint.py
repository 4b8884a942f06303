from datetime import timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_datetime

COMPLAINT_CATEGORIES = [
    ("quality", "Product Quality"),
    ("delivery", "Delivery"),
    ("service", "Service"),
    ("billing", "Invoicing and Payment"),
    ("other", "Other"),
]


class SalesPlaybookComplaint(models.Model):
    """投诉: a customer complaint, answered within working hours and resolved
    to the customer's satisfaction."""

    _name = "sales.playbook.complaint"
    _description = "Customer Complaint"
    _inherit = ["mail.thread", "mail.activity.mixin", "sales.playbook.guarded.mixin"]
    _order = "received_date desc, id desc"

    name = fields.Char(string="Subject", required=True, tracking=True)
    partner_id = fields.Many2one("res.partner", string="Customer", required=True, index=True)
    contract_id = fields.Many2one(
        "sale.contract", index="btree_not_null", domain="[('partner_id', '=', partner_id)]"
    )
    user_id = fields.Many2one(
        "res.users",
        string="Owner",
        required=True,
        index=True,
        tracking=True,
        default=lambda self: self.env.user,
    )
    team_id = fields.Many2one("crm.team", string="Sales Team", index="btree_not_null")
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    category = fields.Selection(
        COMPLAINT_CATEGORIES, required=True, default="service", tracking=True
    )
    description = fields.Text(required=True)
    received_date = fields.Datetime(string="Received", required=True, default=fields.Datetime.now)
    response_due = fields.Datetime(
        string="Answer Due",
        compute="_compute_response_due",
        store=True,
        help="The received time plus the working hours of the company's answer delay "
        "(Sales settings), on the company's working calendar.",
    )
    state = fields.Selection(
        [
            ("new", "New"),
            ("answered", "Answered"),
            ("resolved", "Resolved"),
            ("confirmed", "Confirmed by Customer"),
        ],
        default="new",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
        index=True,
    )
    response = fields.Text(string="Answer")
    answered_date = fields.Datetime(readonly=True, copy=False)
    resolution = fields.Text()
    confirmed_date = fields.Date(string="Customer Confirmation", readonly=True, copy=False)
    late = fields.Boolean(
        compute="_compute_late", search="_search_late", help="Not answered by its due time."
    )
    escalated = fields.Boolean(readonly=True, copy=False)

    @api.depends(
        "received_date", "company_id.playbook_complaint_hours", "company_id.resource_calendar_id"
    )
    def _compute_response_due(self):
        for complaint in self:
            company = complaint.company_id or self.env.company
            hours = company.playbook_complaint_hours
            start = complaint.received_date
            calendar = company.resource_calendar_id
            if not start:
                complaint.response_due = False
                continue
            due = False
            if calendar:
                tz = pytz.timezone(calendar.tz or "UTC")
                due = calendar.plan_hours(
                    hours, pytz.utc.localize(start).astimezone(tz), compute_leaves=True
                )
            complaint.response_due = (
                due.astimezone(pytz.utc).replace(tzinfo=None)
                if due
                else start + timedelta(hours=hours)
            )

    @api.depends("response_due", "answered_date")
    def _compute_late(self):
        now = fields.Datetime.now()
        for complaint in self:
            complaint.late = bool(
                not complaint.answered_date
                and complaint.response_due
                and complaint.response_due < now
            )

    def _search_late(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on late complaints."))
        domain = [("answered_date", "=", False), ("response_due", "<", fields.Datetime.now())]
        return domain if (operator == "=") == value else ["!", "&", *domain]

    def action_answer(self):
        for complaint in self:
            if complaint.state != "new":
                raise UserError(self.env._("%(name)s is already answered.", name=complaint.name))
            if not (complaint.response or "").strip():
                raise UserError(self.env._("Write the answer given to the customer first."))
        self._playbook_write({"state": "answered", "answered_date": fields.Datetime.now()})
        return True

    def action_resolve(self):
        for complaint in self:
            if complaint.state != "answered":
                raise UserError(
                    self.env._("Answer %(name)s before resolving it.", name=complaint.name)
                )
            if not (complaint.resolution or "").strip():
                raise UserError(self.env._("Describe the resolution first."))
        self._playbook_write({"state": "resolved"})
        return True

    def action_confirm(self):
        for complaint in self:
            if complaint.state != "resolved":
                raise UserError(
                    self.env._(
                        "The customer confirms a resolved complaint; %(name)s is not resolved.",
                        name=complaint.name,
                    )
                )
        self._playbook_write(
            {"state": "confirmed", "confirmed_date": fields.Date.context_today(self)}
        )
        return True

    def write(self, vals):
        """What was answered, resolved and confirmed stays as it was."""
        content = set(vals) - self._playbook_free_fields - self._playbook_protected_fields()
        for complaint in self:
            frozen = {
                "new": set(),
                "answered": {"received_date", "response"},
                "resolved": {"received_date", "response", "resolution"},
                "confirmed": content,
            }[complaint.state]
            if frozen & content:
                raise UserError(
                    self.env._(
                        "%(name)s is %(state)s: what was recorded does not change any more.",
                        name=complaint.name,
                        state=dict(self._fields["state"]._description_selection(self.env))[
                            complaint.state
                        ],
                    )
                )
        return super().write(vals)

    @api.constrains("received_date")
    def _check_received_date(self):
        latest = fields.Datetime.now() + timedelta(minutes=5)
        for complaint in self:
            if complaint.received_date > latest:
                raise ValidationError(
                    self.env._(
                        "The complaint %(name)s cannot be received in the future.",
                        name=complaint.name,
                    )
                )

    @api.model
    def _cron_escalate_late(self, batch_size=500):
        """Hourly: a complaint not answered in time goes to the team's
        supervisor, once."""
        late = self.search([("late", "=", True), ("escalated", "=", False)], limit=batch_size)
        managers = self.env.ref("sales_playbook.group_playbook_manager").users
        for complaint in late:
            team = complaint.team_id or complaint.user_id.crm_team_ids[:1]
            supervisor = (
                team.user_id
                or managers.filtered(lambda u, c=complaint.company_id: c in u.company_ids)[:1]
            )
            if supervisor:
                env = complaint._playbook_in_lang_of(supervisor).env
                complaint.activity_schedule(
                    "mail.mail_activity_data_todo",
                    user_id=supervisor.id,
                    summary=env._("Late complaint: %(name)s", name=complaint.name),
                    note=env._(
                        "Not answered by %(due)s; owner %(owner)s.",
                        due=format_datetime(env, complaint.response_due, tz=supervisor.tz),
                        owner=complaint.user_id.name,
                    ),
                )
            env = complaint._playbook_in_lang_of(complaint.user_id).env
            complaint.message_post(
                body=env._(
                    "Not answered in time: escalated to %(supervisor)s.",
                    supervisor=supervisor.name or env._("the sales managers"),
                )
            )
        late._playbook_write({"escalated": True})
        return len(late)
