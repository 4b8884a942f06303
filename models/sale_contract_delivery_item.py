from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class SaleContractDeliveryItem(models.Model):
    """项目交付计划: one dated step of delivering a signed contract."""

    _name = "sale.contract.delivery.item"
    _inherit = ["sales.playbook.guarded.mixin"]
    _description = "Delivery Plan Item"
    _order = "contract_id, planned_date, sequence, id"

    contract_id = fields.Many2one("sale.contract", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="contract_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Deliverable", required=True)
    owner_id = fields.Many2one("res.users", required=True, default=lambda self: self.env.user)
    planned_date = fields.Date(required=True)
    done_date = fields.Date()
    progress = fields.Integer(string="Progress (%)", default=0)
    note = fields.Text()
    late = fields.Boolean(
        compute="_compute_late",
        search="_search_late",
        help="Its planned date has passed and it is not done.",
    )

    @api.depends("planned_date", "done_date")
    def _compute_late(self):
        today = fields.Date.context_today(self)
        for item in self:
            item.late = bool(not item.done_date and item.planned_date and item.planned_date < today)

    def _search_late(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on late items."))
        domain = [("done_date", "=", False), ("planned_date", "<", fields.Date.context_today(self))]
        return domain if (operator == "=") == value else ["!", "&", *domain]

    @api.constrains("progress")
    def _check_progress(self):
        for item in self:
            if not 0 <= item.progress <= 100:
                raise ValidationError(
                    self.env._(
                        "The progress of %(item)s is a percentage between 0 and 100.",
                        item=item.name,
                    )
                )

    @api.constrains("done_date", "contract_id")
    def _check_done_date(self):
        for item in self.filtered("done_date"):
            signed = item.contract_id.signed_date
            if signed and item.done_date < signed:
                raise ValidationError(
                    self.env._(
                        "%(item)s cannot be done before the contract was signed.", item=item.name
                    )
                )
            if item.done_date > fields.Date.context_today(self):
                raise ValidationError(
                    self.env._("%(item)s cannot be done in the future.", item=item.name)
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("done_date"):
                vals["progress"] = 100
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("done_date"):
            vals["progress"] = 100
        return super().write(vals)
