from odoo import api, fields, models

from .crm_lead import ABC_GRADES, PLAYBOOK_QUALIFICATION_FIELDS


class SalesPlaybookGradeRule(models.Model):
    _name = "sales.playbook.grade.rule"
    _description = "ABC Grade Rule"
    _inherit = ["sales.playbook.condition.mixin"]
    _order = "sequence, id"
    _playbook_condition_fields = PLAYBOOK_QUALIFICATION_FIELDS

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    name = fields.Char(string="Rule", required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company")
    grade = fields.Selection(ABC_GRADES, required=True)
    domain = fields.Char(
        help="Leads matching this condition get this grade; the first matching rule wins."
    )

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    @api.model
    def _grade_leads(self, leads):
        """Map each lead to the grade of the first rule it matches, in bulk."""
        # configuration read on behalf of every salesperson's compute
        rules = self.sudo().search([("active", "=", True)])
        result = {}
        for company, company_leads in leads._playbook_by_company().items():
            remaining = company_leads
            for rule in rules.filtered(
                lambda r, company=company: not r.company_id or r.company_id == company
            ):
                if not remaining:
                    break
                matched = remaining._playbook_filtered_domain(rule._get_domain())
                result.update(dict.fromkeys(matched._ids, rule.grade))
                remaining -= matched
        return result
