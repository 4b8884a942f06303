from markupsafe import Markup

from odoo import api, fields, models

from .sale_contract import CONTRACT_TYPES
from .sale_contract_clause import CLAUSE_TYPES


class SalesPlaybookClauseTemplate(models.Model):
    _name = "sales.playbook.clause.template"
    _inherit = ["sales.playbook.guarded.mixin"]
    _description = "Contract Clause Template"
    _order = "sequence, id"

    name = fields.Char(string="Title", required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    clause_type = fields.Selection(CLAUSE_TYPES, required=True, default="other")
    contract_type = fields.Selection(
        CONTRACT_TYPES,
        help="Only for contracts of this type; empty for every type.",
    )
    mandatory = fields.Boolean(
        help="A contract of its type cannot go to review without a clause of this kind.",
    )
    body = fields.Html(
        translate=True,
        sanitize_attributes=False,
        help="The clause text. Placeholders in braces are filled from the contract "
        "when it is printed, e.g. {customer}, {amount_total}, {late_payment_rate}.",
    )
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company)
    placeholder_help = fields.Html(compute="_compute_placeholder_help")

    @api.depends()
    @api.depends_context("lang")
    def _compute_placeholder_help(self):
        names = self.env["sale.contract"]._playbook_placeholder_descriptions()
        rows = Markup("").join(
            Markup("<tr><td><code>{%s}</code></td><td>%s</td></tr>") % (key, label)
            for key, label in names.items()
        )
        for template in self:
            template.placeholder_help = Markup('<table class="table table-sm">%s</table>') % rows
