from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools import expense as rules


class SalesPlaybookExpenseBudgetLine(models.Model):
    """One category of a department's expense budget: its amount for each
    month of the year."""

    _name = "sales.playbook.expense.budget.line"
    _description = "Sales Expense Budget Line"
    _inherit = ["sales.playbook.guarded.mixin"]
    _order = "budget_id, sequence, id"

    budget_id = fields.Many2one(
        "sales.playbook.expense.budget", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(related="category_id.sequence", store=True)
    company_id = fields.Many2one(related="budget_id.company_id", store=True)
    currency_id = fields.Many2one(related="budget_id.currency_id")
    category_id = fields.Many2one(
        "sales.playbook.expense.category", required=True, ondelete="restrict"
    )
    amount_01 = fields.Monetary(string="Jan")
    amount_02 = fields.Monetary(string="Feb")
    amount_03 = fields.Monetary(string="Mar")
    amount_04 = fields.Monetary(string="Apr")
    amount_05 = fields.Monetary(string="May")
    amount_06 = fields.Monetary(string="Jun")
    amount_07 = fields.Monetary(string="Jul")
    amount_08 = fields.Monetary(string="Aug")
    amount_09 = fields.Monetary(string="Sep")
    amount_10 = fields.Monetary(string="Oct")
    amount_11 = fields.Monetary(string="Nov")
    amount_12 = fields.Monetary(string="Dec")
    amount_total = fields.Monetary(string="Year Total", compute="_compute_amount_total", store=True)

    _sql_constraints = [
        (
            "category_uniq",
            "unique(budget_id, category_id)",
            "A category appears once in a budget.",
        )
    ]

    @api.depends(*rules.MONTH_FIELDS)
    def _compute_amount_total(self):
        for line in self:
            line.amount_total = sum(line[name] for name in rules.MONTH_FIELDS)

    @api.constrains(*rules.MONTH_FIELDS)
    def _check_amounts(self):
        for line in self:
            if any(line[name] < 0 for name in rules.MONTH_FIELDS):
                raise ValidationError(
                    self.env._(
                        "The budget of %(category)s has a negative month: a budget amount is "
                        "zero or more.",
                        category=line.category_id.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        budgets = self.env["sales.playbook.expense.budget"].browse(
            [vals["budget_id"] for vals in vals_list if vals.get("budget_id")]
        )
        budgets._playbook_check_lines_editable()
        return super().create(vals_list)

    def write(self, vals):
        self.budget_id._playbook_check_lines_editable()
        if "budget_id" in vals:
            self.budget_id.browse(vals["budget_id"])._playbook_check_lines_editable()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_in_draft(self):
        self.budget_id._playbook_check_lines_editable()
