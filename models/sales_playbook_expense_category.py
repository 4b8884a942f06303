from odoo import fields, models


class SalesPlaybookExpenseCategory(models.Model):
    """费用类别: the heading a sales expense is budgeted under (travel,
    entertainment, marketing, ...). An admin adds categories and tags the
    expense products with them; the budget of a sales department is set by
    category and month, and an expense counts against the category of its
    product."""

    _name = "sales.playbook.expense.category"
    _description = "Sales Expense Budget Category"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char()
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    product_ids = fields.One2many(
        "product.template", "playbook_expense_category_id", string="Expense Products"
    )

    _sql_constraints = [
        ("name_uniq", "unique(name)", "A budget category of this name already exists."),
    ]
