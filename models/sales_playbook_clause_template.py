from markupsafe import Markup

from odoo import api, fields, models

from .sale_contract import CONTRACT_TYPES
from .sale_contract_clause import CLAUSE_TYPES


class SalesPlaybookClauseTemplate(models.Model):
    _name = "sales.playbook.clause.template"
    _inherit = ["sales.playbook.guarded.mixin"]
    _description = "Contract Clause Template"
    _order = "sequence, id"

    name = fields.Char(string="Title", required=True)
    lang = fields.Selection(
        selection="_get_lang_selection",
        string="Language",
        required=True,
        default=lambda self: self.env.lang or "en_US",
        help="The language the clause is written in: a contract takes the templates of its "
        "customer's language (English ones when there are none), so that it reads in one "
        "language.",
    )
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
        sanitize_attributes=False,
        help="The clause text. Placeholders in braces are filled from the contract "
        "when it is printed, e.g. {customer}, {amount_total}, {late_payment_rate}.",
    )
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company)
    placeholder_help = fields.Html(compute="_compute_placeholder_help")

    @api.model
    def _get_lang_selection(self):
        # every language Odoo knows, active or not: the Chinese templates ship
        # before an administrator activates Chinese
        langs = self.env["res.lang"].search_read(
            [("active", "in", (True, False))], ["code", "name"], order="name"
        )
        return [(lang["code"], lang["name"]) for lang in langs]

    @api.model
    def _playbook_for_contract(self, contract):
        """The templates of ``contract``'s type and company, in its print
        language (else in English)."""
        domain = [
            ("contract_type", "in", [False, contract.contract_type]),
            ("company_id", "in", [False, contract.company_id.id]),
        ]
        for lang in dict.fromkeys([contract._playbook_print_lang(), "en_US"]):
            templates = self.search([*domain, ("lang", "=", lang)])
            if templates:
                return templates
        return self.search(domain)

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
