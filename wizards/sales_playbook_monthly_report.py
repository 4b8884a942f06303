from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

MONTHS = [
    ("1", "January"),
    ("2", "February"),
    ("3", "March"),
    ("4", "April"),
    ("5", "May"),
    ("6", "June"),
    ("7", "July"),
    ("8", "August"),
    ("9", "September"),
    ("10", "October"),
    ("11", "November"),
    ("12", "December"),
]


class SalesPlaybookMonthlyReport(models.TransientModel):
    """Print the monthly sales results (月度销售业绩报表) of a team or a
    region for a month: last month and the user's own team unless chosen."""

    _name = "sales.playbook.monthly.report"
    _description = "Print the Monthly Sales Results"

    scope = fields.Selection(
        [("team", "Sales Team"), ("region", "Region")],
        required=True,
        default=lambda self: self._default_scope(),
    )
    team_id = fields.Many2one(
        "crm.team", string="Sales Team", default=lambda self: self._default_team()
    )
    region_id = fields.Many2one(
        "sales.playbook.region", default=lambda self: self._default_region()
    )
    year = fields.Integer(
        required=True,
        default=lambda self: (fields.Date.context_today(self) - relativedelta(months=1)).year,
    )
    month = fields.Selection(
        MONTHS,
        required=True,
        default=lambda self: str((fields.Date.context_today(self) - relativedelta(months=1)).month),
    )

    @api.model
    def _default_team(self):
        """The team of the record the wizard is opened from, else the team
        the user leads, else the one they belong to."""
        if self.env.context.get("active_model") == "crm.team":
            return self.env["crm.team"].browse(self.env.context.get("active_id"))
        user = self.env.user
        led = self.env["crm.team"].search([("user_id", "=", user.id)], limit=1)
        return led or user.sale_team_id

    @api.model
    def _default_region(self):
        return self.env["sales.playbook.region"].search(
            [("user_id", "=", self.env.user.id)], limit=1
        )

    @api.model
    def _default_scope(self):
        if self._default_team() or not self._default_region():
            return "team"
        return "region"

    def _teams(self):
        self.ensure_one()
        if self.scope == "team":
            if not self.team_id:
                raise UserError(self.env._("Choose the sales team to print."))
            return self.team_id
        if not self.region_id:
            raise UserError(self.env._("Choose the region to print."))
        teams = self.region_id.team_ids
        if not teams:
            raise UserError(
                self.env._("The region %(region)s has no sales team.", region=self.region_id.name)
            )
        return teams

    def action_print(self):
        self.ensure_one()
        teams = self._teams()
        if not 2000 <= self.year <= 2999:
            raise UserError(self.env._("Enter the year in four digits, e.g. 2027."))
        # refused here rather than when the PDF is fetched
        self.env["report.sales_playbook.report_monthly_results"]._playbook_check_may_print(teams)
        data = {
            "year": self.year,
            "month": int(self.month),
            "region_id": self.region_id.id if self.scope == "region" else False,
        }
        return self.env.ref("sales_playbook.action_report_monthly_results").report_action(
            teams, data=data, config=False
        )
