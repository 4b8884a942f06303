from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools import SQL, mute_logger

from ..tools import credit
from .common import MilestoneCase

# the default scorecard's chosen levels: the best, and a weaker customer's
BEST = {
    "credit_criterion_ownership": "credit_level_ownership_1",
    "credit_criterion_industry": "credit_level_industry_1",
    "credit_criterion_financial": "credit_level_financial_1",
}
WEAKER = {
    "credit_criterion_ownership": "credit_level_ownership_3",  # 70 % of 10
    "credit_criterion_industry": "credit_level_industry_3",  # 20 % of 10
    "credit_criterion_financial": "credit_level_financial_2",  # 60 % of 15
}


@tagged("post_install", "-at_install")
class TestCreditRules(MilestoneCase):
    """The pure rules of tools/credit.py."""

    def test_bands_grades_and_rates(self):
        self.assertTrue(credit.band_holds(0, 1, 0))
        self.assertFalse(credit.band_holds(0, 1, 1))
        self.assertTrue(credit.band_holds(91, 0, 400), "0: no upper bound")
        bands = [("AAA", 90), ("AA", 80), ("B", 60), ("C", 0)]
        self.assertEqual(credit.grade_for(95, bands), "AAA")
        self.assertEqual(credit.grade_for(89, bands), "AA")
        self.assertEqual(credit.grade_for(12, bands), "C")
        self.assertIsNone(credit.grade_for(5, [("A", 10)]))
        self.assertEqual(credit.collection_rate(80, 100), 80.0)
        self.assertEqual(credit.collection_rate(0, 0), 100.0, "nothing due, nothing unpaid")
        self.assertTrue(credit.history_crosses(30, 100, 30, 80))
        self.assertTrue(credit.history_crosses(0, 79.9, 30, 80))
        self.assertFalse(credit.history_crosses(29, 80, 30, 80))
        self.assertFalse(credit.history_crosses(400, 0, 0, 0), "0: not checked")


class CreditCase(MilestoneCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.finance2 = new_test_user(
            cls.env,
            login="pb_finance2",
            name="Finance Manager",
            groups="sales_playbook.group_playbook_finance",
        )
        cls.Assessment = cls.env["sales.playbook.credit.assessment"]
        cls.customer_west = cls.env["res.partner"].create(
            {"name": "Pearl River Furniture", "is_company": True, "user_id": cls.rep3.id}
        )

    def request(self, levels=None, customer=None, user=None, capital=12e6, years=12):
        levels = levels or BEST
        assessment = self.Assessment.with_user(user or self.rep1).create(
            {
                "partner_id": (customer or self.customer).id,
                "registered_capital": capital,
                "years_in_business": years,
            }
        )
        for line in assessment.line_ids:
            level = levels.get(line.criterion_id.get_external_id()[line.criterion_id.id][15:])
            if level:
                line.chosen_level_id = self.env.ref(f"sales_playbook.{level}")
        return assessment

    def approve(self, assessment, finance=None, **decision):
        finance = finance or self.finance
        if assessment.state == "draft":
            assessment.with_user(assessment.requested_by_id).request_validation()
        if decision:
            assessment.with_user(finance).write(decision)
        self.decide(assessment, finance)
        return assessment

    def warnings(self, customer):
        return self.env["sales.playbook.risk"].search(
            [("auto_key", "=", f"credit_grade_drop:{customer.id}")]
        )


@tagged("post_install", "-at_install")
class TestCredit(CreditCase):
    def test_weights_must_total_100_and_nothing_is_saved(self):
        Card = self.env["sales.playbook.credit.scorecard"].with_user(self.finance)
        criteria = self.env["sales.playbook.credit.criterion"].search_count([])
        # assertRaises (not assertRaisesRegex) rolls back what a request would
        with self.assertRaises(ValidationError) as caught:
            Card.create(
                {
                    "name": "Too light",
                    "criterion_ids": [
                        (0, 0, {"name": "Capital", "source": "registered_capital", "weight": 60}),
                        (0, 0, {"name": "Rate", "source": "collection_rate", "weight": 30}),
                    ],
                }
            )
        self.assertIn("total 90", str(caught.exception))
        self.assertFalse(Card.search([("name", "=", "Too light")]), "nothing saved")
        Criterion = self.env["sales.playbook.credit.criterion"]
        self.assertEqual(Criterion.search_count([]), criteria, "nor its criteria")
        criterion = self.env.ref("sales_playbook.credit_criterion_financial").with_user(
            self.finance
        )
        with self.assertRaises(ValidationError) as caught:
            criterion.weight = 20
        self.assertIn("total 105", str(caught.exception))
        criterion.invalidate_recordset()
        self.assertEqual(criterion.weight, 15)
        with self.assertRaises(AccessError):
            criterion.with_user(self.rep1).weight = 15

    def test_bad_input_is_refused(self):
        with self.assertRaises(ValidationError):
            self.request(capital=-1)
        assessment = self.request()
        with self.assertRaises(AccessError):
            self.Assessment.with_user(self.rep1).create(
                {"partner_id": self.customer.id, "approved_limit": 1e9}
            )
        assessment.with_user(self.rep1).request_validation()
        with self.assertRaises(ValidationError):
            assessment.with_user(self.finance).write({"approved_limit": -1})
        assessment.invalidate_recordset()
        self.assertEqual(assessment.approved_limit, 5000000)
        with self.assertRaises(UserError):
            assessment.with_user(self.rep1).write({"registered_capital": 1})

    def test_rep_requests_finance_approves_with_its_own_limit(self):
        assessment = self.request()
        self.assertEqual(assessment.state, "draft")
        self.assertEqual(len(assessment.line_ids), 8, "the breakdown: one line per criterion")
        self.assertEqual(assessment.score, 100)
        self.assertEqual(assessment.grade_id, self.env.ref("sales_playbook.credit_grade_aaa"))
        self.assertEqual((assessment.proposed_limit, assessment.proposed_days), (5000000, 90))
        # a measured criterion's level follows from the figure, not from a choice
        capital = assessment.line_ids.filtered(lambda line: line.source == "registered_capital")
        with self.assertRaises(ValidationError):
            capital.with_user(self.rep1).chosen_level_id = self.env.ref(
                "sales_playbook.credit_level_registered_capital_4"
            )
        assessment.with_user(self.rep1).request_validation()
        self.assertEqual(assessment.state, "review")
        # the rep cannot approve, nor write finance's decision
        with self.assertRaises(UserError):
            assessment.with_user(self.rep1).validate_tier()
        with self.assertRaises(AccessError):
            assessment.with_user(self.rep1).write({"approved_limit": 9e6})
        with self.assertRaises(AccessError):
            assessment.with_user(self.rep1).write({"state": "approved"})
        self.approve(assessment, approved_limit=3000000, approved_days=60)
        self.assertEqual(assessment.state, "approved")
        self.assertEqual(assessment.approved_by_id, self.finance)
        self.assertTrue(assessment.approved_date)
        self.assertTrue(assessment.is_current)
        review = assessment.review_ids
        self.assertEqual((review.status, review.done_by), ("approved", self.finance))
        customer = self.customer.with_company(self.company)
        self.assertEqual(customer.credit_limit, 3000000)
        self.assertTrue(customer.use_partner_credit_limit)
        self.assertEqual(customer.playbook_credit_days, 60)
        self.assertEqual(customer.playbook_credit_grade, "AAA")
        # approved: read-only to the rep, kept in the credit file
        with self.assertRaises(AccessError):
            assessment.with_user(self.rep1).write({"notes": "changed"})
        with self.assertRaises(UserError):
            assessment.with_user(self.finance).write({"approved_limit": 1})
        self.assertEqual(customer.playbook_credit_assessment_count, 1)

    def test_nobody_approves_their_own_request(self):
        assessment = self.request(user=self.finance)
        assessment.with_user(self.finance).request_validation()
        with self.assertRaises(UserError) as caught:
            assessment.with_user(self.finance).validate_tier()
        self.assertIn("own", str(caught.exception))
        with self.assertRaises(AccessError):
            assessment.with_user(self.finance).write({"state": "approved"})
        with self.assertRaises(AccessError):
            assessment.review_ids.with_user(self.finance).write({"status": "approved"})
        self.assertEqual(assessment.state, "review")
        self.approve(assessment, finance=self.finance2)
        self.assertEqual(assessment.approved_by_id, self.finance2)

    def test_approved_limit_drives_the_hold_and_the_quotation_approval(self):
        # Odoo counts the uninvoiced orders against the limit with this setting
        self.company.account_use_credit_limit = True
        self.signed_contract()  # 100,000 confirmed, not invoiced in full
        self.assertFalse(self.customer.playbook_credit_hold)
        self.approve(self.request(WEAKER), approved_limit=50000)
        self.customer.invalidate_recordset()
        self.assertTrue(self.customer.with_user(self.finance).playbook_credit_hold)
        self.assertIn("credit limit", self.customer.playbook_credit_hold_reason)
        with self.frozen("2027-01-05 10:00:00"):
            quote = self.make_quote()
            self.assertTrue(quote.playbook_over_credit_limit)
            self.assertIn(
                self.env.ref("sales_playbook.tier_quote_finance"),
                quote.request_validation().definition_id,
            )

    def test_a_longer_payment_term_needs_finance(self):
        self.approve(self.request(), approved_days=30)
        term = self.env["account.payment.term"].create(
            {
                "name": "60 days",
                "line_ids": [(0, 0, {"value": "percent", "value_amount": 100, "nb_days": 60})],
            }
        )
        quote = self.make_quote()
        self.assertFalse(quote.playbook_beyond_credit_term)
        quote.payment_term_id = term
        self.assertEqual(quote.playbook_payment_days, 60)
        self.assertTrue(quote.playbook_beyond_credit_term)
        self.assertIn("finance approves", quote.playbook_approval_reasons)
        self.assertIn(
            self.env.ref("sales_playbook.tier_quote_finance"),
            quote.request_validation().definition_id,
        )
        # the contract: finance must review it, the warning says why
        contract = self.draft_contract()
        contract.with_user(self.rep1).payment_days = 60
        self.assertTrue(contract.playbook_beyond_credit_term)
        self.env.ref("sales_playbook.tier_contract_finance").active = False
        with self.assertRaises(UserError) as caught:
            contract.with_user(self.rep1).request_validation()
        self.assertIn("finance must review", str(caught.exception))
        self.env.ref("sales_playbook.tier_contract_finance").active = True
        contract.with_user(self.rep1).request_validation()
        self.assertIn(
            self.env.ref("sales_playbook.tier_contract_finance"), contract.review_ids.definition_id
        )
        warning = self.env["sales.playbook.risk"].search(
            [("auto_key", "=", f"contract_payment_term:{contract.id}")]
        )
        self.assertEqual(len(warning), 1)
        self.assertIn("finance approved for the customer", warning.description)

    def test_reassessment_every_n_months_proposed_once(self):
        self.approve(self.request())
        Assessment = self.Assessment.sudo()
        drafts = [("partner_id", "=", self.customer.id), ("state", "=", "draft")]
        with self.frozen("2027-12-30 03:00:00"):
            Assessment._cron_propose_reassessments()
            self.assertFalse(self.Assessment.search(drafts), "not due yet")
        with self.frozen("2028-01-05 03:00:00"):
            done, remaining = Assessment._cron_propose_reassessments()
            self.assertGreaterEqual(done, 1)
            self.assertEqual(remaining, 0)
            Assessment._cron_propose_reassessments()
        proposed = self.Assessment.search(drafts)
        self.assertEqual(len(proposed), 1, "proposed once")
        self.assertEqual(proposed.reason, "periodic")
        self.assertEqual(proposed.activity_ids.user_id, self.rep1)
        self.assertTrue(proposed.with_user(self.rep1).line_ids, "the rep completes it")

    def test_reassessment_when_the_payment_history_crosses_a_threshold(self):
        self.company.write(
            {
                "playbook_milestone_post_invoice": True,
                "playbook_credit_hold_days": 120,
                "playbook_credit_reassess_overdue_days": 30,
                "playbook_credit_reassess_collection_rate": 0,
            }
        )
        self.signed_contract()
        self.approve(self.request())
        Assessment = self.Assessment.sudo()
        drafts = [("partner_id", "=", self.customer.id), ("state", "=", "draft")]
        self.cron("2027-02-10")  # a week overdue
        with self.frozen("2027-02-10 04:00:00"):
            Assessment._cron_propose_reassessments()
            self.assertFalse(self.Assessment.search(drafts))
        self.cron("2027-04-05")  # the prepayment 61 days overdue
        with self.frozen("2027-04-05 04:00:00"):
            Assessment._cron_propose_reassessments()
            Assessment._cron_propose_reassessments()
            proposed = self.Assessment.search(drafts)
            self.assertEqual(len(proposed), 1, "proposed once")
            self.assertEqual(proposed.reason, "payment_history")
            self.assertGreaterEqual(proposed.max_days_overdue, 30)
            self.assertEqual(proposed.activity_ids.user_id, self.rep1)

    def test_grade_drop_warning_raised_once_and_resolved(self):
        self.approve(self.request())
        self.assertFalse(self.warnings(self.customer))
        lower = self.approve(self.request(WEAKER, capital=500000, years=1))
        self.assertEqual(lower.grade_id, self.env.ref("sales_playbook.credit_grade_b"))
        self.assertTrue(lower.grade_dropped)
        warning = self.warnings(self.customer)
        self.assertEqual(len(warning), 1)
        self.assertEqual((warning.risk_type, warning.state), ("credit", "open"))
        self.assertIn("AAA", warning.title)
        self.env["sales.playbook.risk"]._playbook_evaluate(self.company)
        self.assertEqual(len(self.warnings(self.customer)), 1, "raised once")
        # B again: no drop from B, yet still below the AAA before the drop
        again = self.approve(self.request(WEAKER, capital=500000, years=1))
        self.assertFalse(again.grade_dropped)
        self.assertEqual(warning.state, "open", "still below the grade before the drop")
        self.env["sales.playbook.risk"]._playbook_evaluate(self.company)
        self.assertEqual(warning.state, "open")
        self.approve(self.request())
        self.assertEqual(warning.state, "resolved")
        self.assertTrue(warning.cause_gone)

    def test_who_sees_which_credit_files(self):
        mine = self.approve(self.request())
        theirs = self.request(customer=self.customer_west, user=self.rep3)
        Assessment = self.Assessment.with_user(self.rep1)
        self.assertEqual(Assessment.search([]), mine)
        with self.assertRaises(AccessError):
            theirs.with_user(self.rep1).read(["score"])
        with self.assertRaises(AccessError):
            Assessment.create({"partner_id": self.customer_west.id})
        draft = self.request()
        with self.assertRaises(AccessError):
            draft.with_user(self.rep1).partner_id = self.customer_west
        self.assertEqual(mine.with_user(self.rep1).grade_id.name, "AAA")
        both = [("id", "in", (mine | theirs).ids)]
        self.assertEqual(
            self.Assessment.with_user(self.finance).search(both), mine | theirs, "finance sees all"
        )
        director = new_test_user(
            self.env,
            login="pb_director_credit",
            groups="sales_playbook.group_playbook_director",
        )
        self.assertEqual(self.Assessment.with_user(director).search(both), mine | theirs)
        other = self.env["res.company"].create({"name": "Playbook Hong Kong"})
        self.finance.company_ids += other
        elsewhere = self.Assessment.with_company(other).create(
            {"partner_id": self.customer.id, "company_id": other.id}
        )
        self.assertFalse(
            self.Assessment.with_user(self.finance)
            .with_company(self.company)
            .search([("id", "=", elsewhere.id)])
        )

    def test_the_rep_fills_the_form_finance_decides(self):
        with Form(self.Assessment.with_user(self.rep1)) as form:
            form.partner_id = self.customer
            form.registered_capital = 12e6
            form.years_in_business = 12
            with self.assertRaises(AssertionError, msg="finance's decision is not the rep's"):
                form.approved_limit = 1
        assessment = form.record
        self.assertEqual(assessment.requested_by_id, self.rep1)
        self.assertEqual(len(assessment.line_ids), 8)
        with self.assertRaises(UserError) as caught:
            assessment.with_user(self.rep1).request_validation()
        self.assertIn("choose a level", str(caught.exception))
        self.assertEqual(assessment.state, "draft", "nothing submitted")

    def test_one_batch_per_scheduler_call(self):
        self.approve(self.request())
        self.approve(self.request(customer=self.customer_west, user=self.rep3))
        Assessment = self.Assessment.sudo()
        with self.frozen("2028-01-05 03:00:00"):
            done, remaining = Assessment._cron_propose_reassessments(batch_size=1)
            self.assertEqual(done, 1)
            self.assertGreaterEqual(remaining, 1)
            for _call in range(10):
                if not remaining:
                    break
                done, remaining = Assessment._cron_propose_reassessments(batch_size=1)
                self.assertEqual(done, 1)
        self.assertEqual(remaining, 0)
        proposed = self.Assessment.search([("state", "=", "draft")])
        self.assertLessEqual(self.customer | self.customer_west, proposed.partner_id)

    def test_the_credit_assessment_form_prints_in_the_customers_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.customer.lang = "zh_CN"
        assessment = self.approve(self.request(), approved_limit=3000000, approved_days=60)
        html = (
            self.env["ir.actions.report"]
            .with_user(self.rep1)
            ._render_qweb_html("sales_playbook.report_credit_assessment", assessment.ids)[0]
            .decode()
        )
        self.assertIn("客户信用评估表", html)
        self.assertIn(assessment.name, html)
        self.assertIn("AAA", html)
        self.assertIn("3,000,000.00", html)
        self.assertIn(self.finance.name, html, "who approved")
        self.assertIn("OK", html, "the reviewer's comment")

    def test_a_scorecard_edit_leaves_submitted_and_decided_files_alone(self):
        approved = self.approve(self.request(), approved_limit=3000000)
        submitted = self.request(customer=self.customer_west, user=self.rep3)
        submitted.with_user(self.rep3).request_validation()
        files = (approved | submitted).with_env(self.env)
        before = [(a.score, a.grade_id, a.proposed_limit, a.proposed_days) for a in files]
        lines = files.line_ids
        shares = [(line.ratio, line.points) for line in lines]
        # finance halves the share of the best ownership and raises the AAA band
        self.env.ref("sales_playbook.credit_level_ownership_1").with_user(self.finance).ratio = 50
        self.env.ref("sales_playbook.credit_grade_aaa").with_user(self.finance).min_score = 100
        files.invalidate_recordset()
        lines.invalidate_recordset()
        self.assertEqual(
            [(a.score, a.grade_id, a.proposed_limit, a.proposed_days) for a in files], before
        )
        self.assertEqual([(line.ratio, line.points) for line in lines], shares)
        self.assertEqual(approved.grade_id.name, "AAA")
        self.assertEqual(self.customer.with_company(self.company).playbook_credit_grade, "AAA")
        # a new assessment is scored on the scorecard as it is now
        draft = self.request()
        self.assertEqual(draft.score, 95)
        self.assertEqual(draft.grade_id, self.env.ref("sales_playbook.credit_grade_aa"))

    def test_one_open_assessment_per_customer(self):
        draft = self.request()
        for user in (self.rep1, self.finance):
            with self.assertRaises(UserError) as caught:
                self.request(user=user)
            self.assertIn(draft.name, str(caught.exception))
        with self.assertRaises(UserError):
            self.Assessment.with_user(self.finance).create(
                [{"partner_id": self.customer_west.id}, {"partner_id": self.customer_west.id}]
            )
        self.assertEqual(
            self.Assessment.search_count([("partner_id", "=", self.customer_west.id)]), 0
        )
        draft.with_user(self.rep1).request_validation()
        with self.assertRaises(UserError):
            self.request()
        draft.with_user(self.finance).action_cancel()
        second = self.request()
        self.assertEqual(second.state, "draft")
        west = self.request(customer=self.customer_west, user=self.finance)
        with self.assertRaises(UserError):
            west.with_user(self.finance).partner_id = self.customer
        # the database says the same of whatever bypasses the add-on
        self.env.flush_all()
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            self.env.cr.execute(
                SQL(
                    "UPDATE %s SET state = 'draft' WHERE id = %s",
                    SQL.identifier(draft._table),
                    draft.id,
                )
            )
        first = self.approve(second)
        self.env.flush_all()
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            self.env.cr.execute(
                SQL(
                    "UPDATE %s SET is_current = TRUE WHERE id = %s",
                    SQL.identifier(draft._table),
                    draft.id,
                )
            )
        third = self.approve(self.request())
        self.assertEqual((first.is_current, third.is_current), (False, True))

    def test_a_cancelled_or_deleted_proposal_is_not_made_again(self):
        self.approve(self.request())
        self.approve(self.request(customer=self.customer_west, user=self.rep3))
        self.customer_west.active = False
        Assessment = self.Assessment.sudo()
        drafts = [
            ("partner_id", "in", (self.customer | self.customer_west).ids),
            ("state", "=", "draft"),
        ]
        with self.frozen("2028-01-05 03:00:00"):
            Assessment._cron_propose_reassessments()
            proposed = self.Assessment.search(drafts)
            self.assertEqual(proposed.partner_id, self.customer, "not the archived customer")
            proposed.with_user(self.rep1).action_cancel()
            Assessment._cron_propose_reassessments()
            self.assertFalse(self.Assessment.search(drafts), "cancelled: not proposed again")
            # the director clears the cancelled draft away
            proposed.sudo().unlink()
            Assessment._cron_propose_reassessments()
            self.assertFalse(self.Assessment.search(drafts), "deleted: not proposed again")

    def test_a_rep_assesses_only_their_own_customers(self):
        nobodys = self.env["res.partner"].create({"name": "Unassigned Trading", "is_company": True})
        with self.assertRaises(AccessError):
            self.Assessment.with_user(self.rep1).create({"partner_id": nobodys.id})
        self.assertFalse(self.Assessment.search([("partner_id", "=", nobodys.id)]))
        assessment = self.Assessment.with_user(self.finance).create({"partner_id": nobodys.id})
        self.assertEqual(assessment.state, "draft")
