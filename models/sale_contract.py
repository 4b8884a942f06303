import functools
import hashlib
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, float_compare, format_date

from ..tools.clauses import fill_placeholders
from ..tools.cn_amount import amount_in_words
from .sales_playbook_guarded_mixin import open_door

CONTRACT_TYPES = [
    ("sales", "Sales Contract"),
    ("framework", "Framework Agreement"),
    ("channel", "Channel Agreement"),
    ("renewal", "Renewal Contract"),
]
INVOICE_TYPES = [
    ("vat_special", "VAT Special Invoice"),
    ("vat_ordinary", "VAT Ordinary Invoice"),
    ("none", "No Invoice"),
]
CONTRACT_STATES = [
    ("draft", "Draft"),
    ("review", "Under Review"),
    ("approved", "Approved"),
    ("signed", "Signed"),
    ("cancel", "Cancelled"),
]
# what people may still record on a signed contract (what the contract's own
# actions record — delivery, acceptance, signature — goes through its door)
AFTER_SIGNATURE_FIELDS = frozenset(
    {
        "delivery_item_ids",
        "acceptance_ids",
        "archive_number",
        "archive_date",
        "archive_location",
        "message_follower_ids",
        "activity_ids",
        "message_main_attachment_id",
        "user_id",
    }
)


class SaleContract(models.Model):
    _name = "sale.contract"
    _description = "Sales Contract"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "tier.validation",
        "sales.playbook.guarded.mixin",
        "sales.playbook.risk.subject.mixin",
    ]
    _playbook_risk_field = "contract_id"
    _order = "id desc"
    _check_company_auto = True

    _state_from = ["draft", "review"]
    _state_to = ["approved"]
    _cancel_state = "cancel"
    _tier_validation_manual_config = False
    # the reviews are the approval record: they change through the approval flow
    _playbook_protected_extra = ("review_ids",)

    name = fields.Char(
        string="Number",
        required=True,
        readonly=True,
        copy=False,
        default="/",
        index="trigram",
    )
    title = fields.Char(string="Contract Title", tracking=True)
    contract_type = fields.Selection(
        CONTRACT_TYPES,
        string="Type",
        required=True,
        default="sales",
        tracking=True,
    )
    state = fields.Selection(
        CONTRACT_STATES,
        required=True,
        default="draft",
        readonly=True,
        copy=False,
        tracking=True,
        index=True,
    )
    order_id = fields.Many2one(
        "sale.order",
        string="Quotation",
        required=True,
        ondelete="restrict",
        index=True,
        check_company=True,
        tracking=True,
        domain="[('state', 'in', ('draft', 'sent', 'sale'))]",
    )
    opportunity_id = fields.Many2one(related="order_id.opportunity_id", store=True, index=True)
    partner_id = fields.Many2one(
        related="order_id.partner_id",
        store=True,
        index=True,
        string="Customer",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Salesperson",
        index=True,
        tracking=True,
        default=lambda self: self.env.user,
    )
    team_id = fields.Many2one(related="order_id.team_id", store=True, string="Sales Team")
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(related="order_id.currency_id", store=True)
    amount_untaxed = fields.Monetary(related="order_id.amount_untaxed", store=True)
    amount_tax = fields.Monetary(related="order_id.amount_tax", store=True)
    amount_total = fields.Monetary(related="order_id.amount_total", store=True)
    line_ids = fields.One2many(
        "sale.order.line",
        compute="_compute_line_ids",
        string="Subject Matter",
        help="The goods and services sold: the quotation's lines without the down payments "
        "and deductions that invoicing the milestones adds.",
    )
    date_start = fields.Date(string="Start Date", tracking=True)
    date_end = fields.Date(string="End Date", tracking=True)

    # price and payment
    payment_plan_id = fields.Many2one("sales.playbook.payment.plan")
    milestone_ids = fields.One2many(
        "sale.contract.milestone",
        "contract_id",
        string="Payment Milestones",
        copy=True,
    )
    milestone_total = fields.Float(
        string="Milestones Total (%)",
        compute="_compute_milestone_total",
        digits=(16, 2),
    )
    payment_method = fields.Char()
    payee_bank_id = fields.Many2one(
        "res.partner.bank",
        string="Payee Account",
        domain="[('partner_id', '=', company_partner_id)]",
        help="The company's account the customer pays every milestone into; empty: the "
        "company's payee account.",
    )
    company_partner_id = fields.Many2one(related="company_id.partner_id")
    payment_days = fields.Integer(
        string="Payment Term (days)",
        default=30,
        help="Days the customer has to pay a milestone once its event happened.",
    )
    playbook_beyond_credit_term = fields.Boolean(
        string="Beyond Approved Payment Term",
        compute="_compute_playbook_beyond_credit_term",
        help="The payment term is longer than the customer's approved one (credit "
        "assessment): finance must approve the contract.",
    )
    invoice_type = fields.Selection(INVOICE_TYPES, default="vat_special")
    # delivery and acceptance
    delivery_date = fields.Date()
    delivery_place = fields.Char()
    delivery_method = fields.Selection(
        [
            ("supplier", "Delivered by the supplier"),
            ("pickup", "Collected by the customer"),
            ("carrier", "Shipped by carrier"),
            ("onsite", "Installed on site"),
        ],
        default="supplier",
    )
    acceptance_criteria = fields.Text()
    acceptance_days = fields.Integer(
        string="Acceptance Within (days)",
        default=7,
        help="Days the customer has to accept the delivery.",
    )
    # what happened after signature: the events payment milestones wait for
    delivered_date = fields.Date(
        readonly=True,
        copy=False,
        tracking=True,
        help="The day the delivery was completed (Record Delivery; detected when the order's "
        "quantities are delivered in full).",
    )
    accepted_date = fields.Date(
        readonly=True,
        copy=False,
        tracking=True,
        help="The day the customer accepted the delivery (a passed acceptance report).",
    )
    # liabilities
    late_delivery_rate = fields.Float(
        string="Late Delivery Penalty (% per day)",
        default=0.05,
        digits=(16, 3),
    )
    late_payment_rate = fields.Float(
        string="Late Payment Penalty (% per day)",
        default=0.05,
        digits=(16, 3),
    )
    penalty_cap = fields.Float(
        string="Penalty Cap (% of the contract)",
        default=10.0,
        digits=(16, 2),
    )
    # confidentiality
    confidentiality_scope = fields.Text()
    confidentiality_years = fields.Integer(string="Confidentiality Term (years)", default=3)
    # dispute resolution
    dispute_method = fields.Selection(
        [("court", "Court at the company's seat"), ("arbitration", "Arbitration commission")],
        default="court",
        required=True,
    )
    arbitration_commission = fields.Char()
    # channel agreements
    territory = fields.Char()
    authorisation_scope = fields.Text()
    settlement_method = fields.Selection(
        [("resale", "Buy and resell"), ("commission", "Commission"), ("rebate", "Annual rebate")],
    )
    # renewal
    original_contract_id = fields.Many2one(
        "sale.contract",
        string="Renewed Contract",
        check_company=True,
        index="btree_not_null",
    )
    renewal_lead_id = fields.Many2one(
        "crm.lead", string="Renewal Opportunity", readonly=True, copy=False
    )

    clause_ids = fields.One2many("sale.contract.clause", "contract_id", string="Clauses", copy=True)
    # fulfilment
    delivery_item_ids = fields.One2many(
        "sale.contract.delivery.item", "contract_id", string="Delivery Plan"
    )
    acceptance_ids = fields.One2many(
        "sale.contract.acceptance", "contract_id", string="Acceptance Reports"
    )
    last_weekly_followup = fields.Date(readonly=True, copy=False)

    # review and signature
    fingerprint = fields.Char(
        readonly=True, copy=False, help="SHA-256 of the contract text as approved."
    )
    version_code = fields.Char(compute="_compute_version_code")
    approved_date = fields.Datetime(readonly=True, copy=False)
    signed_date = fields.Date(readonly=True, copy=False, tracking=True)
    customer_signatory = fields.Char(readonly=True, copy=False)
    company_signatory_id = fields.Many2one("res.users", readonly=True, copy=False)
    signed_attachment_id = fields.Many2one(
        "ir.attachment", string="Signed Copy", readonly=True, copy=False
    )
    signed_version_code = fields.Char(readonly=True, copy=False)
    # archive of the original (合同原件备案)
    archive_number = fields.Char(copy=False, tracking=True)
    archive_date = fields.Date(copy=False)
    archive_location = fields.Char(copy=False)
    archived_original = fields.Boolean(
        string="Original Archived",
        compute="_compute_archived_original",
        store=True,
    )
    renewal_due = fields.Boolean(compute="_compute_renewal_due", search="_search_renewal_due")

    _sql_constraints = [
        (
            "name_company_unique",
            "unique(name, company_id)",
            "A contract number is unique per company.",
        ),
    ]

    # ------------------------------------------------------------
    # COMPUTES AND CONSTRAINTS
    # ------------------------------------------------------------

    @api.depends("order_id.order_line.is_downpayment")
    def _compute_line_ids(self):
        for contract in self:
            contract.line_ids = contract.order_id.order_line.filtered(
                lambda line: not line.is_downpayment
            )

    @api.depends("milestone_ids.percentage")
    def _compute_milestone_total(self):
        for contract in self:
            contract.milestone_total = sum(contract.milestone_ids.mapped("percentage"))

    @api.depends("fingerprint")
    def _compute_version_code(self):
        for contract in self:
            contract.version_code = (contract.fingerprint or "")[:12].upper()

    @api.depends("archive_number", "archive_date")
    def _compute_archived_original(self):
        for contract in self:
            contract.archived_original = bool(contract.archive_number and contract.archive_date)

    @api.depends("state", "date_end", "renewal_lead_id", "company_id.playbook_renewal_days")
    @api.depends_context("company")
    def _compute_renewal_due(self):
        due = self.search(self._renewal_due_domain())
        for contract in self:
            contract.renewal_due = contract in due

    def _search_renewal_due(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on renewal due."))
        positive = (operator == "=") == value
        return self._renewal_due_domain() if positive else ["!", *self._renewal_due_domain()]

    def _renewal_due_domain(self):
        days = self.env.company.playbook_renewal_days
        limit = fields.Date.context_today(self) + timedelta(days=days)
        return [
            ("state", "=", "signed"),
            ("date_end", "!=", False),
            ("date_end", "<=", limit),
            ("renewal_lead_id", "=", False),
        ]

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for contract in self:
            if (
                contract.date_start
                and contract.date_end
                and contract.date_end < contract.date_start
            ):
                raise ValidationError(
                    self.env._(
                        "The contract %(contract)s ends before it starts.", contract=contract.name
                    )
                )

    @api.constrains(
        "late_delivery_rate",
        "late_payment_rate",
        "penalty_cap",
        "confidentiality_years",
        "payment_days",
        "acceptance_days",
    )
    def _check_numbers(self):
        for contract in self:
            if (
                min(contract.late_delivery_rate, contract.late_payment_rate, contract.penalty_cap)
                < 0
            ):
                raise ValidationError(self.env._("Penalty rates and caps cannot be negative."))
            if contract.penalty_cap > 100:
                raise ValidationError(
                    self.env._("The penalty cap is a percentage of the contract: at most 100 %.")
                )
            if (
                min(contract.confidentiality_years, contract.payment_days, contract.acceptance_days)
                < 0
            ):
                raise ValidationError(
                    self.env._(
                        "The confidentiality term, payment term and acceptance period cannot "
                        "be negative."
                    )
                )

    @api.constrains("order_id", "state")
    def _check_one_live_contract(self):
        for contract in self.filtered(lambda c: c.state != "cancel"):
            others = self.search_count(
                [
                    ("order_id", "=", contract.order_id.id),
                    ("state", "!=", "cancel"),
                    ("id", "!=", contract.id),
                ]
            )
            if others:
                raise ValidationError(
                    self.env._(
                        "The quotation %(order)s already has a contract.",
                        order=contract.order_id.name,
                    )
                )

    @api.depends("state")
    def _compute_hide_reviews(self):
        # the reviews are the approval record: keep them in sight after approval
        for contract in self:
            contract.hide_reviews = contract.state == "cancel"

    def _get_tier_validation_readonly_domain(self):
        return "validation_status in ('waiting', 'pending') or state in ('signed', 'cancel')"

    @api.depends("payment_days", "partner_id", "company_id")
    def _compute_playbook_beyond_credit_term(self):
        for contract in self:
            contract.playbook_beyond_credit_term = bool(
                contract.partner_id
                and contract.partner_id._playbook_credit_term_exceeded(
                    contract.payment_days, contract.company_id
                )
            )

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        self._playbook_check_protected_create(vals_list)
        orders = [self.env["sale.order"].browse(vals.get("order_id")) for vals in vals_list]
        for order in orders:
            if order and order.state in order._state_from and not order._playbook_is_approved():
                raise UserError(
                    self.env._(
                        "A contract is drafted from an approved quotation; %(order)s is not "
                        "approved yet.",
                        order=order.name,
                    )
                )
        numbered = []
        for vals, order in zip(vals_list, orders, strict=True):
            vals = {**self._playbook_standard_terms(order), **vals}
            if vals.get("name", "/") == "/":
                company = self.env["res.company"].browse(vals.get("company_id")) or self.env.company
                vals["name"] = (
                    self.env["ir.sequence"].with_company(company).next_by_code("sale.contract")
                    or "/"
                )
            numbered.append(vals)
        # the number comes from the sequence, never from the caller (checked above)
        with open_door(self._name, None, {"name"}):
            return super().create(numbered)

    @api.model
    def _playbook_standard_terms(self, order):
        """The standard wording of a new contract, in the customer's language."""
        env = self.with_context(lang=order.partner_id.lang or self.env.lang).env
        return {
            "payment_method": env._("Wire transfer"),
            "confidentiality_scope": env._(
                "Technical, commercial and personal information either party learns "
                "while performing this contract."
            ),
        }

    def write(self, vals):
        # before the approval flow's own checks: what is decided is refused first
        self._playbook_check_protected(vals)
        decided = self._playbook_protected_fields()
        closed = self.filtered(lambda c: c.state in ("signed", "cancel"))
        if closed and set(vals) - AFTER_SIGNATURE_FIELDS - decided:
            raise UserError(
                self.env._(
                    "%(contract)s is %(state)s: only its archive details, delivery plan "
                    "and acceptance reports can change; a new end date is an amendment.",
                    contract=closed[0].name,
                    state=closed[0]._playbook_state_label(),
                )
            )
        result = super().write(vals)
        if set(vals) - decided:
            self._playbook_after_change()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_reviewed(self):
        for contract in self:
            if contract.state not in ("draft", "cancel"):
                raise UserError(
                    self.env._(
                        "Only draft or cancelled contracts can be deleted; cancel "
                        "%(contract)s first.",
                        contract=contract.name,
                    )
                )

    def _playbook_state_label(self):
        return dict(self._fields["state"]._description_selection(self.env))[self.state]

    def _playbook_check_lines_editable(self):
        """Called before a clause or milestone is created, changed or deleted."""
        for contract in self:
            if contract.state == "review":
                raise UserError(
                    self.env._(
                        "%(contract)s is under review: reject it or wait for the decision "
                        "before changing it.",
                        contract=contract.name,
                    )
                )
            if contract.state in ("signed", "cancel"):
                raise UserError(
                    self.env._(
                        "%(contract)s is %(state)s and cannot change.",
                        contract=contract.name,
                        state=contract._playbook_state_label(),
                    )
                )

    def _playbook_lines_changed(self):
        self._playbook_after_change()

    def _playbook_owner_env(self):
        """The environment in the language of the contract's salesperson: the
        notes and to-dos about the contract are written for them."""
        self.ensure_one()
        return self._playbook_in_lang_of(self.user_id | self.create_uid).env

    def _playbook_after_change(self):
        """An approved contract whose text changed goes back to review."""
        for contract in self.filtered(lambda c: c.state == "approved"):
            if contract._playbook_fingerprint() == contract.fingerprint:
                continue
            contract._playbook_back_to_draft()
            contract.message_post(
                body=contract._playbook_owner_env()._(
                    "The contract changed after its approval: it goes back to review."
                )
            )
            contract.request_validation()

    def _playbook_back_to_draft(self, state="draft"):
        """Withdraw the approval: the reviews of the round go, the contract is
        a draft (or cancelled) again."""
        # the salesperson's action on a contract reviewers decided: the reviews
        # are not theirs to delete, the approval flow withdraws them
        with self.env["tier.review"]._playbook_review_flow():
            self.review_ids.unlink()
        self._playbook_write({"state": state, "fingerprint": False, "approved_date": False})

    # ------------------------------------------------------------
    # CONTENT
    # ------------------------------------------------------------

    @api.model
    def create_from_order(self, order):
        """Draft a contract from an approved quotation with the standard clauses."""
        order.ensure_one()
        order.check_access("write")
        if order.state not in order._state_from + ["sale"]:
            raise UserError(self.env._("%(order)s is cancelled.", order=order.name))
        plan = self.env.ref("sales_playbook.payment_plan_30_60_10", raise_if_not_found=False)
        contract = self.create(
            {
                "order_id": order.id,
                "user_id": (order.user_id or self.env.user).id,
                "company_id": order.company_id.id,
                "title": order.opportunity_id.name or order.name,
                "contract_type": "renewal"
                if order.opportunity_id.playbook_scenario == "renewal"
                else "sales",
                "delivery_date": order.commitment_date and order.commitment_date.date(),
                "delivery_place": order.partner_shipping_id.contact_address.replace(
                    "\n", " "
                ).strip()
                if order.partner_shipping_id
                else False,
            }
        )
        if plan:
            contract.payment_plan_id = plan
            contract._playbook_apply_payment_plan()
        contract.action_load_clauses()
        return contract

    @api.onchange("payment_plan_id")
    def _onchange_payment_plan_id(self):
        if self.payment_plan_id:
            self._playbook_apply_payment_plan()

    def _playbook_apply_payment_plan(self):
        for contract in self:
            plan = contract.payment_plan_id.with_context(lang=contract._playbook_print_lang())
            commands = [(5, 0, 0)] + [
                (
                    0,
                    0,
                    {
                        "sequence": line.sequence,
                        "name": line.name,
                        "percentage": line.percentage,
                        "trigger": line.trigger,
                        "days": line.days,
                    },
                )
                for line in plan.line_ids
            ]
            contract.milestone_ids = commands

    def action_load_clauses(self):
        """(Re)load the clauses from legal's templates for the contract type,
        in the customer's language."""
        self._playbook_check_lines_editable()
        for contract in self:
            templates = self.env["sales.playbook.clause.template"]._playbook_for_contract(contract)
            contract.clause_ids = [(5, 0, 0)] + [
                (
                    0,
                    0,
                    {
                        "sequence": template.sequence,
                        "clause_type": template.clause_type,
                        "template_id": template.id,
                        "name": template.name,
                        "body": template.body,
                    },
                )
                for template in templates
            ]
        return True

    def _playbook_placeholder_descriptions(self):
        return {
            "customer": self.env._("Customer"),
            "company": self.env._("Company"),
            "contract_number": self.env._("Contract number"),
            "amount_total": self.env._("Total amount"),
            "amount_in_words": self.env._("Total in Chinese capitals"),
            "currency": self.env._("Currency"),
            "payment_method": self.env._("Payment method"),
            "payee_account": self.env._("The company's payee bank and account"),
            "payment_days": self.env._("Payment term (days)"),
            "milestones": self.env._("Payment milestones"),
            "invoice_type": self.env._("Invoice type"),
            "delivery_date": self.env._("Delivery date"),
            "delivery_place": self.env._("Delivery place"),
            "delivery_method": self.env._("Delivery method"),
            "acceptance_criteria": self.env._("Acceptance criteria"),
            "acceptance_days": self.env._("Acceptance period (days)"),
            "late_delivery_rate": self.env._("Late delivery penalty (% per day)"),
            "late_payment_rate": self.env._("Late payment penalty (% per day)"),
            "penalty_cap": self.env._("Penalty cap (%)"),
            "confidentiality_scope": self.env._("Confidentiality scope"),
            "confidentiality_years": self.env._("Confidentiality term (years)"),
            "dispute_forum": self.env._("Court or arbitration commission"),
            "territory": self.env._("Territory"),
            "authorisation_scope": self.env._("Authorisation scope"),
            "settlement_method": self.env._("Settlement method"),
            "date_start": self.env._("Start date"),
            "date_end": self.env._("End date"),
        }

    def _playbook_selection_label(self, field_name):
        value = self[field_name]
        return (
            dict(self._fields[field_name]._description_selection(self.env)).get(value, "")
            if value
            else ""
        )

    def _playbook_placeholder_values(self):
        self.ensure_one()
        env = self.env
        company = self.company_id
        currency = self.currency_id or company.currency_id
        milestones = self._playbook_milestones_text()
        payee = self._playbook_payee_bank()
        if self.dispute_method == "arbitration":
            forum = self.arbitration_commission or ""
        else:
            forum = env._("the people's court at the seat of %(company)s", company=company.name)
        return {
            "customer": self.partner_id.commercial_partner_id.playbook_invoice_title
            or self.partner_id.commercial_partner_id.name
            or "",
            "company": company.name or "",
            "contract_number": self.name or "",
            "amount_total": currency.format(self.amount_total),
            "amount_in_words": self._playbook_amount_in_words(),
            "currency": currency.name or "",
            "payment_method": self.payment_method or "",
            "payee_account": payee._playbook_bank_text() if payee else "",
            "payment_days": self.payment_days,
            "milestones": milestones,
            "invoice_type": self._playbook_selection_label("invoice_type"),
            "delivery_date": format_date(env, self.delivery_date) if self.delivery_date else "",
            "delivery_place": self.delivery_place or "",
            "delivery_method": self._playbook_selection_label("delivery_method"),
            "acceptance_criteria": self.acceptance_criteria or "",
            "acceptance_days": self.acceptance_days,
            "late_delivery_rate": f"{self.late_delivery_rate:g}",
            "late_payment_rate": f"{self.late_payment_rate:g}",
            "penalty_cap": f"{self.penalty_cap:g}",
            "confidentiality_scope": self.confidentiality_scope or "",
            "confidentiality_years": self.confidentiality_years,
            "dispute_forum": forum,
            "territory": self.territory or "",
            "authorisation_scope": self.authorisation_scope or "",
            "settlement_method": self._playbook_selection_label("settlement_method"),
            "date_start": format_date(env, self.date_start) if self.date_start else "",
            "date_end": format_date(env, self.date_end) if self.date_end else "",
        }

    def _playbook_rate_text(self, field_name):
        return f"{self[field_name]:g}"

    def _playbook_milestones_text(self):
        """The payment milestones in one sentence, in the language of ``self.env``."""
        self.ensure_one()
        items = [
            self.env._(
                "%(name)s %(share)s%% (%(when)s)",
                name=m.name,
                share=m._playbook_share_text(),
                when=m._playbook_trigger_text(),
            )
            for m in self.milestone_ids
        ]
        # the language's separator (；in Chinese) comes with a whole phrase:
        # Odoo exports no term of one character
        return functools.reduce(
            lambda text, item: self.env._("%(text)s; %(item)s", text=text, item=item),
            items[1:],
            items[0] if items else "",
        )

    def _playbook_render_clause(self, clause):
        return fill_placeholders(clause.body, self._playbook_placeholder_values())

    def _playbook_amount_in_words(self, amount=None):
        """The amount (the total by default) in capitals, naming the contract's currency."""
        self.ensure_one()
        currency = self.currency_id or self.company_id.currency_id
        return amount_in_words(
            self.amount_total if amount is None else amount,
            currency.name,
            currency.decimal_places,
        )

    def _playbook_payee_bank(self):
        self.ensure_one()
        return self.payee_bank_id or self.company_id._playbook_payee_bank()

    def _playbook_print_lang(self):
        return self.partner_id.lang or self.env.lang or "en_US"

    def _playbook_fingerprint(self):
        """SHA-256 of the contract text exactly as it prints (in the customer's
        language), read with full rights so every reviewer gets the same."""
        self.ensure_one()
        contract = self.sudo().with_context(lang=self._playbook_print_lang())
        html = (
            self.env["ir.qweb"]
            .sudo()
            .with_context(lang=contract._playbook_print_lang())
            ._render(
                "sales_playbook.report_contract_text",
                {"doc": contract},
            )
        )
        return hashlib.sha256(str(html).encode("utf-8")).hexdigest()

    # ------------------------------------------------------------
    # REVIEW
    # ------------------------------------------------------------

    def _playbook_missing_for_review(self):
        """What the manual asks of a contract before anyone reviews it."""
        self.ensure_one()
        missing = []
        if not self.line_ids.filtered(lambda line: not line.display_type):
            missing.append(self.env._("Subject matter: the quotation has no product line."))
        if not self.milestone_ids:
            missing.append(self.env._("Price and payment: no payment milestone."))
        elif float_compare(self.milestone_total, 100.0, precision_digits=2):
            missing.append(
                self.env._(
                    "Price and payment: the milestones add up to %(total)s %%, not 100 %%.",
                    total=round(self.milestone_total, 2),
                )
            )
        if not self.invoice_type:
            missing.append(self.env._("Invoice: the invoice type."))
        for field_name in (
            "delivery_date",
            "delivery_place",
            "delivery_method",
            "acceptance_criteria",
        ):
            if not self[field_name]:
                missing.append(
                    self.env._(
                        "Delivery and acceptance: %(field)s.",
                        field=self._fields[field_name].get_description(self.env)["string"],
                    )
                )
        if not (self.late_delivery_rate and self.late_payment_rate):
            missing.append(
                self.env._("Liability: the late delivery and late payment penalty rates.")
            )
        if not (self.confidentiality_scope and self.confidentiality_years):
            missing.append(self.env._("Confidentiality: its scope and term."))
        if self.dispute_method == "arbitration" and not self.arbitration_commission:
            missing.append(self.env._("Dispute resolution: the arbitration commission."))
        if self.contract_type == "channel":
            for field_name in ("territory", "authorisation_scope", "settlement_method"):
                if not self[field_name]:
                    missing.append(
                        self.env._(
                            "Channel authorisation: %(field)s.",
                            field=self._fields[field_name].get_description(self.env)["string"],
                        )
                    )
        if self.contract_type == "renewal" and not self.original_contract_id:
            missing.append(self.env._("Renewal: the contract it renews."))
        missing += self._playbook_missing_clauses() + self._playbook_missing_language()
        order = self.order_id
        if order.state in order._state_from and not order._playbook_is_approved():
            missing.append(self.env._("The quotation %(order)s is not approved.", order=order.name))
        return missing

    def _playbook_missing_clauses(self):
        """The mandatory clauses of legal's templates the contract lacks."""
        missing = []
        mandatory = self.env["sales.playbook.clause.template"].search(
            [
                ("mandatory", "=", True),
                ("contract_type", "in", [False, self.contract_type]),
                ("company_id", "in", [False, self.company_id.id]),
            ]
        )
        present = {
            clause.clause_type
            for clause in self.clause_ids
            if clause.body and clause.body.striptags().strip()
        }
        type_labels = dict(
            self.env["sale.contract.clause"]._fields["clause_type"]._description_selection(self.env)
        )
        for clause_type in dict.fromkeys(mandatory.mapped("clause_type")):
            if clause_type not in present:
                missing.append(
                    self.env._("Clause missing: %(clause)s.", clause=type_labels[clause_type])
                )
        return missing

    def _playbook_missing_language(self):
        """One language per document: clauses loaded before the customer's
        language changed are reloaded before review."""
        lang = self.env["sales.playbook.clause.template"]._playbook_for_contract(self)[:1].lang
        if lang and self.clause_ids.template_id.filtered(lambda t: t.lang != lang):
            return [
                self.env._("Clauses: reload them in the language of the customer (Reload Clauses).")
            ]
        return []

    def request_validation(self):
        """Submit for the sequential review, once complete."""
        for contract in self:
            contract.check_access("write")
            if contract.state != "draft":
                raise UserError(self.env._("%(contract)s is not a draft.", contract=contract.name))
            missing = contract._playbook_missing_for_review()
            if missing:
                raise UserError(
                    self.env._(
                        "%(contract)s cannot go to review yet:\n- %(missing)s",
                        contract=contract.name,
                        missing="\n- ".join(missing),
                    )
                )
            if contract.review_ids:
                # a new round: the reviews of the last one go through the approval flow
                with self.env["tier.review"]._playbook_review_flow():
                    contract.review_ids.unlink()
        reviews = super().request_validation()
        finance = self.env.ref("sales_playbook.group_playbook_finance")
        for contract in self.filtered("playbook_beyond_credit_term"):
            if not reviews.filtered(
                lambda r, c=contract: r.res_id == c.id and r.reviewer_group_id == finance
            ):
                raise UserError(
                    self.env._(
                        "%(contract)s gives %(days)s days to pay, longer than the customer's "
                        "approved term: finance must review it, and the approval matrix has no "
                        "finance step for it.",
                        contract=contract.name,
                        days=contract.payment_days,
                    )
                )
        for contract in self:
            if reviews.filtered(lambda r, c=contract: r.res_id == c.id):
                contract._playbook_write({"state": "review"})
                contract.message_post(
                    body=contract._playbook_owner_env()._("Submitted for review.")
                )
            else:
                # no review asked by the approval matrix
                contract._playbook_mark_approved()
        self.env["sales.playbook.risk"]._playbook_evaluate_contracts(self)
        return reviews

    def _validate_tier(self, tiers=False):
        res = super()._validate_tier(tiers=tiers)
        for contract in self:
            reviews = contract.review_ids
            if (
                contract.state == "review"
                and reviews
                and all(r.status == "approved" for r in reviews)
            ):
                contract._playbook_mark_approved()
        return res

    def _rejected_tier(self, tiers=False):
        res = super()._rejected_tier(tiers=tiers)
        for contract in self:
            env = contract._playbook_owner_env()
            rejected = contract.review_ids.filtered(lambda r: r.status == "rejected")[-1:]
            step = rejected.with_env(env).name or ""
            comment = rejected.comment or env._("no comment")
            # the reviewer only reads the contract; its rejection puts it back to draft
            contract.sudo()._playbook_back_to_draft()
            contract.message_post(
                body=Markup("%s<br/>%s")
                % (
                    env._(
                        "Rejected by %(user)s at the step %(step)s: back to draft.",
                        user=self.env.user.name,
                        step=step,
                    ),
                    comment,
                )
            )
        return res

    def _playbook_mark_approved(self):
        self.ensure_one()
        self.invalidate_recordset(["review_ids", "need_validation"])
        # the last reviewer only reads the contract; their approval approves it
        self.sudo()._playbook_write(
            {
                "state": "approved",
                "fingerprint": self._playbook_fingerprint(),
                "approved_date": fields.Datetime.now(),
            }
        )
        env = self._playbook_owner_env()
        self.message_post(
            body=env._(
                "Approved. Version code %(code)s: the signed copy must carry it.",
                code=self.version_code,
            )
        )
        # the salesperson's to-do, planned by a reviewer who only reads the contract
        self.sudo().activity_schedule(
            "mail.mail_activity_data_todo",
            user_id=(self.user_id or self.create_uid).id,
            summary=env._("Get the contract signed"),
            note=env._(
                "Print the approved contract (version %(code)s) and have it signed.",
                code=self.version_code,
            ),
        )

    def restart_validation(self):
        for contract in self:
            contract.check_access("write")
            if contract.state == "review":
                contract._playbook_write({"state": "draft"})
        return super().restart_validation()

    # ------------------------------------------------------------
    # FULFILMENT: the events payment milestones wait for
    # ------------------------------------------------------------

    def action_open_delivery_wizard(self):
        self.ensure_one()
        self._playbook_check_event("delivery", fields.Date.context_today(self))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Record the Delivery"),
            "res_model": "sale.contract.delivery.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_contract_id": self.id},
        }

    def action_record_delivery(self, delivered_on=None):
        """The delivery of these signed contracts is complete (for services,
        confirmed with the customer) on ``delivered_on`` (default today)."""
        self.check_access("write")
        delivered_on = fields.Date.to_date(delivered_on) or fields.Date.context_today(self)
        self._playbook_check_event("delivery", delivered_on)
        self._action_record_delivery(delivered_on)
        return True

    def _action_record_delivery(self, delivered_on):
        for contract in self:
            contract._playbook_write({"delivered_date": delivered_on})
            contract.milestone_ids._playbook_set_trigger("delivery", delivered_on)

    def _action_accept(self, accepted_on):
        """The customer accepted the delivery (a passed acceptance report):
        the acceptance milestones fall due and the opportunity moves on to
        after-sales, once."""
        after_sales = self.env.ref("sales_playbook.stage_after_sales", raise_if_not_found=False)
        for contract in self:
            contract._playbook_write({"accepted_date": accepted_on})
            contract.milestone_ids._playbook_set_trigger("acceptance", accepted_on)
            lead = contract.opportunity_id
            if lead and after_sales and lead.stage_id.sequence < after_sales.sequence:
                lead.stage_id = after_sales

    def _playbook_check_event(self, event, event_date):
        """A delivery or an acceptance is recorded once, on a signed contract,
        between its signature and today; a customer on credit hold waits for
        finance before it is delivered."""
        for contract in self:
            if contract.state != "signed":
                raise UserError(
                    self.env._(
                        "%(contract)s is not signed: its delivery and acceptance are not "
                        "recorded yet.",
                        contract=contract.name,
                    )
                )
            already = contract.delivered_date if event == "delivery" else contract.accepted_date
            if already:
                raise UserError(
                    self.env._(
                        "%(contract)s was already delivered on %(date)s.",
                        contract=contract.name,
                        date=format_date(self.env, already),
                    )
                    if event == "delivery"
                    else self.env._(
                        "%(contract)s was already accepted on %(date)s.",
                        contract=contract.name,
                        date=format_date(self.env, already),
                    )
                )
            if event_date > fields.Date.context_today(self):
                raise UserError(self.env._("A delivery or an acceptance cannot be in the future."))
            if event_date < contract.signed_date:
                raise UserError(
                    self.env._(
                        "%(contract)s was signed on %(date)s: nothing is delivered or "
                        "accepted before.",
                        contract=contract.name,
                        date=format_date(self.env, contract.signed_date),
                    )
                )
            if event == "delivery":
                contract.partner_id.with_company(contract.company_id)._playbook_check_credit_hold(
                    self.env._("the delivery")
                )

    def action_new_acceptance(self):
        self.ensure_one()
        acceptance = self.env["sale.contract.acceptance"].create({"contract_id": self.id})
        return {
            "type": "ir.actions.act_window",
            "res_model": "sale.contract.acceptance",
            "res_id": acceptance.id,
            "view_mode": "form",
        }

    @api.model
    def _cron_weekly_followups(self, batch_size=1000):
        """Each week until acceptance, the salesperson of a contract in
        fulfilment follows the project up with the customer (每周与客户沟通项目进展)."""
        today = fields.Date.context_today(self)
        week_start = today - timedelta(days=today.weekday())
        contracts = self.search(
            [
                ("state", "=", "signed"),
                ("accepted_date", "=", False),
                "|",
                ("last_weekly_followup", "=", False),
                ("last_weekly_followup", "<", week_start),
                "|",
                ("date_end", "=", False),
                ("date_end", ">=", today),
            ],
            limit=batch_size,
        )
        for contract in contracts:
            contract.activity_schedule(
                "mail.mail_activity_data_call",
                date_deadline=week_start + timedelta(days=4),
                user_id=(contract.user_id or contract.create_uid).id,
                summary=contract._playbook_owner_env()._(
                    "Weekly project follow-up with the customer"
                ),
            )
        contracts._playbook_write({"last_weekly_followup": today})
        remaining = self.search_count(
            [
                ("state", "=", "signed"),
                ("accepted_date", "=", False),
                "|",
                ("last_weekly_followup", "=", False),
                ("last_weekly_followup", "<", week_start),
                "|",
                ("date_end", "=", False),
                ("date_end", ">=", today),
            ]
        )
        self.env["ir.cron"]._notify_progress(done=len(contracts), remaining=remaining)

    # ------------------------------------------------------------
    # SIGNATURE, CANCELLATION, RENEWAL
    # ------------------------------------------------------------

    def action_open_sign_wizard(self):
        self.ensure_one()
        if self.state != "approved":
            raise UserError(self.env._("Only an approved contract can be signed."))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Record the Signature"),
            "res_model": "sale.contract.sign.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_contract_id": self.id},
        }

    def _playbook_sign(self, values):
        """Record the customer's signature of the approved version, confirm the
        order and win the opportunity. ``values``: signed_date,
        customer_signatory, company_signatory_id, version_code (read from the
        signed copy; a server-side caller that signs the approved version
        itself may leave the key out), signed_file (base64), signed_file_name."""
        self.ensure_one()
        self.check_access("write")
        signed_date = fields.Date.to_date(values.get("signed_date")) or fields.Date.context_today(
            self
        )
        customer_signatory = values.get("customer_signatory")
        company_signatory = self.env["res.users"].browse(values.get("company_signatory_id"))
        version_code = values.get("version_code", self.version_code)
        file_content = values.get("signed_file")
        file_name = values.get("signed_file_name")
        if self.state != "approved":
            raise UserError(self.env._("Only an approved contract can be signed."))
        if self._playbook_fingerprint() != self.fingerprint:
            raise UserError(
                self.env._(
                    "%(contract)s is not the version that was approved any more: what it "
                    "prints changed since (its terms, or the parties' names, addresses or bank "
                    "accounts). It must be reviewed again before it is signed.",
                    contract=self.name,
                )
            )
        if (version_code or "").strip().upper() != self.version_code:
            raise UserError(
                self.env._(
                    "The version code %(given)s on the signed copy is not the approved version "
                    "%(approved)s: the customer signed another text.",
                    given=version_code or "—",
                    approved=self.version_code,
                )
            )
        if not file_content:
            raise UserError(self.env._("Attach the signed copy."))
        if not customer_signatory or not company_signatory:
            raise UserError(self.env._("Name who signed for the customer and for the company."))
        if signed_date > fields.Date.context_today(self):
            raise UserError(self.env._("The signature date cannot be in the future."))
        early = self.milestone_ids.filtered(
            lambda m: m.trigger == "fixed_date" and m.date and m.date < signed_date
        )
        if early:
            raise UserError(
                self.env._(
                    "The milestone %(milestone)s falls due on %(date)s, before the signature.",
                    milestone=early[0].name,
                    date=format_date(self.env, early[0].date),
                )
            )
        attachment = self.env["ir.attachment"].create(
            {
                "name": file_name or f"{self.name}-signed.pdf",
                "datas": file_content,
                "res_model": self._name,
                "res_id": self.id,
            }
        )
        self._playbook_write(
            {
                "state": "signed",
                "signed_date": signed_date,
                "customer_signatory": customer_signatory,
                "company_signatory_id": company_signatory.id,
                "signed_attachment_id": attachment.id,
                "signed_version_code": self.version_code,
            }
        )
        env = self._playbook_owner_env()
        self.message_post(
            body=env._(
                "Signed on %(date)s by %(customer)s and %(company)s (version %(code)s).",
                date=format_date(env, signed_date),
                customer=customer_signatory,
                company=company_signatory.name,
                code=self.version_code,
            ),
            attachment_ids=attachment.ids,
        )
        order = self.order_id
        if order.state in order._state_from:
            order.action_confirm()
        lead = self.opportunity_id
        fulfilment = self.env.ref("sales_playbook.stage_fulfilment", raise_if_not_found=False)
        if lead and fulfilment and lead.stage_id.sequence < fulfilment.sequence:
            lead.stage_id = fulfilment
        self.activity_ids.filtered(lambda a: a.user_id == self.user_id).action_feedback(
            feedback=self.env._("Signed")
        )
        self.milestone_ids._playbook_set_trigger("signature", signed_date)
        if self.contract_type == "renewal" and self.original_contract_id.renewal_lead_id == lead:
            renewed = self.original_contract_id
            renewed.message_post(
                body=renewed._playbook_owner_env()._("Renewed by %(contract)s.", contract=self.name)
            )
        return True

    def action_cancel(self):
        for contract in self:
            contract.check_access("write")
            if contract.state == "signed":
                raise UserError(
                    self.env._(
                        "%(contract)s is signed; terminate it by an agreement, not by "
                        "cancelling it.",
                        contract=contract.name,
                    )
                )
        self._playbook_back_to_draft(state="cancel")
        self.env["sales.playbook.risk"]._playbook_evaluate_contracts(self)
        return True

    def action_draft(self):
        for contract in self:
            contract.check_access("write")
            if contract.state != "cancel":
                raise UserError(self.env._("Only a cancelled contract goes back to draft."))
        self._playbook_back_to_draft()
        return True

    @api.model
    def _playbook_active_customers_sql(self, today, condition=None, limit=None):
        """The customers with an active contract (客户: the commercial partner
        of a contract signed and not ended on ``today``; the order may name a
        person of the customer), one row each with its latest active contract:
        ``customer_id, contract_id, user_id, team_id, company_id``.
        ``condition``: an SQL condition on ``c`` (the contract) and ``p`` (its
        partner; the customer is ``p.commercial_partner_id``)."""
        self.flush_model(["state", "date_end", "partner_id", "user_id", "team_id", "company_id"])
        self.env["res.partner"].flush_model(["commercial_partner_id"])
        return SQL(
            """
            SELECT DISTINCT ON (p.commercial_partner_id)
                   p.commercial_partner_id AS customer_id, c.id AS contract_id,
                   c.user_id, c.team_id, c.company_id
              FROM %(contract)s c
              JOIN %(partner)s p ON p.id = c.partner_id
             WHERE c.state = 'signed' AND (c.date_end IS NULL OR c.date_end >= %(today)s)
               AND %(condition)s
             ORDER BY p.commercial_partner_id, c.id DESC
             %(limit)s
            """,
            contract=SQL.identifier(self._table),
            partner=SQL.identifier(self.env["res.partner"]._table),
            today=today,
            condition=condition or SQL("TRUE"),
            limit=SQL("LIMIT %s", limit) if limit else SQL(),
        )

    @api.model
    def _cron_renewal_reminders(self, batch_size=200):
        """Create the renewal opportunity of contracts ending soon; safe to run twice."""
        companies = [
            company
            for (company,) in self._read_group(
                [("state", "=", "signed"), ("date_end", "!=", False)], ["company_id"]
            )
        ]
        for company in companies:
            contracts = self.with_company(company).search(
                [("company_id", "=", company.id)]
                + self.with_company(company)._renewal_due_domain(),
                limit=batch_size,
            )
            for contract in contracts:
                contract._playbook_create_renewal_lead()

    def _playbook_create_renewal_lead(self):
        self.ensure_one()
        owner = self.user_id or self.create_uid
        env = self._playbook_owner_env()
        lead = (
            self.env["crm.lead"]
            .with_company(self.company_id)
            .create(
                {
                    "name": env._("Renewal: %(contract)s", contract=self.title or self.name),
                    "type": "opportunity",
                    "partner_id": self.partner_id.id,
                    "user_id": owner.id,
                    "team_id": self.team_id.id,
                    "company_id": self.company_id.id,
                    "playbook_scenario": "renewal",
                    "expected_revenue": self.amount_untaxed,
                    "date_deadline": self.date_end,
                }
            )
        )
        self._playbook_write({"renewal_lead_id": lead.id})
        lead.activity_schedule(
            "mail.mail_activity_data_todo",
            date_deadline=max(fields.Date.context_today(self), self.date_end - timedelta(days=14)),
            user_id=owner.id,
            summary=env._("Prepare the renewal of %(contract)s", contract=self.name),
            note=env._(
                "The contract %(contract)s ends on %(date)s.",
                contract=self.name,
                date=format_date(env, self.date_end),
            ),
        )
        self.message_post(body=env._("Renewal opportunity created: %(lead)s", lead=lead.name))
        return lead

    def action_view_renewal(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "crm.lead",
            "res_id": self.renewal_lead_id.id,
            "view_mode": "form",
        }

    @api.model
    def _get_all_validation_exceptions(self):
        # what stays editable on the form once signed: fulfilment and archive
        return list(set(super()._get_all_validation_exceptions()) | AFTER_SIGNATURE_FIELDS)

    def _get_under_validation_exceptions(self):
        # the state moves under review through the contract's own actions only
        # (a plain write of it is refused above)
        return list(
            set(super()._get_under_validation_exceptions())
            | {"state", "archive_number", "archive_date", "archive_location", "user_id"}
        )
