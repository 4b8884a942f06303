from odoo import fields, models


class SalesPlaybookNegotiationMember(models.Model):
    _name = "sales.playbook.negotiation.member"
    _inherit = ["sales.playbook.guarded.mixin"]
    _description = "Negotiation Team Member"
    _order = "negotiation_id, role, id"

    negotiation_id = fields.Many2one(
        "sales.playbook.negotiation", required=True, ondelete="cascade", index=True
    )
    user_id = fields.Many2one("res.users", string="Member", required=True)
    role = fields.Selection(
        [
            ("lead", "Lead Negotiator"),
            ("technical", "Technical Support"),
            ("legal", "Legal"),
            ("finance", "Finance"),
        ],
        required=True,
        default="lead",
    )
