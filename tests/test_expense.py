import base64

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import BaseCase, new_test_user, tagged

from ..tools import expense as rules
from .common import PlaybookCase


@tagged("post_install", "-at_install")
class TestExpenseRules(BaseCase):
    def test_budget_check(self):
        checks = rules.budget_check(
            {
                ("travel", 11): (1000.0, 300.0, 200.0, 100.0),
                ("meals", 11): (500.0, 450.0, 0.0, 80.0),
                ("none", 11): (0.0, 0.0, 0.0, 10.0),
            }
        )
        self.assertEqual(checks[("travel", 11)], (500.0, 400.0, 0.0))
        self.assertEqual(checks[("meals", 11)], (50.0, -30.0, 30.0))
        self.assertEqual(checks[("none", 11)], (0.0, -10.0, 10.0))
        self.assertEqual(rules.month_field(1), "amount_01")
        self.assertEqual(rules.month_field(12), "amount_12")


class ExpenseCase(PlaybookCase):
    """Team East (leader: supervisor; rep1, rep2) in region East (regional
    manager: manager); team West (rep3) in region West. The sales director
    and finance approve budgets; finance (an accountant) audits, posts and
    pays the expense reports. Every salesperson is an employee."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.director = new_test_user(
            cls.env,
            login="pb_exp_director",
            name="Sales Director",
            groups="sales_playbook.group_playbook_director",
        )
        cls.finance = new_test_user(
            cls.env,
            login="pb_exp_finance",
            name="Finance Clerk",
            groups="sales_playbook.group_playbook_finance,account.group_account_invoice",
        )
        cls.year = fields.Date.today().year
        cls.month = fields.Date.today().month
        Region = cls.env["sales.playbook.region"]
        cls.region_east = Region.create({"name": "East", "user_id": cls.manager.id})
        cls.region_west = Region.create({"name": "West", "user_id": cls.director.id})
        cls.team_east.playbook_region_id = cls.region_east
        cls.team_west.playbook_region_id = cls.region_west
        cls.employees = {
            user: cls.env["hr.employee"].create(
                {"name": user.name, "user_id": user.id, "work_email": f"{user.login}@example.com"}
            )
            for user in (cls.rep1, cls.rep2, cls.rep3, cls.supervisor)
        }
        cls.travel = cls.env.ref("sales_playbook.expense_category_travel")
        cls.entertainment = cls.env.ref("sales_playbook.expense_category_entertainment")
        cls.travel_product = cls.env.ref("sales_playbook.expense_product_travel")
        cls.meal_product = cls.env.ref("sales_playbook.expense_product_entertainment")
        cls.company.playbook_expense_over_budget = "director"
        cls.customer = cls.env["res.partner"].create({"name": "Huaxin", "is_company": True})
        cls.lead = cls.env["crm.lead"].create(
            {
                "name": "Huaxin scheduling",
                "type": "opportunity",
                "partner_id": cls.customer.id,
                "user_id": cls.rep1.id,
                "team_id": cls.team_east.id,
            }
        )

    # ------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------

    def budget(self, user, travel=1000.0, entertainment=500.0, **values):
        """A draft budget of team East: each month the same amounts."""
        values.setdefault("scope", "team")
        if values["scope"] == "team":
            values.setdefault("team_id", self.team_east.id)
        values.update(
            year=self.year,
            line_ids=[
                Command.create(
                    {"category_id": category.id, **dict.fromkeys(rules.MONTH_FIELDS, amount)}
                )
                for category, amount in ((self.travel, travel), (self.entertainment, entertainment))
            ],
        )
        return self.env["sales.playbook.expense.budget"].with_user(user).create(values)

    def approved_budget(self, **values):
        budget = self.budget(self.supervisor, **values)
        budget.action_submit()
        budget.with_user(self.director).validate_tier()
        budget.with_user(self.finance).validate_tier()
        self.assertEqual(budget.state, "approved")
        return budget

    def report(self, user, *amounts, product=None, day=None, **expense_values):
        """A draft expense report of ``user`` with one expense per amount."""
        employee = self.employees[user]
        Expense = self.env["hr.expense"].with_user(user)
        expenses = Expense.browse()
        for amount in amounts:
            expenses |= Expense.create(
                {
                    "name": "Trip to the customer",
                    "employee_id": employee.id,
                    "product_id": (product or self.travel_product).id,
                    "total_amount_currency": amount,
                    "date": day or fields.Date.today(),
                    **expense_values,
                }
            )
        self.env["ir.attachment"].with_user(user).create(
            {
                "name": "receipt.png",
                "datas": base64.b64encode(b"receipt"),
                "res_model": "hr.expense",
                "res_id": expenses[:1].id,
            }
        )
        return (
            self.env["hr.expense.sheet"]
            .with_user(user)
            .create(
                {
                    "name": f"Expenses of {user.name}",
                    "employee_id": employee.id,
                    "expense_line_ids": [Command.set(expenses.ids)],
                }
            )
        )

    def approve_report(self, sheet):
        sheet.action_submit_sheet()
        sheet.with_user(self.supervisor).validate_tier()
        sheet.with_user(self.finance).validate_tier()
        return sheet

    def reviewers(self, sheet):
        return [
            review.definition_id
            for review in sheet.sudo().review_ids.sorted(lambda r: (r.sequence, r.id))
        ]


@tagged("post_install", "-at_install")
class TestExpenseBudget(ExpenseCase):
    def test_negative_amount_refused_nothing_saved(self):
        Budget = self.env["sales.playbook.expense.budget"]
        before = Budget.search_count([])
        with self.assertRaises(ValidationError):
            self.budget(self.supervisor, travel=-10.0)
        self.assertEqual(Budget.search_count([]), before)
        self.assertFalse(
            self.env["sales.playbook.expense.budget.line"].search([("amount_01", "<", 0)])
        )
        budget = self.budget(self.supervisor)
        with self.assertRaises(ValidationError):
            budget.line_ids[0].amount_05 = -1.0
        self.assertEqual(budget.amount_total, 12 * 1500.0)

    def test_one_budget_per_department_and_year(self):
        self.budget(self.supervisor)
        with self.assertRaises(ValidationError):
            self.budget(self.supervisor)

    def test_who_sets_a_budget(self):
        with self.assertRaises(AccessError):
            self.budget(self.rep1)
        # the team leader sets their team's, not another team's
        with self.assertRaises(AccessError):
            self.budget(self.supervisor, team_id=self.team_west.id)
        # the regional manager sets the region's and its teams'
        region = self.budget(self.manager, scope="region", region_id=self.region_east.id)
        self.assertEqual(region.user_id, self.manager)
        budget = self.budget(self.supervisor)
        self.assertEqual(budget.user_id, self.supervisor)
        self.assertEqual(
            budget.with_user(self.manager).read(["amount_total"])[0]["amount_total"], 18000.0
        )
        with self.assertRaises(AccessError):
            budget.with_user(self.rep1).read(["amount_total"])

    def test_approval_order_director_then_finance(self):
        budget = self.budget(self.supervisor)
        budget.action_submit()
        self.assertEqual(budget.state, "submitted")
        with self.assertRaises(UserError):
            budget.with_user(self.finance).validate_tier()
        with self.assertRaises(UserError):
            budget.with_user(self.supervisor).validate_tier()
        budget.with_user(self.director).validate_tier()
        self.assertEqual(budget.state, "submitted")
        budget.with_user(self.finance).validate_tier()
        self.assertEqual(budget.state, "approved")
        self.assertTrue(budget.approved_date)
        # approved: locked, changed by a revision only
        with self.assertRaises(UserError):
            budget.line_ids[0].with_user(self.supervisor).amount_01 = 2000.0
        with self.assertRaises(AccessError):
            budget.with_user(self.supervisor).write({"state": "draft"})
        self.assertEqual(budget.line_ids[0].amount_01, 1000.0)

    def test_refused_budget_goes_back_to_draft(self):
        budget = self.budget(self.supervisor)
        budget.action_submit()
        budget.with_user(self.director).reject_tier()
        self.assertEqual(budget.state, "refused")
        budget.with_user(self.supervisor).action_draft()
        self.assertEqual(budget.state, "draft")
        budget.line_ids[0].with_user(self.supervisor).amount_01 = 800.0
        budget.with_user(self.supervisor).action_submit()
        self.assertEqual(budget.state, "submitted")

    def test_revision_needs_a_reason_and_keeps_the_history(self):
        budget = self.approved_budget()
        action = budget.with_user(self.supervisor).action_revise()
        revision = budget.browse(action["res_id"]).with_user(self.supervisor)
        self.assertEqual((revision.version, revision.previous_id), (2, budget))
        revision.line_ids.filtered(lambda line: line.category_id == self.travel).amount_12 = 3000
        with self.assertRaises(UserError):
            revision.action_submit()
        self.assertEqual(revision.state, "draft")
        revision.revision_reason = "Year-end trade fair"
        revision.action_submit()
        # the approved version stays in force until the revision is approved
        self.assertEqual(budget.state, "approved")
        revision.with_user(self.director).validate_tier()
        revision.with_user(self.finance).validate_tier()
        self.assertEqual(revision.state, "approved")
        self.assertEqual(budget.state, "superseded")
        self.assertEqual(revision.amount_total, budget.amount_total + 2000.0)
        self.assertEqual(budget.revision_ids, revision)


@tagged("post_install", "-at_install")
class TestExpenseReport(ExpenseCase):
    def test_rep_submits_manager_approves_finance_audits_then_paid(self):
        self.approved_budget()
        sheet = self.report(
            self.rep1, 300.0, playbook_lead_id=self.lead.id, playbook_partner_id=self.customer.id
        )
        self.assertEqual(sheet.playbook_team_id, self.team_east)
        self.assertEqual(sheet.playbook_approver_id, self.supervisor)
        sheet.action_submit_sheet()
        self.assertEqual(sheet.state, "submit")
        self.assertFalse(sheet.playbook_over_budget)
        self.assertEqual(
            self.reviewers(sheet),
            [
                self.env.ref("sales_playbook.tier_expense_sheet_manager"),
                self.env.ref("sales_playbook.tier_expense_sheet_finance"),
            ],
        )
        # nobody approves their own report, nor out of turn, nor without the role
        with self.assertRaises(UserError):
            sheet.with_user(self.rep1).validate_tier()
        with self.assertRaises(UserError):
            sheet.with_user(self.rep1).action_approve_expense_sheets()
        with self.assertRaises(ValidationError):
            sheet.with_user(self.rep1).write({"approval_state": "approve"})
        with self.assertRaises(ValidationError):
            sheet.with_user(self.supervisor).write({"approval_state": "approve"})
        with self.assertRaises(UserError):
            sheet.with_user(self.finance).validate_tier()
        with self.assertRaises(UserError):
            sheet.with_user(self.director).validate_tier()
        # Odoo's Approve button waits for the approvals too
        with self.assertRaises(UserError):
            sheet.with_user(self.supervisor).action_approve_expense_sheets()
        self.assertEqual(sheet.state, "submit")
        sheet.with_user(self.supervisor).validate_tier()
        self.assertEqual(sheet.state, "submit")
        sheet.with_user(self.finance).validate_tier()
        self.assertEqual(sheet.state, "approve")
        self.assertEqual(sheet.expense_line_ids.state, "approved")
        sheet.with_user(self.finance).action_sheet_move_post()
        self.assertEqual(sheet.state, "post")
        action = sheet.with_user(self.finance).action_register_payment()
        wizard = (
            self.env[action["res_model"]]
            .with_user(self.finance)
            .with_context(**action["context"])
            .create({})
        )
        wizard.action_create_payments()
        self.assertIn(sheet.state, ("done", "post"))
        self.assertIn(sheet.payment_state, ("paid", "in_payment"))
        self.assertEqual(self.lead.playbook_expense_amount, 300.0)

    def test_team_leader_s_own_report_goes_to_the_regional_manager(self):
        self.approved_budget()
        sheet = self.report(self.supervisor, 100.0)
        self.assertEqual(sheet.playbook_approver_id, self.manager)
        sheet.action_submit_sheet()
        with self.assertRaises(UserError):
            sheet.with_user(self.supervisor).validate_tier()
        sheet.with_user(self.manager).validate_tier()
        sheet.with_user(self.finance).validate_tier()
        self.assertEqual(sheet.state, "approve")

    def test_over_budget_refused_by_setting(self):
        self.approved_budget()
        self.company.playbook_expense_over_budget = "refuse"
        sheet = self.report(self.rep1, 800.0, 300.0)
        with self.assertRaises(UserError) as refusal:
            sheet.action_submit_sheet()
        self.assertIn("100.00", str(refusal.exception))
        self.assertEqual(sheet.state, "draft")
        self.assertFalse(sheet.sudo().review_ids)

    def test_over_budget_needs_the_director(self):
        self.approved_budget()
        sheet = self.report(self.rep1, 1100.0)
        sheet.action_submit_sheet()
        self.assertTrue(sheet.playbook_over_budget)
        self.assertEqual(
            self.reviewers(sheet),
            [
                self.env.ref("sales_playbook.tier_expense_sheet_manager"),
                self.env.ref("sales_playbook.tier_expense_sheet_director"),
                self.env.ref("sales_playbook.tier_expense_sheet_finance"),
            ],
        )
        sheet.with_user(self.supervisor).validate_tier()
        with self.assertRaises(UserError):
            sheet.with_user(self.finance).validate_tier()
        sheet.with_user(self.director).validate_tier()
        sheet.with_user(self.finance).validate_tier()
        self.assertEqual(sheet.state, "approve")

    def test_remaining_budget_when_submitting(self):
        """Travel budget of the month 1,000: 300 approved, 200 waiting for
        approval; a report of 100 + an entertainment dinner of 80 (budget
        500, nothing spent)."""
        self.approved_budget()
        self.approve_report(self.report(self.rep1, 300.0))
        waiting = self.report(self.rep2, 200.0)
        waiting.action_submit_sheet()
        sheet = self.report(self.rep1, 100.0)
        self.env["hr.expense"].with_user(self.rep1).create(
            {
                "name": "Dinner with Huaxin",
                "employee_id": self.employees[self.rep1].id,
                "product_id": self.meal_product.id,
                "total_amount_currency": 80.0,
                "sheet_id": sheet.id,
            }
        )
        checks = {check["category"]: check for check in sheet._playbook_budget_check()}
        self.assertEqual(
            [checks[self.travel][name] for name in ("budget", "consumed", "committed", "before")],
            [1000.0, 300.0, 200.0, 500.0],
        )
        self.assertEqual(checks[self.entertainment]["before"], 500.0)
        self.assertEqual(sheet.playbook_budget_remaining, 1000.0)
        self.assertEqual(sheet.playbook_budget_after, 820.0)
        self.assertIn("500.00", sheet.playbook_budget_summary)
        # the waiting report counts only once approved in the consumption
        self.assertEqual(self.team_budget_consumed(), 300.0)

    def team_budget_consumed(self):
        budget = self.env["sales.playbook.expense.budget"].search(
            [("team_id", "=", self.team_east.id), ("state", "=", "approved")]
        )
        return budget.consumed_amount

    def test_record_rules(self):
        own = self.report(self.rep1, 10.0).expense_line_ids
        mate = self.report(self.rep2, 20.0).expense_line_ids
        west = self.report(self.rep3, 30.0).expense_line_ids
        everything = own | mate | west
        Expense = self.env["hr.expense"]
        visible = {
            user: Expense.with_user(user).search([("id", "in", everything.ids)])
            for user in (self.rep1, self.supervisor, self.manager, self.finance)
        }
        self.assertEqual(visible[self.rep1], own)
        self.assertEqual(visible[self.supervisor], own | mate)
        self.assertEqual(visible[self.manager], own | mate)
        self.assertEqual(visible[self.finance], everything)
        with self.assertRaises(AccessError):
            mate.with_user(self.rep1).read(["total_amount"])
        self.assertFalse(
            self.env["hr.expense.sheet"]
            .with_user(self.rep1)
            .search([("id", "=", mate.sheet_id.id)])
        )
        # a salesperson's department is set by the add-on, not by them
        with self.assertRaises(AccessError):
            own.with_user(self.rep1).write({"playbook_team_id": self.team_west.id})

    # ------------------------------------------------------------
    # the approval moves only through the approvals
    # ------------------------------------------------------------

    def test_approval_state_is_not_written(self):
        self.approved_budget()
        sheet = self.report(self.rep1, 300.0)
        for state in ("approve", "submit"):
            with self.assertRaises(AccessError):
                sheet.with_user(self.rep1).write({"approval_state": state})
        self.assertEqual(sheet.state, "draft")
        # finance (an Odoo expense approver) does not skip the manager's approval
        with self.assertRaises(UserError):
            sheet.with_user(self.finance).action_approve_expense_sheets()
        self.assertEqual(sheet.state, "draft")
        sheet.with_user(self.rep1).action_submit_sheet()
        # nor posts a report nobody approved
        with self.assertRaises(UserError):
            sheet.with_user(self.finance).action_sheet_move_post()
        self.assertFalse(sheet.sudo().account_move_ids.filtered(lambda m: m.state == "posted"))
        sheet.with_user(self.supervisor).validate_tier()
        sheet.with_user(self.finance).validate_tier()
        self.assertEqual(sheet.state, "approve")
        # an approved report is set back to draft by finance, not by the claimant
        with self.assertRaises(AccessError):
            sheet.with_user(self.rep1).action_reset_expense_sheets()
        self.assertEqual(sheet.state, "approve")
        sheet.with_user(self.finance).action_reset_expense_sheets()
        self.assertEqual(sheet.state, "draft")

    def test_reviews_of_a_report_change_only_through_the_approvals(self):
        self.employees[self.rep1].expense_manager_id = self.manager
        sheet = self.report(self.rep1, 300.0)
        sheet.action_submit_sheet()
        review = sheet.sudo().review_ids.filtered(
            lambda r: r.definition_id == self.env.ref("sales_playbook.tier_expense_sheet_manager")
        )
        with self.assertRaises(AccessError):
            review.with_user(self.rep1).write({"status": "approved", "done_by": self.rep1.id})
        with self.assertRaises(AccessError):
            review.with_user(self.rep1).write({"done_by": self.supervisor.id})
        self.assertEqual(review.status, "pending")
        # the rejection comes back to the claimant, not to the report's manager
        sheet.with_user(self.supervisor)._playbook_decide(approve=False, comment="No receipt")
        todo_type = self.env.ref("mail.mail_activity_data_todo")
        todo = sheet.sudo().activity_ids.filtered(lambda a: a.activity_type_id == todo_type)
        self.assertEqual(todo.user_id, self.rep1)

    def test_no_own_approval_through_the_comment_wizard(self):
        self.env["crm.team.member"].create(
            {"crm_team_id": self.team_east.id, "user_id": self.finance.id}
        )
        self.employees[self.finance] = self.env["hr.employee"].create(
            {"name": "Finance Clerk", "user_id": self.finance.id, "work_email": "f@example.com"}
        )
        sheet = self.report(self.finance, 50.0)
        sheet.action_submit_sheet()
        sheet.with_user(self.supervisor).validate_tier()
        review = sheet.sudo().review_ids.filtered(lambda r: r.status == "pending")
        wizard = (
            self.env["comment.wizard"]
            .with_user(self.finance)
            .with_context(
                default_res_id=sheet.id,
                default_res_model=sheet._name,
                default_review_ids=review.ids,
                default_validate_reject="validate",
            )
            .create({"comment": "Fine"})
        )
        with self.assertRaises(UserError):
            wizard.add_comment()
        self.assertEqual(sheet.state, "submit")
        self.assertEqual(review.status, "pending")

    def test_leader_of_team_and_region_goes_to_the_director(self):
        self.team_east.user_id = self.manager
        self.assertEqual(self.report(self.rep1, 10.0).playbook_approver_id, self.manager)
        self.employees[self.manager] = self.env["hr.employee"].create(
            {"name": "Manager", "user_id": self.manager.id, "work_email": "m@example.com"}
        )
        own = self.report(self.manager, 10.0)
        self.assertEqual(own.playbook_region_id, self.region_east)
        approver = own.playbook_approver_id
        self.assertTrue(approver)
        self.assertNotEqual(approver, self.manager)
        self.assertTrue(approver.has_group("sales_playbook.group_playbook_director"))

    def test_director_does_not_approve_their_own_region_s_budget(self):
        budget = self.budget(self.director, scope="region", region_id=self.region_west.id)
        budget.with_user(self.director).action_submit()
        with self.assertRaises(UserError):
            budget.with_user(self.director).validate_tier()
        with self.assertRaises(UserError):
            budget.with_user(self.director).reject_tier()
        self.assertEqual(budget.state, "submitted")

    def test_other_departments_follow_plain_odoo(self):
        clerk = new_test_user(self.env, login="pb_exp_clerk", name="Warehouse Clerk")
        self.employees[clerk] = self.env["hr.employee"].create(
            {"name": clerk.name, "user_id": clerk.id, "work_email": "clerk@example.com"}
        )
        sheet = self.report(clerk, 80.0)
        self.assertFalse(sheet.playbook_team_id or sheet.playbook_region_id)
        self.assertFalse(sheet._playbook_budget_check())
        sheet.action_submit_sheet()
        self.assertFalse(sheet.sudo().review_ids)
        self.assertFalse(sheet.playbook_over_budget)
        self.assertFalse(
            self.env["hr.expense.sheet"].with_user(self.director).search([("id", "=", sheet.id)])
        )
        sheet.with_user(self.finance).action_approve_expense_sheets()
        self.assertEqual(sheet.state, "approve")

    def test_sales_report_without_approver_refused_at_submit(self):
        self.team_east.user_id = False
        self.region_east.user_id = False
        sheet = self.report(self.rep1, 10.0)
        with self.assertRaises(UserError):
            sheet.action_submit_sheet()
        self.assertEqual(sheet.state, "draft")

    def test_reports_submitted_together_count_together(self):
        self.approved_budget()
        self.company.playbook_expense_over_budget = "refuse"
        sheets = self.report(self.rep1, 600.0) | self.report(self.rep1, 600.0)
        with self.assertRaises(UserError):
            sheets.with_user(self.rep1).action_submit_sheet()
        self.assertEqual(set(sheets.mapped("state")), {"draft"})


@tagged("post_install", "-at_install")
class TestExpenseConsumption(ExpenseCase):
    def test_consumption_by_department_category_month(self):
        """Team East: travel 1,000 and entertainment 500 a month; region East
        its own 5,000 travel a month. Approved this month: rep1 300 + 250
        travel, rep2 a 120 dinner; rep1's 900 travel waits for approval; last
        month rep2's 400 travel. Team West (region West) spends 70 travel."""
        self.approved_budget()
        region = self.budget(
            self.manager,
            travel=5000.0,
            entertainment=0.0,
            scope="region",
            region_id=self.region_east.id,
        )
        region.action_submit()
        region.with_user(self.director).validate_tier()
        region.with_user(self.finance).validate_tier()
        today = fields.Date.today()
        last_month = fields.Date.subtract(today.replace(day=1), days=1)
        self.approve_report(self.report(self.rep1, 300.0, 250.0))
        self.approve_report(self.report(self.rep2, 120.0, product=self.meal_product))
        self.report(self.rep1, 900.0).action_submit_sheet()
        self.approve_report(self.report(self.rep2, 400.0, day=last_month))
        west = self.report(self.rep3, 70.0)
        west.action_submit_sheet()
        # the director manages region West: approves as its manager and over budget
        while west.with_user(self.director).can_review:
            west.with_user(self.director).validate_tier()
        west.with_user(self.finance).validate_tier()
        self.assertEqual(west.state, "approve")

        Report = self.env["sales.playbook.expense.report"].with_user(self.director)
        month = today.replace(day=1)
        rows = {
            (team.id, region.id, category.id, when): amounts
            for team, region, category, when, *amounts in Report._playbook_consumption(
                [("date", ">=", last_month.replace(day=1)), ("date", "<=", today)],
                ["team_id", "region_id", "category_id", "date:month"],
            )
        }
        east, reg = self.team_east.id, self.region_east.id
        # budget, consumed, remaining, over budget
        self.assertEqual(rows[(east, reg, self.travel.id, month)], [1000.0, 550.0, 450.0, 0.0])
        self.assertEqual(
            rows[(east, reg, self.entertainment.id, month)], [500.0, 120.0, 380.0, 0.0]
        )
        self.assertEqual(
            rows[(east, reg, self.travel.id, last_month.replace(day=1))],
            [1000.0, 400.0, 600.0, 0.0],
        )
        self.assertEqual(rows[(False, reg, self.travel.id, month)], [5000.0, 550.0, 4450.0, 0.0])
        # the region's entertainment: no budget, 120 spent, over by 120
        self.assertEqual(
            rows[(False, reg, self.entertainment.id, month)], [0.0, 120.0, -120.0, 120.0]
        )
        # team West has no budget: all it spends is over budget
        self.assertEqual(
            rows[(self.team_west.id, self.region_west.id, self.travel.id, month)],
            [0.0, 70.0, -70.0, 70.0],
        )
        # a team leader sees their department's rows only
        teams = Report.with_user(self.supervisor).search([]).team_id
        self.assertEqual(teams, self.team_east)
        with self.assertRaises(AccessError):
            Report.with_user(self.rep1).search([])
        # the budget's own figure is the same definition
        budget = self.env["sales.playbook.expense.budget"].search(
            [("team_id", "=", self.team_east.id), ("state", "=", "approved")]
        )
        self.assertEqual(budget.consumed_amount, 550.0 + 120.0 + 400.0)

    def test_cost_of_sale_per_salesperson_on_the_kpi_board(self):
        """Rep One sold 10,000 (a confirmed order) and spent 550 on approved
        reports (900 more waits for approval): cost of sale 5.5 %; Rep Two
        spent 120 and sold nothing."""
        self.approved_budget()
        self.approve_report(self.report(self.rep1, 300.0, 250.0))
        self.approve_report(self.report(self.rep2, 120.0, product=self.meal_product))
        self.report(self.rep1, 900.0).action_submit_sheet()
        product = self.env["product.product"].create({"name": "Scheduling licence"})
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "user_id": self.rep1.id,
                "team_id": self.team_east.id,
                "order_line": [Command.create({"product_id": product.id, "price_unit": 10000.0})],
            }
        )
        # the figure is under test, not the approval matrix: the order is put
        # in the confirmed state directly (its approval has its own tests)
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE sale_order SET state = 'sale', date_order = %s WHERE id = %s",
            [fields.Datetime.now(), order.id],
        )
        order.invalidate_recordset()
        Kpi = self.env["sales.playbook.kpi"].with_user(self.supervisor)
        figures = {
            user.id: (expenses, sales, ratio)
            for user, expenses, sales, ratio in Kpi._read_group(
                [("team_id", "=", self.team_east.id)],
                ["user_id"],
                ["expense_amount:sum", "sales_amount:sum", "cost_of_sale:sum"],
            )
        }
        self.assertEqual(figures[self.rep1.id], (550.0, 10000.0, 5.5))
        self.assertEqual(figures[self.rep2.id], (120.0, 0.0, 0.0), "no sales: no ratio")
        # the board's cell opens the expenses behind it
        action = Kpi.action_open_records(
            "expense_amount", [("user_id", "=", self.rep1.id), ("team_id", "=", self.team_east.id)]
        )
        self.assertEqual(action["res_model"], "hr.expense")
        self.assertEqual(len(action["domain"][0][2]), 2)
