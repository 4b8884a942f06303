from datetime import date, datetime
from unittest.mock import patch

import pytz

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged

from ..tools import cn_holidays
from .common import PlaybookCase

BEIJING = pytz.timezone("Asia/Shanghai")
BEIJING_OFFICE = [
    # Monday to Friday, 09:00-12:00 and 13:00-18:00 with a lunch break
    (day, start, end, period)
    for day in range(5)
    for start, end, period in ((9, 12, "morning"), (12, 13, "lunch"), (13, 18, "afternoon"))
]


@tagged("post_install", "-at_install")
class TestChinaCalendar(PlaybookCase):
    """China's public holidays and make-up working days (调休) imported into
    the company's working hours, and the deadlines that follow them.

    The year 2022 is the issue's case: National Day's week off, Saturday 1 to
    Friday 7 October, is paid for by working Saturday 8 and Sunday 9 October
    (State Council notice of 2021; the holidays library has it)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin = new_test_user(
            cls.env,
            login="pb_cn_admin",
            name="IT Administrator",
            groups="base.group_user,base.group_system",
            tz="Asia/Shanghai",
        )
        cls.calendar = cls.env["resource.calendar"].create(
            {
                "name": "Beijing office",
                "tz": "Asia/Shanghai",
                "attendance_ids": [
                    (
                        0,
                        0,
                        {
                            "name": f"{day} {period}",
                            "dayofweek": str(day),
                            "hour_from": start,
                            "hour_to": end,
                            "day_period": period,
                        },
                    )
                    for day, start, end, period in BEIJING_OFFICE
                ],
            }
        )
        cls.company.write(
            {
                "resource_calendar_id": cls.calendar.id,
                "country_id": cls.env.ref("base.cn").id,
                "playbook_first_contact_hours": 1.0,
            }
        )
        cls.todo_type = cls.env.ref("sales_playbook.mail_activity_type_cn_holidays")

    def _import(self, year, user=None):
        """The admin's one action: the wizard, from the Sales settings."""
        wizard = Form(self.env["sales.playbook.cn.holiday.import"].with_user(user or self.admin))
        self.assertEqual(wizard.calendar_id, self.calendar, "the company's calendar by default")
        wizard.year = year
        return wizard.save().action_import()

    def _public_holidays(self, year):
        return self.env["resource.calendar.leaves"].search(
            [
                ("calendar_id", "=", self.calendar.id),
                ("resource_id", "=", False),
                ("date_from", ">=", f"{year - 1}-12-31 00:00:00"),
                ("date_to", "<=", f"{year}-12-31 23:59:59"),
            ]
        )

    @staticmethod
    def _beijing_date(utc_datetime):
        return pytz.utc.localize(utc_datetime).astimezone(BEIJING).date()

    def _makeup_lines(self):
        return self.calendar.attendance_ids.filtered("date_from")

    def _offers(self):
        return self.calendar.activity_ids.filtered(lambda a: a.activity_type_id == self.todo_type)

    # ------------------------------------------------------------------
    # The library's data
    # ------------------------------------------------------------------

    def test_library_year_2022(self):
        year = cn_holidays.china_year(2022)
        days_off = dict(year.days_off)
        self.assertEqual(len(days_off), 23)
        self.assertEqual(days_off[date(2022, 10, 1)], "国庆节")
        self.assertEqual(days_off[date(2022, 10, 6)], "休息日（由 2022-10-08 调休）")
        self.assertEqual(
            year.workdays,
            [
                date(2022, 1, 29),
                date(2022, 1, 30),
                date(2022, 4, 2),
                date(2022, 4, 24),
                date(2022, 5, 7),
                date(2022, 10, 8),
                date(2022, 10, 9),
            ],
        )
        self.assertTrue(cn_holidays.is_published(2022))
        self.assertFalse(cn_holidays.is_published(2100), "no arrangement that far ahead")
        self.assertIsNone(cn_holidays.china_year(2100))

    # ------------------------------------------------------------------
    # The import
    # ------------------------------------------------------------------

    def test_import_days_off_and_makeup_days_once(self):
        hours_per_day = self.calendar.hours_per_day
        result = self._import(2022)
        self.assertEqual(result["params"]["type"], "success")

        holidays = self._public_holidays(2022)
        self.assertEqual(len(holidays), 23, "one public holiday per day off")
        national_day = holidays.filtered(lambda h: h.name == "国庆节").sorted("date_from")[0]
        self.assertEqual(
            (national_day.date_from, national_day.date_to),
            (datetime(2022, 9, 30, 16, 0), datetime(2022, 10, 1, 15, 59, 59)),
            "the whole 1 October in Beijing time",
        )
        self.assertFalse(holidays.resource_id)

        makeup = self._makeup_lines()
        self.assertEqual(
            len(makeup), 7 * 3, "7 make-up days with Monday's morning, lunch, afternoon"
        )
        saturday = makeup.filtered(lambda a: a.date_from == date(2022, 10, 8))
        self.assertEqual(set(saturday.mapped("date_to")), {date(2022, 10, 8)})
        self.assertEqual(set(saturday.mapped("dayofweek")), {"5"})
        self.assertEqual(
            sorted((a.hour_from, a.hour_to, a.day_period) for a in saturday),
            [(9.0, 12.0, "morning"), (12.0, 13.0, "lunch"), (13.0, 18.0, "afternoon")],
        )
        self.assertIn("2022-10-08", saturday[0].name)
        self.assertEqual(self.calendar.hours_per_day, hours_per_day, "usual week unchanged")
        self.assertEqual(self.calendar.playbook_cn_holiday_year, 2022)

        # the same year again adds nothing
        again = self.calendar.with_user(self.admin)._playbook_import_cn_holidays(2022)
        self.assertEqual(again, {"days_off": 0, "workdays": 0, "skipped": 30})
        self.assertEqual(len(self._public_holidays(2022)), 23)
        self.assertEqual(len(self._makeup_lines()), 21)

        # the result stays editable: the admin renames a day, the import keeps it
        national_day.with_user(self.admin).name = "国庆节（公司）"
        self.calendar.with_user(self.admin)._playbook_import_cn_holidays(2022)
        self.assertEqual(len(self._public_holidays(2022)), 23)

    def test_import_keeps_days_entered_by_hand(self):
        self.env["resource.calendar.leaves"].create(
            {
                "name": "National Day (entered by hand)",
                "calendar_id": self.calendar.id,
                "date_from": datetime(2022, 9, 30, 16, 0),
                "date_to": datetime(2022, 10, 1, 15, 59, 59),
            }
        )
        result = self.calendar.with_user(self.admin)._playbook_import_cn_holidays(2022)
        self.assertEqual(result["days_off"], 22)
        self.assertEqual(len(self._public_holidays(2022)), 23)

    def test_import_refused_without_the_right(self):
        with self.assertRaises(AccessError):
            self._import(2022, user=self.manager)
        with self.assertRaises(AccessError):
            self.calendar.with_user(self.manager)._playbook_import_cn_holidays(2022)
        self.assertFalse(self._public_holidays(2022))
        self.assertFalse(self._makeup_lines())
        # what was imported is recorded by the import only
        with self.assertRaises(AccessError):
            self.calendar.with_user(self.admin).write({"playbook_cn_holiday_year": 2030})
        self.assertEqual(self.calendar.playbook_cn_holiday_year, 0)

    def test_import_refused_with_clear_errors(self):
        Wizard = self.env["sales.playbook.cn.holiday.import"].with_user(self.admin)
        with self.assertRaises(UserError) as caught:
            Wizard.create({"calendar_id": self.calendar.id, "year": 2100}).action_import()
        self.assertIn("2100", str(caught.exception))
        with self.assertRaises(UserError):
            Wizard.create({"calendar_id": False, "year": 2022}).action_import()
        self.calendar.flexible_hours = True
        with self.assertRaises(UserError):
            Wizard.create({"calendar_id": self.calendar.id, "year": 2022}).action_import()
        self.assertFalse(self._public_holidays(2022))
        self.assertFalse(self._makeup_lines())

    # ------------------------------------------------------------------
    # Deadlines on the imported calendar
    # ------------------------------------------------------------------

    def test_contract_draft_due_after_national_day_and_makeup_weekend(self):
        """A meeting with strong intention on Friday 30 September 2022, the
        last working day before National Day. The next step is the contract
        draft within 3 working days, counted from the next day:

        - 1-7 October: days off (国庆节 1-3, 国庆节（补假）4-5,
          休息日（由 2022-10-08 / 2022-10-09 调休）6-7);
        - Saturday 8 October, make-up working day: working day 1;
        - Sunday 9 October, make-up working day: working day 2;
        - Monday 10 October: working day 3 → due Monday 10 October.

        Monday to Friday alone would give Wednesday 5 October, in the middle
        of the holidays; the holidays without the make-up days, 12 October."""
        meeting_date = datetime(2022, 9, 30, 2, 0)  # Friday 10:00 in Beijing
        with self.frozen(meeting_date):
            lead = (
                self.env["crm.lead"]
                .with_user(self.rep1)
                .create(self.qualified_values(user_id=self.rep1.id, team_id=self.team_east.id))
            )
            self.assertEqual(
                self._beijing_date(lead._playbook_working_deadline(meeting_date, 3)),
                date(2022, 10, 5),
                "before the import: Monday to Friday only",
            )
            self._import(2022)
            meeting = (
                self.env["sales.playbook.meeting"]
                .with_user(self.rep1)
                .create(
                    {
                        "lead_id": lead.id,
                        "meeting_date": meeting_date,
                        "intention": "strong",
                    }
                )
            )
        activity = meeting.next_step_activity_id
        self.assertEqual(
            activity.activity_type_id,
            self.env.ref("sales_playbook.mail_activity_type_contract_draft"),
        )
        self.assertEqual(activity.date_deadline, date(2022, 10, 10))
        self.assertEqual(
            self._beijing_date(lead._playbook_working_deadline(meeting_date, 3)),
            date(2022, 10, 10),
        )
        # at the end of that day's work, not at its lunch break
        self.assertEqual(
            lead._playbook_working_deadline(meeting_date, 3), datetime(2022, 10, 10, 10, 0)
        )

    def test_first_contact_skips_the_holidays_and_counts_the_makeup_saturday(self):
        """A lead assigned on Friday 30 September 2022 at 18:30 in Beijing,
        after hours: its first contact is due 1 working hour later, on the
        make-up Saturday 8 October at 10:00 (not on Monday 3 October)."""
        self._import(2022)
        with self.frozen("2022-09-30 10:30:00"):
            lead = (
                self.env["crm.lead"]
                .with_user(self.rep1)
                .create(self.qualified_values(user_id=self.rep1.id, team_id=self.team_east.id))
            )
        self.assertEqual(lead.first_contact_deadline, datetime(2022, 10, 8, 2, 0))

    def test_running_first_contact_deadlines_follow_an_import(self):
        """Assigned before the holidays were imported, the lead's deadline
        moves to the make-up Saturday with the import, and its to-do too."""
        with self.frozen("2022-09-30 10:30:00"):
            lead = (
                self.env["crm.lead"]
                .with_user(self.rep1)
                .create(self.qualified_values(user_id=self.rep1.id, team_id=self.team_east.id))
            )
            self.assertEqual(lead.first_contact_deadline, datetime(2022, 10, 3, 2, 0))
            self._import(2022)
        self.assertEqual(lead.first_contact_deadline, datetime(2022, 10, 8, 2, 0))
        todo = lead.activity_ids.filtered(
            lambda a: (
                a.activity_type_id
                == self.env.ref("sales_playbook.mail_activity_type_first_contact")
            )
        )
        self.assertEqual(todo.date_deadline, date(2022, 10, 8))

    # ------------------------------------------------------------------
    # The yearly offer
    # ------------------------------------------------------------------

    def test_cron_offers_next_year_once(self):
        Calendar = self.env["resource.calendar"]
        with self.frozen("2025-12-01 01:00:00"):
            self._import(2025)
            Calendar._cron_playbook_offer_cn_holidays()
            offers = self._offers()
            self.assertIn(self.admin, offers.user_id, "each administrator gets the to-do")
            self.assertEqual(len(offers), len(offers.user_id), "one each")
            self.assertNotIn(self.manager, offers.user_id)
            self.assertIn("2026", offers[0].summary)
            self.assertNotIn("2025", offers[0].summary, "2025 is imported already")
            self.assertEqual(self.calendar.playbook_cn_offered_year, 2026)

            Calendar._cron_playbook_offer_cn_holidays()
            self.assertEqual(self._offers(), offers, "offered once, not every day")

            # the offer leads to the import, which closes it
            offer = offers.filtered(lambda a: a.user_id == self.admin)
            action = self.calendar.with_user(self.admin).action_playbook_import_cn_holidays()
            self.assertEqual(action["context"]["default_calendar_id"], self.calendar.id)
            wizard = Form(
                self.env["sales.playbook.cn.holiday.import"]
                .with_user(self.admin)
                .with_context(**action["context"])
            )
            self.assertEqual(wizard.year, 2026, "the year to import next")
            wizard.save().action_import()
            self.assertFalse(offer.exists())
            self.assertFalse(self._offers())
            Calendar._cron_playbook_offer_cn_holidays()
            self.assertFalse(self._offers())

    def test_cron_waits_for_the_library(self):
        with self.frozen("2025-12-01 01:00:00"):
            self._import(2025)
            with patch.object(cn_holidays, "is_published", lambda year: year <= 2025):
                self.env["resource.calendar"]._cron_playbook_offer_cn_holidays()
            self.assertFalse(self._offers(), "2026 not published yet")
            self.assertEqual(self.calendar.playbook_cn_offered_year, 0)

    def test_cron_leaves_companies_outside_china_alone(self):
        self.company.country_id = self.env.ref("base.hk")
        with self.frozen("2025-12-01 01:00:00"):
            self.env["resource.calendar"]._cron_playbook_offer_cn_holidays()
        self.assertFalse(self._offers())
