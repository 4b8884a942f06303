from datetime import date, datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from ..tools.cn_amount import amount_in_words
from .common import PlaybookCase


@tagged("post_install", "-at_install")
class TestSolutionAndNegotiation(PlaybookCase):
    """Stages 3 and 4: proposal, confirmation, negotiation and its records."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.use_utc_office_calendar()
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Huaxin Manufacturing Co.",
                "is_company": True,
                "user_id": cls.rep1.id,
            }
        )
        with freeze_time("2026-11-02 09:00:00"):
            cls.lead = (
                cls.env["crm.lead"]
                .with_user(cls.rep1)
                .create(
                    cls.qualified_values(
                        user_id=cls.rep1.id,
                        team_id=cls.team_east.id,
                        partner_id=cls.customer.id,
                        stage_id=cls.stage_needs.id,
                    )
                )
            )
        cls.analyse_needs(cls.lead)
        cls.must_scheduling = cls.lead.need_ids
        cls.must_reporting = (
            cls.env["sales.playbook.need"]
            .with_user(cls.manager)
            .create(
                {
                    "lead_id": cls.lead.id,
                    "name": "Management reporting",
                    "category": "must",
                    "review_result": "feasible",
                    "review_date": "2026-11-20",
                }
            )
        )
        cls.lead.with_user(cls.rep1).stage_id = cls.stage_solution
        cls.product = cls.env["product.product"].create(
            {
                "name": "MES licence",
                "list_price": 100000.0,
                "type": "service",
            }
        )

    def _quotation(self, price=100000.0, needs=None):
        return (
            self.env["sale.order"]
            .with_user(self.rep1)
            .create(
                {
                    "partner_id": self.customer.id,
                    "opportunity_id": self.lead.id,
                    "order_line": [
                        (
                            0,
                            0,
                            {
                                "product_id": self.product.id,
                                "product_uom_qty": 1,
                                "price_unit": price,
                                "playbook_need_ids": [
                                    (6, 0, (needs or self.env["sales.playbook.need"]).ids)
                                ],
                            },
                        )
                    ],
                }
            )
        )

    # ------------------------------------------------------------------
    # Solution
    # ------------------------------------------------------------------

    def test_proposal_lists_unanswered_must_have_needs(self):
        order = self._quotation(needs=self.must_scheduling)
        proposal = (
            self.env["sales.playbook.proposal"]
            .with_user(self.rep1)
            .create(
                {
                    "lead_id": self.lead.id,
                    "name": "Scheduling solution",
                    "order_ids": [(6, 0, order.ids)],
                }
            )
        )
        self.assertEqual(proposal.uncovered_need_ids, self.must_reporting)
        order.order_line.playbook_need_ids = [(4, self.must_reporting.id)]
        self.assertFalse(proposal.uncovered_need_ids)
        self.assertEqual(proposal.amount_untaxed, 100000.0)
        self.assertEqual(
            proposal._amount_total_capitals(),
            amount_in_words(proposal.amount_total, proposal.currency_id.name),
        )

    def test_solution_gate_needs_customer_confirmation(self):
        lead = self.lead.with_user(self.rep1)
        with self.assertRaises(ValidationError) as caught:
            lead.stage_id = self.stage_negotiation
        self.assertIn("A proposal confirmed by the customer", str(caught.exception))

        proposal = (
            self.env["sales.playbook.proposal"]
            .with_user(self.rep1)
            .create(
                {
                    "lead_id": lead.id,
                    "name": "Scheduling solution",
                    "order_ids": [(6, 0, self._quotation().ids)],
                }
            )
        )
        proposal.action_mark_sent()
        with self.assertRaises(UserError):
            proposal.action_confirm_by_customer()
        with self.assertRaises(ValidationError):
            proposal.write({"state": "confirmed"})  # by RPC, without who and when
        self.assertEqual(proposal.state, "sent")
        proposal.write(
            {"confirmation_date": "2026-11-20", "confirmed_by": "Li Wei, Purchasing Director"}
        )
        proposal.action_confirm_by_customer()
        lead.stage_id = self.stage_negotiation
        self.assertEqual(lead.stage_id, self.stage_negotiation)

    def test_proposal_orders_belong_to_the_opportunity(self):
        other_order = self.env["sale.order"].create({"partner_id": self.customer.id})
        with self.assertRaises(ValidationError):
            self.env["sales.playbook.proposal"].with_user(self.rep1).create(
                {
                    "lead_id": self.lead.id,
                    "name": "Wrong",
                    "order_ids": [(6, 0, other_order.ids)],
                }
            )

    # ------------------------------------------------------------------
    # Negotiation preparation
    # ------------------------------------------------------------------

    def test_preparation_agenda_and_bottom_lines(self):
        negotiation = Form(self.env["sales.playbook.negotiation"].with_user(self.rep1))
        negotiation.lead_id = self.lead
        negotiation.name = "Agree price and payment"
        self.assertEqual(negotiation.total_minutes, 90, "the manual's agenda, upper bounds")
        with negotiation.bottom_line_ids.new() as line:
            line.min_price = 90000
            line.max_payment_days = 60
        negotiation = negotiation.save()
        self.assertEqual(len(negotiation.agenda_ids), 5)
        with self.assertRaises(ValidationError):
            negotiation.agenda_ids[0].minutes = -5

        bottom = negotiation.bottom_line_ids
        self.assertEqual(bottom.with_user(self.rep1).min_price, 90000)
        self.assertEqual(bottom.with_user(self.manager).min_price, 90000)
        for intruder in (self.rep2, self.supervisor):
            with self.assertRaises(AccessError):
                bottom.with_user(intruder).read(["min_price"])
        # the supervisor reads the preparation, not its bottom lines
        self.assertFalse(negotiation.with_user(self.supervisor).bottom_line_ids)

        cheap = self._quotation(price=80000)
        self.assertTrue(cheap.playbook_below_minimum)
        self.assertFalse(self._quotation(price=95000).playbook_below_minimum)

    # ------------------------------------------------------------------
    # Meetings, objections, intention
    # ------------------------------------------------------------------

    def _meeting(self, when, intention=False, **values):
        return (
            self.env["sales.playbook.meeting"]
            .with_user(self.rep1)
            .create(dict(lead_id=self.lead.id, meeting_date=when, intention=intention, **values))
        )

    def _next_step(self, meeting):
        return meeting.next_step_activity_id

    def test_strong_intention_contract_draft_in_three_working_days(self):
        friday = datetime(2026, 11, 27, 15, 0)
        meeting = self._meeting(friday, "strong")
        activity = self._next_step(meeting)
        self.assertEqual(
            activity.activity_type_id,
            self.env.ref("sales_playbook.mail_activity_type_contract_draft"),
        )
        self.assertEqual(
            activity.date_deadline, date(2026, 12, 2), "Friday + 3 working days = Wednesday"
        )
        self.assertEqual(activity.user_id, self.rep1)

    def test_public_holiday_is_skipped(self):
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Public holiday",
                "calendar_id": self.company.resource_calendar_id.id,
                "date_from": "2026-12-01 00:00:00",
                "date_to": "2026-12-01 23:59:59",
            }
        )
        meeting = self._meeting(datetime(2026, 11, 27, 15, 0), "strong")
        self.assertEqual(self._next_step(meeting).date_deadline, date(2026, 12, 3))

    def test_other_intentions_and_change(self):
        meeting = self._meeting(datetime(2026, 11, 23, 10, 0), "comparing")
        first = self._next_step(meeting)
        self.assertEqual(
            first.activity_type_id, self.env.ref("sales_playbook.mail_activity_type_send_materials")
        )
        meeting.intention = "approval"
        second = self._next_step(meeting)
        self.assertEqual(
            second.activity_type_id,
            self.env.ref("sales_playbook.mail_activity_type_decision_proposal"),
        )
        self.assertFalse(first.exists(), "the superseded next step is withdrawn")

    def test_objections_due_in_24_hours_and_flagged_once(self):
        meeting = self._meeting(
            datetime(2026, 11, 23, 10, 0),
            "strong",
            objection_ids=[
                (0, 0, {"name": "Price too high", "owner_id": self.rep1.id}),
            ],
        )
        objection = meeting.objection_ids
        self.assertEqual(objection.due_datetime, datetime(2026, 11, 24, 10, 0))
        with self.assertRaises(ValidationError):
            objection.write({"answered": True})
        self.assertFalse(objection.answered)

        activity_type = self.env.ref("sales_playbook.mail_activity_type_objection_overdue")
        with freeze_time("2026-11-24 11:00:00"):
            self.assertTrue(objection.overdue)
            lead = self.lead.with_user(self.rep1)
            with self.assertRaises(ValidationError) as caught:
                lead.stage_id = self.env.ref("sales_playbook.stage_contract")
            self.assertIn("No objection left unanswered past 24 hours", str(caught.exception))
            Objection = self.env["sales.playbook.objection"]
            Objection._cron_flag_overdue()
            Objection._cron_flag_overdue()
            flagged = self.lead.activity_ids.filtered(lambda a: a.activity_type_id == activity_type)
            self.assertEqual(
                flagged.user_id, self.rep1 | self.supervisor, "owner and supervisor, once each"
            )

            objection.write(
                {
                    "answered": True,
                    "answer": "Value-added services included; see the TCO comparison",
                }
            )
            self.assertFalse(objection.overdue)

    def test_negotiation_gate(self):
        lead = self.lead.with_user(self.rep1)
        lead.proposal_ids = [
            (
                0,
                0,
                {
                    "name": "Confirmed",
                    "state": "confirmed",
                    "confirmation_date": "2026-11-20",
                    "confirmed_by": "Li Wei",
                },
            )
        ]
        lead.stage_id = self.stage_negotiation
        contract_stage = self.env.ref("sales_playbook.stage_contract")
        with self.assertRaises(ValidationError) as caught:
            lead.stage_id = contract_stage
        self.assertIn("A meeting record with the intention level", str(caught.exception))
        self._meeting(datetime(2026, 11, 23, 10, 0), "strong")
        lead.stage_id = contract_stage
        self.assertEqual(lead.stage_id, contract_stage)

    def test_bad_meeting_input(self):
        with self.assertRaises(ValidationError):
            self._meeting(datetime(2026, 10, 1, 10, 0), "strong")  # a month before the lead
        self.assertFalse(self.lead.meeting_ids)
        with self.assertRaises(AccessError):
            self.env["sales.playbook.meeting"].with_user(self.rep3).create(
                {
                    "lead_id": self.lead.id,
                    "meeting_date": "2026-11-23 10:00:00",
                }
            )

    def test_letter_of_intent(self):
        Letter = self.env["sales.playbook.intent.letter"].with_user(self.rep1)
        with self.assertRaises(ValidationError):
            Letter.create(
                {
                    "lead_id": self.lead.id,
                    "key_terms": "<p>Price 100,000</p>",
                    "letter_date": "2026-11-25",
                    "sign_deadline": "2026-11-20",
                }
            )
        letter = Letter.create(
            {
                "lead_id": self.lead.id,
                "key_terms": "<p>Price 100,000; 30/60/10</p>",
                "letter_date": "2026-11-25",
                "sign_deadline": "2026-12-15",
            }
        )
        self.assertEqual(self.lead.intent_letter_ids, letter)
