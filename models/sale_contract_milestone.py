from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import float_round

from .sales_playbook_payment_plan import MILESTONE_TRIGGERS


class SaleContractMilestone(models.Model):
    _name = "sale.contract.milestone"
    _inherit = ["sale.contract.child.mixin"]
    _description = "Contract Payment Milestone"
    _order = "contract_id, sequence, id"

    contract_id = fields.Many2one("sale.contract", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True)
    percentage = fields.Float(required=True, digits=(16, 2))
    trigger = fields.Selection(MILESTONE_TRIGGERS, required=True, default="signature")
    days = fields.Integer(help="For 'Days After Acceptance': how many days.")
    date = fields.Date(string="Fixed Date", help="For 'On a Fixed Date'.")
    currency_id = fields.Many2one(related="contract_id.currency_id")
    amount = fields.Monetary(compute="_compute_amount", store=True)

    @api.depends("percentage", "contract_id.amount_total", "contract_id.milestone_ids.percentage")
    def _compute_amount(self):
        """The share of the total; the last milestone takes the rounding so the
        milestones add up to the total to the cent."""
        for milestone in self:
            contract = milestone.contract_id
            currency = contract.currency_id or contract.company_id.currency_id
            if not contract or not currency:
                milestone.amount = 0.0
                continue
            siblings = contract.milestone_ids.sorted(lambda m: (m.sequence, m.id or 0))

            def share(m, contract=contract, currency=currency):
                return currency.round(contract.amount_total * m.percentage / 100)

            complete = float_round(sum(siblings.mapped("percentage")), 2) == 100.0
            if complete and milestone == siblings[-1:]:
                milestone.amount = contract.amount_total - sum(share(m) for m in siblings[:-1])
            else:
                milestone.amount = share(milestone)

    @api.constrains("percentage", "trigger", "days", "date")
    def _check_milestone(self):
        for milestone in self:
            if not 0 < milestone.percentage <= 100:
                raise ValidationError(self.env._(
                    "The milestone %(name)s must be above 0 %% and at most 100 %%.",
                    name=milestone.name))
            if milestone.trigger == "after_acceptance" and milestone.days <= 0:
                raise ValidationError(self.env._(
                    "The milestone %(name)s is due some days after acceptance: give the number of days.",
                    name=milestone.name))
            if milestone.trigger == "fixed_date" and not milestone.date:
                raise ValidationError(self.env._(
                    "The milestone %(name)s is due on a fixed date: give the date.",
                    name=milestone.name))

    def _playbook_trigger_text(self):
        self.ensure_one()
        label = dict(self._fields["trigger"]._description_selection(self.env))[self.trigger]
        if self.trigger == "after_acceptance":
            return self.env._("%(days)s days after acceptance", days=self.days)
        if self.trigger == "fixed_date" and self.date:
            return self.env._("on %(date)s", date=fields.Date.to_string(self.date))
        return label
