from odoo import api, fields, models
from odoo.exceptions import ValidationError


class HrExpense(models.Model):
    """A sales expense: counted against the budget of the salesperson's
    department (their sales team, and its region) under the budget category
    of its product, and optionally against a customer or an opportunity
    (the cost of the deal)."""

    _inherit = ["hr.expense", "sales.playbook.guarded.mixin"]
    _name = "hr.expense"

    playbook_team_id = fields.Many2one(
        "crm.team",
        string="Sales Team",
        compute="_compute_playbook_department",
        store=True,
        precompute=True,
        index=True,
        help="The sales team of the employee when the expense was recorded: its budget "
        "(or its region's) pays for it.",
    )
    playbook_region_id = fields.Many2one(
        "sales.playbook.region",
        string="Region",
        compute="_compute_playbook_department",
        store=True,
        precompute=True,
        index=True,
    )
    playbook_category_id = fields.Many2one(
        "sales.playbook.expense.category",
        string="Budget Category",
        compute="_compute_playbook_category_id",
        store=True,
        precompute=True,
        index=True,
    )
    playbook_partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        index="btree_not_null",
        help="The customer this expense was spent on.",
    )
    playbook_lead_id = fields.Many2one(
        "crm.lead",
        string="Opportunity",
        index="btree_not_null",
        domain="[('type', '=', 'opportunity')]",
        help="The opportunity this expense was spent on: it counts in its cost of sale.",
    )

    # the employee's department is recorded once, with the expense: a later
    # move to another team leaves the expenses on the budget they were spent on
    @api.depends("employee_id")
    def _compute_playbook_department(self):
        for expense in self:
            team, region = expense._playbook_department_of(expense.employee_id.user_id)
            expense.playbook_team_id = team
            expense.playbook_region_id = region

    @api.model
    def _playbook_department_of(self, user):
        """The sales department of ``user``: the team they belong to or lead
        and its region, else the region they manage."""
        if not user:
            return self.env["crm.team"], self.env["sales.playbook.region"]
        team = user.sale_team_id or self.env["crm.team"].search(
            [("user_id", "=", user.id), ("company_id", "in", [False, self.env.company.id])],
            limit=1,
        )
        region = team.playbook_region_id or self.env["sales.playbook.region"].search(
            [("user_id", "=", user.id)], limit=1
        )
        return team, region

    @api.depends("product_id")
    def _compute_playbook_category_id(self):
        for expense in self:
            expense.playbook_category_id = expense.product_id.playbook_expense_category_id

    @api.constrains("playbook_partner_id", "playbook_lead_id")
    def _check_playbook_deal(self):
        for expense in self:
            lead = expense.playbook_lead_id
            partner = expense.playbook_partner_id
            if (
                lead
                and partner
                and lead.partner_id.commercial_partner_id
                not in (
                    partner.commercial_partner_id,
                    self.env["res.partner"],
                )
            ):
                raise ValidationError(
                    self.env._(
                        "The opportunity %(lead)s is not of the customer %(partner)s.",
                        lead=lead.display_name,
                        partner=partner.display_name,
                    )
                )

    @api.onchange("playbook_lead_id")
    def _onchange_playbook_lead_id(self):
        if self.playbook_lead_id.partner_id and not self.playbook_partner_id:
            self.playbook_partner_id = self.playbook_lead_id.partner_id.commercial_partner_id
