from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

CONTACT_CHANNELS = [
    ("phone", "Phone"),
    ("email", "E-mail"),
    ("visit", "Visit"),
    ("video", "Video Call"),
    ("messaging", "Instant Messaging"),
    ("other", "Other"),
]


class SalesPlaybookFirstContact(models.Model):
    _name = "sales.playbook.first.contact"
    _inherit = ["sales.playbook.guarded.mixin"]
    _description = "First Contact Record"
    _order = "contact_datetime desc, id desc"
    _rec_name = "lead_id"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    lead_id = fields.Many2one("crm.lead", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="lead_id.company_id", store=True)
    user_id = fields.Many2one(
        "res.users", string="Salesperson", required=True, default=lambda self: self.env.user
    )
    contact_datetime = fields.Datetime(
        string="Contacted On", required=True, default=fields.Datetime.now
    )
    channel = fields.Selection(CONTACT_CHANNELS, required=True, default="phone")
    contact_person = fields.Char(string="Spoke With")
    feedback = fields.Text(string="Customer Feedback")
    needs = fields.Text(string="Needs Heard")
    next_action = fields.Char()
    next_action_date = fields.Date()

    _sql_constraints = [
        ("lead_uniq", "unique(lead_id)", "A lead has a single first contact record."),
    ]

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains("contact_datetime", "next_action_date", "next_action")
    def _check_dates(self):
        # a few minutes of tolerance for clocks of the user's device
        latest = fields.Datetime.now() + timedelta(minutes=5)
        for record in self:
            if record.contact_datetime > latest:
                raise ValidationError(
                    self.env._(
                        "The first contact with “%(lead)s” cannot be in the future.",
                        lead=record.lead_id.name,
                    )
                )
            if record.next_action_date and record.next_action_date < record.contact_datetime.date():
                raise ValidationError(
                    self.env._(
                        "The next action on “%(lead)s” cannot be planned before the contact "
                        "itself.",
                        lead=record.lead_id.name,
                    )
                )
            if record.next_action_date and not record.next_action:
                raise ValidationError(
                    self.env._(
                        "Say what the next action on “%(lead)s” is, not only its date.",
                        lead=record.lead_id.name,
                    )
                )

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        records._post_on_leads()
        return records

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _post_on_leads(self):
        """Close the first-contact activity, plan the next action, log it."""
        activity_type = self.env.ref("sales_playbook.mail_activity_type_first_contact")
        for record in self:
            lead = record.lead_id
            lead.activity_ids.filtered(
                lambda a: a.activity_type_id == activity_type
            ).action_feedback(feedback=record.feedback or "")
            if record.next_action_date:
                lead.activity_schedule(
                    "mail.mail_activity_data_todo",
                    date_deadline=record.next_action_date,
                    summary=record.next_action,
                    user_id=(lead.user_id or record.user_id).id,
                )
            env = lead._playbook_in_lang_of(lead.user_id).env
            lead.message_post(
                body=env._(
                    "First contact recorded (%(channel)s): %(feedback)s",
                    channel=dict(record._fields["channel"]._description_selection(env))[
                        record.channel
                    ],
                    feedback=record.feedback or "-",
                ),
                subtype_xmlid="mail.mt_note",
            )
