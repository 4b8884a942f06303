from odoo import api, fields, models
from odoo.exceptions import ValidationError


class SalesPlaybookSpinRecord(models.Model):
    """需求挖掘记录表: one SPIN interview with a contact of the customer."""

    _name = "sales.playbook.spin.record"
    _inherit = ["sales.playbook.guarded.mixin"]
    _description = "SPIN Discovery Record"
    _order = "interview_date desc, id desc"
    _rec_name = "lead_id"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    lead_id = fields.Many2one(
        "crm.lead", string="Opportunity", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="lead_id.company_id", store=True)
    user_id = fields.Many2one(
        "res.users", string="Interviewer", required=True, default=lambda self: self.env.user
    )
    interview_date = fields.Date(required=True, default=fields.Date.context_today)
    contact_name = fields.Char(string="Interviewee", required=True)
    contact_function = fields.Char(string="Interviewee Position")
    situation = fields.Text(help="Situation: how does the customer work today?")
    problem = fields.Text(help="Problem: which steps hurt, which losses did they cause?")
    implication = fields.Text(help="Implication: what does the problem cost if it lasts?")
    need_payoff = fields.Text(
        string="Need-payoff",
        help="Need-payoff: what would solving it be worth, which functions are essential?",
    )

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains("lead_id", "situation", "problem", "implication", "need_payoff")
    def _check_answers(self):
        for record in self:
            if not any((record.situation, record.problem, record.implication, record.need_payoff)):
                raise ValidationError(
                    self.env._(
                        "The SPIN record of %(contact)s holds no answer: fill at least one of "
                        "Situation, Problem, Implication and Need-payoff.",
                        contact=record.contact_name,
                    )
                )

    @api.constrains("interview_date")
    def _check_interview_date(self):
        today = fields.Date.context_today(self)
        for record in self:
            if record.interview_date > today:
                raise ValidationError(
                    self.env._(
                        "The interview with %(contact)s cannot be dated in the future.",
                        contact=record.contact_name,
                    )
                )
