from odoo import fields, models


class CrmTeam(models.Model):
    _inherit = "crm.team"

    playbook_region_id = fields.Many2one(
        "sales.playbook.region",
        string="Region",
        ondelete="restrict",
        index=True,
        help="The region (大区) whose manager breaks the region's targets down to this team.",
    )
