from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools.misc import format_date

from ..tools import cn_holidays


class SalesPlaybookCnHolidayImport(models.TransientModel):
    """Import one year of China's public holidays and make-up working days
    (调休) into working hours, the company's by default."""

    _name = "sales.playbook.cn.holiday.import"
    _description = "Import China's Public Holidays"

    calendar_id = fields.Many2one(
        "resource.calendar",
        string="Working Hours",
        ondelete="cascade",
        default=lambda self: self.env.company.resource_calendar_id,
        domain="[('company_id', 'in', [False] + allowed_company_ids)]",
        help="Deadlines in working days and hours are planned on the company's working hours.",
    )
    year = fields.Integer(default=lambda self: self._default_year())
    published = fields.Boolean(compute="_compute_preview")
    library_version = fields.Char(string="Holidays Library Version", compute="_compute_preview")
    days_off_preview = fields.Text(string="Days Off", compute="_compute_preview")
    workdays_preview = fields.Text(string="Make-up Working Days", compute="_compute_preview")

    @api.model
    def _default_year(self):
        """This year, or the next one once this year is imported and the
        library has the next one."""
        this_year = fields.Date.context_today(self).year
        calendar = self.env["resource.calendar"].browse(
            self.env.context.get("default_calendar_id")
        ) or (self.env.company.resource_calendar_id)
        if calendar.playbook_cn_holiday_year >= this_year and cn_holidays.is_published(
            this_year + 1
        ):
            return this_year + 1
        return this_year

    @api.depends("year")
    def _compute_preview(self):
        for wizard in self:
            arrangement = cn_holidays.china_year(wizard.year) if wizard.year else None
            wizard.published = bool(arrangement)
            wizard.library_version = cn_holidays.library_version()
            if not arrangement:
                wizard.days_off_preview = wizard.workdays_preview = False
                continue
            wizard.days_off_preview = "\n".join(
                f"{wizard._format_day(day)}  {name}" for day, name in arrangement.days_off
            )
            wizard.workdays_preview = "\n".join(
                wizard._format_day(day) for day in arrangement.workdays
            )

    def _format_day(self, day):
        return format_date(self.env, day, date_format="yyyy-MM-dd EEE")

    def action_import(self):
        self.ensure_one()
        if not self.calendar_id:
            raise UserError(
                self.env._(
                    "Choose the working hours to import into: the company %(company)s has none.",
                    company=self.env.company.name,
                )
            )
        result = self.calendar_id._playbook_import_cn_holidays(self.year)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "title": self.env._("China's Public Holidays of %(year)s", year=self.year),
                "message": self.env._(
                    "%(days_off)s days off and %(workdays)s make-up working days added to "
                    "%(calendar)s; %(skipped)s days were already there.",
                    calendar=self.calendar_id.display_name,
                    **result,
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
