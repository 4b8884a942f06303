from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools import expense as rules

SCOPES = [("team", "Sales Team"), ("region", "Region")]
# the field that names a budget's department
SCOPE_FIELD = {"team": "team_id", "region": "region_id"}
# a budget in one of these states is the department's budget of its year
LIVE_STATES = ("draft", "submitted", "approved")


class SalesPlaybookExpenseBudget(models.Model):
    """年度销售费用预算: a sales department's (a team's or a region's)
    expense budget for a year, by category and month.

    The department's manager (the team leader, the regional manager) drafts
    and submits it; the sales director, then finance approve it (tier
    validation, as quotations); approved, it is locked. A change during the
    year is a revision: a new version with its reason, approved the same
    way, which supersedes the version in force; every version is kept."""

    _name = "sales.playbook.expense.budget"
    _description = "Sales Expense Budget"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "sales.playbook.guarded.mixin",
        "tier.validation",
    ]
    _order = "year desc, scope, id"
    _check_company_auto = True

    _state_field = "state"
    _state_from = ["submitted"]
    _state_to = ["approved"]
    _tier_validation_manual_config = False

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    year = fields.Integer(
        required=True, default=lambda self: fields.Date.context_today(self).year, tracking=True
    )
    scope = fields.Selection(SCOPES, string="Department Type", required=True, default="team")
    team_id = fields.Many2one("crm.team", check_company=True, index=True, tracking=True)
    region_id = fields.Many2one(
        "sales.playbook.region", check_company=True, index=True, tracking=True
    )
    user_id = fields.Many2one(
        "res.users",
        string="Department Manager",
        compute="_compute_user_id",
        store=True,
        help="The team leader of a team, the regional manager of a region: drafts and "
        "submits the budget.",
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("submitted", "Submitted"),
            ("approved", "Approved"),
            ("refused", "Refused"),
            ("superseded", "Superseded"),
        ],
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
    )
    version = fields.Integer(default=1, readonly=True, copy=False)
    previous_id = fields.Many2one(
        "sales.playbook.expense.budget", string="Previous Version", readonly=True, copy=False
    )
    revision_ids = fields.One2many(
        "sales.playbook.expense.budget", "previous_id", string="Revisions"
    )
    revision_reason = fields.Text(copy=False, tracking=True)
    approved_date = fields.Datetime(string="Approved On", readonly=True, copy=False)
    line_ids = fields.One2many(
        "sales.playbook.expense.budget.line", "budget_id", string="Categories", copy=True
    )
    amount_total = fields.Monetary(
        string="Budget", compute="_compute_amount_total", store=True, tracking=True
    )
    consumed_amount = fields.Monetary(string="Consumed", compute="_compute_consumption")
    remaining_amount = fields.Monetary(string="Remaining", compute="_compute_consumption")
    note = fields.Text()

    # ------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------

    @api.depends("scope", "year", "version", "team_id", "region_id")
    def _compute_display_name(self):
        for budget in self:
            owner = budget[SCOPE_FIELD.get(budget.scope, "team_id")].display_name or ""
            if budget.version > 1:
                budget.display_name = self.env._(
                    "%(year)s expense budget of %(owner)s, version %(version)s",
                    year=budget.year,
                    owner=owner,
                    version=budget.version,
                )
            else:
                budget.display_name = self.env._(
                    "%(year)s expense budget of %(owner)s", year=budget.year, owner=owner
                )

    @api.depends("scope", "team_id.user_id", "region_id.user_id")
    def _compute_user_id(self):
        for budget in self:
            budget.user_id = budget[SCOPE_FIELD.get(budget.scope, "team_id")].user_id

    @api.depends("line_ids.amount_total")
    def _compute_amount_total(self):
        for budget in self:
            budget.amount_total = sum(budget.line_ids.mapped("amount_total"))

    @api.depends("line_ids.amount_total", "state", "year", "scope", "team_id", "region_id")
    def _compute_consumption(self):
        consumed = self._playbook_consumed_by_budget()
        for budget in self:
            budget.consumed_amount = consumed.get(budget.id, 0.0)
            budget.remaining_amount = budget.amount_total - budget.consumed_amount

    # ------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------

    @api.constrains("scope", "team_id", "region_id")
    def _check_department(self):
        for budget in self:
            if budget.scope == "team" and (not budget.team_id or budget.region_id):
                raise ValidationError(
                    self.env._("A sales team's budget names the team, and no region.")
                )
            if budget.scope == "region" and (not budget.region_id or budget.team_id):
                raise ValidationError(
                    self.env._("A region's budget names the region, and no sales team.")
                )

    @api.constrains("scope", "team_id", "region_id", "year", "company_id", "state")
    def _check_one_per_year(self):
        for budget in self.filtered(lambda b: b.state in LIVE_STATES):
            field = SCOPE_FIELD[budget.scope]
            others = self.search_count(
                [
                    ("id", "!=", budget.id),
                    ("company_id", "=", budget.company_id.id),
                    ("year", "=", budget.year),
                    ("scope", "=", budget.scope),
                    (field, "=", budget[field].id),
                    ("state", "in", LIVE_STATES),
                    ("id", "!=", budget.previous_id.id),
                    ("previous_id", "!=", budget.id),
                ]
            )
            if others:
                raise ValidationError(
                    self.env._(
                        "%(department)s already has an expense budget for %(year)s: revise it "
                        "instead of starting another one.",
                        department=budget[field].display_name,
                        year=budget.year,
                    )
                )

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    def write(self, vals):
        content = set(vals) - self._playbook_free_fields - {"revision_reason", "note"}
        if content and not self.env.context.get("playbook_budget_flow"):
            for budget in self:
                if budget.state != "draft" and not self._playbook_writing_decision(vals):
                    raise UserError(
                        self.env._(
                            "%(budget)s is %(state)s: it is changed by a revision, not edited.",
                            budget=budget.display_name,
                            state=budget._playbook_state_label(),
                        )
                    )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        if any(budget.state not in ("draft", "refused") for budget in self):
            raise UserError(self.env._("Only a draft or refused expense budget is deleted."))

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_submit(self):
        """The department's manager submits the budget: the director, then
        finance are asked to approve it."""
        self.check_access("write")
        for budget in self:
            if budget.state != "draft":
                raise UserError(
                    self.env._(
                        "%(budget)s is %(state)s: only a draft is submitted.",
                        budget=budget.display_name,
                        state=budget._playbook_state_label(),
                    )
                )
            if budget.version > 1 and not (budget.revision_reason or "").strip():
                raise UserError(
                    self.env._(
                        "%(budget)s revises an approved budget: say why in the revision reason.",
                        budget=budget.display_name,
                    )
                )
            if not budget.line_ids:
                raise UserError(
                    self.env._("%(budget)s has no category to budget.", budget=budget.display_name)
                )
        # a budget submitted again after a refusal drops its old reviews here
        self._playbook_set_state({"state": "submitted"})
        self.invalidate_recordset(["review_ids", "need_validation"])
        for budget in self:
            if budget.need_validation:
                budget.request_validation()
        return True

    def action_draft(self):
        """Back to draft after a refusal, to be corrected and submitted again."""
        self.check_access("write")
        if any(budget.state != "refused" for budget in self):
            raise UserError(self.env._("Only a refused expense budget goes back to draft."))
        self._playbook_set_state({"state": "draft"})
        return True

    def action_revise(self):
        """A revision: a new draft version of the approved budget with the
        same figures, to change and submit with its reason. The approved
        version stays in force until the revision is approved."""
        self.ensure_one()
        self.check_access("write")
        if self.state != "approved":
            raise UserError(self.env._("Only an approved expense budget is revised."))
        if self.search_count([("previous_id", "=", self.id), ("state", "in", LIVE_STATES)]):
            raise UserError(
                self.env._("%(budget)s is already being revised.", budget=self.display_name)
            )
        values = self.copy_data()[0]
        values.update(version=self.version + 1, previous_id=self.id)
        revision = self._playbook_create([values])
        revision.message_post(
            body=self.env._("Revision of version %(version)s.", version=self.version)
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": revision.id,
            "view_mode": "form",
        }

    # ------------------------------------------------------------
    # Tier validation: the last approval approves the budget
    # ------------------------------------------------------------

    def _playbook_check_not_own(self):
        """The department's manager and whoever submitted the budget do not
        approve it (the director of a region's own budget included)."""
        for budget in self:
            submitters = budget.sudo().review_ids.requested_by  # who asked, whoever may read
            if self.env.user in (budget.user_id | submitters):
                raise UserError(
                    self.env._(
                        "%(budget)s is your own department's budget: someone else approves it.",
                        budget=budget.display_name,
                    )
                )

    def _validate_tier(self, tiers=False):
        self._playbook_check_not_own()
        res = super()._validate_tier(tiers=tiers)
        for budget in self:
            if budget.state == "submitted" and budget.validation_status == "validated":
                budget._playbook_action_approve()
        return res

    def _rejected_tier(self, tiers=False):
        self._playbook_check_not_own()
        res = super()._rejected_tier(tiers=tiers)
        # the reviewer's decision: finance decides on budgets it may only read
        self.sudo().filtered(lambda b: b.state == "submitted")._playbook_set_state(
            {"state": "refused"}
        )
        return res

    def _playbook_action_approve(self):
        self.ensure_one()
        # the last reviewer's decision: finance approves budgets it may only read
        budget = self.sudo()
        budget._playbook_set_state({"state": "approved", "approved_date": fields.Datetime.now()})
        previous = budget.previous_id
        if previous.state == "approved":
            previous._playbook_set_state({"state": "superseded"})
            previous.message_post(
                body=self.env._("Superseded by version %(version)s.", version=self.version)
            )
        budget.message_post(body=self.env._("Approved: the budget is in force and locked."))

    # ------------------------------------------------------------
    # Business
    # ------------------------------------------------------------

    def _playbook_set_state(self, vals):
        """The flow's own moves (submitted, approved, refused, superseded,
        back to draft), past tier validation's lock on a document under
        review: the reviews decide them."""
        return self.with_context(
            skip_validation_check=True, playbook_budget_flow=True
        )._playbook_write(vals)

    def _playbook_writing_decision(self, vals):
        return set(vals) <= {"state", "approved_date"} | self._playbook_free_fields

    def _playbook_state_label(self):
        self.ensure_one()
        return dict(self._fields["state"]._description_selection(self.env))[self.state]

    def _playbook_consumed_by_budget(self):
        """{budget id: approved expenses of its department and year}, one
        grouped read per department type."""
        result = {}
        for scope, field in SCOPE_FIELD.items():
            budgets = self.filtered(lambda b, s=scope: b.scope == s and isinstance(b.id, int))
            if not budgets:
                continue
            years = set(budgets.mapped("year"))
            groups = (
                self.env["hr.expense"]
                .sudo()  # the budget's readers see its consumption, not every expense
                ._read_group(
                    [
                        ("state", "in", rules.CONSUMED_STATES),
                        (f"playbook_{field}", "in", budgets[field].ids),
                        ("date", ">=", fields.Date.to_date(f"{min(years)}-01-01")),
                        ("date", "<=", fields.Date.to_date(f"{max(years)}-12-31")),
                    ],
                    [f"playbook_{field}", "date:year"],
                    ["total_amount:sum"],
                )
            )
            spent = {(dept.id, year.year): amount for dept, year, amount in groups}
            for budget in budgets:
                result[budget.id] = spent.get((budget[field].id, budget.year), 0.0)
        return result

    @api.model
    def _playbook_budget_amounts(self, scope, dept_ids, years):
        """{(department id, category id, year, month): amount} of the approved
        budgets of ``scope`` for ``dept_ids`` and ``years``."""
        field = SCOPE_FIELD[scope]
        lines = (
            self.env["sales.playbook.expense.budget.line"]
            .sudo()  # the remaining budget is shown to whoever submits a report
            .search(
                [
                    ("budget_id.state", "=", "approved"),
                    ("budget_id.scope", "=", scope),
                    (f"budget_id.{field}", "in", list(dept_ids)),
                    ("budget_id.year", "in", list(years)),
                ]
            )
        )
        result = {}
        for line in lines:
            budget = line.budget_id
            for month in range(1, 13):
                key = (budget[field].id, line.category_id.id, budget.year, month)
                result[key] = result.get(key, 0.0) + line[rules.month_field(month)]
        return result

    def _playbook_check_lines_editable(self):
        for budget in self:
            if budget.state != "draft":
                raise UserError(
                    self.env._(
                        "%(budget)s is %(state)s: its amounts change by a revision.",
                        budget=budget.display_name,
                        state=budget._playbook_state_label(),
                    )
                )

    # ------------------------------------------------------------
    # The printed form (年度销售费用预算表)
    # ------------------------------------------------------------

    def _playbook_report_lang(self):
        self.ensure_one()
        return self.user_id.lang or self.company_id.partner_id.lang or self.env.lang

    def _playbook_budget_report(self):
        """The budget by category (rows) and month (columns, then the year),
        with what approved reports consumed and what remains: one grouped
        read of the department's expenses."""
        self.ensure_one()
        field = SCOPE_FIELD[self.scope]
        groups = (
            self.env["hr.expense"]
            .sudo()  # the department's spending, for whoever may print its budget
            ._read_group(
                [
                    (f"playbook_{field}", "=", self[field].id),
                    ("state", "in", rules.CONSUMED_STATES),
                    ("date", ">=", fields.Date.to_date(f"{self.year}-01-01")),
                    ("date", "<=", fields.Date.to_date(f"{self.year}-12-31")),
                ],
                ["playbook_category_id", "date:month"],
                ["total_amount:sum"],
            )
        )
        spent = {(category.id, month.month): amount for category, month, amount in groups}
        categories = self.line_ids.category_id | self.env["sales.playbook.expense.category"].browse(
            {key[0] for key in spent if key[0]}
        )
        rows = []
        for category in categories.sorted(lambda c: (c.sequence, c.id)):
            line = self.line_ids.filtered(lambda ln, c=category: ln.category_id == c)
            budget = [line[rules.month_field(m)] if line else 0.0 for m in range(1, 13)]
            consumed = [spent.get((category.id, m), 0.0) for m in range(1, 13)]
            budget.append(sum(budget))
            consumed.append(sum(consumed))
            rows.append(
                {
                    "category": category.name,
                    "budget": budget,
                    "consumed": consumed,
                    "remaining": [b - c for b, c in zip(budget, consumed, strict=True)],
                }
            )
        months = dict(
            self.env["sales.playbook.expense.budget.line"]
            .fields_get([rules.month_field(m) for m in range(1, 13)], ["string"])
            .items()
        )
        return {
            "months": [months[rules.month_field(m)]["string"] for m in range(1, 13)],
            "rows": rows,
            # the form shows the approvals to whoever may print the budget
            "approvals": self.sudo().review_ids.sorted(lambda r: (r.sequence, r.id)),
        }
