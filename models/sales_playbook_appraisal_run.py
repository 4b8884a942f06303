import calendar
from datetime import date, timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .sales_playbook_appraisal_criterion import RATE_BASES, TARGET_MEASURES
from .sales_playbook_guarded_mixin import door_is_open
from .sales_playbook_target_line import PERIOD_LABELS

# the month appraised, named as a target's months are
MONTHS = [(str(month), label) for month, (_key, label) in enumerate(PERIOD_LABELS[5:], start=1)]


class SalesPlaybookAppraisalRun(models.Model):
    """考核批次: the director opens the appraisal of a month or a year for
    the salespeople of the company (or of some teams). The run creates each
    salesperson's appraisal with the quantitative part read from the KPI
    board — set-wise, a few grouped reads for all of them — and gives each a
    to-do for the self-assessment."""

    _name = "sales.playbook.appraisal.run"
    _description = "Appraisal Run"
    _inherit = ["mail.thread", "sales.playbook.guarded.mixin"]
    _order = "date_from desc, id desc"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    scheme_id = fields.Many2one(
        "sales.playbook.appraisal.scheme",
        string="Appraisal Scheme",
        required=True,
        check_company=True,
        domain="[('company_id', 'in', [company_id, False])]",
        tracking=True,
    )
    period_type = fields.Selection(related="scheme_id.period_type", string="Cycle")
    year = fields.Integer(
        required=True, default=lambda self: self._default_period().year, tracking=True
    )
    month = fields.Selection(
        MONTHS, default=lambda self: str(self._default_period().month), tracking=True
    )
    date_from = fields.Date(compute="_compute_dates", store=True)
    date_to = fields.Date(compute="_compute_dates", store=True)
    team_ids = fields.Many2many(
        "crm.team",
        string="Sales Teams",
        check_company=True,
        help="Leave empty to appraise the salespeople of every sales team of the company.",
    )
    deadline = fields.Date(
        string="Self-Assessment Due",
        default=lambda self: fields.Date.context_today(self) + timedelta(days=5),
    )
    state = fields.Selection(
        [("draft", "Draft"), ("open", "In Progress"), ("done", "Done")],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
    )
    appraisal_ids = fields.One2many("sales.playbook.appraisal", "run_id", string="Appraisals")
    appraisal_count = fields.Integer(string="Number of Appraisals", compute="_compute_counts")
    published_count = fields.Integer(string="Appraisals Published", compute="_compute_counts")

    @api.model
    def _default_period(self):
        """Last month: a month is appraised once it is over."""
        return fields.Date.context_today(self).replace(day=1) - timedelta(days=1)

    @api.depends("year", "month", "scheme_id.period_type")
    def _compute_dates(self):
        for run in self:
            if not run.year or run.year < 2000:
                run.date_from = run.date_to = False
            elif run.scheme_id.period_type == "year" or not run.month:
                run.date_from, run.date_to = date(run.year, 1, 1), date(run.year, 12, 31)
            else:
                month = int(run.month)
                last = calendar.monthrange(run.year, month)[1]
                run.date_from, run.date_to = date(run.year, month, 1), date(run.year, month, last)

    @api.depends("appraisal_ids.state")
    def _compute_counts(self):
        for run in self:
            run.appraisal_count = len(run.appraisal_ids)
            run.published_count = len(run.appraisal_ids.filtered(lambda a: a.state == "published"))

    @api.depends("scheme_id", "date_from")
    def _compute_display_name(self):
        for run in self:
            label = self.env["sales.playbook.appraisal"]._playbook_period_label(
                run.date_from, run.scheme_id.period_type, self.env.lang or "en_US"
            )
            run.display_name = self.env._(
                "%(scheme)s, %(period)s", scheme=run.scheme_id.name or "", period=label
            )

    def write(self, vals):
        self._playbook_check_protected(vals)
        content = set(vals) - self._playbook_free_fields
        if content and not door_is_open(self._name, frozenset(self._ids), content):
            if self.filtered(lambda run: run.state != "draft"):
                raise UserError(self.env._("An appraisal run that has begun does not change."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        if self.filtered(lambda run: run.state != "draft"):
            raise UserError(self.env._("An appraisal run that has begun is kept."))

    # ------------------------------------------------------------
    # THE RUN
    # ------------------------------------------------------------

    def _playbook_check_director(self):
        if not self.env.user.has_group("sales_playbook.group_playbook_director"):
            raise AccessError(self.env._("Only the sales director opens an appraisal run."))

    def action_start(self):
        """Create the appraisals of the run's salespeople."""
        self.ensure_one()
        self._playbook_check_director()
        if self.state != "draft":
            raise UserError(self.env._("This appraisal run has begun already."))
        today = fields.Date.context_today(self)
        if self.scheme_id.period_type == "month" and not self.month:
            raise UserError(self.env._("Say which month is appraised."))
        if self.date_from > today:
            raise UserError(self.env._("A period is appraised once it has begun."))
        self.scheme_id._playbook_check_ready()
        members = self._playbook_members()
        if not members:
            raise UserError(
                self.env._(
                    "The salespeople of these teams have no appraisal to create: none is a "
                    "member, or each has this period's appraisal already."
                )
            )
        daily = self.env["sales.playbook.kpi.daily"]
        if daily._lock_companies(self.company_id):
            # sudo: the summary is written over all documents; the figures
            # are read below with the director's own rights
            daily.sudo()._refresh_companies(self.company_id)
        self._playbook_create_appraisals(members)
        self._playbook_write({"state": "open"})
        self.message_post(
            body=self.env._("%(count)s appraisals created.", count=len(self.appraisal_ids))
        )
        return self.action_view_appraisals()

    def _playbook_members(self):
        """{user: team} of the salespeople to appraise: the members of the
        run's teams (all the company's teams) who work in the company as
        sales representatives (or above), each in their first team, without
        those appraised already for this scheme and period."""
        teams = self.team_ids or self.env["crm.team"].search(
            [("company_id", "in", [self.company_id.id, False])]
        )
        memberships = self.env["crm.team.member"].search(
            [
                ("crm_team_id", "in", teams.ids),
                ("user_id.active", "=", True),
                ("user_id.company_ids", "in", self.company_id.ids),
                ("user_id.groups_id", "in", self.env.ref("sales_playbook.group_playbook_rep").ids),
            ],
            order="crm_team_id, id",
        )
        members = {}
        for membership in memberships:
            members.setdefault(membership.user_id, membership.crm_team_id)
        done = self.env["sales.playbook.appraisal"].search(
            [
                ("scheme_id", "=", self.scheme_id.id),
                ("date_from", "=", self.date_from),
                ("user_id", "in", [user.id for user in members]),
            ]
        )
        for user in done.user_id:
            members.pop(user, None)
        return members

    def _playbook_create_appraisals(self, members):
        users = self.env["res.users"].union(*members)
        figures = self._playbook_figures(users)
        values = [
            {
                "run_id": self.id,
                "scheme_id": self.scheme_id.id,
                "company_id": self.company_id.id,
                "date_from": self.date_from,
                "date_to": self.date_to,
                "user_id": user.id,
                "team_id": team.id,
                "region_id": team.playbook_region_id.id,
            }
            for user, team in members.items()
        ]
        # no "created" note nor the director following each of hundreds of
        # appraisals: each step writes its own note and to-do
        appraisals = (
            self.env["sales.playbook.appraisal"]
            .with_context(mail_create_nolog=True, mail_create_nosubscribe=True)
            ._playbook_create(values)
            .with_env(self.env)
        )
        criteria = self.scheme_id.criterion_ids
        lines = []
        for appraisal in appraisals:
            by_criterion = figures[appraisal.user_id.id]
            for criterion in criteria:
                line = {
                    "appraisal_id": appraisal.id,
                    "criterion_id": criterion.id,
                    "sequence": criterion.sequence,
                    "name": criterion.name,
                    "kind": criterion.kind,
                    "rater": criterion.kind == "qualitative" and criterion.rater,
                    "measure": criterion.kind == "quantitative" and criterion.measure,
                    "weight": criterion.weight,
                }
                line.update(by_criterion.get(criterion.id, {}))
                lines.append(line)
        self.env["sales.playbook.appraisal.line"]._playbook_create(lines)
        self._playbook_schedule_self_assessments(appraisals)
        return appraisals

    def _playbook_schedule_self_assessments(self, appraisals):
        """One to-do per salesperson, created together (not one by one)."""
        todo = self.env.ref("mail.mail_activity_data_todo")
        model = self.env["ir.model"]._get_id("sales.playbook.appraisal")
        values = []
        for appraisal in appraisals:
            reader = appraisal._playbook_in_lang_of(appraisal.user_id)
            values.append(
                {
                    "res_model_id": model,
                    "res_id": appraisal.id,
                    "activity_type_id": todo.id,
                    "user_id": appraisal.user_id.id,
                    "date_deadline": self.deadline or fields.Date.context_today(self),
                    "summary": reader.env._(
                        "Assess yourself: appraisal for %(period)s", period=reader.period_label
                    ),
                }
            )
        # sudo: each to-do is the salesperson's, on an appraisal the director creates
        self.env["mail.activity"].sudo().with_context(mail_activity_quick_update=True).create(
            values
        )

    # ------------------------------------------------------------
    # THE FIGURES
    # ------------------------------------------------------------

    def _playbook_figures(self, users):
        """{user id: {criterion id: line values}} of the criteria read from
        figures: the KPI board's (against target or as rates), the
        customers' satisfaction, the months' appraisals — a few grouped
        reads whatever the number of salespeople."""
        scheme = self.scheme_id
        criteria = scheme.criterion_ids
        daily = self.env["sales.playbook.kpi.daily"]
        against = {}
        if any(c.measure in TARGET_MEASURES for c in criteria if c.kind == "quantitative"):
            against = daily._playbook_against_target(
                "user", users.ids, self.date_from, self.date_to
            )
        rate_fields = sorted(
            {c.measure for c in criteria if c.measure in RATE_BASES}
            | ({"satisfaction"} if any(c.rater == "customer" for c in criteria) else set())
        )
        rates = {}
        if rate_fields:
            bases = {RATE_BASES.get(name, "satisfaction_count") for name in rate_fields}
            specs = sorted({f"{name}:sum" for name in (*rate_fields, *bases)})
            groups = daily._read_group(
                [
                    ("user_id", "in", users.ids),
                    ("date", ">=", self.date_from),
                    ("date", "<=", self.date_to),
                ],
                ["user_id"],
                specs,
            )
            for user, *sums in groups:
                rates[user.id] = {
                    spec.split(":")[0]: value for spec, value in zip(specs, sums, strict=True)
                }
        months = {}
        if any(c.kind == "months" for c in criteria):
            groups = self.env["sales.playbook.appraisal"]._read_group(
                [
                    ("user_id", "in", users.ids),
                    ("period_type", "=", "month"),
                    ("state", "=", "published"),
                    ("company_id", "=", self.company_id.id),
                    ("date_from", ">=", self.date_from),
                    ("date_from", "<=", self.date_to),
                ],
                ["user_id"],
                ["total_score:avg", "__count"],
            )
            months = {user.id: (score, count) for user, score, count in groups}

        result = {}
        for user in users:
            result[user.id] = values = {}
            for criterion in criteria:
                if criterion.kind == "quantitative" and criterion.measure in TARGET_MEASURES:
                    figure = against[user.id][criterion.measure]
                    has_target = bool(figure["target"])
                    values[criterion.id] = {
                        "target": figure["target"],
                        "actual": figure["actual"],
                        "value": figure["completion"],
                        "has_figure": has_target,
                        "figure_points": criterion._playbook_points(figure["completion"])
                        if has_target
                        else 0.0,
                        "note": False if has_target else self.env._("No approved target"),
                    }
                elif criterion.kind == "quantitative":
                    sums = rates.get(user.id, {})
                    base = sums.get(RATE_BASES[criterion.measure], 0)
                    rate = sums.get(criterion.measure, 0.0)
                    values[criterion.id] = {
                        "actual": rate,
                        "value": rate,
                        "has_figure": bool(base),
                        # nothing to measure (no collection due, no visit
                        # planned): the criterion is met
                        "figure_points": criterion._playbook_points(rate) if base else 100.0,
                        "note": False if base else self.env._("Nothing to measure in the period"),
                    }
                elif criterion.kind == "qualitative" and criterion.rater == "customer":
                    sums = rates.get(user.id, {})
                    if sums.get("satisfaction_count"):
                        values[criterion.id] = {
                            "actual": sums["satisfaction_count"],
                            "value": sums["satisfaction"],
                            "has_figure": True,
                            "figure_points": round(sums["satisfaction"], 2),
                        }
                    else:
                        values[criterion.id] = {
                            "note": self.env._("No customer rating: rated by the supervisor")
                        }
                elif criterion.kind == "months":
                    score, count = months.get(user.id, (0.0, 0))
                    values[criterion.id] = {
                        "actual": count,
                        "value": score,
                        "has_figure": bool(count),
                        "figure_points": round(score, 2),
                        "note": False if count else self.env._("No published monthly appraisal"),
                    }
        return result

    def action_view_appraisals(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sales_playbook.action_sales_playbook_appraisal"
        )
        action["domain"] = [("run_id", "=", self.id)]
        action["context"] = {"search_default_group_state": 1}
        return action

    def _playbook_check_done(self):
        """A run is done once all its appraisals are published."""
        for run in self.filtered(lambda r: r.state == "open"):
            if all(a.state == "published" for a in run.appraisal_ids):
                run._playbook_write({"state": "done"})

    # ------------------------------------------------------------
    # DEMO
    # ------------------------------------------------------------

    @api.model
    def _playbook_demo_year(self, company_id, team_ids, texts):
        """Demo data: the monthly appraisals of this year's past months that
        have sales in the demo (its contracts span the last months, not the
        whole year: a month without any would only show zeros) for the
        company's salespeople, each step taken by whoever takes it (the
        director running this); last month's left with the supervisors.
        ``texts``: the comments written, in the demo company's language."""
        today = fields.Date.context_today(self)
        scheme = self.env.ref("sales_playbook.appraisal_scheme_monthly")
        daily = self.env["sales.playbook.kpi.daily"]
        daily.sudo()._refresh_companies(self.env["res.company"].browse(company_id))
        with_sales = {
            month.month
            for month, amount in daily._read_group(
                [
                    ("company_id", "=", company_id),
                    ("date", ">=", today.replace(month=1, day=1)),
                    ("sales_amount", ">", 0),
                ],
                ["date:month"],
                ["sales_amount:sum"],
            )
            if amount
        }
        for month in sorted(with_sales | {today.month - 1} - {0}):
            if month >= today.month:
                continue
            run = self.create(
                {
                    "company_id": company_id,
                    "scheme_id": scheme.id,
                    "year": today.year,
                    "month": str(month),
                }
            )
            run.action_start()
            for appraisal in run.appraisal_ids:
                seed = appraisal.user_id.id + month
                mine = appraisal.with_user(appraisal.user_id)
                mine.line_ids.filtered(lambda line: line.kind == "qualitative").write(
                    {"self_rating": str(3 + seed % 2)}
                )
                mine.self_comment = texts["self"]
                mine.action_submit_self_assessment()
                if month == today.month - 1:
                    continue  # last month: with the supervisor
                rater = appraisal._playbook_raters()[:1]
                theirs = appraisal.with_user(rater)
                peers = appraisal._playbook_peers()
                if peers:
                    theirs.action_ask_peers()
                    for peer in appraisal.peer_ids:
                        peer.with_user(peer.rater_id).rating = str(3 + (seed + peer.id) % 3)
                for index, line in enumerate(theirs.line_ids.filtered("needs_rating")):
                    line.rating = str(3 + (seed + index) % 3)
                theirs.write(
                    {"supervisor_comment": texts["supervisor"], "improvement_plan": texts["plan"]}
                )
                theirs.action_submit_rating()
                appraisal.action_publish()
        return True
