from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import format_list
from odoo.tools.misc import formatLang

from ..tools import targets as rules
from .sales_playbook_guarded_mixin import door_is_open

SCOPES = [
    ("company", "Company"),
    ("region", "Region"),
    ("team", "Sales Team"),
    ("user", "Salesperson"),
]
# the scope a target is broken down from
PARENT_SCOPE = {"region": "company", "team": "region", "user": "team"}
# the field that names a target's scope record
SCOPE_FIELD = {"company": "company_id", "region": "region_id", "team": "team_id", "user": "user_id"}
# a target in one of these states is part of its breakdown
LIVE_STATES = ("draft", "submitted", "approved")


class SalesPlaybookTarget(models.Model):
    """销售目标: the figures set for the company, a region, a sales team or a
    salesperson for a year, with its quarters and months (one line per
    period, the four measures as columns).

    The director sets the company's and the regions' targets; a regional
    manager breaks a region's down to its teams, a team leader a team's down
    to its members. The parts of a breakdown add up to the whole, per period
    and measure (a stretch target may exceed it, never fall short). A target
    is submitted, approved by the director, and then locked; a revision is a
    new version, approved again, which supersedes the old one."""

    _name = "sales.playbook.target"
    _description = "Sales Target"
    _inherit = ["mail.thread", "mail.activity.mixin", "sales.playbook.guarded.mixin"]
    _order = "year desc, scope, id"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    year = fields.Integer(
        required=True, default=lambda self: fields.Date.context_today(self).year, tracking=True
    )
    scope = fields.Selection(SCOPES, required=True, default="team", tracking=True)
    region_id = fields.Many2one(
        "sales.playbook.region", check_company=True, index=True, tracking=True
    )
    team_id = fields.Many2one("crm.team", check_company=True, index=True, tracking=True)
    user_id = fields.Many2one(
        "res.users", string="Salesperson", check_company=True, index=True, tracking=True
    )
    parent_id = fields.Many2one(
        "sales.playbook.target",
        string="Broken Down From",
        ondelete="restrict",
        check_company=True,
        index=True,
        tracking=True,
    )
    child_ids = fields.One2many("sales.playbook.target", "parent_id", string="Breakdown")
    is_stretch = fields.Boolean(
        string="Stretch Target",
        tracking=True,
        help="A stretch target may ask more than its share of the target it is broken "
        "down from: the parts of the breakdown may then exceed the whole, never fall short.",
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("submitted", "Submitted"),
            ("approved", "Approved"),
            ("refused", "Refused"),
            ("superseded", "Superseded"),
        ],
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
        group_expand=True,
    )
    version = fields.Integer(default=1, readonly=True, copy=False)
    previous_id = fields.Many2one(
        "sales.playbook.target", string="Previous Version", readonly=True, copy=False
    )
    revision_reason = fields.Text(copy=False, tracking=True)
    approved_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    approved_date = fields.Datetime(string="Approved On", readonly=True, copy=False)
    line_ids = fields.One2many(
        "sales.playbook.target.line", "target_id", string="Periods", copy=True
    )
    note = fields.Text()
    # the year's figures, read from its year line
    sales_amount = fields.Monetary(compute="_compute_year_figures")
    collected_amount = fields.Monetary(compute="_compute_year_figures")
    new_customers = fields.Integer(compute="_compute_year_figures")
    visits = fields.Integer(string="Customer Visits", compute="_compute_year_figures")
    child_count = fields.Integer(compute="_compute_child_count")
    # whether the current user sets this target (the record rules' write
    # part): the buttons that change it show only then
    can_set = fields.Boolean(compute="_compute_can_set")

    # ------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------

    @api.depends("scope", "year", "version", "company_id", "region_id", "team_id", "user_id")
    def _compute_display_name(self):
        for target in self:
            owner = target[SCOPE_FIELD.get(target.scope, "company_id")].display_name or ""
            if target.version > 1:
                target.display_name = self.env._(
                    "%(year)s target of %(owner)s, version %(version)s",
                    year=target.year,
                    owner=owner,
                    version=target.version,
                )
            else:
                target.display_name = self.env._(
                    "%(year)s target of %(owner)s", year=target.year, owner=owner
                )

    @api.depends("line_ids.period", "line_ids.sales_amount", "line_ids.collected_amount")
    @api.depends("line_ids.new_customers", "line_ids.visits")
    def _compute_year_figures(self):
        for target in self:
            year = target.line_ids.filtered(lambda line: line.period == rules.YEAR)[:1]
            for measure in rules.MEASURES:
                target[measure] = year[measure]

    @api.depends_context("uid")
    def _compute_can_set(self):
        saved = self.filtered(lambda target: isinstance(target.id, int))
        settable = saved._filtered_access("write")
        for target in self:
            target.can_set = not isinstance(target.id, int) or target in settable

    @api.depends("child_ids")
    def _compute_child_count(self):
        for target in self:
            target.child_count = len(target.child_ids)

    # ------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------

    @api.constrains("scope", "region_id", "team_id", "user_id")
    def _check_scope_record(self):
        for target in self:
            scope = target.scope
            if scope == "region" and (not target.region_id or target.team_id or target.user_id):
                raise ValidationError(
                    self.env._("A region's target names the region, and no team or salesperson.")
                )
            if scope == "team" and (not target.team_id or target.user_id):
                raise ValidationError(
                    self.env._("A team's target names the sales team, and no salesperson.")
                )
            if scope in ("team", "user") and target.team_id and not target.region_id:
                raise ValidationError(
                    self.env._(
                        "The sales team %(team)s belongs to no region: give it one on the "
                        "team first.",
                        team=target.team_id.display_name,
                    )
                )
            if scope in ("team", "user") and target.region_id != target.team_id.playbook_region_id:
                raise ValidationError(
                    self.env._(
                        "The sales team %(team)s is not in the region %(region)s.",
                        team=target.team_id.display_name,
                        region=target.region_id.display_name,
                    )
                )
            if scope == "user":
                if not target.user_id or not target.team_id:
                    raise ValidationError(
                        self.env._("A salesperson's target names the salesperson and their team.")
                    )
                team = target.team_id
                if target.user_id not in team.member_ids | team.user_id:
                    raise ValidationError(
                        self.env._(
                            "%(user)s is not a member of the sales team %(team)s.",
                            user=target.user_id.name,
                            team=team.display_name,
                        )
                    )
            if scope == "company" and (target.region_id or target.team_id or target.user_id):
                raise ValidationError(
                    self.env._("The company's target names no region, team or salesperson.")
                )

    @api.constrains("parent_id", "scope", "year", "company_id", "region_id", "team_id")
    def _check_parent(self):
        for target in self:
            parent = target.parent_id
            if not parent:
                continue
            parent_scope = PARENT_SCOPE.get(target.scope)
            field = SCOPE_FIELD.get(parent_scope)
            if (
                not field
                or parent.scope != parent_scope
                or parent.year != target.year
                or parent.company_id != target.company_id
                or parent[field] != target[field]
            ):
                raise ValidationError(
                    self.env._(
                        "%(target)s cannot be broken down from %(parent)s: a target is broken "
                        "down from the target of the same year one level up (company, region, "
                        "team) that it belongs to.",
                        target=target.display_name,
                        parent=parent.display_name,
                    )
                )

    @api.constrains("scope", "year", "company_id", "region_id", "team_id", "user_id", "state")
    def _check_one_target_per_scope(self):
        for target in self.filtered(lambda t: t.state in LIVE_STATES):
            field = SCOPE_FIELD[target.scope]
            # sudo: the rule holds whoever sets the target, even against a
            # target the user may not read
            others = self.sudo().search(
                [
                    ("id", "!=", target.id),
                    ("scope", "=", target.scope),
                    ("year", "=", target.year),
                    ("company_id", "=", target.company_id.id),
                    (field, "=", target[field].id),
                    ("state", "in", LIVE_STATES),
                ]
            )
            # its own revision chain: the version it revises, the one revising it
            others = others.filtered(
                lambda other, target=target: (
                    other != target.previous_id and other.previous_id != target
                )
            )
            if others:
                raise ValidationError(
                    self.env._(
                        "%(target)s already exists: revise it instead of setting a second one.",
                        target=others[0].display_name,
                    )
                )

    # ------------------------------------------------------------
    # CRUD: an approved target is locked
    # ------------------------------------------------------------

    @api.onchange("team_id")
    def _onchange_team_id(self):
        if self.team_id:
            self.region_id = self.team_id.playbook_region_id

    @api.onchange("scope", "year", "company_id", "region_id", "team_id")
    def _onchange_parent(self):
        self.parent_id = self._playbook_parent_for(
            self.scope, self.year, self.company_id, self.region_id, self.team_id
        )

    @api.model
    def _playbook_parent_for(self, scope, year, company, region, team):
        """The target a target of ``scope`` is broken down from: the current
        version of the target one level up."""
        parent_scope = PARENT_SCOPE.get(scope)
        owner = {"company": company, "region": region, "team": team}.get(parent_scope)
        if not owner:
            return self.browse()
        return self.search(
            [
                ("scope", "=", parent_scope),
                ("year", "=", year),
                ("company_id", "=", company.id),
                (SCOPE_FIELD[parent_scope], "=", owner.id),
                ("state", "in", LIVE_STATES),
            ],
            order="version desc, id desc",
            limit=1,
        )

    @api.model
    def _playbook_complete_values(self, vals):
        """A team's region, and the target one level up, when not given."""
        vals = dict(vals)
        team = self.env["crm.team"].browse(vals.get("team_id"))
        if team and not vals.get("region_id"):
            vals["region_id"] = team.playbook_region_id.id
        if "parent_id" not in vals and vals.get("scope") in PARENT_SCOPE:
            company = self.env["res.company"].browse(vals.get("company_id")) or self.env.company
            year = vals.get("year") or fields.Date.context_today(self).year
            region = self.env["sales.playbook.region"].browse(vals.get("region_id"))
            vals["parent_id"] = self._playbook_parent_for(
                vals["scope"], year, company, region, team
            ).id
        return vals

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [self._playbook_complete_values(vals) for vals in vals_list]
        targets = super().create(vals_list)
        targets._playbook_add_missing_periods()
        return targets

    def _playbook_add_missing_periods(self):
        """Every target has a line for its year, each quarter and each month."""
        missing = []
        for target in self:
            present = set(target.line_ids.mapped("period"))
            missing += [
                {"target_id": target.id, "period": period}
                for period in rules.PERIODS
                if period not in present
            ]
        if missing:
            self.env["sales.playbook.target.line"].create(missing)

    def write(self, vals):
        self._playbook_check_protected(vals)
        if vals.get("team_id") and "region_id" not in vals:
            team = self.env["crm.team"].browse(vals["team_id"])
            vals = dict(vals, region_id=team.playbook_region_id.id)
        content = set(vals) - self._playbook_free_fields
        if content and not door_is_open(self._name, frozenset(self._ids), content):
            self._playbook_check_editable()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        for target in self:
            if target.state not in ("draft", "refused"):
                raise UserError(
                    self.env._(
                        "%(target)s is %(state)s: it is kept. Revise it to change it.",
                        target=target.display_name,
                        state=target._playbook_state_label(),
                    )
                )

    def _playbook_state_label(self):
        return dict(self._fields["state"]._description_selection(self.env))[self.state]

    def _playbook_check_editable(self):
        locked = self.filtered(lambda t: t.state != "draft")
        if locked:
            target = locked[0]
            raise UserError(
                self.env._(
                    "%(target)s is %(state)s: it does not change any more. An approved target "
                    "changes by a revision, a new version approved again.",
                    target=target.display_name,
                    state=target._playbook_state_label(),
                )
            )

    # the document of sales.playbook.target.line
    def _playbook_check_lines_editable(self):
        self._playbook_check_editable()

    def _playbook_lines_changed(self):
        """The year's figures are read from the lines when shown."""

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_sum_months(self):
        """Set the quarters and the year to the totals of the months."""
        self.check_access("write")
        self._playbook_check_editable()
        for target in self:
            by_period = {line.period: line for line in target.line_ids}
            for period in (*rules.QUARTERS, rules.YEAR):
                months = [rules.MONTHS[month - 1] for month in rules.period_months(period)]
                by_period[period].write(
                    {
                        measure: sum(by_period[month][measure] for month in months)
                        for measure in rules.MEASURES
                    }
                )
        return True

    def action_break_down(self):
        """Draft a target for each region of the company, team of the region or
        member of the team that has none yet, and show the breakdown."""
        self.ensure_one()
        if self.scope == "user":
            raise UserError(self.env._("A salesperson's target is not broken down further."))
        if self.state not in LIVE_STATES:
            raise UserError(
                self.env._(
                    "%(target)s is %(state)s: break down its current version.",
                    target=self.display_name,
                    state=self._playbook_state_label(),
                )
            )
        present = self._playbook_live_children()
        values = []
        common = {"year": self.year, "company_id": self.company_id.id, "parent_id": self.id}
        if self.scope == "company":
            regions = self.env["sales.playbook.region"].search(
                [("company_id", "=", self.company_id.id)]
            )
            values = [
                dict(common, scope="region", region_id=region.id)
                for region in regions - present.region_id
            ]
        elif self.scope == "region":
            teams = self.env["crm.team"].search([("playbook_region_id", "=", self.region_id.id)])
            values = [
                dict(common, scope="team", team_id=team.id) for team in teams - present.team_id
            ]
        else:
            members = self.team_id.member_ids - present.user_id
            values = [
                dict(common, scope="user", team_id=self.team_id.id, user_id=user.id)
                for user in members
            ]
        if values:
            self.create(values)
        return self.action_view_breakdown()

    def action_view_breakdown(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sales_playbook.action_sales_playbook_target"
        )
        action.update(
            {
                "domain": [("parent_id", "=", self.id)],
                "context": {"default_parent_id": self.id, "default_year": self.year},
                "name": self.env._("Breakdown of %(target)s", target=self.display_name),
            }
        )
        return action

    def action_submit(self):
        """Submit targets for the director's approval. Each target's months
        add up to its quarters and its quarters to its year; the breakdown
        each belongs to adds up to its parent. Refused as a whole otherwise."""
        self.check_access("write")
        for target in self:
            if target.state != "draft":
                raise UserError(
                    self.env._(
                        "%(target)s is %(state)s: only a draft is submitted.",
                        target=target.display_name,
                        state=target._playbook_state_label(),
                    )
                )
            if target.version > 1 and not (target.revision_reason or "").strip():
                raise UserError(
                    self.env._(
                        "%(target)s revises an approved target: say why in the revision reason.",
                        target=target.display_name,
                    )
                )
            differences = rules.period_differences(target._playbook_figures())
            if differences:
                raise UserError(
                    self.env._(
                        "The periods of %(target)s do not add up (the months to their quarter, "
                        "the quarters to the year):\n%(differences)s",
                        target=target.display_name,
                        differences=target._playbook_format_differences(differences),
                    )
                )
            if target.scope != "company":
                if not target.parent_id:
                    raise UserError(
                        self.env._(
                            "%(target)s is broken down from no target: the target one level up "
                            "is set first.",
                            target=target.display_name,
                        )
                    )
                if target.parent_id.state != "approved":
                    raise UserError(
                        self.env._(
                            "%(parent)s is not approved yet: it is broken down once approved.",
                            parent=target.parent_id.display_name,
                        )
                    )
        self.parent_id._playbook_check_breakdown()
        self._playbook_write({"state": "submitted"})
        for target in self:
            target.message_post(body=self.env._("Submitted for the director's approval."))
        self._playbook_ask_directors()
        return True

    def _playbook_ask_directors(self):
        """A to-do for each sales director of the target's company to approve
        or refuse it, in the director's language; closed by the decision."""
        directors = self.env.ref("sales_playbook.group_playbook_director").users.filtered(
            lambda user: user.active and not user.share
        )
        for target in self:
            for director in directors.filtered(
                lambda user, target=target: target.company_id in user.company_ids
            ):
                env = target._playbook_in_lang_of(director).env
                target.activity_schedule(
                    "sales_playbook.mail_activity_type_target_approval",
                    user_id=director.id,
                    summary=env._("Approve the target"),
                    note=env._(
                        "%(user)s submitted %(target)s: approve or refuse it.",
                        user=self.env.user.name,
                        target=target.with_env(env).display_name,
                    ),
                )

    def _playbook_close_approval_todos(self, feedback):
        """The directors' to-dos of these targets, done with the decision."""
        self.activity_feedback(
            ["sales_playbook.mail_activity_type_target_approval"], feedback=feedback
        )

    def action_submit_breakdown(self):
        """Submit the draft targets this target is broken down into, together."""
        self.ensure_one()
        drafts = self._playbook_live_children().filtered(lambda t: t.state == "draft")
        if not drafts:
            raise UserError(
                self.env._("%(target)s has no draft breakdown to submit.", target=self.display_name)
            )
        return drafts.action_submit()

    def _playbook_check_director(self):
        if not self.env.user.has_group("sales_playbook.group_playbook_director"):
            raise AccessError(self.env._("Only the sales director approves or refuses targets."))

    def action_approve(self):
        self._playbook_check_director()
        for target in self:
            if target.state != "submitted":
                raise UserError(
                    self.env._(
                        "%(target)s is %(state)s: only a submitted target is approved.",
                        target=target.display_name,
                        state=target._playbook_state_label(),
                    )
                )
        now = fields.Datetime.now()
        self._playbook_write(
            {"state": "approved", "approved_by_id": self.env.user.id, "approved_date": now}
        )
        for target in self:
            previous = target.previous_id
            if previous.state == "approved":
                previous._playbook_write({"state": "superseded"})
                previous.message_post(
                    body=self.env._("Superseded by version %(version)s.", version=target.version)
                )
                # the breakdown carries on under the version in force: its
                # parts are now broken down from it (and revised against it)
                parts = previous._playbook_live_children()
                if parts:
                    parts._playbook_write({"parent_id": target.id})
            target.message_post(body=self.env._("Approved: the target is locked."))
        self._playbook_close_approval_todos(self.env._("Approved"))
        return True

    def action_refuse(self):
        self._playbook_check_director()
        for target in self:
            if target.state != "submitted":
                raise UserError(
                    self.env._(
                        "%(target)s is %(state)s: only a submitted target is refused.",
                        target=target.display_name,
                        state=target._playbook_state_label(),
                    )
                )
        self._playbook_write({"state": "refused"})
        for target in self:
            target.message_post(body=self.env._("Refused by the director."))
        self._playbook_close_approval_todos(self.env._("Refused"))
        return True

    def action_draft(self):
        """Back to draft after a refusal, to be corrected and submitted again."""
        self.check_access("write")
        for target in self:
            if target.state != "refused":
                raise UserError(self.env._("Only a refused target goes back to draft."))
        self._playbook_write({"state": "draft"})
        return True

    def action_revise(self):
        """A revision: a new draft version of an approved target, with the
        same figures, to change and submit with the reason. The approved one
        stays in force until the revision is approved."""
        self.ensure_one()
        self.check_access("write")
        if self.state != "approved":
            raise UserError(self.env._("Only an approved target is revised."))
        if self.search_count([("previous_id", "=", self.id), ("state", "in", LIVE_STATES)]):
            raise UserError(
                self.env._("%(target)s is already being revised.", target=self.display_name)
            )
        values = self.copy_data()[0]
        values.update(
            version=self.version + 1,
            previous_id=self.id,
            parent_id=self.parent_id._playbook_current().id,
        )
        revision = self._playbook_create([values])
        revision.message_post(
            body=self.env._("Revision of version %(version)s.", version=self.version)
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": revision.id,
            "view_mode": "form",
        }

    # ------------------------------------------------------------
    # Business
    # ------------------------------------------------------------

    def _playbook_current(self):
        """The version in force of each target (the latest approved one of its
        scope and year), else the target itself."""
        current = self.browse()
        for target in self:
            field = SCOPE_FIELD[target.scope]
            latest = self.search(
                [
                    ("scope", "=", target.scope),
                    ("year", "=", target.year),
                    ("company_id", "=", target.company_id.id),
                    (field, "=", target[field].id),
                    ("state", "=", "approved"),
                ],
                order="version desc",
                limit=1,
            )
            current |= latest or target
        return current

    def _playbook_live_children(self):
        """The targets this one is broken down into: its children being set,
        submitted or approved, a revision replacing the version it revises."""
        children = self.child_ids.filtered(lambda t: t.state in LIVE_STATES)
        return children - children.previous_id

    def _playbook_figures(self):
        """{period: {measure: value}}"""
        self.ensure_one()
        return {
            line.period: {measure: line[measure] for measure in rules.MEASURES}
            for line in self.line_ids
        }

    def _playbook_check_breakdown(self):
        """The parts of each target's breakdown add up to it, per period and
        measure; with a stretch target among the parts, they may exceed it."""
        for parent in self:
            children = parent._playbook_live_children()
            differences = rules.breakdown_differences(
                parent._playbook_figures(),
                [child._playbook_figures() for child in children],
                stretch=any(children.mapped("is_stretch")),
                digits=parent.currency_id.decimal_places,
            )
            if differences:
                raise UserError(
                    self.env._(
                        "The breakdown of %(target)s does not add up: the parts (%(parts)s) must "
                        "total the target, per period and measure%(stretch)s. Amounts in "
                        "%(currency)s.\n%(differences)s",
                        target=parent.display_name,
                        currency=parent.currency_id.name,
                        parts=format_list(
                            self.env,
                            children.mapped("display_name"),
                            lang_code=self.env.lang or "en_US",
                        ),
                        stretch=""
                        if any(children.mapped("is_stretch"))
                        else self.env._(" (a stretch target may exceed it)"),
                        differences=parent._playbook_format_differences(differences),
                    )
                )

    def _playbook_format_differences(self, differences, limit=12):
        self.ensure_one()
        periods = dict(
            self.env["sales.playbook.target.line"]
            ._fields["period"]
            ._description_selection(self.env)
        )
        Line = self.env["sales.playbook.target.line"]
        lines = []
        for period, measure, parts, whole in differences[:limit]:
            lines.append(
                self.env._(
                    "%(period)s, %(measure)s: the parts total %(parts)s, the whole is %(whole)s "
                    "(difference %(difference)s)",
                    period=periods[period],
                    measure=Line._fields[measure].get_description(self.env)["string"],
                    parts=self._playbook_format_value(measure, parts),
                    whole=self._playbook_format_value(measure, whole),
                    difference=self._playbook_format_value(measure, parts - whole, signed=True),
                )
            )
        if len(differences) > limit:
            lines.append(self.env._("… and %(count)s more.", count=len(differences) - limit))
        return "\n".join(lines)

    def _playbook_format_value(self, measure, value, signed=False):
        """An amount in the company's currency as a plain number (the currency
        is the target's), a count as a whole number; ``signed``: with + or -."""
        sign = "+" if signed and value > 0 else ""
        if measure in rules.MONEY_MEASURES:
            return sign + formatLang(self.env, value, digits=self.currency_id.decimal_places)
        return f"{sign}{int(value)}"

    @api.model
    def _playbook_target_line_domain(self, scope, domain, date_from, date_to):
        """The month lines of the approved targets of ``scope`` that count
        over [``date_from``, ``date_to``], narrowed by ``domain``."""
        return [
            ("state", "=", "approved"),
            ("scope", "=", scope),
            ("period_type", "=", "month"),
            ("date_from", ">=", date_from),
            ("date_to", "<=", date_to),
            *domain,
        ]

    @api.model
    def _playbook_target_amounts(self, scope, record_ids, date_from, date_to):
        """The approved targets of ``scope`` ('company', 'region', 'team',
        'user') for the records ``record_ids`` over the months lying within
        [``date_from``, ``date_to``]: {record id: {measure: value}} (every id
        present, 0 without a target). One grouped query on the month lines,
        whatever the number of records; the caller's record rules apply."""
        field = SCOPE_FIELD[scope]
        record_ids = list(record_ids)
        result = {record_id: dict.fromkeys(rules.MEASURES, 0) for record_id in record_ids}
        groups = self.env["sales.playbook.target.line"]._read_group(
            self._playbook_target_line_domain(
                scope, [(field, "in", record_ids)], date_from, date_to
            ),
            [field],
            [f"{measure}:sum" for measure in rules.MEASURES],
        )
        for record, *sums in groups:
            result[record.id] = dict(zip(rules.MEASURES, sums, strict=True))
        return result

    def _playbook_breakdown_report(self):
        """The figures the target breakdown form (销售目标分解表) prints on one
        page: the target's periods (rows) by measure (columns), then its
        parts' years by measure with their total and its difference from
        the target's year."""
        self.ensure_one()
        children = self._playbook_live_children().sorted(
            lambda t: t[SCOPE_FIELD[t.scope]].display_name or ""
        )
        whole = self._playbook_figures()
        periods = dict(
            self.env["sales.playbook.target.line"]
            ._fields["period"]
            ._description_selection(self.env)
        )
        Line = self.env["sales.playbook.target.line"]
        measures = [
            {
                "measure": measure,
                "label": Line._fields[measure].get_description(self.env)["string"],
                "money": measure in rules.MONEY_MEASURES,
            }
            for measure in rules.MEASURES
        ]
        rows = [
            {
                "period": periods[period],
                "type": rules.period_type(period),
                "values": [whole.get(period, {}).get(measure, 0) for measure in rules.MEASURES],
            }
            for period in rules.PERIODS
        ]
        parts = [
            {
                "target": child,
                "name": child[SCOPE_FIELD[child.scope]].display_name,
                "values": [
                    child._playbook_figures().get(rules.YEAR, {}).get(measure, 0)
                    for measure in rules.MEASURES
                ],
            }
            for child in children
        ]
        total = [sum(part["values"][index] for part in parts) for index in range(len(measures))]
        year = rows[0]["values"]
        return {
            "children": children,
            "measures": measures,
            "rows": rows,
            "parts": parts,
            "total": total,
            "difference": [part - value for part, value in zip(total, year, strict=True)],
        }
