from odoo import fields, models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    playbook_expense_category_id = fields.Many2one(
        "sales.playbook.expense.category",
        string="Budget Category",
        index=True,
        help="The sales expense budget category an expense of this product counts against.",
    )
