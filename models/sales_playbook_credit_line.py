from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_list

from ..tools import credit


class SalesPlaybookCreditLine(models.Model):
    """One criterion of a credit assessment: the measured value or the chosen
    level, and the points it earns (the breakdown of the score)."""

    _name = "sales.playbook.credit.line"
    _inherit = ["sales.playbook.guarded.mixin"]
    _description = "Credit Assessment Line"
    _order = "assessment_id, sequence, id"

    assessment_id = fields.Many2one(
        "sales.playbook.credit.assessment", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="assessment_id.company_id", store=True)
    criterion_id = fields.Many2one(
        "sales.playbook.credit.criterion",
        string="Scorecard Criterion",
        required=True,
        ondelete="restrict",
        readonly=True,
    )
    name = fields.Char(related="criterion_id.name", string="Criterion")
    sequence = fields.Integer(related="criterion_id.sequence", store=True)
    source = fields.Selection(related="criterion_id.source")
    weight = fields.Integer(readonly=True)
    value = fields.Float(
        compute="_compute_value", store=True, help="The figure of the credit file measured."
    )
    # the level chosen by whoever prepares the assessment, for a criterion
    # without a figure (ownership type, industry risk, financial health...)
    chosen_level_id = fields.Many2one(
        "sales.playbook.credit.level",
        domain="[('criterion_id', '=', criterion_id)]",
    )
    # the level that counts: the chosen one, or the one the figure falls in
    level_id = fields.Many2one(
        "sales.playbook.credit.level", compute="_compute_level_id", store=True
    )
    # the level's share, copied when the level is measured or chosen (as the
    # weight is): a later edit of the scorecard leaves the credit file alone
    ratio = fields.Float(string="Share (%)", compute="_compute_ratio", store=True)
    points = fields.Float(compute="_compute_points", store=True, digits=(16, 1))

    @api.depends(
        "criterion_id.source",
        "assessment_id.registered_capital",
        "assessment_id.years_in_business",
        "assessment_id.max_days_overdue",
        "assessment_id.broken_promises",
        "assessment_id.collection_rate",
    )
    def _compute_value(self):
        for line in self:
            source = line.criterion_id.source
            line.value = line.assessment_id[source] if source and source != "manual" else 0.0

    @api.depends("value", "criterion_id.source", "chosen_level_id")
    def _compute_level_id(self):
        for line in self:
            if line.criterion_id.source == "manual":
                line.level_id = line.chosen_level_id
            else:
                line.level_id = line.criterion_id._level_for_value(line.value)

    @api.depends("level_id")
    def _compute_ratio(self):
        for line in self:
            line.ratio = line.level_id.ratio

    @api.depends("ratio", "weight")
    def _compute_points(self):
        for line in self:
            line.points = credit.criterion_points(line.weight, line.ratio)

    @api.constrains("chosen_level_id")
    def _check_level(self):
        for line in self:
            if line.chosen_level_id and line.chosen_level_id.criterion_id != line.criterion_id:
                raise ValidationError(
                    self.env._(
                        "Level %(level)s is not one of criterion %(criterion)s.",
                        level=line.chosen_level_id.name,
                        criterion=line.name,
                    )
                )

    def write(self, vals):
        if "chosen_level_id" in vals:
            measured = self.filtered(lambda line: line.criterion_id.source != "manual")
            if measured:
                raise ValidationError(
                    self.env._(
                        "The level of %(criterion)s follows from its measured value.",
                        criterion=format_list(self.env, measured.mapped("name")),
                    )
                )
            frozen = self.assessment_id.filtered(lambda a: a.state != "draft")
            if frozen:
                raise UserError(
                    self.env._(
                        "%(assessment)s was submitted: its scores are no longer edited.",
                        assessment=format_list(self.env, frozen.mapped("name")),
                    )
                )
        return super().write(vals)
