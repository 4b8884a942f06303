from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import format_list


class SalesPlaybookStageCriterion(models.Model):
    _name = "sales.playbook.stage.criterion"
    _description = "Stage Exit Criterion"
    _inherit = ["sales.playbook.condition.mixin"]
    _playbook_rescores = False
    _order = "stage_id, sequence, id"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    name = fields.Char(
        string="Requirement",
        required=True,
        translate=True,
        help="Shown to the salesperson when the requirement is not met.",
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    stage_id = fields.Many2one("crm.stage", required=True, ondelete="cascade", index=True)
    criterion_type = fields.Selection(
        [("field", "Field is filled"), ("domain", "Lead matches a condition")],
        string="Type",
        required=True,
        default="field",
    )
    field_id = fields.Many2one(
        "ir.model.fields",
        ondelete="cascade",
        domain="[('model', '=', 'crm.lead'), ('store', '=', True)]",
        help="The lead field that must be filled (for a list: hold at least one record).",
    )
    domain = fields.Char(
        help="A condition the lead must meet; for instance records that must exist."
    )

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains("criterion_type", "field_id")
    def _check_field(self):
        for criterion in self.filtered(lambda c: c.criterion_type == "field"):
            if not criterion.field_id or criterion.field_id.model != "crm.lead":
                raise ValidationError(
                    self.env._("Exit criterion “%(name)s” needs a lead field.", name=criterion.name)
                )

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _unmet_leads(self, leads):
        """The leads among ``leads`` that do not meet this criterion."""
        self.ensure_one()
        if self.criterion_type == "field":
            # the field's technical name; ir.model.fields is readable by admins only
            fname = self.sudo().field_id.name
            return leads.filtered(lambda lead: not lead[fname])
        return leads - leads.filtered_domain(self._get_domain())

    def _playbook_todo(self, lead):
        """What the salesperson does on ``lead`` to meet this criterion: the
        requirement itself, or, for a field the add-on computes (ABC grade,
        priority score), the fields it is computed from that are still empty
        (all of them when none is)."""
        self.ensure_one()
        if self.criterion_type != "field":
            return self.name
        # the field's technical name; ir.model.fields is readable by admins only
        fname = self.sudo().field_id.name
        inputs = lead._playbook_inputs_of(fname)
        if not inputs or inputs == [fname]:
            return self.name
        # the rule sees the whole lead, whatever fields the reader may read
        lead = lead.sudo()
        to_fill = [name for name in inputs if not lead[name]] or inputs
        return self.env._(
            "%(fields)s (%(requirement)s is computed from them)",
            fields=format_list(
                self.env,
                [lead._fields[name].get_description(self.env)["string"] for name in to_fill],
                style="or",
                # the labels' language: English sources when the context has none
                lang_code=self.env.lang or "en_US",
            ),
            requirement=self.name,
        )
