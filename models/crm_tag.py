from odoo import fields, models


class CrmTag(models.Model):
    _inherit = "crm.tag"

    playbook_tag_kind = fields.Selection(
        [
            ("potential", "Potential Level"),
            ("need_type", "Need Type"),
            ("follow_up", "Follow-up Priority"),
        ],
        string="Playbook Kind",
        help="The manual labels each customer with its potential level, need type "
        "and follow-up priority.",
    )
