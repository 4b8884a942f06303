from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.osv import expression
from odoo.tools.safe_eval import safe_eval


class SalesPlaybookConditionMixin(models.AbstractModel):
    """A configurable condition on leads (score levels, grade rules, stage
    exit criteria): a domain that admins edit with Odoo's domain editor."""

    _name = "sales.playbook.condition.mixin"
    _inherit = ["sales.playbook.rescore.mixin"]
    _description = "Playbook Lead Condition"

    # The lead fields a condition may read. A stored score or grade follows
    # the fields its conditions read only if they are among the fields its
    # compute depends on: conditions feeding one are limited to those.
    # None: any field (stage exit criteria, evaluated when a lead moves).
    _playbook_condition_fields = None

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
                domain = record._get_domain()
                Lead.search_count([("id", "=", 0)] + domain)
            except Exception as error:
                raise ValidationError(
                    self.env._(
                        "The condition of “%(name)s” is not valid: %(error)s",
                        name=record.display_name,
                        error=error,
                    )
                ) from error
            outside = record._playbook_fields_outside(domain)
            if outside:
                allowed = sorted(
                    Lead._fields[fname].get_description(self.env)["string"]
                    for fname in self._playbook_condition_fields
                )
                raise ValidationError(
                    self.env._(
                        "The condition of “%(name)s” reads %(outside)s: scores and grades are "
                        "kept up to date from these lead fields only: %(allowed)s.",
                        name=record.display_name,
                        outside=", ".join(outside),
                        allowed=", ".join(allowed),
                    )
                )

    def _playbook_fields_outside(self, domain):
        """The paths ``domain`` reads that are not among the allowed fields
        (a path through a relation counts as outside: its far end changes
        without the lead knowing)."""
        if self._playbook_condition_fields is None:
            return []
        outside = []
        for leaf in expression.normalize_domain(domain):
            if not (isinstance(leaf, (list, tuple)) and len(leaf) == 3):
                continue
            path, operator = leaf[0], leaf[1]
            if not isinstance(path, str):
                continue
            if (
                "." in path
                or operator in ("any", "not any")
                or path not in self._playbook_condition_fields
            ):
                outside.append(path)
        return outside

    def _get_domain(self):
        self.ensure_one()
        return safe_eval(self.domain or "[]", {"uid": self.env.uid})

    def _playbook_domain_fields(self):
        """The lead fields the conditions of ``self`` read (the first field of
        each path), in the order they appear, once each."""
        fnames = []
        for record in self:
            for leaf in expression.normalize_domain(record._get_domain()):
                if isinstance(leaf, (list, tuple)) and len(leaf) == 3 and isinstance(leaf[0], str):
                    fname = leaf[0].split(".", 1)[0]
                    if fname not in fnames:
                        fnames.append(fname)
        return fnames
