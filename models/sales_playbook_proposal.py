from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_amount

from ..tools.cn_amount import amount_in_words


class SalesPlaybookProposal(models.Model):
    """合作建议书 / 解决方案建议书: the solution proposed to the customer, tied
    to the opportunity and its quotations, and the customer's confirmation
    (方案确认函)."""

    _name = "sales.playbook.proposal"
    _description = "Solution Proposal"
    _inherit = ["mail.thread", "mail.activity.mixin", "sales.playbook.guarded.mixin"]
    _order = "id desc"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    name = fields.Char(string="Title", required=True, tracking=True)
    lead_id = fields.Many2one(
        "crm.lead",
        string="Opportunity",
        required=True,
        ondelete="cascade",
        index=True,
        tracking=True,
    )
    company_id = fields.Many2one(related="lead_id.company_id", store=True)
    partner_id = fields.Many2one(related="lead_id.partner_id", string="Customer")
    user_id = fields.Many2one(
        "res.users", string="Prepared By", default=lambda self: self.env.user, tracking=True
    )
    state = fields.Selection(
        [("draft", "Draft"), ("sent", "Sent to Customer"), ("confirmed", "Confirmed by Customer")],
        default="draft",
        required=True,
        tracking=True,
    )
    summary = fields.Html(help="The customer's situation and what the solution achieves.")
    scope = fields.Html(string="Modules and Scope")
    implementation_plan = fields.Html()
    cases = fields.Html(string="Reference Cases")
    order_ids = fields.Many2many(
        "sale.order",
        string="Quotations",
        domain="[('opportunity_id', '=', lead_id)]",
        help="The quotations this proposal prices.",
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    amount_untaxed = fields.Monetary(compute="_compute_amounts", string="Untaxed Amount")
    amount_total = fields.Monetary(compute="_compute_amounts", string="Total")
    uncovered_need_ids = fields.Many2many(
        "sales.playbook.need",
        compute="_compute_uncovered_need_ids",
        string="Must-have Needs Not Answered",
        help="Must-have needs of the opportunity that no line of the proposal's quotations "
        "answers.",
    )
    confirmation_date = fields.Date(tracking=True)
    confirmed_by = fields.Char(string="Confirmed By (Customer)", tracking=True)
    confirmation_note = fields.Text()

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends("order_ids.amount_untaxed", "order_ids.amount_total", "order_ids.currency_id")
    def _compute_amounts(self):
        for proposal in self:
            currency = proposal.currency_id
            date = fields.Date.context_today(proposal)
            proposal.amount_untaxed = sum(
                order.currency_id._convert(
                    order.amount_untaxed, currency, proposal.company_id or self.env.company, date
                )
                for order in proposal.order_ids
            )
            proposal.amount_total = sum(
                order.currency_id._convert(
                    order.amount_total, currency, proposal.company_id or self.env.company, date
                )
                for order in proposal.order_ids
            )

    @api.depends(
        "lead_id.need_ids.category",
        "lead_id.need_ids.state",
        "order_ids.order_line.playbook_need_ids",
    )
    def _compute_uncovered_need_ids(self):
        for proposal in self:
            must = proposal.lead_id.need_ids.filtered(
                lambda n: n.category == "must" and n.state != "dropped"
            )
            proposal.uncovered_need_ids = must - proposal.order_ids.order_line.playbook_need_ids

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains("state", "confirmation_date", "confirmed_by")
    def _check_confirmation(self):
        for proposal in self.filtered(lambda p: p.state == "confirmed"):
            if not (proposal.confirmation_date and proposal.confirmed_by):
                raise ValidationError(
                    self.env._(
                        "Record who confirmed the proposal “%(name)s” for the customer, and when.",
                        name=proposal.name,
                    )
                )

    @api.constrains("order_ids", "lead_id")
    def _check_orders(self):
        for proposal in self:
            if any(order.opportunity_id != proposal.lead_id for order in proposal.order_ids):
                raise ValidationError(
                    self.env._(
                        "The quotations of proposal “%(name)s” must belong to its opportunity.",
                        name=proposal.name,
                    )
                )

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_mark_sent(self):
        for proposal in self:
            if proposal.state != "draft":
                raise UserError(self.env._("Only a draft proposal can be sent."))
        self.state = "sent"

    def action_confirm_by_customer(self):
        """方案确认函: the customer confirmed the proposal (date and signatory
        filled on the form first)."""
        for proposal in self:
            if not (proposal.confirmation_date and proposal.confirmed_by):
                raise UserError(
                    self.env._(
                        "Fill in who confirmed the proposal for the customer and when, then "
                        "confirm."
                    )
                )
        self.state = "confirmed"

    def action_reset_draft(self):
        self.state = "draft"

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _amount_total_capitals(self):
        """The total in Chinese capitals (大写), as printed on the proposal."""
        self.ensure_one()
        currency = self.currency_id
        return amount_in_words(self.amount_total, currency.name, currency.decimal_places)

    def _confirmation_text(self):
        """The body of the confirmation letter, in the language of ``self.env``."""
        self.ensure_one()
        return self.env._(
            "We have received and reviewed the solution proposal “%(name)s”, for a total of "
            "%(amount)s (%(capitals)s), and confirm that it meets our needs. We agree to continue "
            "to the business negotiation on this basis.",
            name=self.name,
            amount=format_amount(self.env, self.amount_total, self.currency_id),
            capitals=self._amount_total_capitals(),
        )
