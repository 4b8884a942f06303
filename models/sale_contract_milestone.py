import logging
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression
from odoo.tools import SQL, float_compare, float_round, format_date

from ..tools import collections

_logger = logging.getLogger(__name__)

MILESTONE_TRIGGERS = [
    ("signature", "On Signature"),
    ("delivery", "On Delivery"),
    ("acceptance", "On Acceptance"),
    ("after_acceptance", "Days After Acceptance"),
    ("fixed_date", "On a Fixed Date"),
]
MILESTONE_STATES = [
    ("planned", "Planned"),
    ("due", "Due, to Invoice"),
    ("invoiced", "Invoiced"),
    ("partial", "Partially Paid"),
    ("paid", "Paid"),
]
RISKS = [("normal", "Normal"), ("watch", "Watch"), ("bad_debt", "Bad-Debt Risk")]


class SaleContractMilestone(models.Model):
    _name = "sale.contract.milestone"
    _inherit = ["sales.playbook.document.line.mixin", "mail.thread", "mail.activity.mixin"]
    _description = "Contract Payment Milestone"
    _order = "contract_id, sequence, id"
    _playbook_document_field = "contract_id"
    # collection work is no part of the contract's text
    _playbook_free_fields = frozenset(
        {"followup_ids", "message_follower_ids", "activity_ids", "message_main_attachment_id"}
    )

    contract_id = fields.Many2one("sale.contract", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True)
    percentage = fields.Float(required=True, digits=(16, 2))
    trigger = fields.Selection(MILESTONE_TRIGGERS, required=True, default="signature")
    days = fields.Integer(help="For 'Days After Acceptance': how many days.")
    date = fields.Date(string="Fixed Date", help="For 'On a Fixed Date'.")
    currency_id = fields.Many2one(related="contract_id.currency_id", store=True)
    amount = fields.Monetary(compute="_compute_amount", store=True)
    # the money: when its event happened, the invoice, what was paid
    partner_id = fields.Many2one(
        related="contract_id.partner_id", store=True, index=True, string="Customer"
    )
    user_id = fields.Many2one(related="contract_id.user_id", store=True, string="Salesperson")
    team_id = fields.Many2one(related="contract_id.team_id", store=True, string="Sales Team")
    company_id = fields.Many2one(related="contract_id.company_id", store=True)
    trigger_date = fields.Date(
        readonly=True,
        copy=False,
        index=True,
        help="The day the milestone's event happened (or, after acceptance, will happen).",
    )
    due_date = fields.Date(
        compute="_compute_due_date",
        store=True,
        index=True,
        help="The event's day plus the contract's payment term.",
    )
    invoice_id = fields.Many2one("account.move", readonly=True, copy=False, index="btree_not_null")
    amount_invoiced = fields.Monetary(compute="_compute_money", store=True)
    amount_paid = fields.Monetary(compute="_compute_money", store=True)
    amount_residual = fields.Monetary(
        string="Amount Due",
        compute="_compute_money",
        store=True,
        help="What the customer still owes on this milestone.",
    )
    state = fields.Selection(MILESTONE_STATES, compute="_compute_money", store=True, index=True)
    overdue = fields.Boolean(
        compute="_compute_money",
        store=True,
        index=True,
        help="Its due date has passed and money is still owed (refreshed daily).",
    )
    days_overdue = fields.Integer(compute="_compute_money", store=True, aggregator="max")
    ageing = fields.Selection(
        collections.AGEING_BUCKETS, compute="_compute_money", store=True, index=True
    )
    # collection work
    followup_ids = fields.One2many(
        "sale.contract.milestone.followup", "milestone_id", string="Follow-ups"
    )
    last_followup_date = fields.Date(compute="_compute_followup", store=True)
    next_followup_date = fields.Date(compute="_compute_followup", store=True)
    promise_date = fields.Date(
        string="Promised Payment Date", compute="_compute_followup", store=True
    )
    promise_amount = fields.Monetary(
        string="Promised Amount", compute="_compute_followup", store=True
    )
    promise_broken = fields.Boolean(
        compute="_compute_money",
        store=True,
        help="The promised date has passed without the promised amount paid.",
    )
    escalation_level = fields.Integer(
        readonly=True,
        copy=False,
        default=0,
        help="0 none, 1 salesperson asked, 2 sales manager asked, 3 bad-debt risk.",
    )
    risk = fields.Selection(RISKS, default="normal", readonly=True, copy=False, tracking=True)
    # a VAT special invoice waits for the customer's invoicing data; the fapiao finance issued
    invoicing_missing = fields.Char(
        string="Invoicing Data Missing",
        compute="_compute_invoicing_missing",
        search="_search_invoicing_missing",
        help="The contract asks for a VAT special invoice: the milestone is not invoiced while "
        "the customer's invoicing data lacks these.",
    )
    fapiao_type = fields.Selection(related="invoice_id.playbook_fapiao_type")
    fapiao_ref = fields.Char(string="Fapiao", related="invoice_id.playbook_fapiao_ref")
    fapiao_date = fields.Date(related="invoice_id.playbook_fapiao_date")

    @api.depends(
        "percentage",
        "sequence",
        "contract_id.amount_total",
        "contract_id.currency_id",
        "contract_id.milestone_ids.percentage",
        "contract_id.milestone_ids.sequence",
    )
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

    @api.depends("trigger_date", "contract_id.payment_days")
    def _compute_due_date(self):
        for milestone in self:
            milestone.due_date = milestone.trigger_date and (
                milestone.trigger_date + timedelta(days=milestone.contract_id.payment_days)
            )

    @api.depends(
        "amount",
        "trigger_date",
        "due_date",
        "invoice_id.state",
        "invoice_id.amount_total",
        "invoice_id.amount_residual",
        "invoice_id.reversal_move_ids.state",
        "invoice_id.reversal_move_ids.amount_total",
        "followup_ids.promise_date",
        "followup_ids.promise_amount",
    )
    def _compute_money(self):
        """Read from the invoice and its reconciliation, never typed."""
        todays = {}
        for milestone in self:
            company = milestone.company_id or self.env.company
            if company not in todays:
                todays[company] = company._playbook_today()
            today = todays[company]
            invoice = milestone.invoice_id
            invoiced = credited = paid = 0.0
            if invoice and invoice.state != "cancel":
                invoiced = invoice.amount_total
                credited = sum(
                    invoice.reversal_move_ids.filtered(lambda m: m.state == "posted").mapped(
                        "amount_total"
                    )
                )
                if invoice.state == "posted":
                    paid = max(invoiced - credited - invoice.amount_residual, 0.0)
            currency = milestone.currency_id or milestone.company_id.currency_id
            net_invoiced = invoiced - credited
            milestone.amount_invoiced = net_invoiced
            milestone.amount_paid = paid
            milestone.amount_residual = (
                max(milestone.amount - paid, 0.0) if milestone.trigger_date else 0.0
            )
            if not milestone.trigger_date:
                state = "planned"
            elif currency.is_zero(net_invoiced):
                state = "due"
            elif currency.compare_amounts(paid, net_invoiced) >= 0:
                state = "paid"
            elif currency.is_zero(paid):
                state = "invoiced"
            else:
                state = "partial"
            milestone.state = state
            days = collections.days_overdue(
                state, milestone.due_date, milestone.amount_residual, today
            )
            milestone.overdue = days > 0
            milestone.days_overdue = days
            milestone.ageing = collections.ageing_bucket(days, milestone.amount_residual)
            promise = milestone.followup_ids.filtered("promise_date").sorted(
                lambda f: (f.date, f.id)
            )[-1:]
            milestone.promise_broken = bool(
                promise
                and promise.promise_date < today
                and currency.compare_amounts(paid, promise.paid_before + promise.promise_amount) < 0
            )

    @api.depends(
        "followup_ids.date",
        "followup_ids.next_date",
        "followup_ids.promise_date",
        "followup_ids.promise_amount",
    )
    def _compute_followup(self):
        for milestone in self:
            followups = milestone.followup_ids.sorted(lambda f: (f.date, f.id))
            last = followups[-1:]
            promise = followups.filtered("promise_date")[-1:]
            milestone.last_followup_date = last.date
            milestone.next_followup_date = last.next_date
            milestone.promise_date = promise.promise_date
            milestone.promise_amount = promise.promise_amount

    @api.depends(
        "state",
        "contract_id.invoice_type",
        "partner_id.playbook_invoicing_missing",
    )
    @api.depends_context("lang")
    def _compute_invoicing_missing(self):
        for milestone in self:
            waiting = milestone.state in ("planned", "due") and not milestone.invoice_id
            milestone.invoicing_missing = (
                waiting
                and milestone.contract_id.invoice_type == "vat_special"
                and milestone.partner_id.playbook_invoicing_missing
            ) or False

    def _search_invoicing_missing(self, operator, value):
        if operator not in ("=", "!=") or value is not False:
            raise UserError(self.env._("Unsupported search on missing invoicing data."))
        waiting = [
            ("state", "in", ("planned", "due")),
            ("invoice_id", "=", False),
            ("contract_id.invoice_type", "=", "vat_special"),
        ]
        partners = self.env["res.partner"].browse(
            [partner.id for (partner,) in self._read_group(waiting, ["partner_id"])]
        )
        incomplete = partners._playbook_invoicing_incomplete()
        domain = [*waiting, ("partner_id.commercial_partner_id", "in", incomplete.ids)]
        return domain if operator == "!=" else ["!", *expression.normalize_domain(domain)]

    @api.constrains("percentage", "trigger", "days", "date")
    def _check_milestone(self):
        for milestone in self:
            if not 0 < milestone.percentage <= 100:
                raise ValidationError(
                    self.env._(
                        "The milestone %(name)s must be above 0 %% and at most 100 %%.",
                        name=milestone.name,
                    )
                )
            if milestone.trigger == "after_acceptance" and milestone.days <= 0:
                raise ValidationError(
                    self.env._(
                        "The milestone %(name)s is due some days after acceptance: give the "
                        "number of days.",
                        name=milestone.name,
                    )
                )
            if milestone.trigger == "fixed_date" and not milestone.date:
                raise ValidationError(
                    self.env._(
                        "The milestone %(name)s is due on a fixed date: give the date.",
                        name=milestone.name,
                    )
                )

    def _playbook_reminder_text(self):
        self.ensure_one()
        contract = self.contract_id
        return self.env._(
            "Under the contract %(contract)s (%(title)s) signed on %(signed)s, the payment "
            "%(milestone)s of %(amount)s (in words: %(words)s) was due on %(due)s and is "
            "%(days)s days overdue.",
            contract=contract.name,
            title=contract.title or "",
            signed=format_date(self.env, contract.signed_date),
            milestone=self.name,
            amount=self.currency_id.format(self.amount_residual),
            words=contract._playbook_amount_in_words(self.amount_residual),
            due=format_date(self.env, self.due_date),
            days=self.days_overdue,
        )

    def _playbook_reminder_request(self):
        self.ensure_one()
        rate = f"{self.contract_id.late_payment_rate:g}"
        return self.env._(
            "We ask you to pay it within 7 days of this letter. Under the contract, late payment "
            "bears a penalty of %(rate)s%% of the amount overdue per day.",
            rate=rate,
        )

    def _playbook_share_text(self):
        return f"{self.percentage:g}"

    def _playbook_trigger_text(self):
        self.ensure_one()
        label = dict(self._fields["trigger"]._description_selection(self.env))[self.trigger]
        if self.trigger == "after_acceptance":
            return self.env._("%(days)s days after acceptance", days=self.days)
        if self.trigger == "fixed_date" and self.date:
            return self.env._("on %(date)s", date=format_date(self.env, self.date))
        return label

    # ------------------------------------------------------------
    # EVENTS AND INVOICES
    # ------------------------------------------------------------

    def _playbook_set_trigger(self, trigger, event_date):
        """The contract's event ``trigger`` happened on ``event_date``: date
        the milestones waiting for it; invoice those already reached."""
        for milestone in self.filtered(lambda m: not m.trigger_date):
            if trigger == "acceptance" and milestone.trigger == "after_acceptance":
                day = event_date + timedelta(days=milestone.days)
            elif trigger == "signature" and milestone.trigger == "fixed_date":
                day = milestone.date
            elif milestone.trigger == trigger:
                day = event_date
            else:
                continue
            milestone._playbook_write({"trigger_date": day})
        self._playbook_invoice_reached()

    def _playbook_invoice_reached(self):
        """Invoice every milestone whose day has come, once."""
        today = fields.Date.context_today(self)
        reached = self.filtered(
            lambda m: (
                m.trigger_date
                and m.trigger_date <= today
                and m.state == "due"
                and m.contract_id.state == "signed"
            )
        ).sorted(lambda m: (m.contract_id.id, m.sequence, m.id))
        for milestone in reached:
            milestone._playbook_create_invoice()

    def _playbook_create_invoice(self):
        """Through Odoo's own sale invoicing: a down payment for exactly the
        milestone's share (taxes split as on the order), or, for the last one
        when the order can be invoiced in full, the final invoice deducting the
        down payments — so the invoices add up to the order to the cent."""
        self.ensure_one()
        # invoicing is finance's work: whoever records the event (a salesperson
        # signing, a reviewer approving, the scheduler) triggers it
        self = self.sudo()
        contract = self.contract_id
        order = contract.order_id
        # lock the milestone: a second run (cron, double click) finds the invoice
        self.flush_recordset()
        self.env.cr.execute(
            SQL("SELECT id FROM %s WHERE id = %s FOR UPDATE", SQL.identifier(self._table), self.id)
        )
        self.invalidate_recordset()
        if self.invoice_id and self.state != "due":
            return self.invoice_id
        if not self._playbook_invoicing_data_ready():
            return self.env["account.move"]
        if order.state != "sale":
            raise UserError(
                self.env._(
                    "The order %(order)s of %(contract)s is not confirmed: its milestones "
                    "cannot be invoiced.",
                    order=order.name,
                    contract=contract.name,
                )
            )
        others = contract.milestone_ids - self
        lines = order.order_line.filtered(
            lambda line: not line.display_type and not line.is_downpayment
        )
        final = (
            all(m.state != "due" and m.invoice_id for m in others)
            and all(
                line.product_uom_qty
                and line.qty_to_invoice == line.product_uom_qty - line.qty_invoiced
                for line in lines
            )
            and lines
        )
        if final:
            invoice = order._create_invoices(final=True)
        else:
            wizard = (
                self.env["sale.advance.payment.inv"]
                .with_context(
                    active_model="sale.order",
                    active_ids=order.ids,
                )
                .create(
                    {
                        "advance_payment_method": "fixed",
                        "fixed_amount": self.amount,
                        "sale_order_ids": [(6, 0, order.ids)],
                    }
                )
            )
            invoice = wizard._create_invoices(order)
        invoice.write(
            {
                "playbook_invoice_type": contract.invoice_type,
                "invoice_payment_term_id": False,
                "invoice_date_due": max(self.due_date, fields.Date.context_today(self)),
                "ref": f"{contract.name} - {self.name}",
            }
        )
        self._playbook_write({"invoice_id": invoice.id})
        if contract.company_id.playbook_milestone_post_invoice:
            invoice.action_post()
        owner_env = contract._playbook_owner_env()
        contract.message_post(
            body=owner_env._(
                "Milestone %(milestone)s reached on %(date)s: invoice %(invoice)s created.",
                milestone=self.name,
                date=format_date(owner_env, self.trigger_date),
                invoice=invoice.name or invoice.display_name,
            )
        )
        return invoice

    def _playbook_invoicing_data_ready(self):
        """A VAT special invoice needs the customer's complete invoicing data:
        until then finance has one to-do per customer and the milestone waits
        (the next event or daily run invoices it)."""
        self.ensure_one()
        if self.contract_id.invoice_type != "vat_special":
            return True
        partner = self.partner_id.commercial_partner_id
        asked = self.env["mail.activity"].search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "=", partner.id),
                (
                    "activity_type_id",
                    "=",
                    self.env.ref("sales_playbook.mail_activity_type_invoicing_data").id,
                ),
            ]
        )
        if not partner._playbook_invoicing_incomplete():
            asked.action_feedback(feedback=self.env._("Invoicing data complete."))
            return True
        if not asked:
            finance = self.env.ref("sales_playbook.group_playbook_finance").users.filtered(
                lambda u: self.company_id in u.company_ids and u.active
            )
            assignee = finance[:1] or self.contract_id.user_id or self.env.user
            partner.activity_schedule(
                "sales_playbook.mail_activity_type_invoicing_data",
                user_id=assignee.id,
                note=self._playbook_in_lang_of(assignee).env._(
                    "%(contract)s asks for VAT special invoices: its payment milestone "
                    "%(milestone)s waits for the invoicing data of %(customer)s. Missing: "
                    "%(missing)s.",
                    contract=self.contract_id.name,
                    milestone=self.name,
                    customer=partner.name,
                    missing=partner.playbook_invoicing_missing,
                ),
            )
        return False

    @api.model
    def _cron_playbook_milestones(self, batch_size=500):
        """Daily: invoice the milestones whose day came, refresh what is
        overdue. One batch per call, each invoice in its own savepoint; the
        scheduler commits and calls again while some remain. Safe to run twice."""
        today = fields.Date.context_today(self)
        self._playbook_detect_deliveries(today)
        domain = [
            ("trigger_date", "<=", today),
            ("state", "=", "due"),
            ("contract_id.state", "=", "signed"),
            # waiting for the customer's invoicing data: finance has its to-do
            ("invoicing_missing", "=", False),
        ]
        to_invoice = self.search(domain, limit=batch_size, order="trigger_date, id")
        remaining = max(self.search_count(domain) - len(to_invoice), 0)
        for milestone in to_invoice:
            try:
                with self.env.cr.savepoint():
                    milestone._playbook_create_invoice()
            except UserError as error:
                _logger.info("payment milestone %s not invoiced: %s", milestone.id, error)
        self._playbook_refresh_overdue()
        escalated, escalations_left = self._playbook_escalate(limit=batch_size)
        self.env["ir.cron"]._notify_progress(
            done=len(to_invoice) + escalated, remaining=remaining + escalations_left
        )

    @api.model
    def _playbook_detect_deliveries(self, today):
        """A contract whose order is delivered in full (its delivered
        quantities: the deliveries of the stock app, or recorded by hand for
        services) gets its delivery date, which triggers its delivery
        milestones."""
        contracts = self.env["sale.contract"].search(
            [
                ("state", "=", "signed"),
                ("delivered_date", "=", False),
                ("milestone_ids.trigger", "=", "delivery"),
            ]
        )
        for contract in contracts:
            lines = contract.order_id.order_line.filtered(
                lambda line: (
                    not line.display_type and not line.is_downpayment and line.product_uom_qty
                )
            )
            if lines and all(
                float_compare(
                    line.qty_delivered,
                    line.product_uom_qty,
                    precision_rounding=line.product_uom.rounding or 0.01,
                )
                >= 0
                for line in lines
            ):
                try:
                    with self.env.cr.savepoint():
                        contract._playbook_check_event("delivery", today)
                        contract._action_record_delivery(today)
                except UserError as error:  # on credit hold: finance decides
                    _logger.info("delivery of contract %s not recorded: %s", contract.id, error)

    @api.model
    def _playbook_refresh_overdue(self):
        """Time passing makes milestones overdue and older: one statement per
        company, on the company's today, the same rules as the compute."""
        self.env.flush_all()
        changed = self.browse()
        promised = self.browse()
        # every company with milestones is refreshed, whoever runs the job
        self.env.cr.execute(SQL("SELECT DISTINCT company_id FROM %s", SQL.identifier(self._table)))
        company_ids = [row[0] for row in self.env.cr.fetchall() if row[0]]
        for company in self.env["res.company"].sudo().browse(company_ids):
            today = company._playbook_today()
            days = collections.days_overdue_sql(
                SQL.identifier("state"),
                SQL.identifier("due_date"),
                SQL.identifier("amount_residual"),
                today,
            )
            self.env.cr.execute(
                SQL(
                    """
                WITH calc AS (
                    SELECT id, amount_residual, %(days)s AS days
                      FROM %(table)s
                     WHERE company_id = %(company)s
                       AND (state IN %(open)s OR overdue OR days_overdue != 0)
                ), target AS (
                    SELECT id, days > 0 AS overdue, days,
                           %(ageing)s AS ageing
                      FROM calc
                )
                UPDATE %(table)s m
                   SET overdue = t.overdue, days_overdue = t.days, ageing = t.ageing
                  FROM target t
                 WHERE m.id = t.id
                   AND (m.overdue IS DISTINCT FROM t.overdue
                        OR m.days_overdue IS DISTINCT FROM t.days
                        OR m.ageing IS DISTINCT FROM t.ageing)
             RETURNING m.id
                """,
                    days=days,
                    company=company.id,
                    table=SQL.identifier(self._table),
                    open=collections.OPEN_STATES,
                    ageing=collections.ageing_bucket_sql(
                        SQL.identifier("days"), SQL.identifier("amount_residual")
                    ),
                )
            )
            changed |= self.browse([row[0] for row in self.env.cr.fetchall()])
            # promises falling due today: few, through the ORM
            promised |= self.sudo().search(
                [
                    ("company_id", "=", company.id),
                    ("promise_date", "<", today),
                    ("promise_broken", "=", False),
                    ("state", "in", ("invoiced", "partial")),
                ]
            )
        changed.invalidate_recordset(["overdue", "days_overdue", "ageing"])
        promised = promised.with_env(self.env)
        self.env.add_to_compute(self._fields["promise_broken"], promised)
        promised.flush_recordset(["promise_broken"])
        return len(changed)

    @api.model
    def _playbook_escalate(self, limit=500):
        """Overdue beyond N days: the salesperson; M days: the sales manager;
        K days: bad-debt risk and the reminder letter for legal. Each step
        once, logged on the milestone and its contract. At most ``limit``
        milestones per step and call; returns (escalated, still to escalate)."""
        done = left = 0
        overdue_companies = [
            company for (company,) in self._read_group([("overdue", "=", True)], ["company_id"])
        ]
        for company in overdue_companies:
            steps = (
                (1, company.playbook_escalate_rep_days),
                (2, company.playbook_escalate_manager_days),
                (3, company.playbook_escalate_bad_debt_days),
            )
            for level, days in steps:
                if not days:
                    continue
                domain = [
                    ("company_id", "=", company.id),
                    ("overdue", "=", True),
                    ("days_overdue", ">=", days),
                    ("escalation_level", "<", level),
                ]
                milestones = self.search(domain, limit=limit, order="days_overdue desc, id")
                milestones._playbook_escalate_to(level)
                done += len(milestones)
                if len(milestones) == limit:
                    left += self.search_count(domain)
        return done, left

    def _playbook_escalation_texts(self, level, env):
        """(summary, note) of the escalation step ``level`` of this milestone,
        in the language of ``env``."""
        self.ensure_one()
        contract = self.contract_id
        amount = self.currency_id.format(self.amount_residual)
        if level == 1:
            return (
                env._("Collect the overdue payment %(milestone)s", milestone=self.name),
                env._(
                    "%(amount)s of %(contract)s is %(days)s days overdue.",
                    amount=amount,
                    contract=contract.name,
                    days=self.days_overdue,
                ),
            )
        if level == 2:
            return (
                env._(
                    "Escalated: %(contract)s overdue %(days)s days",
                    contract=contract.name,
                    days=self.days_overdue,
                ),
                env._(
                    "%(amount)s of %(contract)s (salesperson %(user)s) is %(days)s days overdue.",
                    amount=amount,
                    contract=contract.name,
                    user=contract.user_id.name or "",
                    days=self.days_overdue,
                ),
            )
        return (
            env._(
                "Bad-debt risk: send the payment reminder letter for %(contract)s",
                contract=contract.name,
            ),
            env._(
                "%(amount)s of %(contract)s is %(days)s days overdue: print the payment "
                "reminder letter from the milestone and send it.",
                amount=amount,
                contract=contract.name,
                days=self.days_overdue,
            ),
        )

    def _playbook_escalate_to(self, level):
        """One escalation step for a batch of milestones: a to-do each and a
        note on the milestone and its contract, written in bulk."""
        if not self:
            return
        # the scheduler's step: it reads the users of groups and writes notes
        # on contracts whoever owns them
        records = self.sudo()
        legal = self.env.ref("sales_playbook.group_playbook_legal").users
        managers = self.env.ref("sales_playbook.group_playbook_manager").users
        activities, bodies, contract_bodies = [], {}, {}
        envs = {}  # one environment per language: each to-do in its assignee's

        def env_of(users):
            lang = next((user.lang for user in users if user.lang), None)
            lang = lang or self.env.company.partner_id.lang or self.env.lang
            if lang not in envs:
                envs[lang] = self.with_context(lang=lang).env
            return envs[lang]

        for milestone in records:
            contract = milestone.contract_id
            if level == 1:
                recipients = contract.user_id
            elif level == 2:
                recipients = (
                    contract.team_id.user_id
                    or managers.filtered(lambda u, c=milestone.company_id: c in u.company_ids)[:1]
                )
            else:
                recipients = (
                    legal.filtered(lambda u, c=milestone.company_id: c in u.company_ids)
                    or contract.user_id
                )
            for user in recipients:
                summary, note = milestone._playbook_escalation_texts(level, env_of(user))
                activities.append(
                    (milestone, {"user_id": user.id, "summary": summary, "note": note})
                )
            env = env_of(contract.user_id)  # the notes are the salesperson's
            body = env._(
                "Escalation %(level)s: %(summary)s",
                level=level,
                summary=milestone._playbook_escalation_texts(level, env)[0],
            )
            bodies[milestone.id] = body
            contract_bodies.setdefault(contract.id, []).append(body)
        values = {"escalation_level": level}
        if level >= 2:
            values["risk"] = "bad_debt" if level == 3 else "watch"
        records.with_context(tracking_disable=True)._playbook_write(values)
        self.env["mail.activity"]._playbook_create_todos(activities)
        records._message_log_batch(bodies)
        records.contract_id._message_log_batch(
            {
                contract_id: Markup("<br/>").join(texts)
                for contract_id, texts in contract_bodies.items()
            }
        )
