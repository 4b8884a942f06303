from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools.safe_eval import safe_eval


class SalesPlaybookConditionMixin(models.AbstractModel):
    """A configurable condition on leads (score levels, grade rules, stage
    exit criteria): a domain that admins edit with Odoo's domain editor."""

    _name = "sales.playbook.condition.mixin"
    _inherit = ["sales.playbook.rescore.mixin"]
    _description = "Playbook Lead Condition"

    domain = fields.Char(
        string="Condition",
        default="[]",
        required=True,
        help="A condition on the lead, edited with the domain editor.",
    )

    @api.constrains("domain")
    def _check_domain(self):
        Lead = self.env["crm.lead"]
        for record in self:
            try:
                Lead.search_count([("id", "=", 0)] + record._get_domain())
            except Exception as error:
                raise ValidationError(
                    self.env._(
                        "The condition of “%(name)s” is not valid: %(error)s",
                        name=record.display_name,
                        error=error,
                    )
                ) from error

    def _get_domain(self):
        self.ensure_one()
        return safe_eval(self.domain or "[]", {"uid": self.env.uid})
