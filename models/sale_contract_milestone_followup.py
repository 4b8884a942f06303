from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_date

FOLLOWUP_CHANNELS = [
    ("call", "Call"),
    ("email", "E-mail"),
    ("visit", "Visit"),
    ("letter", "Letter"),
]


class SaleContractMilestoneFollowup(models.Model):
    """One follow-up of an overdue payment: what the customer said and
    promised. A record of what happened: it is added, never rewritten."""

    _name = "sale.contract.milestone.followup"
    _inherit = ["sales.playbook.guarded.mixin"]
    _description = "Payment Follow-up"
    _order = "date desc, id desc"

    milestone_id = fields.Many2one(
        "sale.contract.milestone", required=True, ondelete="cascade", index=True
    )
    contract_id = fields.Many2one(related="milestone_id.contract_id", store=True)
    partner_id = fields.Many2one(related="milestone_id.partner_id", store=True)
    company_id = fields.Many2one(related="milestone_id.company_id", store=True)
    currency_id = fields.Many2one(related="milestone_id.currency_id")
    date = fields.Date(required=True, default=fields.Date.context_today)
    user_id = fields.Many2one(
        "res.users", string="By", required=True, default=lambda self: self.env.user
    )
    channel = fields.Selection(FOLLOWUP_CHANNELS, required=True, default="call")
    result = fields.Text(required=True)
    promise_date = fields.Date(string="Promised Payment Date")
    promise_amount = fields.Monetary(string="Promised Amount")
    paid_before = fields.Monetary(
        readonly=True, help="What was paid on the milestone when the promise was made."
    )
    next_date = fields.Date(string="Next Follow-up")

    @api.constrains("date", "promise_date", "promise_amount", "next_date")
    def _check_dates(self):
        today = fields.Date.context_today(self)
        for followup in self:
            if followup.date > today:
                raise ValidationError(self.env._("A follow-up cannot be dated in the future."))
            if followup.promise_amount < 0:
                raise ValidationError(self.env._("A promised amount cannot be negative."))
            if bool(followup.promise_date) != bool(followup.promise_amount):
                raise ValidationError(self.env._("A promise to pay has both a date and an amount."))
            for field_name in ("promise_date", "next_date"):
                if followup[field_name] and followup[field_name] < followup.date:
                    raise ValidationError(
                        self.env._(
                            "%(field)s cannot be before the follow-up itself.",
                            field=followup._fields[field_name].get_description(self.env)["string"],
                        )
                    )

    @api.model_create_multi
    def create(self, vals_list):
        followups = super().create(vals_list)
        for followup in followups:
            milestone = followup.milestone_id
            followup._playbook_write({"paid_before": milestone.amount_paid})
            # the note on the milestone is the salesperson's to read
            env = milestone.contract_id._playbook_owner_env()
            channel = dict(self._fields["channel"]._description_selection(env))[followup.channel]
            body = env._(
                "Follow-up by %(channel)s: %(result)s", channel=channel, result=followup.result
            )
            if followup.promise_date:
                body += " " + env._(
                    "Promise to pay %(amount)s by %(date)s.",
                    amount=followup.currency_id.format(followup.promise_amount),
                    date=format_date(env, followup.promise_date),
                )
            milestone.message_post(body=body)
            if followup.next_date:
                milestone.activity_schedule(
                    "mail.mail_activity_data_call",
                    date_deadline=followup.next_date,
                    user_id=followup.user_id.id,
                    summary=followup._playbook_in_lang_of(followup.user_id).env._(
                        "Next payment follow-up"
                    ),
                )
        return followups

    def write(self, vals):
        if set(vals) - self._playbook_protected_fields():
            raise UserError(
                self.env._(
                    "A payment follow-up records what happened; add a new one instead of "
                    "changing it."
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(
            self.env._("A payment follow-up records what happened; it cannot be deleted.")
        )
