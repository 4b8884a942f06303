from datetime import date, datetime

from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import PlaybookCase


@tagged("post_install", "-at_install")
class TestFirstContact(PlaybookCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.calendar = cls.use_utc_office_calendar()
        cls.activity_type = cls.env.ref("sales_playbook.mail_activity_type_first_contact")

    def _assign(self, when):
        with self.frozen(when):
            lead = (
                self.env["crm.lead"]
                .with_user(self.rep1)
                .create(self.qualified_values(user_id=self.rep1.id))
            )
            lead.flush_recordset()
        return lead

    def test_deadline_is_one_working_hour(self):
        lead = self._assign("2026-11-23 10:00:00")  # a Monday
        self.assertEqual(lead.first_contact_deadline, datetime(2026, 11, 23, 11, 0))
        activity = lead.activity_ids.filtered(lambda a: a.activity_type_id == self.activity_type)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.rep1)
        self.assertEqual(activity.date_deadline, date(2026, 11, 23))

    def test_deadline_after_hours_moves_to_next_working_morning(self):
        lead = self._assign("2026-11-27 16:30:00")  # Friday afternoon
        self.assertEqual(lead.first_contact_deadline, datetime(2026, 11, 30, 8, 30))

    def test_overdue_visible_to_rep_and_supervisor(self):
        lead = self._assign("2026-11-23 10:00:00")
        with self.frozen("2026-11-23 10:30:00"):
            self.assertFalse(lead.with_user(self.rep1).first_contact_overdue)
        with self.frozen("2026-11-23 11:30:00"):
            lead.invalidate_recordset(["first_contact_overdue"])
            self.assertTrue(lead.with_user(self.rep1).first_contact_overdue)
            for user in (self.rep1, self.supervisor):
                found = (
                    self.env["crm.lead"]
                    .with_user(user)
                    .search([("first_contact_overdue", "=", True)])
                )
                self.assertIn(lead, found)
            self.assertNotIn(
                lead,
                self.env["crm.lead"]
                .with_user(self.rep3)
                .search([("first_contact_overdue", "=", True)]),
            )

    def test_recording_first_contact(self):
        lead = self._assign("2026-11-23 10:00:00")
        with self.frozen("2026-11-23 10:40:00"):
            action = lead.with_user(self.rep1).action_playbook_first_contact()
            with Form(
                self.env["sales.playbook.first.contact"]
                .with_user(self.rep1)
                .with_context(**action["context"])
            ) as form:
                form.channel = "phone"
                form.feedback = "Interested, wants a demo"
                form.needs = "Production scheduling"
                form.next_action = "Send case study"
                form.next_action_date = date(2026, 11, 24)
            record = form.record
        self.assertEqual(record.lead_id, lead)
        self.assertEqual(record.contact_person, "Li Wei")
        self.assertEqual(lead.first_contact_date, datetime(2026, 11, 23, 10, 40))
        self.assertFalse(
            lead.activity_ids.filtered(lambda a: a.activity_type_id == self.activity_type),
            "the first-contact activity is done",
        )
        self.assertTrue(lead.activity_ids.filtered(lambda a: a.summary == "Send case study"))
        with self.frozen("2026-11-23 12:00:00"):
            lead.invalidate_recordset(["first_contact_overdue"])
            self.assertFalse(lead.first_contact_overdue)
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            self.env["sales.playbook.first.contact"].with_user(self.rep1).create(
                {"lead_id": lead.id}
            )

    def test_bad_input_refused(self):
        lead = self._assign("2026-11-23 10:00:00")
        Contact = self.env["sales.playbook.first.contact"].with_user(self.rep1)
        with self.frozen("2026-11-23 10:30:00"):
            with self.assertRaises(ValidationError):
                Contact.create({"lead_id": lead.id, "contact_datetime": "2026-11-24 10:00:00"})
            with self.assertRaises(ValidationError):
                Contact.create(
                    {
                        "lead_id": lead.id,
                        "next_action": "Call back",
                        "next_action_date": "2026-11-20",
                    }
                )
            with self.assertRaises(ValidationError):
                Contact.create({"lead_id": lead.id, "next_action_date": "2026-11-25"})
        self.assertFalse(lead.first_contact_ids)

    def test_other_rep_cannot_record(self):
        lead = self._assign("2026-11-23 10:00:00")
        with self.assertRaises(AccessError):
            self.env["sales.playbook.first.contact"].with_user(self.rep3).create(
                {"lead_id": lead.id}
            )

    def test_reassignment_moves_the_activity(self):
        lead = self._assign("2026-11-23 10:00:00")
        with self.frozen("2026-11-23 14:00:00"):
            lead = lead.with_user(self.manager)
            lead.user_id = self.rep2
            lead.flush_recordset()
        activities = lead.activity_ids.filtered(lambda a: a.activity_type_id == self.activity_type)
        self.assertEqual(activities.user_id, self.rep2)
        self.assertEqual(lead.first_contact_deadline, datetime(2026, 11, 23, 15, 0))
