from datetime import date

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, tagged

from .common import MilestoneCase


@tagged("post_install", "-at_install")
class TestAfterSales(MilestoneCase):
    """Stage 7: monthly return visits, repurchase and referral leads."""

    def plan(self, when):
        with self.frozen(f"{when} 05:00:00"):
            return self.env["sales.playbook.visit"]._cron_plan_monthly_visits()

    def visits(self):
        return self.env["sales.playbook.visit"].search([("partner_id", "=", self.customer.id)])

    def test_monthly_visit_planned_once_a_month_while_the_contract_runs(self):
        with self.frozen("2027-01-04 10:00:00"):
            contract = self.draft_contract()
            contract.with_user(self.rep1).date_end = date(2027, 2, 28)
            self.review_all(contract)
            self.sign(contract)
        self.plan("2027-01-05")
        self.plan("2027-01-20")
        visit = self.visits()
        self.assertEqual(len(visit), 1)
        self.assertEqual(visit.user_id, self.rep1)
        self.assertTrue(visit.activity_ids.filtered(lambda a: a.user_id == self.rep1))
        self.plan("2027-02-02")
        self.assertEqual(len(self.visits()), 2)
        # a new end date is an amendment, not an edit of what was signed
        with self.assertRaises(UserError), self.cr.savepoint():
            contract.with_user(self.rep1).date_end = date(2027, 12, 31)
        self.plan("2027-03-03")
        self.assertEqual(len(self.visits()), 2, "not after the contract's end")

    def test_visit_dated_the_company_s_today_whatever_the_job_s_time_zone(self):
        """At 23:30 UTC it is already tomorrow for a job running in Brussels'
        time zone, and for a salesperson in Beijing: the visit is dated the
        company's today (its working hours' time zone), and recorded at once."""
        self.signed_contract()
        self.company.resource_calendar_id.tz = "UTC"
        self.rep1.tz = "Asia/Shanghai"
        with self.frozen("2027-01-05 23:30:00"):
            self.env["sales.playbook.visit"].with_context(
                tz="Europe/Brussels"
            )._cron_plan_monthly_visits()
            visit = self.visits()
            self.assertEqual(visit.date, date(2027, 1, 5))
            visit.with_user(self.rep1).write({"satisfaction": "4"})
            visit.with_user(self.rep1).action_done()
            self.assertEqual(visit.state, "done")
            # a company in Beijing has already started the 6th
            self.company.resource_calendar_id.tz = "Asia/Shanghai"
            self.assertEqual(self.company._playbook_today(), date(2027, 1, 6))

    def test_visit_record_and_bad_input(self):
        self.signed_contract()
        self.plan("2027-01-05")
        visit = self.visits().with_user(self.rep1)
        with self.frozen("2027-01-08 10:00:00"):
            with self.assertRaises(UserError):
                visit.action_done()  # no satisfaction yet
            visit.write(
                {
                    "channel": "visit",
                    "contact_name": "Li Wei",
                    "issues": "Reports slow at month end",
                    "satisfaction": "4",
                }
            )
            visit.action_done()
        self.assertEqual(visit.state, "done")
        self.assertEqual(visit.satisfaction_value, 4, "averaged in the visits' pivot")
        self.assertFalse(visit.activity_ids)
        # a visit is done by recording it, not by saying so
        with self.assertRaises(AccessError), self.cr.savepoint():
            self.env["sales.playbook.visit"].with_user(self.rep1).create(
                {"partner_id": self.customer.id, "state": "done", "date": "2027-01-08"}
            )
        # a recorded visit keeps what the customer said; follow-ups may be added
        with self.assertRaises(UserError), self.cr.savepoint():
            visit.write({"satisfaction": "5"})
        visit.write({"followups": "Index the month-end tables"})
        self.assertEqual(visit.satisfaction, "4")
        with self.assertRaises(ValidationError), self.cr.savepoint():
            planned = (
                self.env["sales.playbook.visit"]
                .with_user(self.rep1)
                .create({"partner_id": self.customer.id, "date": "2027-02-08", "satisfaction": "3"})
            )
            with self.frozen("2027-01-09 10:00:00"):
                planned.action_done()  # not done in the future
        with self.assertRaises(AccessError):
            visit.with_user(self.rep2).read(["issues"])

    def test_referral_and_repurchase_leads(self):
        self.signed_contract()
        self.plan("2027-01-05")
        visit = self.visits().with_user(self.rep1)
        action = visit.action_new_lead()
        Wizard = (
            self.env["sales.playbook.new.lead"]
            .with_user(self.rep1)
            .with_context(**action["context"])
        )
        with self.assertRaises(UserError):
            Wizard.create({"kind": "referral", "name": "Referral"}).action_create()
        lead_action = Wizard.create(
            {
                "kind": "referral",
                "name": "Scheduling for Jinling Textiles",
                "referred_company": "Jinling Textiles",
                "referred_contact": "Wang Fang",
                "incentive": "One extra training day",
            }
        ).action_create()
        referral = self.env["crm.lead"].browse(lead_action["res_id"])
        self.assertEqual(referral.playbook_referred_by_id, self.customer)
        self.assertFalse(referral.partner_id, "the referred company is not the referring customer")
        self.assertEqual(
            (referral.partner_name, referral.contact_name), ("Jinling Textiles", "Wang Fang")
        )
        self.assertEqual(referral.playbook_after_sales_kind, "referral")
        self.assertEqual(referral.source_id, self.env.ref("sales_playbook.utm_source_referral"))
        self.assertEqual(referral.playbook_visit_id, visit)
        self.assertEqual(referral.user_id, self.rep1)
        self.assertEqual(self.customer.playbook_referral_count, 1)
        lead_action = Wizard.create({"kind": "repurchase", "name": "Second plant"}).action_create()
        repurchase = self.env["crm.lead"].browse(lead_action["res_id"])
        self.assertEqual(repurchase.partner_id, self.customer)
        self.assertEqual(repurchase.playbook_scenario, "renewal")
        self.assertEqual(self.customer.playbook_visit_count, 1)
        self.assertEqual(self.customer.playbook_contract_count, 1)


@tagged("post_install", "-at_install")
class TestComplaints(MilestoneCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.use_utc_office_calendar()  # 08-12, 13-17, Monday to Friday
        cls.company.playbook_complaint_hours = 8.0

    def complain(self, when="2027-01-08 15:00:00"):  # a Friday afternoon
        with self.frozen(when):
            return (
                self.env["sales.playbook.complaint"]
                .with_user(self.rep1)
                .create(
                    {
                        "name": "Reports slow at month end",
                        "partner_id": self.customer.id,
                        "description": "The month-end report takes 20 minutes.",
                        "category": "quality",
                        "team_id": self.team_east.id,
                    }
                )
            )

    def escalate(self, when):
        with self.frozen(when):
            return self.env["sales.playbook.complaint"]._cron_escalate_late()

    def test_answer_due_in_working_hours_and_late_escalates_once(self):
        complaint = self.complain()
        # 2 hours on Friday, 6 on Monday: due Monday 15:00
        self.assertEqual(complaint.response_due, fields.Datetime.to_datetime("2027-01-11 15:00:00"))
        self.escalate("2027-01-11 14:00:00")
        self.assertFalse(complaint.escalated)
        self.escalate("2027-01-11 16:00:00")
        self.escalate("2027-01-11 17:00:00")
        self.assertTrue(complaint.escalated)
        todo = complaint.activity_ids.filtered(lambda a: a.user_id == self.supervisor)
        self.assertEqual(len(todo), 1)

    def test_answered_in_time_is_not_escalated_and_the_flow_is_enforced(self):
        complaint = self.complain()
        with self.frozen("2027-01-11 09:00:00"):
            with self.assertRaises(UserError):
                complaint.action_answer()  # no answer written
            complaint.response = "A fix is scheduled for the next release."
            complaint.action_answer()
            with self.assertRaises(UserError):
                complaint.action_confirm()  # not resolved yet
            with self.assertRaises(UserError):
                complaint.write({"state": "confirmed"})
        self.escalate("2027-01-12 09:00:00")
        self.assertFalse(complaint.escalated)
        complaint.resolution = "Index added; the report runs in 30 seconds."
        complaint.action_resolve()
        complaint.action_confirm()
        self.assertEqual(complaint.state, "confirmed")
        with self.assertRaises(AccessError):
            complaint.with_user(self.rep2).read(["description"])


@tagged("post_install", "-at_install")
class TestSatisfaction(MilestoneCase):
    """满意度调研: the six-monthly survey, its score and the satisfaction KPI."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.survey = cls.env.ref("sales_playbook.survey_customer_satisfaction")
        cls.contact = cls.env["res.partner"].create(
            {
                "name": "Li Wei",
                "parent_id": cls.customer.id,
                "email": "li.wei@huaxin.example.com",
                "lang": "zh_CN" if cls.env["res.lang"]._lang_get("zh_CN") else "en_US",
            }
        )

    def send(self, when):
        with self.frozen(f"{when} 06:00:00"):
            return self.env["sales.playbook.satisfaction"]._cron_send_surveys()

    def surveys(self):
        return self.env["sales.playbook.satisfaction"].search(
            [("partner_id", "=", self.customer.id)]
        )

    def answer(self, record, marks, comment=None, when="2027-01-10 09:00:00"):
        """The customer fills in the survey (as Odoo's survey controller does)."""
        answer = record.sudo().user_input_id
        questions = self.survey.question_ids.filtered(lambda q: q.question_type == "scale")
        with self.frozen(when):
            for question, mark in zip(questions.sorted("sequence"), marks, strict=True):
                answer._save_lines(question, str(mark))
            if comment:
                answer._save_lines(
                    self.env.ref("sales_playbook.survey_customer_satisfaction_q_comment"), comment
                )
            answer._mark_done()

    def test_invited_every_six_months_while_the_contract_runs(self):
        self.signed_contract()  # 2027-01-04, ends 2027-12-31
        self.assertFalse(self.surveys(), "nothing before the job runs")
        self.send("2027-01-05")
        record = self.surveys()
        self.assertEqual(len(record), 1)
        self.assertEqual(
            (record.contact_id, record.user_id, record.period), (self.contact, self.rep1, "2027-H1")
        )
        self.assertFalse(record.by_phone)
        mail = self.env["mail.mail"].search([("recipient_ids", "in", self.contact.ids)])
        self.assertEqual(len(mail), 1)
        self.assertIn(record.sudo().user_input_id.access_token, mail.body_html)
        self.send("2027-01-20")
        self.send("2027-07-04")
        self.assertEqual(len(self.surveys()), 1, "six months have not passed")
        self.send("2027-07-05")
        self.send("2027-07-06")
        self.assertEqual(len(self.surveys()), 2)
        self.assertEqual(self.surveys()[0].period, "2027-H2")
        self.send("2028-01-06")
        self.assertEqual(len(self.surveys()), 2, "not after the contract's end")

    def test_answers_make_the_score_and_the_kpi(self):
        self.signed_contract()
        self.send("2027-01-05")
        record = self.surveys().with_user(self.rep1)
        self.assertEqual(record.state, "sent")
        self.assertFalse(
            self.customer.with_user(self.rep1).playbook_satisfaction_known,
            "no score before an answer",
        )
        self.answer(record, [5, 4, 4, 3, 5], comment="Faster answers on the hotline")
        self.assertEqual(record.state, "done")
        self.assertEqual(record.score, 80.0)  # (4 + 3 + 3 + 2 + 4) / 20
        self.assertEqual(record.comment, "Faster answers on the hotline")
        self.assertFalse(record.low_satisfaction)
        self.assertEqual(self.customer.with_user(self.rep1).playbook_satisfaction_score, 80.0)
        self.assertTrue(self.customer.with_user(self.rep1).playbook_satisfaction_known)
        kpi = (
            self.env["sales.playbook.satisfaction"]
            .with_user(self.rep1)
            .read_group([("state", "=", "done")], ["score:avg", "response_rate:avg"], ["user_id"])
        )
        self.assertEqual((kpi[0]["score"], kpi[0]["response_rate"]), (80.0, 100.0))
        # a low score is a call-back for the salesperson
        self.send("2027-07-05")
        low = self.surveys()[0]
        self.answer(low, [2, 2, 1, 2, 3], when="2027-07-08 10:00:00")
        self.assertEqual(low.score, 25.0)
        self.assertTrue(low.low_satisfaction)
        self.assertEqual(low.activity_ids.user_id, self.rep1)
        self.assertEqual(self.customer.playbook_satisfaction_score, 25.0, "the latest answer")

    def test_results_cannot_be_forged_and_stay_with_the_customers_rep(self):
        self.signed_contract()
        self.send("2027-01-05")
        record = self.surveys()
        with self.assertRaises(AccessError):
            record.with_user(self.rep1).write({"score": 100.0, "state": "done"})
        with self.assertRaises(AccessError):
            record.with_user(self.rep2).read(["score"])
        with self.assertRaises(AccessError):
            record.sudo().user_input_id.with_user(self.rep1).read(["state"])
        self.assertEqual(self.customer.with_user(self.rep1).playbook_survey_count, 1)

    def test_customer_ordering_through_a_person_is_one_customer(self):
        quote = self.make_quote()
        quote.partner_id = self.contact  # the order names Li Wei of Huaxin
        quote.request_validation()
        self.decide(quote, self.manager)
        contract = self.signed_contract(quote=quote)
        self.assertEqual(contract.partner_id, self.contact)
        for day in ("2027-01-05", "2027-01-06"):
            self.send(day)
            with self.frozen(f"{day} 05:00:00"):
                self.env["sales.playbook.visit"]._cron_plan_monthly_visits()
        record = self.surveys()
        self.assertEqual(len(record), 1, "invited once, as the company")
        self.assertEqual(record.contact_id, self.contact)
        visit = self.env["sales.playbook.visit"].search([("partner_id", "=", self.customer.id)])
        self.assertEqual(len(visit), 1, "visited once a month, as the company")

    def test_no_invitation_to_an_archived_survey(self):
        self.signed_contract()
        self.survey.active = False
        with self.assertLogs(
            "odoo.addons.sales_playbook.models.sales_playbook_satisfaction", level="WARNING"
        ):
            self.send("2027-01-05")
        self.assertFalse(self.surveys())

    def test_bad_survey_settings_are_refused(self):
        for values in (
            {"playbook_survey_months": 0},
            {"playbook_survey_answer_days": -1},
            {"playbook_satisfaction_alert": 120.0},
        ):
            with self.assertRaises(ValidationError), self.cr.savepoint():
                self.company.write(values)

    def test_customer_without_email_is_a_phone_survey(self):
        (self.contact | self.customer).email = False
        self.signed_contract()
        self.send("2027-01-05")
        record = self.surveys().with_user(self.rep1)
        self.assertTrue(record.by_phone)
        self.assertFalse(self.env["mail.mail"].search([("recipient_ids", "in", self.contact.ids)]))
        self.assertEqual(record.activity_ids.user_id, self.rep1)
        action = record.action_open_survey()
        self.assertIn(record.sudo().user_input_id.access_token, action["url"])
        self.answer(record, [5, 5, 5, 5, 5])
        self.assertFalse(record.activity_ids, "the to-do is closed by the answer")
        self.assertEqual(record.score, 100.0)
        with self.assertRaises(UserError):
            record.action_open_survey()


@tagged("post_install", "-at_install")
class TestSatisfactionSurveyPage(HttpCase):
    """The shipped survey opens for the customer from the invitation's link."""

    def test_invitation_link_opens_the_survey(self):
        survey = self.env.ref("sales_playbook.survey_customer_satisfaction")
        answer = survey._create_answer(email="li.wei@huaxin.example.com", check_attempts=False)
        response = self.url_open(answer.get_start_url())
        self.assertEqual(response.status_code, 200)
        self.assertIn("Customer Satisfaction Survey", response.text)
        self.assertIn("Start Survey", response.text)
        response = self.url_open(survey.get_start_url())
        self.assertNotIn("Start Survey", response.text, "no answer without an invitation")
