from odoo import fields, models

from .sale_contract_milestone import MILESTONE_TRIGGERS


class SalesPlaybookPaymentPlanLine(models.Model):
    _name = "sales.playbook.payment.plan.line"
    _inherit = ["sales.playbook.guarded.mixin"]
    _description = "Payment Milestone Plan Line"
    _order = "sequence, id"

    plan_id = fields.Many2one("sales.playbook.payment.plan", required=True, ondelete="cascade")
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    percentage = fields.Float(required=True, digits=(16, 2))
    trigger = fields.Selection(MILESTONE_TRIGGERS, required=True, default="signature")
    days = fields.Integer(help="For 'Days After Acceptance': how many days.")

    _sql_constraints = [
        (
            "percentage_range",
            "CHECK(percentage > 0 AND percentage <= 100)",
            "A milestone's percentage must be above 0 and at most 100.",
        ),
    ]
