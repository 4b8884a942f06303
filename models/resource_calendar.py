from collections import defaultdict
from datetime import datetime, time

import pytz

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..tools import cn_holidays


class ResourceCalendar(models.Model):
    """Working hours with China's public holidays and make-up working days
    (调休): the deadlines in working days and hours of the add-on (first
    contact, contract draft, complaints) are planned on the company's calendar.

    A year is imported from the ``holidays`` library: its days off become the
    calendar's public holidays (leaves without resource, whole days in the
    calendar's timezone) and its make-up working days become working time on
    that date only (attendances dated from and to that day, with the
    calendar's usual hours). Both stay ordinary records the administrator can
    edit. The calendar gets a chatter for the import log and the to-do that
    offers the next year."""

    _name = "resource.calendar"
    _inherit = [
        "resource.calendar",
        "mail.thread",
        "mail.activity.mixin",
        "sales.playbook.guarded.mixin",
    ]

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    playbook_cn_holiday_year = fields.Integer(
        string="China's Holidays Imported Up To",
        readonly=True,
        copy=False,
        help="The latest year of China's public holidays and make-up working days "
        "imported into these working hours.",
    )
    playbook_cn_offered_year = fields.Integer(
        string="China's Holidays Offered Up To",
        readonly=True,
        copy=False,
        help="The latest year whose import the scheduled action offered to the "
        "administrators (once per year).",
    )

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_playbook_import_cn_holidays(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Import China's Public Holidays"),
            "res_model": "sales.playbook.cn.holiday.import",
            "view_mode": "form",
            "target": "new",
            "context": {"default_calendar_id": self.id},
        }

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _playbook_check_cn_import_rights(self):
        """Working hours are company configuration (also HR's, payroll's and
        planning's): Odoo lets only administrators change them, and so does
        the import."""
        if not self.env.user.has_group("base.group_system"):
            raise AccessError(
                self.env._("Only an administrator can import public holidays into working hours.")
            )

    def _playbook_replan_first_contacts(self):
        """The first-contact deadlines still running follow the new days off
        and make-up days: the assigned leads not contacted yet of the
        companies working on these hours."""
        companies = self.env["res.company"].search([("resource_calendar_id", "in", self.ids)])
        if not companies:
            return
        # the administrator re-plans every salesperson's running deadline,
        # whichever leads they may read themselves
        leads = (
            self.env["crm.lead"]
            .sudo()
            .search(
                [
                    ("company_id", "in", companies.ids),
                    ("user_id", "!=", False),
                    ("first_contact_ids", "=", False),
                    ("first_contact_deadline", ">=", fields.Datetime.now()),
                ]
            )
        )
        self.env.add_to_compute(self.env["crm.lead"]._fields["first_contact_deadline"], leads)
        leads.flush_recordset(["first_contact_deadline"])
        leads._playbook_schedule_first_contact()

    def _playbook_import_cn_holidays(self, year):
        """Import China's days off and make-up working days of ``year``.
        Days already in the calendar (a public holiday on that day, working
        time on that date) are left as they are, so importing twice adds
        nothing. Returns ``{"days_off": n, "workdays": n, "skipped": n}``."""
        self.ensure_one()
        self._playbook_check_cn_import_rights()
        if cn_holidays.holidays is None:
            raise UserError(
                self.env._(
                    "The Python library “holidays” is not installed on the server: "
                    "ask your administrator to install it (pip install holidays)."
                )
            )
        if self.flexible_hours:
            raise UserError(
                self.env._(
                    "“%(calendar)s” has flexible hours: it has no working days to add "
                    "China's public holidays and make-up working days to.",
                    calendar=self.display_name,
                )
            )
        arrangement = cn_holidays.china_year(year)
        if arrangement is None:
            raise UserError(
                self.env._(
                    "China's public holidays of %(year)s are not in the installed "
                    "“holidays” library (version %(version)s). The State Council "
                    "publishes each year's arrangement around November; update the "
                    "library (pip install --upgrade holidays) or enter the days by hand "
                    "on the working hours.",
                    year=year,
                    version=cn_holidays.library_version(),
                )
            )
        leave_vals = self._playbook_cn_leave_values(arrangement.days_off)
        attendance_vals = self._playbook_cn_makeup_values(arrangement.workdays)
        if leave_vals:
            self.env["resource.calendar.leaves"].create(leave_vals)
        if attendance_vals:
            self.write({"attendance_ids": [Command.create(vals) for vals in attendance_vals]})
        if leave_vals or attendance_vals:
            self._playbook_replan_first_contacts()
        workdays = len({vals["date_from"] for vals in attendance_vals})
        result = {
            "days_off": len(leave_vals),
            "workdays": workdays,
            "skipped": len(arrangement.days_off)
            + len(arrangement.workdays)
            - len(leave_vals)
            - workdays,
        }
        self._playbook_write({"playbook_cn_holiday_year": max(year, self.playbook_cn_holiday_year)})
        offers = self.activity_ids.filtered(
            lambda a: (
                a.activity_type_id == self.env.ref("sales_playbook.mail_activity_type_cn_holidays")
            )
        )
        if offers and self.playbook_cn_holiday_year >= self.playbook_cn_offered_year:
            offers.action_feedback(
                feedback=self.env._("Imported by %(user)s.", user=self.env.user.name)
            )
        self.message_post(
            body=self.env._(
                "China's public holidays of %(year)s imported: %(days_off)s days off and "
                "%(workdays)s make-up working days added, %(skipped)s days already there.",
                year=year,
                **result,
            )
        )
        return result

    def _playbook_cn_day_bounds(self, day):
        """The whole ``day`` in the calendar's timezone, as naive UTC."""
        tz = pytz.timezone(self.tz or "UTC")
        start = tz.localize(datetime.combine(day, time.min))
        stop = tz.localize(datetime.combine(day, time.max.replace(microsecond=0)))
        return (
            start.astimezone(pytz.utc).replace(tzinfo=None),
            stop.astimezone(pytz.utc).replace(tzinfo=None),
        )

    def _playbook_cn_leave_values(self, days_off):
        """Public holidays (no resource) for the days off that no public
        holiday of this calendar (or of every calendar: Odoo counts those too)
        covers yet."""
        if not days_off:
            return []
        bounds = {day: self._playbook_cn_day_bounds(day) for day, _name in days_off}
        existing = self.env["resource.calendar.leaves"].search(
            [
                ("calendar_id", "in", [False, self.id]),
                ("resource_id", "=", False),
                ("time_type", "=", "leave"),
                ("date_from", "<=", max(stop for _start, stop in bounds.values())),
                ("date_to", ">=", min(start for start, _stop in bounds.values())),
            ]
        )
        vals_list = []
        for day, name in days_off:
            start, stop = bounds[day]
            if any(leave.date_from <= stop and leave.date_to >= start for leave in existing):
                continue
            vals_list.append(
                {
                    "name": name,
                    "calendar_id": self.id,
                    "date_from": start,
                    "date_to": stop,
                    "time_type": "leave",
                }
            )
        return vals_list

    def _playbook_cn_attendance_lines(self):
        """The calendar's own weekly lines (no resource, no section)."""
        return self.attendance_ids.filtered(lambda a: not a.resource_id and not a.display_type)

    def _playbook_cn_works_on(self, day, week_type):
        """Whether the calendar already has working time on ``day``."""
        for line in self._playbook_cn_attendance_lines():
            if (
                line.day_period != "lunch"
                and int(line.dayofweek) == day.weekday()
                and (not self.two_weeks_calendar or line.week_type == week_type)
                and (not line.date_from or line.date_from <= day)
                and (not line.date_to or day <= line.date_to)
            ):
                return True
        return False

    def _playbook_cn_usual_day(self, week_type):
        """The lines of the calendar's usual working day: the weekday (of the
        week type) with the most working hours, the first one on a tie —
        Monday for a Monday-to-Friday calendar."""
        by_day = defaultdict(lambda: self.env["resource.calendar.attendance"])
        for line in self._playbook_cn_attendance_lines():
            if line.date_from or line.date_to:
                continue
            if self.two_weeks_calendar and line.week_type != week_type:
                continue
            by_day[int(line.dayofweek)] |= line
        if not by_day:
            return self.env["resource.calendar.attendance"]

        def hours(lines):
            return sum(line.duration_hours for line in lines if line.day_period != "lunch")

        return by_day[max(sorted(by_day), key=lambda weekday: hours(by_day[weekday]))]

    def _playbook_cn_makeup_values(self, workdays):
        """Working time on each make-up working day only (attendances dated
        from and to that day), copied from the usual working day."""
        Attendance = self.env["resource.calendar.attendance"]
        periods = {
            "morning": self.env._("morning"),
            "lunch": self.env._("lunch break"),
            "afternoon": self.env._("afternoon"),
        }
        vals_list = []
        for day in workdays:
            week_type = str(Attendance.get_week_type(day)) if self.two_weeks_calendar else False
            if self._playbook_cn_works_on(day, week_type):
                continue
            template = self._playbook_cn_usual_day(week_type)
            if not template:
                raise UserError(
                    self.env._(
                        "“%(calendar)s” has no working hours to give the make-up working "
                        "day %(date)s: enter its weekly working hours first.",
                        calendar=self.display_name,
                        date=day,
                    )
                )
            for line in template.sorted(lambda a: a.hour_from):
                vals_list.append(
                    {
                        "name": self.env._(
                            "%(date)s make-up working day (%(period)s)",
                            date=day,
                            period=periods.get(line.day_period, line.day_period),
                        ),
                        "dayofweek": str(day.weekday()),
                        "date_from": day,
                        "date_to": day,
                        "hour_from": line.hour_from,
                        "hour_to": line.hour_to,
                        "day_period": line.day_period,
                        "week_type": week_type,
                        "sequence": line.sequence,
                    }
                )
        return vals_list

    @api.model
    def _cron_playbook_offer_cn_holidays(self):
        """Daily: once the holidays library has China's arrangement of next
        year (or of this year, not imported yet), the administrators of each
        company in China get a to-do on its working hours to import it —
        once per calendar and year."""
        today = fields.Date.context_today(self)
        years = [year for year in (today.year, today.year + 1) if cn_holidays.is_published(year)]
        if not years:
            return
        admin_group = self.env.ref("base.group_system")
        activity_type = self.env.ref("sales_playbook.mail_activity_type_cn_holidays")
        admins = self.env["res.users"].search(
            [("groups_id", "in", admin_group.id), ("share", "=", False)]
        )
        companies = self.env["res.company"].search([("resource_calendar_id", "!=", False)])
        todos = []
        offered = defaultdict(lambda: self.browse())
        for company in companies:
            calendar = company.resource_calendar_id
            if company.country_id.code != "CN" and not calendar.playbook_cn_holiday_year:
                continue
            done = max(calendar.playbook_cn_holiday_year, calendar.playbook_cn_offered_year)
            missing = [year for year in years if year > done]
            if not missing or calendar in offered[max(missing)]:
                continue
            offered[max(missing)] |= calendar
            years_text = ", ".join(str(year) for year in missing)
            for admin in admins.filtered(lambda u, c=company: c in u.company_ids):
                env = calendar._playbook_in_lang_of(admin).env  # in the administrator's language
                todos.append(
                    (
                        calendar,
                        {
                            "user_id": admin.id,
                            "activity_type_id": activity_type.id,
                            "summary": env._(
                                "Import China's public holidays of %(years)s",
                                years=years_text,
                            ),
                            "note": env._(
                                "The holidays library now has China's public holidays and "
                                "make-up working days of %(years)s. Import them into "
                                "“%(calendar)s” with the Import China's Holidays button of "
                                "these working hours (or Settings → Sales → Sales Playbook "
                                "→ China's Working Calendar), one year at a time; "
                                "deadlines in working days follow them.",
                                years=years_text,
                                calendar=calendar.display_name,
                            ),
                        },
                    )
                )
        if todos:
            self.env["mail.activity"]._playbook_create_todos(todos)
        for year, calendars in offered.items():
            calendars._playbook_write({"playbook_cn_offered_year": year})
