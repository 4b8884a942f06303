from odoo import api, fields, models

CLAUSE_TYPES = [
    ("subject", "Subject Matter"),
    ("price_payment", "Price and Payment"),
    ("invoice", "Invoice"),
    ("delivery", "Delivery and Acceptance"),
    ("obligations", "Rights and Obligations"),
    ("liability", "Liability for Breach"),
    ("confidentiality", "Confidentiality"),
    ("dispute", "Dispute Resolution"),
    ("channel", "Channel Authorisation"),
    ("other", "Other"),
]


class SaleContractClause(models.Model):
    """A clause of a contract's text: it changes only while the contract may
    change, and a change to an approved contract sends it back to review."""

    _name = "sale.contract.clause"
    _inherit = ["sales.playbook.document.line.mixin"]
    _description = "Contract Clause"
    _order = "sequence, id"
    _playbook_document_field = "contract_id"

    contract_id = fields.Many2one("sale.contract", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    clause_type = fields.Selection(CLAUSE_TYPES, required=True, default="other")
    template_id = fields.Many2one("sales.playbook.clause.template", ondelete="set null")
    name = fields.Char(string="Title", required=True)
    body = fields.Html(
        sanitize_attributes=False,
        help="Placeholders in braces are filled from the contract when it is printed.",
    )
    body_rendered = fields.Html(
        string="As Printed", compute="_compute_body_rendered", sanitize=False
    )

    @api.depends("body", "contract_id")
    @api.depends_context("lang")
    def _compute_body_rendered(self):
        for clause in self:
            clause.body_rendered = (
                clause.contract_id._playbook_render_clause(clause)
                if clause.contract_id
                else clause.body
            )
