from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL, format_list

from ..tools import credit
from .sales_playbook_guarded_mixin import door_is_open, open_door

ASSESSMENT_STATES = [
    ("draft", "Draft"),
    ("review", "Finance Review"),
    ("approved", "Approved"),
    ("rejected", "Rejected"),
    ("cancel", "Cancelled"),
]
ASSESSMENT_REASONS = [
    ("request", "Requested"),
    ("periodic", "Periodic re-assessment"),
    ("payment_history", "Payment history crossed a threshold"),
]
OPEN_STATES = ("draft", "review")
# what finance decides when it approves: written by finance, under review only
FINANCE_FIELDS = frozenset({"approved_limit", "approved_days"})
# the payment history measured from the collections (one definition: the
# milestones' days overdue and broken promises, collected ÷ due)
HISTORY_FIELDS = (
    "max_days_overdue",
    "broken_promises",
    "amount_due_12m",
    "amount_paid_12m",
    "collection_rate",
)


class SalesPlaybookCreditAssessment(models.Model):
    """客户信用评估与信用档案: a customer's credit assessment. The sales rep
    requests it, the scorecard scores it, finance approves it (tier
    validation) and the approved limit and longest payment term become the
    customer's. Each assessment is kept: together they are the credit file."""

    _name = "sales.playbook.credit.assessment"
    _description = "Customer Credit Assessment"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "tier.validation",
        "sales.playbook.guarded.mixin",
    ]
    _order = "date desc, id desc"
    _check_company_auto = True

    _state_from = ["draft", "review"]
    _state_to = ["approved"]
    _cancel_state = "cancel"
    _tier_validation_manual_config = False
    _playbook_protected_extra = ("review_ids",)

    name = fields.Char(string="Number", required=True, readonly=True, copy=False, default="/")
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        domain="[('parent_id', '=', False)]",
    )
    user_id = fields.Many2one(
        related="partner_id.user_id", string="Salesperson", store=True, index=True
    )
    requested_by_id = fields.Many2one(
        "res.users", readonly=True, default=lambda self: self.env.user, copy=False
    )
    date = fields.Date(
        string="Requested On",
        required=True,
        readonly=True,
        default=lambda self: self.env.company._playbook_today(),
    )
    reason = fields.Selection(ASSESSMENT_REASONS, required=True, readonly=True, default="request")
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    scorecard_id = fields.Many2one("sales.playbook.credit.scorecard", readonly=True)
    state = fields.Selection(
        ASSESSMENT_STATES,
        string="Status",
        required=True,
        readonly=True,
        default="draft",
        copy=False,
        tracking=True,
        index=True,
    )
    # the credit file's inputs
    registered_capital = fields.Monetary(tracking=True)
    years_in_business = fields.Integer(tracking=True)
    notes = fields.Text(help="What the assessment rests on: visits, statements, references.")
    # the payment history the add-on knows, measured when the assessment is
    # prepared and again when it is submitted
    history_date = fields.Date(string="History Measured On", readonly=True, copy=False)
    max_days_overdue = fields.Integer(string="Days Overdue (longest)", readonly=True)
    broken_promises = fields.Integer(string="Broken Promises (12 months)", readonly=True)
    amount_due_12m = fields.Monetary(string="Due (12 months)", readonly=True)
    amount_paid_12m = fields.Monetary(string="Collected (12 months)", readonly=True)
    collection_rate = fields.Float(string="Collection Rate (12 months, %)", readonly=True)
    line_ids = fields.One2many("sales.playbook.credit.line", "assessment_id", string="Breakdown")
    level_choice_ids = fields.Many2many(
        "sales.playbook.credit.level",
        string="Chosen Levels",
        compute="_compute_level_choice_ids",
        inverse="_inverse_level_choice_ids",
        help="The levels chosen on the criteria that are not measured (an import or a data "
        "file names them here).",
    )
    score = fields.Integer(compute="_compute_score", store=True, tracking=True)
    grade_id = fields.Many2one(
        "sales.playbook.credit.grade", compute="_compute_score", store=True, tracking=True
    )
    grade = fields.Char(related="grade_id.name", string="Grade Name")
    proposed_limit = fields.Monetary(compute="_compute_score", store=True)
    proposed_days = fields.Integer(
        string="Proposed Longest Payment Term (days)", compute="_compute_score", store=True
    )
    # finance's decision
    approved_limit = fields.Monetary(tracking=True, copy=False)
    approved_days = fields.Integer(
        string="Approved Longest Payment Term (days)", tracking=True, copy=False
    )
    approved_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    approved_date = fields.Datetime(readonly=True, copy=False)
    previous_id = fields.Many2one(
        "sales.playbook.credit.assessment",
        string="Previous Assessment",
        readonly=True,
        copy=False,
        help="The customer's approved assessment this one replaced.",
    )
    previous_grade = fields.Char(related="previous_id.grade_id.name", string="Previous Grade")
    grade_dropped = fields.Boolean(readonly=True, copy=False)
    is_current = fields.Boolean(
        string="Current",
        readonly=True,
        copy=False,
        index=True,
        help="The customer's approved assessment in force.",
    )
    reassessment_proposed = fields.Boolean(
        readonly=True,
        copy=False,
        help="The scheduler proposed a re-assessment of this assessment in force: it does not "
        "propose another, even if the draft was cancelled or deleted.",
    )
    color = fields.Integer(compute="_compute_color")

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends("line_ids.points", "scorecard_id.grade_ids.min_score")
    def _compute_score(self):
        for assessment in self:
            # frozen once submitted: a later edit of the scorecard's grades
            # leaves the submitted and decided credit files as they were
            if assessment.id and assessment.state != "draft":
                continue
            score = credit.total_score(assessment.line_ids.mapped("points"))
            grade = assessment.scorecard_id._grade_for(score) if assessment.scorecard_id else False
            assessment.score = score
            assessment.grade_id = grade
            assessment.proposed_limit = grade.credit_limit if grade else 0.0
            assessment.proposed_days = grade.payment_days if grade else 0

    @api.depends("line_ids.chosen_level_id")
    def _compute_level_choice_ids(self):
        for assessment in self:
            assessment.level_choice_ids = assessment.line_ids.filtered(
                lambda line: line.source == "manual"
            ).chosen_level_id

    def _inverse_level_choice_ids(self):
        for assessment in self:
            for level in assessment.level_choice_ids:
                line = assessment.line_ids.filtered(
                    lambda ln, lv=level: ln.criterion_id == lv.criterion_id
                )
                if line and line.chosen_level_id != level:
                    line.chosen_level_id = level

    @api.depends("state")
    def _compute_color(self):
        colors = {"draft": 0, "review": 3, "approved": 10, "rejected": 1, "cancel": 0}
        for assessment in self:
            assessment.color = colors.get(assessment.state, 0)

    def _get_tier_validation_readonly_domain(self):
        return "validation_status in ('waiting', 'pending') or state not in ('draft', 'review')"

    @api.model
    def _get_under_validation_exceptions(self):
        # finance adjusts the limit and term while it reviews; the state moves
        # through the assessment's own actions only (a plain write is refused)
        return super()._get_under_validation_exceptions() + [*FINANCE_FIELDS, "state"]

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains("partner_id")
    def _check_partner(self):
        for assessment in self:
            customer = assessment.partner_id
            if customer != customer.commercial_partner_id:
                raise ValidationError(
                    self.env._(
                        "A credit assessment is about a customer (the company), not one of its "
                        "contacts: choose %(customer)s.",
                        customer=customer.commercial_partner_id.display_name,
                    )
                )

    @api.constrains("approved_limit", "approved_days", "registered_capital", "years_in_business")
    def _check_amounts(self):
        for assessment in self:
            if (
                min(
                    assessment.approved_limit,
                    assessment.approved_days,
                    assessment.registered_capital,
                    assessment.years_in_business,
                )
                < 0
            ):
                raise ValidationError(
                    self.env._(
                        "%(assessment)s: credit limits, payment terms, capital and years cannot "
                        "be negative.",
                        assessment=assessment.name,
                    )
                )

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        self._playbook_check_protected_create(vals_list)
        for vals in vals_list:
            if FINANCE_FIELDS.intersection(k for k, v in vals.items() if v):
                raise AccessError(
                    self.env._("Finance sets the approved limit and term when it approves.")
                )
        numbered = []
        choices = []
        cards = {}
        for vals in vals_list:
            vals = dict(vals)
            # chosen once the lines exist
            choices.append(vals.pop("level_choice_ids", None))
            company = (
                self.env["res.company"].browse(
                    vals.get("company_id") or self.env.context.get("default_company_id")
                )
                or self.env.company
            )
            vals["company_id"] = company.id
            if vals.get("name", "/") == "/":
                vals["name"] = (
                    self.env["ir.sequence"]
                    .with_company(company)
                    .next_by_code("sales.playbook.credit.assessment")
                    or "/"
                )
            if company not in cards:
                cards[company] = self.env["sales.playbook.credit.scorecard"]._get_for_company(
                    company
                )
            vals["scorecard_id"] = cards[company].id
            numbered.append(vals)
        if not self.env.su:
            # a representative assesses their own customers only
            for partner in self.env["res.partner"].browse(
                {vals["partner_id"] for vals in numbered if vals.get("partner_id")}
            ):
                self._playbook_check_may_assess(partner)
        self._playbook_check_one_open(numbered)
        self._playbook_add_history(numbered)
        # the number, the scorecard, the history and the caller's checked values
        with open_door(self._name, None, set().union(*numbered)):
            assessments = super().create(numbered)
        assessments._playbook_create_lines()
        for assessment, choice in zip(assessments, choices, strict=True):
            if choice:
                assessment.level_choice_ids = choice
        return assessments

    def write(self, vals):
        # before the approval flow's own checks: what is decided is refused first
        self._playbook_check_protected(vals)
        finance = FINANCE_FIELDS.intersection(vals)
        if finance and not door_is_open(self._name, self._ids, finance):
            if not self.env.user.has_group("sales_playbook.group_playbook_finance"):
                raise AccessError(
                    self.env._("Only finance sets the approved credit limit and payment term.")
                )
            if self.filtered(lambda a: a.state != "review"):
                raise UserError(
                    self.env._(
                        "Finance sets the approved limit and term while it reviews the "
                        "assessment, not before or after."
                    )
                )
        if vals.get("partner_id") and not self.env.su:
            self._playbook_check_may_assess(self.env["res.partner"].browse(vals["partner_id"]))
        if {"partner_id", "company_id"}.intersection(vals):
            self._playbook_check_one_open(
                [
                    {
                        "partner_id": vals.get("partner_id", a.partner_id.id),
                        "company_id": vals.get("company_id", a.company_id.id),
                    }
                    for a in self.filtered(lambda a: a.state in OPEN_STATES)
                ],
                others_than=self,
            )
        inputs = {"registered_capital", "years_in_business", "partner_id", "company_id"}
        if inputs.intersection(vals) and self.filtered(lambda a: a.state != "draft"):
            raise UserError(
                self.env._("A submitted assessment keeps its inputs; request a new one.")
            )
        return super().write(vals)

    def init(self):
        res = super().init()
        # one assessment open (draft or under review) and one in force per
        # customer and company, whatever writes them
        for name, where in (
            ("sales_playbook_credit_assessment_one_open", "state IN ('draft', 'review')"),
            ("sales_playbook_credit_assessment_one_current", "is_current"),
        ):
            self.env.cr.execute(
                SQL(
                    "CREATE UNIQUE INDEX IF NOT EXISTS %s ON %s (partner_id, company_id) WHERE %s",
                    SQL.identifier(name),
                    SQL.identifier(self._table),
                    SQL(where),
                )
            )
        return res

    @api.model
    def _playbook_check_one_open(self, vals_list, others_than=None):
        """Refuse a second open assessment (draft or under review) of a
        customer in a company: the open one is completed or cancelled first."""
        pairs = [
            (vals["partner_id"], vals["company_id"]) for vals in vals_list if vals.get("partner_id")
        ]
        if not pairs:
            return
        # sudo: the open assessment may be one the user does not see
        Assessment = self.sudo()
        for partner_id, company_id in set(pairs):
            customer = self.env["res.partner"].browse(partner_id).display_name
            if pairs.count((partner_id, company_id)) > 1:
                raise UserError(
                    self.env._(
                        "%(customer)s is requested twice: one credit assessment of a customer is "
                        "open at a time.",
                        customer=customer,
                    )
                )
            existing = Assessment.search(
                [
                    ("partner_id", "=", partner_id),
                    ("company_id", "=", company_id),
                    ("state", "in", OPEN_STATES),
                    ("id", "not in", others_than.ids if others_than else []),
                ],
                limit=1,
            )
            if existing:
                raise UserError(
                    self.env._(
                        "%(customer)s already has a credit assessment in draft or under review "
                        "(%(assessment)s): complete or cancel it before requesting another.",
                        customer=customer,
                        assessment=existing.name,
                    )
                )

    @api.model
    def _playbook_check_may_assess(self, customer):
        """A representative assesses their own customers; finance and the
        director any (the record rules say the same of new assessments)."""
        user = self.env.user
        if (
            customer.user_id == user
            or user.has_group("sales_playbook.group_playbook_finance")
            or user.has_group("sales_playbook.group_playbook_director")
        ):
            return
        raise AccessError(
            self.env._(
                "%(customer)s is not your customer: its salesperson or finance requests its "
                "credit assessment.",
                customer=customer.display_name,
            )
        )

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        if self.filtered(lambda a: a.state not in ("draft", "cancel")):
            raise UserError(
                self.env._("Credit assessments are the credit file: cancel a draft instead.")
            )

    # ------------------------------------------------------------
    # THE CREDIT FILE'S FIGURES
    # ------------------------------------------------------------

    @api.model
    def _playbook_history_vals(self, company, partner_ids):
        """{customer id: the history fields' values} measured now, one query."""
        history = self.env["res.partner"]._playbook_payment_history(company, partner_ids)
        today = company._playbook_today()
        result = {}
        for partner_id in partner_ids:
            figures = history.get(partner_id, {})
            vals = {name: figures.get(name, 0) for name in HISTORY_FIELDS}
            vals["collection_rate"] = figures.get("collection_rate", 100.0)
            vals["history_date"] = today
            result[partner_id] = vals
        return result

    @api.model
    def _playbook_add_history(self, vals_list):
        """The payment history of the new assessments' customers, measured
        in one query per company."""
        by_company = {}
        for vals in vals_list:
            if vals.get("partner_id"):
                by_company.setdefault(vals["company_id"], set()).add(vals["partner_id"])
        measured = {
            company_id: self._playbook_history_vals(
                self.env["res.company"].browse(company_id), list(partner_ids)
            )
            for company_id, partner_ids in by_company.items()
        }
        for vals in vals_list:
            if vals.get("partner_id"):
                vals.update(measured[vals["company_id"]][vals["partner_id"]])

    def _playbook_measure_history(self):
        """Measure the payment history of each assessment's customer now."""
        for company, assessments in self.grouped("company_id").items():
            measured = self._playbook_history_vals(company, assessments.partner_id.ids)
            for assessment in assessments:
                assessment._playbook_write(measured[assessment.partner_id.id])

    def _playbook_create_lines(self):
        vals_list = [
            {
                "assessment_id": assessment.id,
                "criterion_id": criterion.id,
                "weight": criterion.weight,
            }
            for assessment in self
            for criterion in assessment.scorecard_id.criterion_ids.filtered("active")
        ]
        # the lines of the scorecard in force when the assessment is made
        self.env["sales.playbook.credit.line"].sudo()._playbook_create(vals_list)

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_refresh_history(self):
        self.check_access("write")
        if self.filtered(lambda a: a.state != "draft"):
            raise UserError(self.env._("Only a draft's payment history is measured again."))
        self._playbook_measure_history()
        return True

    def _playbook_check_complete(self):
        for assessment in self:
            missing = assessment.line_ids.filtered(lambda line: not line.level_id)
            if missing:
                raise UserError(
                    self.env._(
                        "%(assessment)s: choose a level for %(criteria)s first.",
                        assessment=assessment.name,
                        criteria=format_list(self.env, missing.mapped("name")),
                    )
                )

    def request_validation(self):
        """Submit to finance: the history is measured again and the proposal
        becomes the starting point of finance's decision."""
        for assessment in self:
            assessment.check_access("write")
            if assessment.state != "draft":
                raise UserError(
                    self.env._("%(assessment)s is not a draft.", assessment=assessment.name)
                )
        self._playbook_measure_history()
        self._playbook_check_complete()
        for assessment in self:
            if assessment.review_ids:
                with self.env["tier.review"]._playbook_review_flow():
                    assessment.review_ids.unlink()
            assessment._playbook_write(
                {
                    "approved_limit": assessment.proposed_limit,
                    "approved_days": assessment.proposed_days,
                }
            )
        reviews = super().request_validation()
        for assessment in self:
            if not reviews.filtered(lambda r, a=assessment: r.res_id == a.id):
                raise UserError(
                    self.env._(
                        "The approval matrix has no finance step for credit assessments: ask "
                        "an administrator to restore it."
                    )
                )
            assessment._playbook_write({"state": "review"})
        return reviews

    def _playbook_check_not_own(self):
        for assessment in self:
            if self.env.user in (assessment.requested_by_id | assessment.user_id):
                raise UserError(
                    self.env._(
                        "%(assessment)s is your own customer's or your own request: another "
                        "member of finance approves it.",
                        assessment=assessment.name,
                    )
                )

    def validate_tier(self):
        self._playbook_check_not_own()
        return super().validate_tier()

    def _validate_tier(self, tiers=False):
        self._playbook_check_not_own()
        res = super()._validate_tier(tiers=tiers)
        for assessment in self:
            reviews = assessment.review_ids
            if (
                assessment.state == "review"
                and reviews
                and all(r.status == "approved" for r in reviews)
            ):
                assessment._action_approve()
        return res

    def _rejected_tier(self, tiers=False):
        res = super()._rejected_tier(tiers=tiers)
        for assessment in self.filtered(lambda a: a.state == "review"):
            assessment._playbook_write({"state": "rejected"})
        return res

    def action_cancel(self):
        self.check_access("write")
        if self.filtered(lambda a: a.state not in OPEN_STATES):
            raise UserError(self.env._("Only a draft or an assessment under review is cancelled."))
        with self.env["tier.review"]._playbook_review_flow():
            self.review_ids.unlink()
        self._playbook_write({"state": "cancel"})
        return True

    def _action_approve(self):
        """Finance's approval: the approved limit and term become the
        customer's, the grade drop (if any) is a credit risk warning."""
        self.ensure_one()
        if self.approved_limit <= 0:
            raise UserError(
                self.env._(
                    "Give %(customer)s a credit limit above 0 (Odoo reads 0 as no limit).",
                    customer=self.partner_id.name,
                )
            )
        # sudo: finance approves; the previous file may be out of its company rules' reach
        previous = self.sudo().search(
            [
                ("partner_id", "=", self.partner_id.id),
                ("company_id", "=", self.company_id.id),
                ("is_current", "=", True),
            ],
            limit=1,
        )
        dropped = bool(
            previous.grade_id
            and self.grade_id
            and self.grade_id.min_score < previous.grade_id.min_score
        )
        previous._playbook_write({"is_current": False})
        # one assessment in force (a unique index): the previous one leaves first
        previous.flush_recordset(["is_current"])
        # the last reviewer may only read the assessment; their approval approves it
        self.sudo()._playbook_write(
            {
                "state": "approved",
                "approved_by_id": self.env.uid,
                "approved_date": fields.Datetime.now(),
                "previous_id": previous.id,
                "grade_dropped": dropped,
                "is_current": True,
            }
        )
        self.partner_id._playbook_set_credit(
            self.company_id, self.approved_limit, self.approved_days, self.grade_id.name
        )
        env = self._playbook_in_lang_of(self.user_id or self.requested_by_id).env
        self.message_post(
            body=env._(
                "Approved by %(user)s: grade %(grade)s, credit limit %(limit)s, longest payment "
                "term %(days)s days.",
                user=self.env.user.name,
                grade=self.grade_id.name or "",
                limit=self.currency_id.format(self.approved_limit),
                days=self.approved_days,
            )
        )
        self.env["sales.playbook.risk"]._playbook_evaluate(
            self.company_id, {"credit_grade_drop": {self.partner_id.id}}
        )

    # ------------------------------------------------------------
    # RE-ASSESSMENT (每 N 个月，或回款情况越过阈值)
    # ------------------------------------------------------------

    @api.model
    def _cron_propose_reassessments(self, batch_size=1000):
        """Propose a re-assessment (a draft and the salesperson's to-do) for
        the customers whose approved assessment is older than the company's
        months, or whose payment history crossed a threshold since. One batch
        per call: the scheduler commits and calls again while some remain."""
        done = remaining = 0
        for company in self.env["res.company"].search([("active", "=", True)]):
            due = self.with_company(company)._playbook_reassessments_due(company)
            batch = due[: max(batch_size - done, 0)]
            remaining += len(due) - len(batch)
            if batch:
                self.with_company(company)._playbook_propose(company, batch)
                done += len(batch)
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
        return done, remaining

    @api.model
    def _playbook_reassessments_due(self, company):
        """[(customer id, reason)] of ``company``: one query for the periodic
        ones, one grouped read of the payment history for the others."""
        today = company._playbook_today()
        months = company.playbook_credit_reassess_months
        self.flush_model()
        # the query reads whether the customer is archived
        self.env["res.partner"].flush_model(["active"])
        current = self.env.execute_query(
            SQL(
                """
                SELECT a.partner_id, a.approved_date, COALESCE(a.max_days_overdue, 0),
                       COALESCE(a.collection_rate, 100)
                  FROM %(table)s a
                  JOIN %(partners)s p ON p.id = a.partner_id AND p.active
                 WHERE a.company_id = %(company)s AND a.is_current
                   AND NOT COALESCE(a.reassessment_proposed, FALSE)
                   -- one open, or one made since the approval (cancelled,
                   -- refused): the customer's file is not proposed again
                   AND NOT EXISTS (
                       SELECT 1 FROM %(table)s o
                        WHERE o.partner_id = a.partner_id AND o.company_id = a.company_id
                          AND (o.state IN %(open)s OR o.id > a.id))
                 ORDER BY a.partner_id
                """,
                table=SQL.identifier(self._table),
                partners=SQL.identifier(self.env["res.partner"]._table),
                company=company.id,
                open=OPEN_STATES,
            )
        )
        if not current:
            return []
        days_limit = company.playbook_credit_reassess_overdue_days
        rate_limit = company.playbook_credit_reassess_collection_rate
        cutoff = today - relativedelta(months=months) if months else None
        history = (
            self.env["res.partner"]._playbook_payment_history(company, None)
            if days_limit or rate_limit
            else {}
        )
        due = []
        for partner_id, approved, days_then, rate_then in current:
            if cutoff and approved and approved.date() <= cutoff:
                due.append((partner_id, "periodic"))
                continue
            now = history.get(partner_id)
            if not now:
                continue
            crosses = credit.history_crosses(
                now["max_days_overdue"], now["collection_rate"], days_limit, rate_limit
            )
            crossed = credit.history_crosses(days_then, rate_then, days_limit, rate_limit)
            if crosses and not crossed:
                due.append((partner_id, "payment_history"))
        return due

    @api.model
    def _playbook_propose(self, company, due):
        partners = self.env["res.partner"].browse([partner_id for partner_id, _r in due])
        root = self.env.ref("base.user_root")
        # the scheduler drafts them: requested by the system, for the salesperson
        assessments = (
            self.sudo()
            .with_company(company)
            .with_context(
                mail_create_nolog=True, mail_create_nosubscribe=True, tracking_disable=True
            )
            ._playbook_create(
                [
                    {
                        "partner_id": partner_id,
                        "company_id": company.id,
                        "reason": reason,
                        "requested_by_id": root.id,
                    }
                    for partner_id, reason in due
                ]
            )
        )
        # proposed once: a cancelled or deleted proposal is not made again
        self.sudo().search(
            [
                ("partner_id", "in", partners.ids),
                ("company_id", "=", company.id),
                ("is_current", "=", True),
            ]
        )._playbook_write({"reassessment_proposed": True})
        fallback = self.env.ref("sales_playbook.group_playbook_finance").users.filtered(
            lambda u: u.active and company in u.company_ids
        )[:1]
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        model = self.env["ir.model"]._get_id(self._name)
        activities = []
        for assessment, partner in zip(assessments, partners, strict=True):
            owner = partner.user_id or fallback
            if not owner:
                continue
            env = assessment._playbook_in_lang_of(owner).env
            reasons = dict(self._fields["reason"]._description_selection(env))
            activities.append(
                {
                    "res_model_id": model,
                    "res_id": assessment.id,
                    "activity_type_id": activity_type.id,
                    "user_id": owner.id,
                    "date_deadline": company._playbook_today(),
                    "summary": env._("Re-assess the credit of %(customer)s", customer=partner.name),
                    "note": env._(
                        "%(reason)s: complete the credit assessment and submit it to finance.",
                        reason=reasons[assessment.reason],
                    ),
                }
            )
        # the salesperson's to-dos, planned by the scheduler; seen in their
        # activities, not announced by one e-mail each
        self.env["mail.activity"].sudo().with_context(mail_activity_quick_update=True).create(
            activities
        )
        return assessments

    # ------------------------------------------------------------
    # REPORT
    # ------------------------------------------------------------

    def _playbook_reviews_for_report(self):
        self.ensure_one()
        return self.review_ids.sorted("sequence")
