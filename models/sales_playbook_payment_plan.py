from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import float_compare


class SalesPlaybookPaymentPlan(models.Model):
    _name = "sales.playbook.payment.plan"
    _inherit = ["sales.playbook.guarded.mixin"]
    _description = "Payment Milestone Plan"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    line_ids = fields.One2many(
        "sales.playbook.payment.plan.line", "plan_id", string="Milestones", copy=True
    )
    total_percentage = fields.Float(compute="_compute_total_percentage", digits=(16, 2))

    @api.depends("line_ids.percentage")
    def _compute_total_percentage(self):
        for plan in self:
            plan.total_percentage = sum(plan.line_ids.mapped("percentage"))

    @api.constrains("line_ids")
    def _check_total(self):
        for plan in self:
            if float_compare(plan.total_percentage, 100.0, precision_digits=2):
                raise ValidationError(
                    self.env._(
                        "The milestones of the plan %(plan)s add up to %(total)s %%, not 100 %%.",
                        plan=plan.name,
                        total=round(plan.total_percentage, 2),
                    )
                )
