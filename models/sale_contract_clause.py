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


class SaleContractChild(models.AbstractModel):
    """Clauses and milestones are part of the contract's text: they change
    only while it may change, and a change to an approved contract sends it
    back to review."""

    _name = "sale.contract.child.mixin"
    _description = "Part of a Contract's Text"

    # fields that are no part of the contract's text (collection work, chatter)
    _playbook_free_fields = frozenset(
        {
            "followup_ids",
            "message_follower_ids",
            "activity_ids",
            "message_main_attachment_id",
        }
    )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            contract_ids = {vals.get("contract_id") for vals in vals_list}
            self.env["sale.contract"].browse(contract_ids)._playbook_check_editable()
        records = super().create(vals_list)
        if not self.env.su:
            records.contract_id._playbook_after_change()
        return records

    def write(self, vals):
        if self.env.su or set(vals) <= self._playbook_free_fields:
            return super().write(vals)
        contracts = self.contract_id
        if vals.get("contract_id"):
            contracts |= self.env["sale.contract"].browse(vals["contract_id"])
        contracts._playbook_check_editable()
        res = super().write(vals)
        contracts._playbook_after_change()
        return res

    def unlink(self):
        if self.env.su:
            return super().unlink()
        contracts = self.contract_id
        contracts._playbook_check_editable()
        res = super().unlink()
        contracts._playbook_after_change()
        return res


class SaleContractClause(models.Model):
    _name = "sale.contract.clause"
    _inherit = ["sale.contract.child.mixin"]
    _description = "Contract Clause"
    _order = "sequence, id"

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
