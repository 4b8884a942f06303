from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools.misc import formatLang

from ..tools import expense as rules
from ..tools.cn_amount import amount_in_words
from .sales_playbook_guarded_mixin import open_door


class HrExpenseSheet(models.Model):
    """费用报销单: the sales manager of the employee's department approves it,
    then finance audits it (sequential tiers of hr_expense_tier_validation);
    a report over the department's budget is refused or needs the sales
    director's approval too, as the company's setting says. Approved, it is
    posted and paid the Odoo way."""

    _inherit = ["hr.expense.sheet", "sales.playbook.guarded.mixin"]
    _name = "hr.expense.sheet"
    # the report's approval moves only through its actions (submit, the
    # approvals of its reviews, refusal, reset), never by writing it
    _playbook_protected_extra = ("approval_state",)

    playbook_team_id = fields.Many2one(
        "crm.team",
        string="Sales Team",
        compute="_compute_playbook_department",
        store=True,
        index=True,
    )
    playbook_region_id = fields.Many2one(
        "sales.playbook.region",
        string="Region",
        compute="_compute_playbook_department",
        store=True,
        index=True,
    )
    playbook_approver_id = fields.Many2one(
        "res.users",
        string="Sales Manager",
        compute="_compute_playbook_approver_id",
        store=True,
        help="Approves the report first: the leader of the employee's sales team, or the "
        "regional manager when the leader submits their own report.",
    )
    playbook_over_budget = fields.Boolean(
        string="Over Budget",
        readonly=True,
        copy=False,
        help="When it was submitted, the report went over the remaining budget of its "
        "department in a category and month.",
    )
    playbook_budget_remaining = fields.Monetary(
        string="Remaining Budget",
        compute="_compute_playbook_budget",
        currency_field="company_currency_id",
        help="The budget of the report's categories and months its department has left, "
        "before this report (reports waiting for approval counted as spent).",
    )
    playbook_budget_after = fields.Monetary(
        string="Remaining After This Report",
        compute="_compute_playbook_budget",
        currency_field="company_currency_id",
    )
    playbook_budget_summary = fields.Html(
        string="Budget Check", compute="_compute_playbook_budget", sanitize=False
    )

    # the department is the one the expenses were recorded in
    @api.depends("expense_line_ids.playbook_team_id", "employee_id")
    def _compute_playbook_department(self):
        for sheet in self:
            team, region = self.env["hr.expense"]._playbook_department_of(sheet.employee_id.user_id)
            expenses = sheet.expense_line_ids
            if expenses.playbook_team_id or expenses.playbook_region_id:
                team = expenses.playbook_team_id[:1]
                region = expenses.playbook_region_id[:1]
            sheet.playbook_team_id = team
            sheet.playbook_region_id = region

    @api.depends("playbook_team_id.user_id", "playbook_region_id.user_id", "employee_id.user_id")
    def _compute_playbook_approver_id(self):
        for sheet in self:
            claimant = sheet.employee_id.user_id
            # nobody approves their own report: up to the region, then the director
            approver = sheet.playbook_team_id.user_id
            if not approver or approver == claimant:
                approver = sheet.playbook_region_id.user_id
            if approver == claimant and claimant:
                approver = sheet._playbook_director(claimant)
            sheet.playbook_approver_id = approver

    def _playbook_director(self, claimant):
        """A sales director of the report's company other than ``claimant``."""
        group = self.env.ref("sales_playbook.group_playbook_director", raise_if_not_found=False)
        directors = group.sudo().users if group else self.env["res.users"]  # read the group
        return directors.filtered(
            lambda user: user != claimant and self.company_id in user.company_ids
        ).sorted("id")[:1]

    @api.depends(
        "expense_line_ids.total_amount",
        "expense_line_ids.date",
        "expense_line_ids.playbook_category_id",
        "playbook_team_id",
        "playbook_region_id",
    )
    def _compute_playbook_budget(self):
        for sheet in self:
            checks = sheet._playbook_budget_check()
            sheet.playbook_budget_remaining = sum(c["before"] for c in checks)
            sheet.playbook_budget_after = sum(c["after"] for c in checks)
            sheet.playbook_budget_summary = sheet._playbook_budget_html(checks)

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def _playbook_is_sales(self):
        """A report of the sales department: the add-on's approvals and budget
        apply; any other report follows plain Odoo."""
        self.ensure_one()
        return bool(self.playbook_team_id or self.playbook_region_id)

    def _playbook_approval_door(self):
        return open_door(self._name, frozenset(self.ids), {"approval_state"})

    def _do_submit(self):
        """Submitted: the whole batch is marked submitted first, so that the
        reports of one call count against each other; then each is checked
        against its department's budget (refused, or the director's approval
        added, as the company's setting says), then the approvals are
        requested."""
        for sheet in self:
            if sheet._playbook_is_sales() and not sheet.playbook_approver_id:
                raise UserError(
                    self.env._(
                        "%(sheet)s has no sales manager to approve it: give the team or "
                        "region of %(employee)s a leader first.",
                        sheet=sheet.name,
                        employee=sheet.employee_id.name,
                    )
                )
        with self._playbook_approval_door():
            res = super()._do_submit()
        for sheet in self:
            checks = sheet._playbook_budget_check()
            over = [check for check in checks if check["overrun"]]
            if over and sheet.company_id.playbook_expense_over_budget == "refuse":
                raise UserError(
                    self.env._(
                        "%(sheet)s goes over the budget of %(department)s:\n%(lines)s\n"
                        "Reports over budget are refused: ask your manager for a budget "
                        "revision, or remove expenses.",
                        sheet=sheet.name,
                        department=sheet._playbook_department_name(),
                        lines="\n".join(sheet._playbook_budget_lines(over)),
                    )
                )
            # the check's result, on a report the claimant may no longer write once submitted
            sheet.sudo()._playbook_write({"playbook_over_budget": bool(over)})
        for sheet in self:
            if sheet.need_validation:
                sheet.request_validation()
        self._playbook_refresh_reviews()
        return res

    def _do_approve(self):
        """Approved only once its reviews are (a sales report), or the Odoo
        way (any other report)."""
        self._playbook_refresh_reviews()
        for sheet in self.filtered(lambda s: s.state in ("draft", "submit")):
            if sheet._playbook_is_sales() and sheet.validation_status != "validated":
                raise UserError(
                    self.env._(
                        "%(sheet)s is approved by its reviews (sales manager, finance): "
                        "it is not approved yet.",
                        sheet=sheet.name,
                    )
                )
        with self._playbook_approval_door():
            return super()._do_approve()

    def _do_refuse(self, reason):
        with self._playbook_approval_door():
            return super()._do_refuse(reason)

    def _do_reset_approval(self):
        with self._playbook_approval_door():
            return super()._do_reset_approval()

    def action_reset_expense_sheets(self):
        # an approved or posted sales report is reset (its entry reversed) by finance
        if not self.env.user.has_group("sales_playbook.group_playbook_finance"):
            for sheet in self:
                if sheet._playbook_is_sales() and sheet.state not in ("draft", "submit", "cancel"):
                    raise AccessError(
                        self.env._(
                            "%(sheet)s is approved: only finance sets it back to draft.",
                            sheet=sheet.name,
                        )
                    )
        return super().action_reset_expense_sheets()

    def action_sheet_move_post(self):
        for sheet in self:
            if sheet.approval_state != "approve":
                raise UserError(
                    self.env._(
                        "%(sheet)s is not approved: only an approved expense report is posted.",
                        sheet=sheet.name,
                    )
                )
        return super().action_sheet_move_post()

    def validate_tier(self):
        self._playbook_check_reviewer()
        return super().validate_tier()

    def reject_tier(self):
        self._playbook_check_reviewer()
        return super().reject_tier()

    def _validate_tier(self, tiers=False):
        # also reached from the comment wizard, which any user can create
        self._playbook_check_not_own()
        res = super()._validate_tier(tiers=tiers)
        self._playbook_refresh_reviews()
        # the last approval (finance's audit) approves the report, which
        # drafts its journal entry, as Odoo's Approve button does
        approved = self.filtered(
            lambda s: s.approval_state == "submit" and s.validation_status == "validated"
        )
        if approved:
            approved._do_approve()
        return res

    def _rejected_tier(self, tiers=False):
        self._playbook_check_not_own()
        return super()._rejected_tier(tiers=tiers)

    # ------------------------------------------------------------
    # Business
    # ------------------------------------------------------------

    def _playbook_refresh_reviews(self):
        """Reviews point at their report by a plain id: the one2many and the
        validation status computed from it are read again."""
        self.invalidate_recordset(["review_ids", "need_validation", "can_review"])
        self.env.add_to_compute(self._fields["validation_status"], self)

    def _playbook_owner(self):
        """Whom the report's notes and to-dos are for: the claimant (its
        user_id is the manager who approves it)."""
        self.ensure_one()
        return self.employee_id.user_id

    def _playbook_check_not_own(self):
        for sheet in self:
            if sheet.employee_id.user_id == self.env.user:
                raise UserError(
                    self.env._(
                        "%(sheet)s is your own expense report: someone else approves it.",
                        sheet=sheet.name,
                    )
                )

    def _playbook_check_reviewer(self):
        self._playbook_check_not_own()
        for sheet in self:
            if not sheet.can_review:
                raise UserError(
                    self.env._(
                        "%(sheet)s has no review waiting for you: either you are not a "
                        "reviewer of its current step, or the step before yours is not "
                        "approved yet.",
                        sheet=sheet.name,
                    )
                )

    def _playbook_department(self):
        """The budget the report is checked against: its team's when the team
        has an approved budget for the year, else its region's."""
        self.ensure_one()
        years = {expense.date.year for expense in self.expense_line_ids if expense.date} or {
            fields.Date.context_today(self).year
        }
        Budget = self.env["sales.playbook.expense.budget"].sudo()  # read for the submitter
        if self.playbook_team_id and Budget.search_count(
            [
                ("state", "=", "approved"),
                ("scope", "=", "team"),
                ("team_id", "=", self.playbook_team_id.id),
                ("year", "in", list(years)),
            ]
        ):
            return "team", self.playbook_team_id
        if self.playbook_region_id:
            return "region", self.playbook_region_id
        return "team", self.playbook_team_id

    def _playbook_department_name(self):
        return self._playbook_department()[1].display_name or self.env._("no sales department")

    def _playbook_budget_check(self):
        """The report against its department's budget, per category and
        month: a list of dicts (category, year, month, budget, consumed,
        committed, report, before, after, overrun), one grouped read of the
        expenses and one of the budget lines."""
        self.ensure_one()
        expenses = self.expense_line_ids.filtered("date")
        if not expenses:
            return []
        scope, department = self._playbook_department()
        if not department:
            # not a sales report: no budget to check against
            return []
        field = f"playbook_{scope}_id"
        report = {}
        for expense in expenses:
            key = (expense.playbook_category_id.id, expense.date.year, expense.date.month)
            report[key] = report.get(key, 0.0) + expense.total_amount
        years = {key[1] for key in report}
        budget = self.env["sales.playbook.expense.budget"]._playbook_budget_amounts(
            scope, department.ids, years
        )
        spent = {}
        groups = (
            self.env["hr.expense"]
            .sudo()  # the whole department's spending, not only what the submitter sees
            ._read_group(
                [
                    (field, "=", department.id),
                    ("state", "in", rules.CONSUMED_STATES + rules.COMMITTED_STATES),
                    ("sheet_id", "not in", self.ids),
                    ("date", ">=", fields.Date.to_date(f"{min(years)}-01-01")),
                    ("date", "<=", fields.Date.to_date(f"{max(years)}-12-31")),
                ],
                ["playbook_category_id", "date:month", "state"],
                ["total_amount:sum"],
            )
        )
        for category, month, state, amount in groups:
            key = (category.id, month.year, month.month)
            consumed, committed = spent.get(key, (0.0, 0.0))
            if state in rules.CONSUMED_STATES:
                consumed += amount
            else:
                committed += amount
            spent[key] = (consumed, committed)
        buckets = {
            key: (
                budget.get((department.id, key[0], key[1], key[2]), 0.0),
                *spent.get(key, (0.0, 0.0)),
                amount,
            )
            for key, amount in report.items()
        }
        results = rules.budget_check(buckets)
        Category = self.env["sales.playbook.expense.category"]
        return [
            {
                "category": Category.browse(key[0]),
                "year": key[1],
                "month": key[2],
                "budget": buckets[key][0],
                "consumed": buckets[key][1],
                "committed": buckets[key][2],
                "report": buckets[key][3],
                "before": results[key][0],
                "after": results[key][1],
                "overrun": results[key][2],
            }
            for key in sorted(report, key=lambda k: (k[1], k[2], k[0] or 0))
        ]

    def _playbook_format(self, amount):
        return formatLang(self.env, amount, currency_obj=self.company_currency_id)

    def _playbook_budget_lines(self, checks):
        return [
            self.env._(
                "%(category)s, %(month)s: budget %(budget)s, remaining %(before)s, "
                "this report %(report)s, over by %(overrun)s",
                category=check["category"].name or self.env._("no budget category"),
                month=f"{check['year']}-{check['month']:02d}",
                budget=self._playbook_format(check["budget"]),
                before=self._playbook_format(check["before"]),
                report=self._playbook_format(check["report"]),
                overrun=self._playbook_format(check["overrun"]),
            )
            for check in checks
        ]

    def _playbook_budget_html(self, checks):
        if not checks:
            return False
        head = [
            self.env._("Category"),
            self.env._("Month"),
            self.env._("Budget"),
            self.env._("Consumed"),
            self.env._("In Approval"),
            self.env._("Remaining"),
            self.env._("This Report"),
            self.env._("Remaining After"),
        ]
        rows = []
        for check in checks:
            cells = [
                escape(check["category"].name or self.env._("no budget category")),
                f"{check['year']}-{check['month']:02d}",
                *(
                    escape(self._playbook_format(check[name]))
                    for name in ("budget", "consumed", "committed", "before", "report", "after")
                ),
            ]
            style = ' class="text-danger fw-bold"' if check["overrun"] else ""
            rows.append(
                Markup("<tr%s>") % Markup(style)
                + Markup("").join(Markup("<td>%s</td>") % cell for cell in cells)
                + Markup("</tr>")
            )
        caption = self.env._(
            "Budget of %(department)s", department=self._playbook_department_name()
        )
        return (
            Markup('<p class="mb-1">%s</p><table class="table table-sm o_playbook_budget">')
            % caption
            + Markup("<thead><tr>")
            + Markup("").join(Markup("<th>%s</th>") % label for label in head)
            + Markup("</tr></thead><tbody>")
            + Markup("").join(rows)
            + Markup("</tbody></table>")
        )

    # ------------------------------------------------------------
    # The printed form (费用报销单)
    # ------------------------------------------------------------

    def _playbook_report_lang(self):
        self.ensure_one()
        return (
            self.employee_id.user_id.lang
            or self.employee_id.work_contact_id.lang
            or self.company_id.partner_id.lang
            or self.env.lang
        )

    def _playbook_amount_in_words(self):
        self.ensure_one()
        currency = self.company_currency_id
        return amount_in_words(self.total_amount, currency.name, currency.decimal_places)

    def _playbook_report_approvals(self):
        """The report's approval steps in their order, with who decided when."""
        self.ensure_one()
        # the form shows the approvals to whoever may print the report
        return self.sudo().review_ids.sorted(lambda r: (r.sequence, r.id))

    def _playbook_report_signatures(self):
        """The signature blocks of a Chinese company's reimbursement form:
        报销人, 部门经理, 财务审核, 总经理, each with who signed it here."""
        self.ensure_one()
        reviews = self._playbook_report_approvals()

        def decided(xmlid):
            definition = self.env.ref(xmlid, raise_if_not_found=False)
            review = reviews.filtered(
                lambda r: r.definition_id == definition and r.status == "approved"
            )[:1]
            return {"name": review.done_by.name or "", "date": review.reviewed_date}

        submitted = reviews[:1].create_date
        return [
            {
                "role": self.env._("Claimant"),
                "name": self.employee_id.name,
                "date": submitted,
            },
            {
                "role": self.env._("Department Manager"),
                **decided("sales_playbook.tier_expense_sheet_manager"),
            },
            {
                "role": self.env._("Finance Audit"),
                **decided("sales_playbook.tier_expense_sheet_finance"),
            },
            {
                "role": self.env._("General Manager"),
                **decided("sales_playbook.tier_expense_sheet_director"),
            },
        ]
