from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import format_datetime

INTENTIONS = [
    ("strong", "Strong Intention"),
    ("approval", "Needs Internal Approval"),
    ("comparing", "Comparing Suppliers"),
]


class SalesPlaybookMeeting(models.Model):
    """业务洽谈记录表: what a negotiation meeting agreed, the objections raised
    and the customer's intention, which decides the next step."""

    _name = "sales.playbook.meeting"
    _description = "Negotiation Meeting Record"
    _inherit = ["mail.thread", "sales.playbook.guarded.mixin"]
    _order = "meeting_date desc, id desc"
    _rec_name = "lead_id"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    lead_id = fields.Many2one(
        "crm.lead", string="Opportunity", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="lead_id.company_id", store=True)
    meeting_date = fields.Datetime(required=True, default=fields.Datetime.now, tracking=True)
    location = fields.Char()
    our_attendee_ids = fields.Many2many("res.users", string="Our Attendees")
    customer_attendees = fields.Text()
    consensus = fields.Html(string="Consensus Reached")
    objection_ids = fields.One2many("sales.playbook.objection", "meeting_id", string="Objections")
    intention = fields.Selection(INTENTIONS, string="Intention Level", tracking=True)
    next_step_activity_id = fields.Many2one("mail.activity", readonly=True, copy=False)

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains("meeting_date", "lead_id")
    def _check_meeting_date(self):
        for meeting in self:
            if (
                meeting.lead_id.create_date
                and meeting.meeting_date < meeting.lead_id.create_date - timedelta(days=1)
            ):
                raise ValidationError(
                    self.env._(
                        "The meeting on %(date)s is dated before the opportunity “%(lead)s” "
                        "existed.",
                        date=format_datetime(self.env, meeting.meeting_date),
                        lead=meeting.lead_id.name,
                    )
                )

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        meetings = super().create(vals_list)
        meetings.filtered("intention")._schedule_next_step()
        return meetings

    def write(self, vals):
        changed = self.filtered(lambda m: "intention" in vals and m.intention != vals["intention"])
        result = super().write(vals)
        changed.filtered("intention")._schedule_next_step()
        return result

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _schedule_next_step(self):
        """The manual's next step for each intention level (000 §二(二)4):
        strong → contract draft within 3 working days; internal approval →
        proposal for the decision maker; comparing → send materials and book
        the next contact."""
        steps = {
            "strong": ("sales_playbook.mail_activity_type_contract_draft", 3),
            "approval": ("sales_playbook.mail_activity_type_decision_proposal", 3),
            "comparing": ("sales_playbook.mail_activity_type_send_materials", 2),
        }
        for meeting in self:
            lead = meeting.lead_id
            xmlid, days = steps[meeting.intention]
            owner = lead.user_id or self.env.user
            env = lead._playbook_in_lang_of(owner).env  # the to-do is the salesperson's
            summary = {
                "strong": env._("Send the contract draft and arrange the legal contact"),
                "approval": env._(
                    "Send the cooperation proposal and help reach the decision maker"
                ),
                "comparing": env._("Send the detailed materials and book the next contact"),
            }[meeting.intention]
            if meeting.next_step_activity_id.exists():
                meeting.next_step_activity_id.unlink()
            deadline = lead._playbook_working_deadline(meeting.meeting_date, days=days)
            activity = lead.activity_schedule(
                xmlid,
                date_deadline=fields.Date.context_today(meeting, deadline),
                summary=summary,
                user_id=owner.id,
            )
            meeting._playbook_write({"next_step_activity_id": activity.id})
