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
