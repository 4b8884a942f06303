import logging
from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged

from .common import ApprovalCase, ContractCase

_logger = logging.getLogger(__name__)


@tagged("post_install", "-at_install")
class TestPlaybookTours(HttpCase):
    def _run_tour(self, name, login, url="/odoo"):
        self.start_tour(url, name, login=login, timeout=120)
        # dev/test.sh counts these lines: a tour that was skipped fails the run
        _logger.info("sales_playbook tour done: %s", name)

    def test_rep_qualifies_lead(self):
        rep = new_test_user(
            self.env,
            login="tour_rep",
            name="Tour Rep",
            groups="sales_playbook.group_playbook_rep",
        )
        lead = self.env["crm.lead"].create(
            {
                "name": "Tour: Huaxin production system",
                "type": "opportunity",
                "partner_name": "Huaxin Manufacturing Co.",
                "contact_name": "Li Wei",
                "function": "Purchasing Director",
                "email_from": "li.wei@huaxin.example.com",
                "user_id": rep.id,
                "stage_id": self.env.ref("sales_playbook.stage_development").id,
            }
        )
        self._run_tour("sales_playbook_qualify_tour", "tour_rep")
        self.assertEqual(lead.stage_id, self.env.ref("sales_playbook.stage_needs"))
        self.assertEqual(lead.abc_grade, "A")
        self.assertEqual(lead.priority_score, 91)

    def test_rep_discovers_needs_and_negotiates(self):
        rep = new_test_user(
            self.env,
            login="tour_rep2",
            name="Tour Rep Two",
            groups="sales_playbook.group_playbook_rep",
        )
        presales = new_test_user(
            self.env,
            login="tour_presales",
            name="Tour Pre-sales",
            groups="sales_playbook.group_playbook_presales",
        )
        lead = self.env["crm.lead"].create(
            {
                "name": "Tour: Jiangnan MES",
                "type": "opportunity",
                "partner_name": "Jiangnan Textile Group",
                "contact_name": "Zhou Hong",
                "function": "COO",
                "email_from": "zhou.hong@example.com",
                "industry_id": self.env.ref("base.res_partner_industry_C").id,
                "size_employees": "gt1000",
                "playbook_budget": 800000,
                "urgency": "high",
                "need_pain_points": "Late deliveries",
                "need_goals": "On-time delivery above 95 %",
                "need_timeline": fields.Date.today() + timedelta(days=200),
                "user_id": rep.id,
                "stage_id": self.env.ref("sales_playbook.stage_needs").id,
            }
        )
        self._run_tour("sales_playbook_needs_tour", "tour_rep2")
        self.assertEqual(lead.spin_record_ids.contact_name, "Zhou Hong")
        need = lead.need_ids
        self.assertEqual(need.category, "must")
        self.assertFalse(need.review_result)

        need.with_user(presales).action_review_feasible()
        # proposal confirmed: the opportunity reaches the negotiation
        lead.with_user(rep).write(
            {
                "stage_id": self.env.ref("sales_playbook.stage_solution").id,
                "proposal_ids": [
                    (
                        0,
                        0,
                        {
                            "name": "MES proposal",
                            "state": "confirmed",
                            "confirmation_date": fields.Date.today(),
                            "confirmed_by": "Zhou Hong",
                        },
                    )
                ],
            }
        )
        lead.with_user(rep).stage_id = self.env.ref("sales_playbook.stage_negotiation")

        self._run_tour("sales_playbook_meeting_tour", "tour_rep2", url=f"/odoo/crm/{lead.id}")
        meeting = lead.meeting_ids
        self.assertEqual(meeting.intention, "strong")
        activity = meeting.next_step_activity_id
        self.assertEqual(
            activity.activity_type_id,
            self.env.ref("sales_playbook.mail_activity_type_contract_draft"),
        )
        expected = lead._playbook_working_deadline(meeting.meeting_date, days=3)
        self.assertEqual(activity.date_deadline, fields.Date.context_today(meeting, expected))

    def _contract_people(self):
        rep = new_test_user(
            self.env,
            login="tour_rep3",
            name="Tour Rep Three",
            groups="sales_playbook.group_playbook_rep",
        )
        manager = new_test_user(
            self.env,
            login="tour_manager",
            name="Tour Manager",
            groups="sales_playbook.group_playbook_manager",
        )
        legal = new_test_user(
            self.env,
            login="tour_legal",
            name="Tour Legal",
            groups="sales_playbook.group_playbook_legal",
            notification_type="inbox",
        )
        customer = self.env["res.partner"].create(
            {
                "name": "Huaxin Manufacturing Co.",
                "is_company": True,
                "user_id": rep.id,
            }
        )
        product = self.env["product.product"].create(
            {
                "name": "Scheduling licence",
                "type": "service",
                "list_price": 100000.0,
                "taxes_id": [(5, 0, 0)],
            }
        )
        quote = (
            self.env["sale.order"]
            .with_user(rep)
            .create(
                {
                    "partner_id": customer.id,
                    "order_line": [(0, 0, {"product_id": product.id, "price_unit": 100000.0})],
                }
            )
        )
        return rep, manager, legal, quote

    def _approve(self, record, user):
        action = record.with_user(user).validate_tier()
        self.env["comment.wizard"].with_user(user).with_context(**action["context"]).create(
            {"comment": "OK"}
        ).add_comment()

    def test_rep_gets_quote_approved_and_drafts_contract(self):
        _rep, manager, _legal, quote = self._contract_people()
        url = f"/odoo/action-sale.action_quotations_with_onboarding/{quote.id}"
        self._run_tour("sales_playbook_quote_request_tour", "tour_rep3", url=url)
        self.assertEqual(quote.state, "draft")
        self.assertEqual(quote.sudo().review_ids.status, "pending")
        self.assertFalse(quote.message_ids.filtered(lambda m: m.message_type == "email"))

        self._approve(quote, manager)
        self._run_tour("sales_playbook_contract_draft_tour", "tour_rep3", url=url)
        contract = quote.playbook_contract_ids
        self.assertEqual(len(contract), 1)
        self.assertEqual(contract.state, "review")
        self.assertEqual(contract.delivery_place, "Huaxin plant, Suzhou")
        self.assertEqual(contract.sudo().review_ids.sorted("sequence")[0].status, "pending")

    def test_legal_reviews_contract(self):
        rep, manager, legal, quote = self._contract_people()
        quote.with_user(rep).request_validation()
        self._approve(quote, manager)
        contract = self.env["sale.contract"].with_user(rep).create_from_order(quote.with_user(rep))
        contract.write(
            {
                "title": "Tour: Huaxin supply contract",
                "delivery_date": fields.Date.today() + timedelta(days=30),
                "delivery_place": "Suzhou",
                "acceptance_criteria": "30 days without a blocking defect",
            }
        )
        contract.request_validation()
        self._approve(contract, manager)
        self._run_tour("sales_playbook_legal_review_tour", "tour_legal")
        reviews = contract.sudo().review_ids.sorted("sequence")
        self.assertEqual(reviews.mapped("status"), ["approved", "approved", "pending"])
        self.assertEqual(reviews[1].done_by, legal)
        self.assertEqual(reviews[1].comment, "Clauses conform to the standard contract")
        self.assertEqual(contract.state, "review")


@tagged("post_install", "-at_install")
class TestAfterSalesTour(HttpCase, ContractCase):
    # a browser test: the server and the browser follow the machine's clock
    _frozen_now = None

    def test_rep_records_acceptance_visit_and_referral(self):
        contract = self.review_all(self.draft_contract())
        self.sign(contract)
        self.env["sales.playbook.visit"]._cron_plan_monthly_visits()
        url = f"/odoo/action-sales_playbook.action_sale_contract/{contract.id}"
        self.start_tour(url, "sales_playbook_after_sales_tour", login="pb_rep1", timeout=180)
        _logger.info("sales_playbook tour done: %s", "sales_playbook_after_sales_tour")
        acceptance = contract.acceptance_ids
        self.assertEqual((acceptance.state, acceptance.result), ("done", "passed"))
        self.assertEqual(contract.accepted_date, acceptance.date)
        self.assertEqual(
            contract.opportunity_id.stage_id, self.env.ref("sales_playbook.stage_after_sales")
        )
        visit = self.env["sales.playbook.visit"].search([("partner_id", "=", self.customer.id)])
        self.assertEqual((visit.state, visit.channel, visit.satisfaction), ("done", "visit", "4"))
        referral = visit.lead_ids
        self.assertEqual(referral.playbook_referred_by_id, self.customer)
        self.assertEqual(
            (referral.partner_name, referral.contact_name), ("Jinling Textiles", "Wang Fang")
        )
        self.assertFalse(referral.partner_id)
        self.assertEqual(referral.create_uid, self.rep1)
        self.assertEqual(self.customer.playbook_referral_count, 1)


@tagged("post_install", "-at_install")
class TestAppraisalTour(HttpCase, ApprovalCase):
    # a browser test: the server and the browser follow the machine's clock
    _frozen_now = None

    def test_supervisor_rates_director_publishes_rep_reads(self):
        """Last month's appraisal of Rep One: assessed by Rep One and rated
        by Rep Two for teamwork (here), rated by the supervisor, published by
        the director and read by Rep One (in the browser)."""
        run = (
            self.env["sales.playbook.appraisal.run"]
            .with_user(self.director)
            .create(
                {
                    "scheme_id": self.env.ref("sales_playbook.appraisal_scheme_monthly").id,
                    "team_ids": [(6, 0, self.team_east.ids)],
                }
            )
        )
        run.action_start()
        appraisal = run.appraisal_ids.filtered(lambda a: a.user_id == self.rep1)
        mine = appraisal.with_user(self.rep1)
        mine.line_ids.filtered(lambda line: line.kind == "qualitative").write({"self_rating": "4"})
        mine.self_comment = "Many visits, no contract signed yet."
        mine.action_submit_self_assessment()
        appraisal.with_user(self.supervisor).action_ask_peers()
        self.env["sales.playbook.appraisal.peer"].with_user(self.rep2).search([]).rating = "4"
        for name, login in (
            ("sales_playbook_appraisal_rate_tour", "pb_supervisor"),
            ("sales_playbook_appraisal_publish_tour", "pb_director"),
            ("sales_playbook_appraisal_read_tour", "pb_rep1"),
        ):
            self.start_tour("/odoo", name, login=login, timeout=120)
            _logger.info("sales_playbook tour done: %s", name)
        self.assertEqual(appraisal.state, "published")
        self.assertEqual(appraisal.rated_by_id, self.supervisor)
        self.assertEqual(appraisal.published_by_id, self.director)
        ratings = {line.name: line.rating for line in appraisal.line_ids if line.rating}
        self.assertEqual(
            ratings,
            {
                "Customer satisfaction": "5",
                "Work attitude": "4",
                "Communication": "5",
                "Compliance with the sales manual": "5",
            },
        )
        # 5 (no visit planned) + 10 + 4 + 4 (Rep Two) + 5 + 5
        self.assertEqual(appraisal.total_score, 33.0)
        self.assertIn("Friday", appraisal.improvement_plan)
