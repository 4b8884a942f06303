from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class SalesPlaybookObjection(models.Model):
    """A customer objection raised in a meeting; the manual promises an answer
    within 24 hours (000 §二(二)3)."""

    _name = "sales.playbook.objection"
    _inherit = ["sales.playbook.guarded.mixin"]
    _description = "Customer Objection"
    _order = "due_datetime, id"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    meeting_id = fields.Many2one(
        "sales.playbook.meeting", required=True, ondelete="cascade", index=True
    )
    lead_id = fields.Many2one(related="meeting_id.lead_id", store=True, index=True)
    company_id = fields.Many2one(related="meeting_id.company_id", store=True)
    name = fields.Text(string="Objection", required=True)
    owner_id = fields.Many2one("res.users", required=True, default=lambda self: self.env.user)
    due_datetime = fields.Datetime(
        string="Answer Due",
        compute="_compute_due_datetime",
        store=True,
        precompute=True,
        help="24 hours after the meeting (the manual's promise); not moved by hand.",
    )
    answered = fields.Boolean()
    answer = fields.Text()
    overdue = fields.Boolean(compute="_compute_overdue", search="_search_overdue")

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends("meeting_id.meeting_date")
    def _compute_due_datetime(self):
        for objection in self:
            date = objection.meeting_id.meeting_date
            objection.due_datetime = date and date + timedelta(hours=24)

    @api.depends("answered", "due_datetime")
    def _compute_overdue(self):
        now = fields.Datetime.now()
        for objection in self:
            objection.overdue = bool(
                not objection.answered and objection.due_datetime and objection.due_datetime < now
            )

    def _search_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise ValidationError(self.env._("Unsupported search on “overdue”."))
        domain = [("answered", "=", False), ("due_datetime", "<", fields.Datetime.now())]
        return domain if (operator == "=") == value else ["!", "&", *domain]

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains("answered", "answer")
    def _check_answer(self):
        for objection in self:
            if objection.answered and not (objection.answer or "").strip():
                raise ValidationError(
                    self.env._(
                        "Write the answer given to the objection “%(objection)s” before "
                        "marking it answered.",
                        objection=objection.name,
                    )
                )

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    @api.model
    def _cron_flag_overdue(self):
        """Flag unanswered objections past their 24 hours to their owner and
        to the supervisor of the opportunity's team, once each."""
        activity_type = self.env.ref("sales_playbook.mail_activity_type_objection_overdue")
        overdue = self.search([("overdue", "=", True)])
        already = self.env["mail.activity"].search(
            [
                ("res_model", "=", "crm.lead"),
                ("res_id", "in", overdue.lead_id.ids),
                ("activity_type_id", "=", activity_type.id),
            ]
        )
        flagged = {(a.res_id, a.user_id.id) for a in already}
        for objection in overdue:
            lead = objection.lead_id
            for user in objection.owner_id | lead.team_id.user_id:
                if (lead.id, user.id) in flagged:
                    continue
                lead.activity_schedule(
                    activity_type_id=activity_type.id,
                    summary=lead._playbook_in_lang_of(user).env._(
                        "Objection unanswered for over 24 hours"
                    ),
                    note=objection.name,
                    user_id=user.id,
                )
                flagged.add((lead.id, user.id))
