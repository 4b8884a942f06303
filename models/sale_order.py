from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools.cn_amount import amount_in_words

# A change to one of these after approval asks for approval again; any other
# field (tags, customer reference, validity, salesperson...) is cosmetic.
MATERIAL_ORDER_FIELDS = frozenset(
    {
        "partner_id",
        "partner_invoice_id",
        "partner_shipping_id",
        "order_line",
        "pricelist_id",
        "currency_id",
        "payment_term_id",
        "fiscal_position_id",
        "company_id",
        "note",
    }
)
MATERIAL_LINE_FIELDS = frozenset(
    {
        "order_id",
        "product_id",
        "product_template_id",
        "product_uom_qty",
        "product_uom",
        "price_unit",
        "discount",
        "tax_id",
        "display_type",
        "is_downpayment",
    }
)
# computed from the reviews; never written by hand
PROTECTED_ORDER_FIELDS = ("validation_status", "review_ids")


class SaleOrder(models.Model):
    _name = "sale.order"
    _inherit = ["sale.order", "sales.playbook.guarded.mixin"]
    _playbook_protected_extra = PROTECTED_ORDER_FIELDS

    playbook_below_minimum = fields.Boolean(
        string="Below Minimum Price",
        compute="_compute_playbook_below_minimum",
        help="The untaxed total is below the minimum price set for the negotiation.",
    )
    playbook_max_discount = fields.Float(
        string="Largest Discount (%)",
        compute="_compute_playbook_approval_needs",
        digits="Discount",
    )
    playbook_needs_director = fields.Boolean(
        string="Needs the Sales Director",
        compute="_compute_playbook_approval_needs",
        help="A discount above the threshold, a price below the negotiation's "
        "minimum price, or a total above the threshold (Sales settings).",
    )
    playbook_over_credit_limit = fields.Boolean(
        string="Over Credit Limit",
        compute="_compute_playbook_approval_needs",
        help="The customer's receivable, uninvoiced orders and this quotation exceed "
        "its credit limit: finance approves too.",
    )
    playbook_credit_hold = fields.Boolean(
        string="Customer on Credit Hold",
        compute="_compute_playbook_approval_needs",
        help="The customer is on credit hold in the quotation's company.",
    )
    playbook_payment_days = fields.Integer(
        string="Payment Term (days)",
        compute="_compute_playbook_approval_needs",
        help="The days the payment term gives the customer to pay its last instalment.",
    )
    playbook_beyond_credit_term = fields.Boolean(
        string="Beyond Approved Payment Term",
        compute="_compute_playbook_approval_needs",
        help="The payment term is longer than the customer's approved one (credit "
        "assessment): finance approves too.",
    )
    playbook_approval_reasons = fields.Text(
        string="Approval Reasons",
        compute="_compute_playbook_approval_needs",
    )
    playbook_approved = fields.Boolean(
        string="Approved to Send",
        compute="_compute_playbook_approved",
        help="Every review the approval matrix asks for is approved: the quotation "
        "may be sent, shared, printed and confirmed.",
    )
    playbook_contract_ids = fields.One2many("sale.contract", "order_id", string="Contracts")
    playbook_contract_count = fields.Integer(compute="_compute_playbook_contract_count")

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends("amount_untaxed", "opportunity_id")
    def _compute_playbook_below_minimum(self):
        # the bottom lines stay hidden; only the verdict is shown on the quotation
        lines = (
            self.env["sales.playbook.bottom.line"]
            .sudo()  # the verdict for anyone who sees the quotation; the figures stay hidden
            .search([("lead_id", "in", self.opportunity_id.ids), ("min_price", ">", 0)])
        )
        minimum = {}
        for line in lines:
            minimum[line.lead_id.id] = max(minimum.get(line.lead_id.id, 0.0), line.min_price)
        for order in self:
            floor = minimum.get(order.opportunity_id.id)
            order.playbook_below_minimum = bool(floor and order.amount_untaxed < floor)

    @api.depends(
        "state",
        "order_line.discount",
        "amount_total",
        "currency_id",
        "date_order",
        "partner_id",
        "payment_term_id",
        "company_id.playbook_director_discount",
        "company_id.playbook_director_amount",
        "playbook_below_minimum",
    )
    def _compute_playbook_approval_needs(self):
        for order in self:
            company = order.company_id or self.env.company
            discounts = order.order_line.filtered(lambda line: not line.display_type).mapped(
                "discount"
            )
            order.playbook_max_discount = max(discounts, default=0.0)
            total = (
                order.currency_id._convert(
                    order.amount_total,
                    company.currency_id,
                    company,
                    order.date_order or fields.Date.context_today(order),
                )
                if order.currency_id
                else order.amount_total
            )
            reasons = []
            if order.playbook_max_discount > company.playbook_director_discount:
                reasons.append(
                    self.env._(
                        "A discount of %(discount)s %% is above the %(threshold)s %% the "
                        "sales manager may grant.",
                        discount=order.playbook_max_discount,
                        threshold=company.playbook_director_discount,
                    )
                )
            if order.playbook_below_minimum:
                reasons.append(self.env._("The price is below the negotiation's minimum price."))
            if company.playbook_director_amount and total > company.playbook_director_amount:
                reasons.append(
                    self.env._(
                        "The total is above %(amount)s.",
                        amount=company.currency_id.format(company.playbook_director_amount),
                    )
                )
            order.playbook_needs_director = bool(reasons)
            customer = order.partner_id.with_company(company)
            order.playbook_over_credit_limit = bool(
                order.partner_id
                and order.state in ("draft", "sent")
                and customer._playbook_over_credit_limit(extra=total)
            )
            order.playbook_credit_hold = bool(order.partner_id and customer.playbook_credit_hold)
            if order.playbook_over_credit_limit:
                reasons.append(self.env._("The customer is over its credit limit."))
            if order.state in ("draft", "sent") and order.playbook_credit_hold:
                reasons.append(self.env._("The customer is on credit hold: finance approves too."))
            order.playbook_payment_days = order._playbook_payment_days()
            order.playbook_beyond_credit_term = bool(
                order.partner_id
                and order.state in ("draft", "sent")
                and customer._playbook_credit_term_exceeded(order.playbook_payment_days, company)
            )
            if order.playbook_beyond_credit_term:
                reasons.append(
                    self.env._(
                        "A payment term of %(days)s days is longer than the %(approved)s days "
                        "approved for the customer: finance approves too.",
                        days=order.playbook_payment_days,
                        approved=customer.commercial_partner_id.playbook_credit_days,
                    )
                )
            order.playbook_approval_reasons = "\n".join(reasons)

    def _playbook_payment_days(self):
        """The days the payment term gives to pay the last instalment, from
        the quotation's date."""
        self.ensure_one()
        term = self.payment_term_id
        if not term:
            return 0
        start = fields.Date.to_date(self.date_order or fields.Date.context_today(self))
        return max(((line._get_due_date(start) - start).days for line in term.line_ids), default=0)

    @api.depends("state", "review_ids.status")
    @api.depends_context("uid")
    def _compute_playbook_approved(self):
        for order in self:
            order.playbook_approved = order._playbook_is_approved()

    @api.depends("playbook_contract_ids")
    def _compute_playbook_contract_count(self):
        for order in self:
            order.playbook_contract_count = len(order.playbook_contract_ids)

    def _playbook_is_approved(self):
        """Read from the reviews themselves, not from a stored status."""
        self.ensure_one()
        if self.state not in self._state_from:
            return True
        reviews = self.review_ids
        if not reviews:
            return not self.need_validation
        return all(review.status == "approved" for review in reviews)

    def _playbook_check_approved(self, action):
        for order in self:
            if not order._playbook_is_approved():
                raise UserError(
                    self.env._(
                        "%(order)s cannot be %(action)s before it is approved. "
                        "Request its validation and wait for every reviewer.",
                        order=order.name,
                        action=action,
                    )
                )

    # ------------------------------------------------------------
    # TIER VALIDATION
    # ------------------------------------------------------------

    @api.model
    def _get_under_validation_exceptions(self):
        """Cosmetic fields stay editable while the quotation is under review;
        so does the state, which ``write`` lets go to sent or sale only once
        approved."""
        cosmetic = [
            name
            for name in self._fields
            if name not in MATERIAL_ORDER_FIELDS and name not in PROTECTED_ORDER_FIELDS
        ]
        return list(set(super()._get_under_validation_exceptions()) | set(cosmetic))

    def _playbook_restart_for_material_change(self, what):
        """After approval (or a rejection) a material change starts a new
        approval round; while reviewers are at work it is refused. The
        quotation of a contract under review, approved or signed does not
        change: the contract's subject matter and money are what was agreed."""
        for order in self:
            agreed = order.playbook_contract_ids.filtered(
                lambda c: c.state in ("review", "approved", "signed")
            )[:1]
            if agreed:
                raise UserError(
                    self.env._(
                        "The contract %(contract)s is %(state)s: %(what)s of its quotation "
                        "%(order)s cannot change.",
                        contract=agreed.name,
                        state=agreed._playbook_state_label(),
                        what=what,
                        order=order.name,
                    )
                )
            if order.state not in order._state_from or not order.review_ids:
                continue
            statuses = set(order.review_ids.mapped("status"))
            if statuses & {"waiting", "pending"} and "rejected" not in statuses:
                raise UserError(
                    self.env._(
                        "%(order)s is being reviewed: %(what)s cannot change until the "
                        "reviewers have decided.",
                        order=order.name,
                        what=what,
                    )
                )
            with self.env["tier.review"]._playbook_review_flow():
                order.review_ids.unlink()
            order.message_post(
                body=self.env._(
                    "Approval requested again: %(what)s changed after the review.",
                    what=what,
                )
            )

    def request_validation(self):
        for order in self:
            if order.state not in order._state_from:
                raise UserError(self.env._("%(order)s is no longer a quotation.", order=order.name))
        return super().request_validation()

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    def write(self, vals):
        # before the approval flow's own checks: what is decided is refused first
        self._playbook_check_protected(vals)
        if vals.get("state") in ("sent", "sale"):
            self._playbook_check_approved(
                self.env._("sent") if vals["state"] == "sent" else self.env._("confirmed")
            )
        material = MATERIAL_ORDER_FIELDS & set(vals)
        if material:
            labels = ", ".join(
                self._fields[name].get_description(self.env)["string"] for name in sorted(material)
            )
            self._playbook_restart_for_material_change(labels)
        return super().write(vals)

    # ------------------------------------------------------------
    # ACTIONS: nothing leaves the company before approval
    # ------------------------------------------------------------

    def action_quotation_send(self):
        self.filtered(lambda o: o.state in o._state_from)._playbook_check_approved(
            self.env._("sent by e-mail")
        )
        return super().action_quotation_send()

    def action_quotation_sent(self):
        self._playbook_check_approved(self.env._("marked as sent"))
        return super().action_quotation_sent()

    def action_preview_sale_order(self):
        self._playbook_check_approved(self.env._("shown on the customer portal"))
        return super().action_preview_sale_order()

    def action_confirm(self):
        self._playbook_check_approved(self.env._("confirmed"))
        for order in self:
            order.partner_id.with_company(order.company_id)._playbook_check_credit_hold(
                self.env._("the confirmation")
            )
        return super().action_confirm()

    def message_post(self, **kwargs):
        if self.env.context.get("mark_so_as_sent"):
            self.filtered(lambda o: o.state in o._state_from)._playbook_check_approved(
                self.env._("sent by e-mail")
            )
        return super().message_post(**kwargs)

    def _get_share_url(self, redirect=False, signup_partner=False, pid=None, share_token=True):
        self.filtered(lambda o: o.state in o._state_from)._playbook_check_approved(
            self.env._("shared on the customer portal")
        )
        return super()._get_share_url(
            redirect=redirect, signup_partner=signup_partner, pid=pid, share_token=share_token
        )

    def action_playbook_create_contract(self):
        self.ensure_one()
        contract = self.env["sale.contract"].create_from_order(self)
        return {
            "type": "ir.actions.act_window",
            "res_model": "sale.contract",
            "res_id": contract.id,
            "view_mode": "form",
        }

    def action_view_playbook_contracts(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sales_playbook.action_sale_contract"
        )
        action["domain"] = [("order_id", "=", self.id)]
        action["context"] = {"default_order_id": self.id}
        if len(self.playbook_contract_ids) == 1:
            action.update(
                view_mode="form", views=[(False, "form")], res_id=self.playbook_contract_ids.id
            )
        return action

    def _playbook_amount_in_words(self):
        """The total in capitals, naming the quotation's currency."""
        self.ensure_one()
        return amount_in_words(
            self.amount_total, self.currency_id.name, self.currency_id.decimal_places
        )
