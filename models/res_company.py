from odoo import api, fields, models
from odoo.exceptions import ValidationError


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

    @api.constrains("playbook_potential_high", "playbook_potential_medium")
    def _check_playbook_potential_thresholds(self):
        for company in self:
            if not 0 < company.playbook_potential_medium < company.playbook_potential_high <= 100:
                raise ValidationError(self.env._(
                    "Potential thresholds of %(company)s must satisfy 0 < medium < high ≤ 100.",
                    company=company.name,
                ))

    @api.constrains("playbook_first_contact_hours")
    def _check_playbook_first_contact_hours(self):
        for company in self:
            if company.playbook_first_contact_hours <= 0:
                raise ValidationError(self.env._(
                    "The first-contact delay of %(company)s must be a positive number of hours.",
                    company=company.name,
                ))
