"""月度销售业绩报表: a month's results per salesperson of a sales team against
their approved targets, beside the same month last year; for a region, one
page per team and a summary of the teams.

The figures are the KPI board's (``sales.playbook.kpi.daily``: the same
definitions as the board and the appraisal), read in three grouped queries
whatever the number of teams and salespeople: the month, the same month last
year, and the salespeople's approved month targets. Ratios (completion,
growth, margin, collection rate) are ratios of sums, on the total row too."""

import calendar
from datetime import date

from babel.dates import format_skeleton
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools.misc import babel_locale_parse

from ..tools import targets as rules
from .sales_playbook_kpi_daily import TARGET_FIGURES
from .sales_playbook_kpi_mixin import RATIOS

# the board's sums the report reads: the targets' figures, and those of the
# margin and of the collection rate
SUMS = tuple(
    dict.fromkeys(
        [
            *TARGET_FIGURES.values(),
            *RATIOS["margin_rate"][0],
            *RATIOS["margin_rate"][1],
            *RATIOS["collection_rate"][0],
            *RATIOS["collection_rate"][1],
        ]
    )
)


def _ratio(name, sums):
    """The board's ratio ``name`` of these sums; None when it has no base."""
    numerators, denominators, factor = RATIOS[name]
    base = sum(sums[field] for field in denominators)
    return factor * sum(sums[field] for field in numerators) / base if base else None


def _percent(part, whole):
    return part * 100.0 / whole if whole else None


class ReportMonthlyResults(models.AbstractModel):
    _name = "report.sales_playbook.report_monthly_results"
    _description = "Monthly Sales Results"

    # ------------------------------------------------------------
    # WHO PRINTS WHAT
    # ------------------------------------------------------------

    @api.model
    def _playbook_check_may_print(self, teams):
        """The report shows a whole team's figures: the team's supervisor
        (its leader or a supervisor among its members), the manager of its
        region and the director print it — as they read the team's figures
        on the board; a representative reads only their own."""
        user = self.env.user
        if user.has_group("sales_playbook.group_playbook_director"):
            return
        is_manager = user.has_group("sales_playbook.group_playbook_manager")
        is_supervisor = user.has_group("sales_playbook.group_playbook_supervisor")
        for team in teams:
            if is_manager and team.playbook_region_id.user_id == user:
                continue
            if is_supervisor and (team.user_id == user or user in team.member_ids):
                continue
            raise AccessError(
                self.env._(
                    "The monthly sales results of %(team)s show the whole team's figures: "
                    "they are printed by the team's supervisor, the manager of its region or "
                    "the sales director.",
                    team=team.display_name,
                )
            )

    # ------------------------------------------------------------
    # FIGURES
    # ------------------------------------------------------------

    @api.model
    def _playbook_month(self, data):
        """(year, month) asked for, else last month."""
        data = data or {}
        if data.get("year") and data.get("month"):
            year, month = int(data["year"]), int(data["month"])
            if not 1 <= month <= 12:
                raise UserError(self.env._("A month is a number from 1 to 12."))
            return year, month
        last_month = fields.Date.context_today(self) - relativedelta(months=1)
        return last_month.year, last_month.month

    @api.model
    def _playbook_results(self, teams, year, month):
        """{team id: {"rows": [row], "total": row}}, a row per salesperson
        with figures, a target or a place in the team, sorted by name (see
        _row)."""
        date_from = date(year, month, 1)
        date_to = date(year, month, calendar.monthrange(year, month)[1])
        a_year = relativedelta(years=1)
        Daily = self.env["sales.playbook.kpi.daily"]

        def sums(start, end):
            groups = Daily._read_group(
                [("team_id", "in", teams.ids), ("date", ">=", start), ("date", "<=", end)],
                ["team_id", "user_id"],
                [f"{name}:sum" for name in SUMS],
            )
            return {
                (team.id, user.id): dict(zip(SUMS, values, strict=True))
                for team, user, *values in groups
            }

        actuals = sums(date_from, date_to)
        last_year = sums(date_from - a_year, date_to - a_year)
        Target = self.env["sales.playbook.target"]
        groups = self.env["sales.playbook.target.line"]._read_group(
            Target._playbook_target_line_domain(
                "user", [("team_id", "in", teams.ids)], date_from, date_to
            ),
            ["team_id", "user_id"],
            [f"{measure}:sum" for measure in rules.MEASURES],
        )
        targets = {
            (team.id, user.id): dict(zip(rules.MEASURES, values, strict=True))
            for team, user, *values in groups
        }
        no_sums = dict.fromkeys(SUMS, 0)
        no_target = dict.fromkeys(rules.MEASURES, 0)
        # the salespeople of each team: its members, and whoever has figures
        # or a target in it; their names read at once for all teams
        keys = {*actuals, *last_year, *targets}
        people_of = {
            team.id: team.member_ids.ids + [user for key_team, user in keys if key_team == team.id]
            for team in teams
        }
        everyone = self.env["res.users"].browse(
            sorted({user for users in people_of.values() for user in users if user})
        )
        everyone.fetch(["name"])
        result = {}
        for team in teams:
            people = everyone.browse(sorted(set(people_of[team.id]) - {False}))
            rows = []
            for user in people.sorted(lambda u: (u.name or "", u.id)):
                key = (team.id, user.id)
                rows.append(
                    self._row(
                        user.name,
                        actuals.get(key, no_sums),
                        last_year.get(key, no_sums),
                        targets.get(key, no_target),
                    )
                )
            if False in people_of[team.id]:
                # figures of the team's documents that name no salesperson
                key = (team.id, False)
                rows.append(
                    self._row(
                        self.env._("No salesperson"),
                        actuals.get(key, no_sums),
                        last_year.get(key, no_sums),
                        targets.get(key, no_target),
                    )
                )
            result[team.id] = {"rows": rows, "total": self._total(rows)}
        return result

    @api.model
    def _row(self, name, actual, last_year, target):
        """A printed row: the month's sums, last year's and the target, and
        the ratios of these sums."""
        row = {"name": name, "sums": dict(actual), "last_year_sums": dict(last_year)}
        row["target"] = dict(target)
        for measure, figure in TARGET_FIGURES.items():
            row[measure] = actual[figure]
        row["last_year"] = last_year[TARGET_FIGURES["sales_amount"]]
        row["sales_completion"] = _percent(row["sales_amount"], target["sales_amount"])
        row["collected_completion"] = _percent(row["collected_amount"], target["collected_amount"])
        row["growth"] = (
            _percent(row["sales_amount"] - row["last_year"], row["last_year"])
            if row["last_year"]
            else None
        )
        row["margin_rate"] = _ratio("margin_rate", actual)
        row["collection_rate"] = _ratio("collection_rate", actual)
        return row

    @api.model
    def _total(self, rows, name=None):
        """The total of ``rows``: the sums added up, the ratios of the sums."""

        def added(key, names):
            return {field: sum(row[key][field] for row in rows) for field in names}

        return self._row(
            name or self.env._("Team Total"),
            added("sums", SUMS),
            added("last_year_sums", SUMS),
            added("target", rules.MEASURES),
        )

    # ------------------------------------------------------------
    # PRINTING
    # ------------------------------------------------------------

    @api.model
    def _get_report_values(self, docids, data=None):
        teams = self.env["crm.team"].browse(docids).exists()
        if not teams:
            raise UserError(self.env._("Choose the sales team or the region to print."))
        self._playbook_check_may_print(teams)
        year, month = self._playbook_month(data)
        region = self.env["sales.playbook.region"].browse((data or {}).get("region_id") or [])
        company = teams.company_id[:1] or self.env.company
        lang = company.partner_id.lang or self.env.lang or "en_US"
        report = self.with_context(lang=lang)
        teams = teams.with_context(lang=lang)
        results = report._playbook_results(teams, year, month)
        summary = None
        if region:
            team_totals = [
                dict(results[team.id]["total"], name=team.name, team=team) for team in teams
            ]
            summary = {
                "rows": team_totals,
                "total": report._total(team_totals, report.env._("Region Total")),
            }
        return {
            "doc_ids": teams.ids,
            "doc_model": "crm.team",
            "docs": teams,
            "company": company,
            # not "lang": QWeb sets that one to the language of the rendering
            "report_lang": lang,
            "region": region.with_context(lang=lang),
            "summary": summary,
            "results": results,
            "period": format_skeleton(
                "yMMMM", date(year, month, 1), locale=babel_locale_parse(lang)
            ),
            "printed_on": fields.Datetime.now(),
            "amount": lambda value: f"{value:,.2f}",
            "percent": lambda value: "—" if value is None else f"{value:,.1f}%",
        }
