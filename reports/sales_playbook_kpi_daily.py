"""The KPI board (业绩看板) as it opens: the sums of the KPI analysis
(``sales.playbook.kpi``, one row per source record and figure) per company,
region, team, salesperson and day, stored in a table of its own so that the
board reads tens of thousands of rows instead of millions.

It holds sums and counts only; the board's ratios (collection rate, DSO,
conversion, ...) are the ratios of the group's sums, read as on the analysis
(``sales.playbook.kpi.mixin``). A scheduled action brings it up to date
set-wise from the analysis, company by company (one statement each: the
analysis's sums grouped by day, of which only the difference is written),
and a manager can do so on demand; every figure of the board drills down to
the analysis's rows for the same people and days, and from there to the
documents."""

import logging
import time

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.osv import expression
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

# the dimensions a summary row is the sum of the analysis over
DIMENSIONS = ("company_id", "region_id", "team_id", "user_id", "date")
# the measures of a sales target (sales.playbook.target) and the board's figure
# each is set for
TARGET_FIGURES = {
    "sales_amount": "sales_amount",
    "collected_amount": "collected",
    "new_customers": "new_customer_count",
    "visits": "visit_done",
}


# rows inserted or deleted by a refresh beyond which the summary's
# statistics are refreshed at once rather than by autovacuum, later
ANALYZE_AFTER = 5000


class SalesPlaybookKpiDaily(models.Model):
    _name = "sales.playbook.kpi.daily"
    _inherit = "sales.playbook.kpi.mixin"
    _description = "KPI Board"
    _rec_name = "date"
    _order = "date desc, id desc"
    _log_access = False

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    # indexed for the board's filters and the record rules (company,
    # region's manager, team, salesperson) and the periods
    date = fields.Date(index=True)
    company_id = fields.Many2one(index=True)
    region_id = fields.Many2one(index=True)
    team_id = fields.Many2one(index=True)
    user_id = fields.Many2one(index=True)

    # ------------------------------------------------------------
    # REFRESH
    # ------------------------------------------------------------

    def _key(self, alias=None):
        """A row's dimensions, NULL-safe and hashable (hash joins, not
        nested loops, when the refresh matches the fresh sums with the
        stored ones)."""
        return SQL(", ").join(
            SQL(
                "COALESCE(%s, DATE '1900-01-01')" if name == "date" else "COALESCE(%s, 0)",
                SQL.identifier(alias, name) if alias else SQL.identifier(name),
            )
            for name in DIMENSIONS
        )

    def init(self):
        # one row per company, region, team, salesperson and day: two
        # refreshes that overlapped could not count a day twice
        self.env.cr.execute(
            SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS %s ON %s (%s)",
                SQL.identifier(f"{self._table}_key_uniq"),
                SQL.identifier(self._table),
                self._key(),
            )
        )

    def _lock_companies(self, companies):
        """The companies whose board this transaction may refresh now: those
        no other transaction is refreshing (a lock held until commit)."""
        free = self.env["res.company"]
        for company in companies:
            self.env.cr.execute(
                SQL(
                    "SELECT pg_try_advisory_xact_lock(hashtext(%s), %s)",
                    self._table,
                    company.id,
                )
            )
            if self.env.cr.fetchone()[0]:
                free |= company
        return free

    def _refresh_companies(self, companies):
        """Bring the summary of ``companies`` in line with the analysis: per
        company, one statement computes the analysis's sums per region, team,
        salesperson and day and writes only the difference — the days that
        no longer have figures deleted, those whose sums changed updated,
        new ones inserted — so that an hourly run rewrites what changed, not
        the three years. Runs on the whole analysis, whoever calls: callers
        check who may refresh. Returns {company id: (deleted, updated,
        inserted)}."""
        self.env.flush_all()
        summed = self._kpi_summed_fields()
        table = SQL.identifier(self._table)

        def row(alias):
            return SQL(", ").join(SQL.identifier(alias, name) for name in summed)

        match = SQL("(%s) = (%s)", self._key("d"), self._key("f"))
        counts = {}
        for company in companies:
            start = time.perf_counter()
            self.env.cr.execute(
                SQL(
                    """
                    WITH fresh AS (
                        SELECT %(dimensions)s, %(sums)s, TRUE AS present
                          FROM %(analysis)s
                         WHERE company_id = %(company)s
                         GROUP BY %(dimensions)s
                    ), stored AS (
                        SELECT * FROM %(table)s WHERE company_id = %(company)s
                    ), diff AS (
                        -- fresh and stored days side by side: a full join is
                        -- a hash (or merge) join, and nothing below probes
                        -- the table being written, row by row
                        SELECT d.id AS daily_id, f.present, %(fresh_dimensions)s,
                               %(fresh_row)s,
                               (%(daily_row)s) IS DISTINCT FROM (%(fresh_row)s) AS changed
                          FROM fresh f FULL JOIN stored d ON %(match)s
                    ), gone AS (
                        DELETE FROM %(table)s t USING diff
                         WHERE t.id = diff.daily_id AND diff.present IS NULL
                        RETURNING t.id
                    ), changed AS (
                        UPDATE %(table)s t SET (%(measures)s) = (%(diff_row)s)
                          FROM diff
                         WHERE t.id = diff.daily_id AND diff.present AND diff.changed
                        RETURNING t.id
                    ), added AS (
                        INSERT INTO %(table)s (%(dimensions)s, %(measures)s)
                        SELECT %(dimensions)s, %(measures)s FROM diff
                         WHERE diff.daily_id IS NULL
                        RETURNING id
                    )
                    SELECT (SELECT COUNT(*) FROM gone), (SELECT COUNT(*) FROM changed),
                           (SELECT COUNT(*) FROM added)
                    """,
                    table=table,
                    analysis=SQL.identifier(self.env["sales.playbook.kpi"]._table),
                    company=company.id,
                    dimensions=SQL(", ").join(SQL.identifier(name) for name in DIMENSIONS),
                    fresh_dimensions=SQL(", ").join(
                        SQL.identifier("f", name) for name in DIMENSIONS
                    ),
                    sums=SQL(", ").join(
                        SQL(
                            "COALESCE(SUM(%s), 0) AS %s", SQL.identifier(name), SQL.identifier(name)
                        )
                        for name in summed
                    ),
                    measures=SQL(", ").join(SQL.identifier(name) for name in summed),
                    fresh_row=row("f"),
                    daily_row=row("d"),
                    diff_row=row("diff"),
                    match=match,
                )
            )
            counts[company.id] = self.env.cr.fetchone()
            gone, _changed, added = counts[company.id]
            if gone + added > ANALYZE_AFTER:
                # many rows in or out (the first refresh, a year archived):
                # fresh statistics, or the next refresh plans its joins on
                # the table it knew — empty — and probes it row by row
                self.env.cr.execute(SQL("ANALYZE %s", table))
            _logger.info(
                "KPI board of %s: %s days deleted, %s updated, %s added in %.1f s",
                company.name,
                *counts[company.id],
                time.perf_counter() - start,
            )
        self.invalidate_model()
        return counts

    @api.model
    def _cron_refresh(self):
        # the board of every active company (an archived one keeps its last
        # board), whichever user the scheduled action runs as
        companies = self.env["res.company"].sudo().search([("active", "=", True)])
        free = self._lock_companies(companies)
        if companies - free:
            _logger.info(
                "KPI board of %s refreshed by another transaction: skipped",
                ", ".join((companies - free).mapped("name")),
            )
        self.sudo()._refresh_companies(free)

    @api.model
    def action_refresh(self):
        """The manager's button: the board of their companies brought up to
        date now rather than at the next scheduled run."""
        if not self.env.user.has_group("sales_playbook.group_playbook_manager"):
            raise AccessError(
                self.env._("Only sales managers and the director can refresh the KPI board.")
            )
        busy = self.env.companies - self._lock_companies(self.env.companies)
        if busy:
            raise UserError(
                self.env._(
                    "The KPI board of %(companies)s is being brought up to date right now; "
                    "its figures will be current in a moment.",
                    companies=", ".join(busy.mapped("name")),
                )
            )
        # sudo: the summary is written by SQL over all documents of the
        # companies; each reader's record rules apply when the board is read
        self.sudo()._refresh_companies(self.env.companies)
        return {"type": "ir.actions.client", "tag": "soft_reload"}

    # ------------------------------------------------------------
    # DRILL-DOWN
    # ------------------------------------------------------------

    def action_open_rows(self):
        """The rows of the analysis behind these figures (the selected
        summary rows, or those of the list's domain: a cell of the board),
        each opening its document."""
        # the summary's dimensions are the analysis's own: a domain on the
        # summary reads the same on the analysis
        if self:
            domain = expression.OR(
                [(name, "=", row[name].id) for name in DIMENSIONS if name != "date"]
                + [("date", "=", row.date)]
                for row in self
            )
        else:
            domain = list(self.env.context.get("active_domain") or [])
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("KPI Analysis"),
            "res_model": "sales.playbook.kpi",
            "view_mode": "list,pivot",
            "views": [
                (self.env.ref("sales_playbook.kpi_view_list").id, "list"),
                (self.env.ref("sales_playbook.kpi_view_pivot").id, "pivot"),
            ],
            "search_view_id": self.env.ref("sales_playbook.kpi_view_search").id,
            "domain": domain,
        }

    @api.model
    def action_open_records(self, measure, domain=None):
        """The documents behind ``measure`` over the summary rows of
        ``domain`` (a cell of the board), through the analysis."""
        return self.env["sales.playbook.kpi"].action_open_records(measure, domain)

    # ------------------------------------------------------------
    # AGAINST TARGET
    # ------------------------------------------------------------

    @api.model
    def _playbook_against_target(self, scope, record_ids, date_from, date_to):
        """The figures that have targets, for the companies, regions, teams
        or salespeople ``record_ids`` of ``scope`` ('company', 'region',
        'team', 'user') over whole months [``date_from``, ``date_to``],
        beside their approved target and the same period last year:
        {record id: {measure: {"actual", "target", "completion" (%),
        "last_year", "growth" (%)}}}, ``measure`` named as on the target
        (sales_amount, collected_amount, new_customers, visits). Three grouped
        reads whatever the number of records and of figures; the caller's
        record rules apply."""
        field = {"company": "company_id", "region": "region_id", "team": "team_id"}.get(
            scope, "user_id"
        )
        record_ids = list(record_ids)
        date_from, date_to = fields.Date.to_date(date_from), fields.Date.to_date(date_to)
        a_year = relativedelta(years=1)

        def figures(start, end):
            groups = self._read_group(
                [(field, "in", record_ids), ("date", ">=", start), ("date", "<=", end)],
                [field],
                [f"{figure}:sum" for figure in TARGET_FIGURES.values()],
            )
            return {
                record.id: dict(zip(TARGET_FIGURES, sums, strict=True)) for record, *sums in groups
            }

        actuals = figures(date_from, date_to)
        last_year = figures(date_from - a_year, date_to - a_year)
        targets = self.env["sales.playbook.target"]._playbook_target_amounts(
            scope, record_ids, date_from, date_to
        )

        def percent(part, whole):
            return part * 100.0 / whole if whole else 0.0

        result = {}
        for record_id in record_ids:
            result[record_id] = {}
            for measure in TARGET_FIGURES:
                actual = actuals.get(record_id, {}).get(measure, 0)
                target = targets[record_id][measure]
                before = last_year.get(record_id, {}).get(measure, 0)
                result[record_id][measure] = {
                    "actual": actual,
                    "target": target,
                    "completion": percent(actual, target),
                    "last_year": before,
                    "growth": percent(actual - before, before),
                }
        return result
