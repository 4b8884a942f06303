from odoo import fields, models


class SalesPlaybookRegion(models.Model):
    """大区: sales teams grouped under a regional manager, the level between
    the company and its teams where the director sets targets and the
    regional manager breaks them down to the teams."""

    _name = "sales.playbook.region"
    _description = "Sales Region"
    _order = "sequence, name, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    user_id = fields.Many2one(
        "res.users",
        string="Regional Manager",
        domain="[('share', '=', False)]",
        check_company=True,
        index=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    team_ids = fields.One2many("crm.team", "playbook_region_id", string="Sales Teams")

    _sql_constraints = [
        (
            "name_company_uniq",
            "unique(name, company_id)",
            "A region of this name already exists in this company.",
        )
    ]
