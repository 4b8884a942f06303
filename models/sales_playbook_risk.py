from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import format_date

from .sales_playbook_guarded_mixin import door_is_open, open_door

RISK_TYPES = [
    ("credit", "Credit Risk"),
    ("contract", "Contract Risk"),
    ("market", "Market Risk"),
    ("legal", "Legal and Compliance Risk"),
]
RISK_LEVELS = [
    ("low", "Low"),
    ("medium", "Medium"),
    ("high", "High"),
    ("critical", "Critical"),
]
RISK_STATES = [
    ("open", "Open"),
    ("in_progress", "In Progress"),
    ("resolved", "Resolved"),
    ("closed", "Closed"),
    ("cancel", "Cancelled"),
]
# One key per automatic cause: a warning's auto_key is "<cause>:<record id>",
# unique per company.
AUTO_CAUSES = [
    ("credit_hold", "Customer on credit hold"),
    ("credit_grade_drop", "Customer's credit grade dropped"),
    ("contract_discount", "Contract with a special discount"),
    ("contract_payment_term", "Payment term beyond the bottom line"),
    ("contract_penalty", "Weak late-payment penalty"),
    ("market_idle", "Competitor and no activity"),
]
ESCALATED_LEVELS = ("high", "critical")
OPEN_STATES = ("open", "in_progress")
# the contracts whose terms the company has agreed to (or is agreeing to)
AGREED_CONTRACT_STATES = ("review", "approved", "signed")
PENALTY_CONTRACT_STATES = ("draft", "review", "approved", "signed")
# on an automatic warning, what states its cause is the add-on's
AUTO_CAUSE_FIELDS = frozenset(
    {"title", "risk_type", "description", "partner_id", "lead_id", "contract_id"}
)


def _number(value):
    """A rate or percentage as people write it: 15, 0.05, 12.5."""
    return f"{value:g}"


class SalesPlaybookRisk(models.Model):
    """销售风险: a risk a salesperson or manager reports (seed 004 第六章:
    及时向销售经理汇报发现的风险，并提出应对建议), or a warning the add-on raises
    itself when a cause it can see appears (风险预警机制) and resolves when
    the cause goes away."""

    _name = "sales.playbook.risk"
    _description = "Sales Risk"
    _inherit = ["mail.thread", "mail.activity.mixin", "sales.playbook.guarded.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Number", required=True, readonly=True, copy=False, default="/")
    title = fields.Char(required=True, tracking=True)
    risk_type = fields.Selection(
        RISK_TYPES, string="Type", required=True, default="credit", tracking=True, index=True
    )
    level = fields.Selection(
        RISK_LEVELS,
        required=True,
        default="medium",
        tracking=True,
        index=True,
        group_expand=True,
    )
    description = fields.Text(required=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        index=True,
        tracking=True,
        domain="[('parent_id', '=', False)]",
    )
    lead_id = fields.Many2one(
        "crm.lead",
        string="Opportunity",
        index="btree_not_null",
        check_company=True,
        tracking=True,
    )
    contract_id = fields.Many2one(
        "sale.contract",
        index="btree_not_null",
        check_company=True,
        tracking=True,
    )
    user_id = fields.Many2one(
        "res.users",
        string="Owner",
        required=True,
        index=True,
        tracking=True,
        domain="[('share', '=', False)]",
        default=lambda self: self.env.user,
        help="Who carries out the measures.",
    )
    reported_by_id = fields.Many2one(
        "res.users",
        readonly=True,
        default=lambda self: self.env.user,
    )
    date = fields.Date(
        string="Reported On",
        required=True,
        readonly=True,
        default=lambda self: self.env.company._playbook_today(),
    )
    salesperson_id = fields.Many2one(
        "res.users",
        compute="_compute_salesperson_id",
        store=True,
        index=True,
        help="The opportunity's salesperson, else the contract's, else the customer's.",
    )
    team_id = fields.Many2one(
        "crm.team",
        string="Sales Team",
        compute="_compute_team_id",
        store=True,
        index=True,
    )
    region_id = fields.Many2one(related="team_id.playbook_region_id", store=True, string="Region")
    measures = fields.Text(help="What is done about the risk (应对措施).")
    date_due = fields.Date(string="Due Date", tracking=True)
    state = fields.Selection(
        RISK_STATES,
        string="Status",
        required=True,
        readonly=True,
        default="open",
        copy=False,
        tracking=True,
        index=True,
    )
    date_done = fields.Date(string="Ended On", readonly=True, copy=False)
    auto_cause = fields.Selection(AUTO_CAUSES, string="Automatic Cause", readonly=True, copy=False)
    auto_key = fields.Char(readonly=True, copy=False, index="btree_not_null")
    is_automatic = fields.Boolean(
        string="Automatic",
        compute="_compute_is_automatic",
        store=True,
        help="Raised by the sales playbook itself; resolved by it when the cause goes away.",
    )
    cause_gone = fields.Boolean(
        readonly=True,
        copy=False,
        help="The add-on resolved this warning because its cause went away.",
    )
    manager_notified = fields.Boolean(readonly=True, copy=False)
    overdue = fields.Boolean(compute="_compute_overdue", search="_search_overdue")
    color = fields.Integer(compute="_compute_color")
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )

    _sql_constraints = [
        (
            "auto_key_company_uniq",
            "unique(auto_key, company_id)",
            "An automatic warning is raised once per cause and record.",
        )
    ]

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends("lead_id.user_id", "contract_id.user_id", "partner_id.user_id")
    def _compute_salesperson_id(self):
        for risk in self:
            risk.salesperson_id = (
                risk.lead_id.user_id or risk.contract_id.user_id or risk.partner_id.user_id
            )

    @api.depends("lead_id.team_id", "contract_id.team_id", "salesperson_id.sale_team_id")
    def _compute_team_id(self):
        for risk in self:
            risk.team_id = (
                risk.lead_id.team_id or risk.contract_id.team_id or risk.salesperson_id.sale_team_id
            )

    @api.depends("auto_cause")
    def _compute_is_automatic(self):
        for risk in self:
            risk.is_automatic = bool(risk.auto_cause)

    @api.depends("date_due", "state")
    def _compute_overdue(self):
        today = self.env.company._playbook_today()
        for risk in self:
            risk.overdue = bool(
                risk.state in OPEN_STATES and risk.date_due and risk.date_due < today
            )

    def _search_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on overdue risks."))
        domain = [
            ("state", "in", OPEN_STATES),
            ("date_due", "<", self.env.company._playbook_today()),
        ]
        return domain if (operator == "=") == value else ["!", "&", *domain]

    @api.depends("level")
    def _compute_color(self):
        colors = {"low": 10, "medium": 3, "high": 2, "critical": 1}
        for risk in self:
            risk.color = colors.get(risk.level, 0)

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains("partner_id", "lead_id", "contract_id")
    def _check_subject(self):
        for risk in self:
            if not (risk.partner_id or risk.lead_id or risk.contract_id):
                raise ValidationError(
                    self.env._(
                        "Name the customer, the opportunity or the contract the risk %(risk)s "
                        "is about.",
                        risk=risk.title,
                    )
                )
            customer = risk.partner_id
            if customer and customer != customer.commercial_partner_id:
                raise ValidationError(
                    self.env._(
                        "A risk is about a customer (the company), not one of its contacts: "
                        "choose %(customer)s.",
                        customer=customer.commercial_partner_id.display_name,
                    )
                )
            for record in (risk.lead_id, risk.contract_id):
                other = record.partner_id.commercial_partner_id
                if customer and other and other != customer:
                    raise ValidationError(
                        self.env._(
                            "%(record)s is not %(customer)s's.",
                            record=record.display_name,
                            customer=customer.display_name,
                        )
                    )

    @api.constrains("date", "date_due")
    def _check_date_due(self):
        for risk in self:
            if risk.date_due and risk.date and risk.date_due < risk.date:
                raise ValidationError(
                    self.env._(
                        "The due date of %(risk)s cannot be before the day it was reported "
                        "(%(date)s).",
                        risk=risk.title,
                        date=format_date(self.env, risk.date),
                    )
                )

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        numbered = []
        for vals in vals_list:
            vals = dict(vals)
            if vals.get("name", "/") == "/":
                company = self.env["res.company"].browse(vals.get("company_id")) or self.env.company
                vals["name"] = (
                    self.env["ir.sequence"]
                    .with_company(company)
                    .next_by_code("sales.playbook.risk")
                    or "/"
                )
            if not vals.get("partner_id") and not self.env.context.get("default_partner_id"):
                customer_id = self._playbook_customer_of(vals)
                if customer_id:
                    vals["partner_id"] = customer_id
            numbered.append(vals)
        self._playbook_check_protected_create(vals_list)
        # the caller's values were checked above; the number comes from the
        # sequence and the customer from the opportunity or contract
        with open_door(self._name, None, set().union(*numbered)):
            risks = super().create(numbered)
        risks.filtered(lambda r: r.level in ESCALATED_LEVELS)._playbook_notify_manager()
        return risks

    @api.model
    def _playbook_customer_of(self, vals):
        """The customer of a risk reported from an opportunity or a contract
        (named in the values or, from their *Report Risk*, in the context)."""
        context = self.env.context
        contract_id = vals.get("contract_id", context.get("default_contract_id"))
        if contract_id:
            contract = self.env["sale.contract"].browse(contract_id)
            return contract.partner_id.commercial_partner_id.id
        lead_id = vals.get("lead_id", context.get("default_lead_id"))
        if lead_id:
            lead = self.env["crm.lead"].browse(lead_id)
            return lead.partner_id.commercial_partner_id.id
        return False

    def write(self, vals):
        cause = AUTO_CAUSE_FIELDS.intersection(vals)
        automatic = self.filtered("is_automatic") if cause else self.browse()
        if automatic and not door_is_open(self._name, frozenset(automatic._ids), cause):
            raise AccessError(
                self.env._(
                    "%(fields)s of an automatic warning state its cause; the sales playbook "
                    "writes them. Record what you do in the measures.",
                    fields=", ".join(
                        sorted(
                            self._fields[name].get_description(self.env)["string"] for name in cause
                        )
                    ),
                )
            )
        result = super().write(vals)
        if vals.get("level") in ESCALATED_LEVELS:
            self.filtered(
                lambda r: r.state in OPEN_STATES and not r.manager_notified
            )._playbook_notify_manager()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_automatic(self):
        if any(risk.is_automatic for risk in self):
            raise UserError(
                self.env._(
                    "Automatic warnings are kept as the record of the warning; cancel one "
                    "raised in error instead of deleting it."
                )
            )

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def _playbook_check_state(self, allowed, action):
        for risk in self:
            if risk.state not in allowed:
                raise UserError(
                    self.env._(
                        "%(risk)s is %(state)s: it cannot be %(action)s.",
                        risk=risk.display_name,
                        state=dict(self._fields["state"]._description_selection(self.env))[
                            risk.state
                        ],
                        action=action,
                    )
                )

    def _playbook_check_measures(self):
        for risk in self:
            if not (risk.measures or "").strip():
                raise UserError(
                    self.env._(
                        "Write the measures taken against %(risk)s first.", risk=risk.display_name
                    )
                )

    def action_start(self):
        self.check_access("write")
        self._playbook_check_state(("open",), self.env._("started"))
        self._playbook_check_measures()
        self._playbook_write({"state": "in_progress"})
        return True

    def action_resolve(self):
        self.check_access("write")
        self._playbook_check_state(OPEN_STATES, self.env._("resolved"))
        self._playbook_check_measures()
        automatic = self.filtered("is_automatic")
        if automatic:
            automatic._playbook_recheck()
            still = automatic.filtered(lambda r: r.state in OPEN_STATES)
            if still:
                raise UserError(
                    self.env._(
                        "The cause of %(risk)s is still there: the warning resolves itself "
                        "when it goes away. Close it to accept the risk with your measures.",
                        risk=", ".join(still.mapped("display_name")),
                    )
                )
        done = self.filtered(lambda r: r.state in OPEN_STATES)
        done._playbook_write({"state": "resolved", "date_done": self.env.company._playbook_today()})
        done._playbook_done_todos(self.env._("The risk is resolved."))
        return True

    def action_close(self):
        self.check_access("write")
        self._playbook_check_state(OPEN_STATES, self.env._("closed"))
        self._playbook_check_measures()
        self._playbook_write({"state": "closed", "date_done": self.env.company._playbook_today()})
        self._playbook_done_todos(self.env._("The risk is closed: accepted with its measures."))
        return True

    def action_cancel(self):
        self.check_access("write")
        self._playbook_check_state(OPEN_STATES, self.env._("cancelled"))
        self._playbook_write({"state": "cancel", "date_done": self.env.company._playbook_today()})
        self._playbook_done_todos(self.env._("The risk is cancelled."))
        return True

    def action_reopen(self):
        self.check_access("write")
        self._playbook_check_state(("resolved", "closed", "cancel"), self.env._("reopened"))
        self._playbook_write({"state": "open", "date_done": False, "cause_gone": False})
        self._playbook_escalate_again()
        return True

    @api.model
    def action_check_now(self):
        """Evaluate the automatic warnings of the current company at once."""
        if not self.env.user.has_group("sales_playbook.group_playbook_manager"):
            raise AccessError(self.env._("Only sales managers run the risk check."))
        self._playbook_evaluate(self.env.company)
        return {"type": "ir.actions.client", "tag": "soft_reload"}

    # ------------------------------------------------------------
    # THE SALES MANAGER IS TOLD AT ONCE (及时向销售经理汇报)
    # ------------------------------------------------------------

    def _playbook_managers(self):
        """Who hears of a high risk: the manager of the region of the team
        (the opportunity's, the contract's or the salesperson's), else the
        team's leader, else the company's sales managers."""
        self.ensure_one()
        user = self.team_id.playbook_region_id.user_id or self.team_id.user_id
        if user and user.active:
            return user
        return self.env.ref("sales_playbook.group_playbook_manager").users.filtered(
            lambda u: u.active and not u.share and self.company_id in u.company_ids
        )

    def _playbook_notify_manager(self):
        for risk in self:
            managers = risk._playbook_managers()
            for manager in managers:
                env = risk._playbook_in_lang_of(manager).env
                risk.activity_schedule(
                    "mail.mail_activity_data_todo",
                    user_id=manager.id,
                    date_deadline=risk.date,
                    summary=env._("Sales risk: %(title)s", title=risk.title),
                    note=env._(
                        "%(reporter)s reported a %(level)s risk: %(description)s",
                        reporter=risk.reported_by_id.name or risk.user_id.name,
                        level=dict(risk._fields["level"]._description_selection(env))[risk.level],
                        description=risk.description,
                    ),
                )
            if managers:
                env = risk._playbook_in_lang_of(managers).env
                risk.message_subscribe(partner_ids=managers.partner_id.ids)
                risk.message_post(
                    body=env._(
                        "A %(level)s risk, reported to %(managers)s.",
                        level=dict(risk._fields["level"]._description_selection(env))[risk.level],
                        managers=", ".join(managers.mapped("name")),
                    ),
                    partner_ids=managers.partner_id.ids,
                    subtype_xmlid="mail.mt_comment",
                )
        self._playbook_write({"manager_notified": True})

    def _playbook_escalate_again(self):
        """A high risk open again is the manager's concern again."""
        high = self.filtered(lambda r: r.level in ESCALATED_LEVELS)
        if high:
            high._playbook_write({"manager_notified": False})
            high._playbook_notify_manager()

    def _playbook_done_todos(self, feedback):
        """A risk no longer open leaves no to-do behind: the managers' and the
        owner's to-dos on it are done, with the outcome as feedback."""
        # sudo: whoever may resolve the risk closes the to-dos given to its
        # managers, which are not theirs
        self.sudo().activity_feedback(["mail.mail_activity_data_todo"], feedback=feedback)

    # ------------------------------------------------------------
    # AUTOMATIC WARNINGS (风险预警机制)
    # ------------------------------------------------------------

    @api.model
    def _cron_evaluate(self):
        """Daily: raise the warnings whose cause appeared, resolve those
        whose cause went away, in every company."""
        for company in self.env["res.company"].search([("active", "=", True)]):
            self._playbook_evaluate(company)

    @api.model
    def _playbook_evaluate_contracts(self, contracts):
        """The contract warnings of ``contracts`` at once (submitted for
        review, cancelled), not at the next daily check."""
        causes = ("contract_discount", "contract_payment_term", "contract_penalty")
        for company in contracts.company_id:
            ids = set(contracts.filtered(lambda c, co=company: c.company_id == co).ids)
            self._playbook_evaluate(company, dict.fromkeys(causes, ids))

    @api.model
    def _playbook_evaluate_leads(self, leads):
        """The market warnings of these opportunities at once when they move
        stage, are won, lost or archived, not at the next daily check."""
        # sudo: the salesperson moving their opportunity checks the add-on's
        # own register, which may hold warnings owned by someone else
        open_warnings = self.sudo().search(
            [
                ("auto_key", "in", [f"market_idle:{lead_id}" for lead_id in leads.ids]),
                ("state", "in", list(OPEN_STATES)),
            ]
        )
        open_warnings._playbook_recheck()

    def _playbook_recheck(self):
        """Evaluate again the causes of these automatic warnings."""
        for company in self.company_id:
            scope = {}
            for risk in self.filtered(lambda r, c=company: r.company_id == c and r.auto_key):
                cause, record_id = risk.auto_key.split(":")
                scope.setdefault(cause, set()).add(int(record_id))
            self._playbook_evaluate(company, scope)

    @api.model
    def _playbook_evaluate(self, company, scope=None):
        """Raise and resolve the automatic warnings of ``company``.
        ``scope``: {cause: record ids} to evaluate only these causes and
        records (an event); None: every cause and record (the daily run).
        Each cause is one grouped read or search, whatever the number of
        records."""
        # sudo: the automatic warnings are the add-on's own register, kept
        # whoever triggers a check (a release of credit hold, a signature)
        Risk = self.sudo().with_company(company)
        present = {}
        for cause, _label in AUTO_CAUSES:
            if scope is not None and cause not in scope:
                continue
            ids = None if scope is None else list(scope[cause])
            present.update(getattr(Risk, f"_playbook_cause_{cause}")(company, ids))
        domain = [("company_id", "=", company.id), ("auto_key", "!=", False)]
        if scope is not None:
            keys = [f"{cause}:{record_id}" for cause, ids in scope.items() for record_id in ids]
            domain.append(("auto_key", "in", keys))
        existing = {risk.auto_key: risk for risk in Risk.search(domain)}
        new = [vals for key, vals in present.items() if key not in existing]
        if new:
            Risk._playbook_create(Risk._playbook_with_owners(company, new))
        back = Risk.browse(
            [
                risk.id
                for key, risk in existing.items()
                if key in present and risk.state == "resolved" and risk.cause_gone
            ]
        )
        for risk in back:
            env = risk._playbook_in_lang_of(risk.user_id).env
            risk.message_post(body=env._("The cause is back: the warning is open again."))
        back._playbook_write({"state": "open", "date_done": False, "cause_gone": False})
        back._playbook_escalate_again()
        gone = Risk.browse(
            [
                risk.id
                for key, risk in existing.items()
                if key not in present and risk.state in OPEN_STATES
            ]
        )
        for risk in gone:
            env = risk._playbook_in_lang_of(risk.user_id).env
            risk.message_post(
                body=env._("The cause went away: the warning is resolved automatically.")
            )
        gone._playbook_write(
            {"state": "resolved", "cause_gone": True, "date_done": company._playbook_today()}
        )
        gone._playbook_done_todos(Risk.env._("The cause went away."))
        return {"created": len(new), "reopened": len(back), "resolved": len(gone)}

    @api.model
    def _playbook_with_owners(self, company, vals_list):
        """Each new warning belongs to the salesperson of what it is about,
        else to a sales manager of the company."""
        managers = self.env.ref("sales_playbook.group_playbook_manager").users.filtered(
            lambda u: u.active and not u.share and company in u.company_ids
        )
        fallback = managers[:1] or self.env.user
        root = self.env.ref("base.user_root")
        for vals in vals_list:
            salesperson = vals.pop("salesperson", False)
            owner = salesperson if salesperson and salesperson.active else fallback
            # written in the language of whom it is for
            texts = vals.pop("texts")
            vals["title"], vals["description"] = texts(self._playbook_in_lang_of(owner).env)
            vals["user_id"] = owner.id
            vals["reported_by_id"] = root.id
            vals["company_id"] = company.id
        return vals_list

    def _playbook_warning(self, cause, record, **vals):
        return {
            "auto_cause": cause,
            "auto_key": f"{cause}:{record.id}",
            **vals,
        }

    def _playbook_cause_credit_hold(self, company, ids):
        """The customer is on credit hold: the one definition of the hold."""
        Partner = self.env["res.partner"].with_company(company)
        customers = Partner.browse(ids) if ids is not None else None
        present = {}
        # the reasons in the source language, said again in the owner's
        holds = Partner.with_context(lang="en_US")._playbook_credit_holds(customers)
        for customer, reasons in holds.items():
            customer = customer.with_env(self.env)

            def texts(env, name=customer.name, reasons=tuple(reasons)):
                said = {
                    "payments overdue": env._("payments overdue"),
                    "credit limit exceeded": env._("credit limit exceeded"),
                }
                return (
                    env._("%(customer)s is on credit hold", customer=name),
                    env._(
                        "%(customer)s is on credit hold: %(reasons)s. New orders need "
                        "finance's approval and deliveries wait until finance releases it.",
                        customer=name,
                        reasons=", ".join(said.get(reason, reason) for reason in reasons),
                    ),
                )

            warning = self._playbook_warning(
                "credit_hold",
                customer,
                risk_type="credit",
                level="high",
                texts=texts,
                partner_id=customer.id,
                salesperson=customer.user_id,
            )
            present[warning["auto_key"]] = warning
        return present

    def _playbook_agreed_contracts(self, company, ids, states):
        domain = [("company_id", "=", company.id), ("state", "in", states)]
        if ids is not None:
            domain.append(("id", "in", ids))
        return self.env["sale.contract"].search(domain)

    def _playbook_contract_warning(self, cause, contract, **vals):
        return self._playbook_warning(
            cause,
            contract,
            risk_type="contract",
            contract_id=contract.id,
            lead_id=contract.opportunity_id.id,
            partner_id=contract.partner_id.commercial_partner_id.id,
            salesperson=contract.user_id,
            **vals,
        )

    def _playbook_cause_contract_discount(self, company, ids):
        """A contract agreed or being agreed whose quotation grants a line
        discount above what the sales manager may grant (the director's
        threshold): the matrix had the director approve it, and the special
        discount stays worth watching."""
        contracts = self._playbook_agreed_contracts(company, ids, AGREED_CONTRACT_STATES)
        threshold = company.playbook_director_discount
        groups = self.env["sale.order.line"]._read_group(
            [
                ("order_id", "in", contracts.order_id.ids),
                ("display_type", "=", False),
                ("discount", ">", threshold),
            ],
            groupby=["order_id"],
            aggregates=["discount:max"],
        )
        largest = {order.id: discount for order, discount in groups}
        present = {}
        for contract in contracts.filtered(lambda c: c.order_id.id in largest):
            discount = largest[contract.order_id.id]

            def texts(env, name=contract.name, order=contract.order_id.name, discount=discount):
                return (
                    env._(
                        "%(contract)s: special discount of %(discount)s %%",
                        contract=name,
                        discount=_number(discount),
                    ),
                    env._(
                        "The quotation %(order)s of contract %(contract)s grants a discount of "
                        "%(discount)s %%, above the %(threshold)s %% a sales manager may grant; "
                        "the sales director approved it. Watch the margin and the precedent it "
                        "sets.",
                        order=order,
                        contract=name,
                        discount=_number(discount),
                        threshold=_number(threshold),
                    ),
                )

            warning = self._playbook_contract_warning(
                "contract_discount", contract, level="medium", texts=texts
            )
            present[warning["auto_key"]] = warning
        return present

    def _playbook_cause_credit_grade_drop(self, company, ids):
        """The customer's credit grade dropped and no later approved
        assessment brought it back to the grade before the drop (AAA → B
        → B is still down from AAA)."""
        domain = [("company_id", "=", company.id), ("state", "=", "approved")]
        if ids is not None:
            domain.append(("partner_id", "in", ids))
        approved = self.env["sales.playbook.credit.assessment"].search(
            domain, order="approved_date, id"
        )
        present = {}
        for customer, assessments in approved.grouped("partner_id").items():
            # the grade before the drop, while the customer is still below it
            before_drop = self.env["sales.playbook.credit.grade"]
            for assessment in assessments:
                if before_drop:
                    if assessment.grade_id.min_score >= before_drop.min_score:
                        before_drop = before_drop.browse()
                elif assessment.grade_dropped:
                    before_drop = assessment.previous_id.grade_id
            if not before_drop:
                continue
            assessment = assessments[-1]

            def texts(
                env,
                name=customer.name,
                before=before_drop.name or "",
                after=assessment.grade_id.name or "",
                number=assessment.name,
            ):
                return (
                    env._(
                        "%(customer)s: credit grade down from %(before)s to %(after)s",
                        customer=name,
                        before=before,
                        after=after,
                    ),
                    env._(
                        "The credit assessment %(number)s approved by finance grades %(customer)s "
                        "%(after)s, down from %(before)s: review the open quotations, contracts "
                        "and receivables of the customer.",
                        number=number,
                        customer=name,
                        before=before,
                        after=after,
                    ),
                )

            warning = self._playbook_warning(
                "credit_grade_drop",
                customer,
                risk_type="credit",
                level="high",
                texts=texts,
                partner_id=customer.id,
                salesperson=customer.user_id,
            )
            present[warning["auto_key"]] = warning
        return present

    def _playbook_cause_contract_payment_term(self, company, ids):
        """A contract agreed or being agreed whose payment term is longer
        than the negotiation's bottom line (longest payment period) — which
        the approval matrix does not check."""
        contracts = self._playbook_agreed_contracts(company, ids, AGREED_CONTRACT_STATES)
        # sudo: the bottom lines stay hidden; the warning states the verdict
        groups = (
            self.env["sales.playbook.bottom.line"]
            .sudo()
            ._read_group(
                [
                    ("lead_id", "in", contracts.opportunity_id.ids),
                    ("max_payment_days", ">", 0),
                ],
                groupby=["lead_id"],
                aggregates=["max_payment_days:min"],
            )
        )
        longest = {lead.id: days for lead, days in groups}
        present = {}
        for contract in contracts:
            limit = longest.get(contract.opportunity_id.id)
            # the customer's approved longest term (credit assessment) is a limit too
            credit_limit = None
            if contract.playbook_beyond_credit_term:
                credit_limit = contract.partner_id.commercial_partner_id.with_company(
                    company
                ).playbook_credit_days
            exceeded = (limit and contract.payment_days > limit) or credit_limit is not None
            if not exceeded:
                continue

            def texts(
                env,
                name=contract.name,
                days=contract.payment_days,
                limit=limit,
                credit=credit_limit,
            ):
                if credit is not None and not (limit and limit < credit and days > limit):
                    description = env._(
                        "Contract %(contract)s gives the customer %(days)s days to pay, longer "
                        "than the %(limit)s days finance approved for the customer in its credit "
                        "assessment.",
                        contract=name,
                        days=days,
                        limit=credit,
                    )
                else:
                    description = env._(
                        "Contract %(contract)s gives the customer %(days)s days to pay, longer "
                        "than the %(limit)s days the negotiation set as the longest payment "
                        "period.",
                        contract=name,
                        days=days,
                        limit=limit,
                    )
                return (
                    env._("%(contract)s: payment term of %(days)s days", contract=name, days=days),
                    description,
                )

            warning = self._playbook_contract_warning(
                "contract_payment_term", contract, level="high", texts=texts
            )
            present[warning["auto_key"]] = warning
        return present

    def _playbook_cause_contract_penalty(self, company, ids):
        """A contract (draft to signed) without a late-payment penalty, or
        whose penalty cap is below the company's minimum."""
        minimum = company.playbook_risk_min_penalty_cap
        domain = [
            ("company_id", "=", company.id),
            ("state", "in", PENALTY_CONTRACT_STATES),
            "|",
            ("late_payment_rate", "<=", 0),
            ("penalty_cap", "<", minimum),
        ]
        if ids is not None:
            domain.append(("id", "in", ids))
        present = {}
        for contract in self.env["sale.contract"].search(domain):

            def texts(
                env,
                name=contract.name,
                none=contract.late_payment_rate <= 0,
                cap=contract.penalty_cap,
            ):
                if none:
                    description = env._(
                        "Contract %(contract)s has no late-payment penalty: nothing deters the "
                        "customer from paying late.",
                        contract=name,
                    )
                else:
                    description = env._(
                        "The penalties of contract %(contract)s are capped at %(cap)s %% of the "
                        "contract, below the company's minimum of %(minimum)s %%.",
                        contract=name,
                        cap=_number(cap),
                        minimum=_number(minimum),
                    )
                return (
                    env._("%(contract)s: weak late-payment penalty", contract=name),
                    description,
                )

            warning = self._playbook_contract_warning(
                "contract_penalty", contract, level="medium", texts=texts
            )
            present[warning["auto_key"]] = warning
        return present

    def _playbook_cause_market_idle(self, company, ids):
        """An open opportunity with a competitor noted on which nothing has
        happened for the company's number of days. Something happening is
        its last stage change, or the last message on it written by a person
        (a note, an e-mail, a logged call) or a done activity — messages the
        add-on's own jobs post do not count."""
        days = company.playbook_risk_idle_days
        domain = [
            ("company_id", "=", company.id),
            ("type", "=", "opportunity"),
            ("playbook_competitor_ids", "!=", False),
            ("stage_id.is_won", "=", False),
        ]
        if ids is not None:
            domain.append(("id", "in", ids))
        leads = self.env["crm.lead"].search(domain)
        if not leads:
            return {}
        groups = self.env["mail.message"]._read_group(
            [
                ("model", "=", "crm.lead"),
                ("res_id", "in", leads.ids),
                ("author_id", "!=", self.env.ref("base.partner_root").id),
                "|",
                ("message_type", "in", ("comment", "email", "email_outgoing")),
                ("mail_activity_type_id", "!=", False),
            ],
            groupby=["res_id"],
            aggregates=["date:max"],
        )
        last_message = dict(groups)
        cutoff = fields.Datetime.now() - timedelta(days=days)
        present = {}
        for lead in leads:
            last = max(
                filter(
                    None,
                    (lead.date_last_stage_update or lead.create_date, last_message.get(lead.id)),
                )
            )
            if last >= cutoff:
                continue
            competitors = ", ".join(lead.playbook_competitor_ids.mapped("name"))
            last_day = last.date()

            def texts(env, name=lead.name, competitors=competitors, last=last_day):
                return (
                    env._("%(lead)s: competitors and no activity", lead=name),
                    env._(
                        "%(competitors)s compete for %(lead)s, and nothing has happened on it "
                        "since %(date)s (more than %(days)s days): review the strategy with "
                        "the customer before the competitor does.",
                        competitors=competitors,
                        lead=name,
                        date=format_date(env, last),
                        days=days,
                    ),
                )

            warning = self._playbook_warning(
                "market_idle",
                lead,
                risk_type="market",
                level="medium",
                texts=texts,
                lead_id=lead.id,
                partner_id=lead.partner_id.commercial_partner_id.id,
                salesperson=lead.user_id,
            )
            present[warning["auto_key"]] = warning
        return present

    # ------------------------------------------------------------
    # REPORT
    # ------------------------------------------------------------

    def _playbook_status_history(self):
        """[(date, user, from, to)] of the status changes, oldest first, for
        the printed form."""
        self.ensure_one()
        # sudo: the status changes of this risk, which its readers see in its
        # chatter (Odoo keeps tracking values to administrators)
        values = (
            self.env["mail.tracking.value"]
            .sudo()
            .search(
                [
                    ("mail_message_id.model", "=", self._name),
                    ("mail_message_id.res_id", "=", self.id),
                    ("field_id.name", "=", "state"),
                ],
                order="id",
            )
        )
        labels = dict(self._fields["state"]._description_selection(self.env))
        # tracking keeps the label of the writer's language: read it back as a key
        keys = {
            label: key
            for lang in self.env["res.lang"].get_installed()
            for key, label in self._fields["state"]._description_selection(
                self.with_context(lang=lang[0]).env
            )
        }

        def label(value):
            return labels.get(keys.get(value or "", ""), value or "")

        # what the add-on did itself (OdooBot's changes) reads as the add-on's
        system = self.env.ref("base.partner_root")
        by_system = self.env._("Sales playbook (automatic)")

        def by(partner):
            return by_system if partner == system else partner.name

        reporter = by_system if self.is_automatic else self.reported_by_id.name
        history = [(format_date(self.env, self.date), reporter, "", labels["open"])]
        for value in values:
            history.append(
                (
                    format_date(
                        self.env, fields.Date.context_today(self, value.mail_message_id.date)
                    ),
                    by(value.mail_message_id.author_id),
                    label(value.old_value_char),
                    label(value.new_value_char),
                )
            )
        return history
