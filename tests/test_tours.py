import logging

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged

_logger = logging.getLogger(__name__)


@tagged("post_install", "-at_install")
class TestPlaybookTours(HttpCase):

    def _run_tour(self, name, login, url="/odoo"):
        self.start_tour(url, name, login=login, timeout=120)
        # dev/test.sh counts these lines: a tour that was skipped fails the run
        _logger.info("sales_playbook tour done: %s", name)

    def test_rep_qualifies_lead(self):
        rep = new_test_user(
            self.env, login="tour_rep", name="Tour Rep",
            groups="sales_playbook.group_playbook_rep",
        )
        lead = self.env["crm.lead"].create({
            "name": "Tour: Huaxin production system",
            "type": "opportunity",
            "partner_name": "Huaxin Manufacturing Co.",
            "contact_name": "Li Wei",
            "function": "Purchasing Director",
            "email_from": "li.wei@huaxin.example.com",
            "user_id": rep.id,
            "stage_id": self.env.ref("sales_playbook.stage_development").id,
        })
        self._run_tour("sales_playbook_qualify_tour", "tour_rep")
        self.assertEqual(lead.stage_id, self.env.ref("sales_playbook.stage_needs"))
        self.assertEqual(lead.abc_grade, "A")
        self.assertEqual(lead.priority_score, 91)

    def test_rep_discovers_needs_and_negotiates(self):
        rep = new_test_user(
            self.env, login="tour_rep2", name="Tour Rep Two",
            groups="sales_playbook.group_playbook_rep",
        )
        presales = new_test_user(
            self.env, login="tour_presales", name="Tour Pre-sales",
            groups="sales_playbook.group_playbook_presales",
        )
        lead = self.env["crm.lead"].create({
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
            "need_timeline": "2027-06-30",
            "user_id": rep.id,
            "stage_id": self.env.ref("sales_playbook.stage_needs").id,
        })
        self._run_tour("sales_playbook_needs_tour", "tour_rep2")
        self.assertEqual(lead.spin_record_ids.contact_name, "Zhou Hong")
        need = lead.need_ids
        self.assertEqual(need.category, "must")
        self.assertFalse(need.review_result)

        need.with_user(presales).action_review_feasible()
        # proposal confirmed: the opportunity reaches the negotiation
        lead.with_user(rep).write({
            "stage_id": self.env.ref("sales_playbook.stage_solution").id,
            "proposal_ids": [(0, 0, {
                "name": "MES proposal", "state": "confirmed",
                "confirmation_date": "2026-11-20", "confirmed_by": "Zhou Hong",
            })],
        })
        lead.with_user(rep).stage_id = self.env.ref("sales_playbook.stage_negotiation")

        self._run_tour("sales_playbook_meeting_tour", "tour_rep2", url=f"/odoo/crm/{lead.id}")
        meeting = lead.meeting_ids
        self.assertEqual(meeting.intention, "strong")
        activity = meeting.next_step_activity_id
        self.assertEqual(activity.activity_type_id, self.env.ref("sales_playbook.mail_activity_type_contract_draft"))
        expected = lead._playbook_working_deadline(meeting.meeting_date, days=3)
        self.assertEqual(activity.date_deadline, fields.Date.context_today(meeting, expected))
