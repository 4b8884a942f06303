from odoo import fields, models


class SalesPlaybookCompetitor(models.Model):
    """A competitor met on opportunities (市场风险: 竞争对手情况). Its own
    small model rather than a contact: competitors are no customers — they
    stay out of the contacts, the customer pickers and the salespeople's
    confidential customer list — and what the sales team knows of them
    (strengths, weaknesses, usual prices) is kept once, for every deal."""

    _name = "sales.playbook.competitor"
    _description = "Competitor"
    _order = "name, id"

    name = fields.Char(required=True)
    active = fields.Boolean(default=True)
    website = fields.Char()
    strengths = fields.Text()
    weaknesses = fields.Text()
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company, index=True)
    lead_ids = fields.Many2many(
        "crm.lead",
        "crm_lead_playbook_competitor_rel",
        "competitor_id",
        "lead_id",
        string="Opportunities",
    )

    _sql_constraints = [
        (
            "name_company_uniq",
            "unique(name, company_id)",
            "A competitor of this name already exists.",
        )
    ]
