from babel.dates import format_skeleton

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import format_date, format_list
from odoo.tools.misc import get_lang

from .sales_playbook_appraisal_grade import CONSEQUENCES
from .sales_playbook_guarded_mixin import door_is_open

STATES = [
    ("self_assessment", "Self-Assessment"),
    ("supervisor_rating", "Supervisor Rating"),
    ("director_approval", "Director Approval"),
    ("published", "Published"),
]
# who writes which field, in which step: field -> (state, role)
EDITABLE = {
    "self_comment": ("self_assessment", "appraisee"),
    "supervisor_comment": ("supervisor_rating", "rater"),
    "improvement_plan": ("supervisor_rating", "rater"),
    "director_comment": ("director_approval", "director"),
    "bonus_coefficient": ("director_approval", "director"),
    "consequence": ("director_approval", "director"),
}
# consequences that come with an improvement plan
NEEDS_PLAN = ("improvement", "warning", "fine", "demotion")


class SalesPlaybookAppraisal(models.Model):
    """销售人员绩效考核: a salesperson's appraisal for a month or a year.

    Created by an appraisal run with the quantitative part read from the KPI
    figures; then the salesperson's self-assessment, the supervisor's rating
    (and the peers' where the scheme asks them), the director's approval,
    and publication. Each step is its role's alone; the salesperson reads
    their appraisal while assessing themselves and once it is published,
    never in between."""

    _name = "sales.playbook.appraisal"
    _description = "Performance Appraisal"
    _inherit = ["mail.thread", "mail.activity.mixin", "sales.playbook.guarded.mixin"]
    _order = "date_from desc, team_id, user_id, id"
    _check_company_auto = True

    run_id = fields.Many2one(
        "sales.playbook.appraisal.run",
        string="Appraisal Run",
        readonly=True,
        index=True,
        ondelete="cascade",
    )
    scheme_id = fields.Many2one(
        "sales.playbook.appraisal.scheme", string="Appraisal Scheme", required=True, readonly=True
    )
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    period_type = fields.Selection(related="scheme_id.period_type", store=True, string="Cycle")
    date_from = fields.Date(required=True, readonly=True, index=True)
    date_to = fields.Date(required=True, readonly=True)
    period_label = fields.Char(string="Period", compute="_compute_period_label")
    user_id = fields.Many2one(
        "res.users", string="Salesperson", required=True, readonly=True, index=True
    )
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True, index=True)
    region_id = fields.Many2one("sales.playbook.region", readonly=True, index=True)
    state = fields.Selection(
        STATES,
        default="self_assessment",
        required=True,
        readonly=True,
        tracking=True,
        group_expand=True,  # the kanban's columns are the steps, in their order
    )
    line_ids = fields.One2many("sales.playbook.appraisal.line", "appraisal_id", string="Criteria")
    quantitative_score = fields.Float(compute="_compute_scores", store=True, digits=(5, 2))
    qualitative_score = fields.Float(compute="_compute_scores", store=True, digits=(5, 2))
    # not tracked: each peer's rating would log the change of the total under
    # the peer's name, for the salesperson to read once published
    total_score = fields.Float(
        compute="_compute_scores", store=True, digits=(5, 2), aggregator="avg"
    )
    grade_id = fields.Many2one(
        "sales.playbook.appraisal.grade",
        string="Appraisal Grade",
        compute="_compute_scores",
        store=True,
    )
    bonus_coefficient = fields.Float(
        digits=(3, 2), tracking=True, help="Proposed by the grade, decided by the director."
    )
    consequence = fields.Selection(
        CONSEQUENCES, tracking=True, help="Proposed by the grade, decided by the director."
    )
    self_comment = fields.Text(string="Self-Assessment")
    supervisor_comment = fields.Text(string="Supervisor's Comments")
    improvement_plan = fields.Text(
        help="What to improve and how, agreed with the salesperson (改进建议)."
    )
    director_comment = fields.Text(string="Director's Comments")
    self_assessed_date = fields.Datetime(readonly=True, copy=False)
    rated_by_id = fields.Many2one("res.users", string="Rated by", readonly=True, copy=False)
    rated_date = fields.Datetime(readonly=True, copy=False)
    published_by_id = fields.Many2one("res.users", string="Approved by", readonly=True, copy=False)
    published_date = fields.Datetime(readonly=True, copy=False)
    peer_ids = fields.One2many("sales.playbook.appraisal.peer", "appraisal_id", string="Peers")
    can_self_assess = fields.Boolean(compute="_compute_can")
    can_rate = fields.Boolean(compute="_compute_can")
    can_approve = fields.Boolean(compute="_compute_can")
    asks_peers = fields.Boolean(compute="_compute_can")
    can_ask_peers = fields.Boolean(compute="_compute_can")

    _sql_constraints = [
        (
            "one_per_period",
            "unique(scheme_id, user_id, date_from)",
            "A salesperson has one appraisal per scheme and period.",
        ),
    ]

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends("user_id", "period_label")
    def _compute_display_name(self):
        for appraisal in self:
            appraisal.display_name = self.env._(
                "%(person)s, %(period)s",
                person=appraisal.user_id.name,
                period=appraisal.period_label,
            )

    @api.depends("date_from", "period_type")
    @api.depends_context("lang")
    def _compute_period_label(self):
        locale = get_lang(self.env).code
        for appraisal in self:
            appraisal.period_label = appraisal._playbook_period_label(
                appraisal.date_from, appraisal.period_type, locale
            )

    def _playbook_period_label(self, date_from, period_type, locale):
        if not date_from:
            return ""
        if period_type == "year":
            return self.env._("Year %(year)s", year=date_from.year)
        return format_skeleton("yMMMM", date_from, locale=locale)

    @api.depends("line_ids.weighted_points", "line_ids.kind", "scheme_id.grade_ids.min_score")
    def _compute_scores(self):
        for appraisal in self:
            lines = appraisal.line_ids
            quantitative = lines.filtered(lambda line: line.kind != "qualitative")
            appraisal.quantitative_score = sum(quantitative.mapped("weighted_points"))
            appraisal.qualitative_score = sum((lines - quantitative).mapped("weighted_points"))
            appraisal.total_score = appraisal.quantitative_score + appraisal.qualitative_score
            appraisal.grade_id = appraisal.scheme_id._playbook_grade_for(appraisal.total_score)

    @api.depends_context("uid")
    @api.depends("state", "user_id", "team_id", "region_id")
    def _compute_can(self):
        for appraisal in self:
            appraisal.can_self_assess = (
                appraisal.state == "self_assessment" and appraisal._playbook_is("appraisee")
            )
            appraisal.can_rate = appraisal.state in (
                "self_assessment",
                "supervisor_rating",
            ) and appraisal._playbook_is("rater")
            appraisal.can_approve = (
                appraisal.state == "director_approval" and appraisal._playbook_is("director")
            )
            appraisal.asks_peers = any(line.rater == "peers" for line in appraisal.line_ids)
            # a team with nobody else to ask offers no button to ask them
            appraisal.can_ask_peers = (
                appraisal.can_rate and appraisal.asks_peers and bool(appraisal._playbook_peers())
            )

    # ------------------------------------------------------------
    # ROLES
    # ------------------------------------------------------------

    def _playbook_raters(self):
        """Who rates the salesperson: the team leader, else the region's manager."""
        self.ensure_one()
        leader = self.team_id.user_id
        if leader and leader != self.user_id:
            return leader
        return self.region_id.user_id - self.user_id

    def _playbook_is(self, role, user=None):
        self.ensure_one()
        user = user or self.env.user
        if role == "appraisee":
            return user == self.user_id
        if user == self.user_id:
            return False  # nobody rates or approves their own appraisal
        if role == "rater":
            return user.has_group("sales_playbook.group_playbook_supervisor") and user in (
                self.team_id.user_id | self.region_id.user_id
            )
        if role == "director":
            return user.has_group("sales_playbook.group_playbook_director")
        return False

    def _playbook_role_label(self, role):
        return {
            "appraisee": self.env._("the salesperson appraised"),
            "rater": self.env._("the salesperson's supervisor"),
            "director": self.env._("the sales director"),
        }[role]

    def _playbook_check_step(self, state, role):
        """Refuse unless every appraisal of ``self`` is at ``state`` (one of
        them or a tuple) and the current user plays ``role`` on it."""
        states = (state,) if isinstance(state, str) else state
        labels = dict(self._fields["state"]._description_selection(self.env))
        for appraisal in self:
            if not appraisal._playbook_is(role):
                raise AccessError(
                    self.env._(
                        "Only %(role)s takes this step of %(appraisal)s.",
                        role=self._playbook_role_label(role),
                        appraisal=appraisal.display_name,
                    )
                )
            if appraisal.state not in states:
                raise UserError(
                    self.env._(
                        "%(appraisal)s is at “%(state)s”: this step is done at “%(step)s”.",
                        appraisal=appraisal.display_name,
                        state=labels[appraisal.state],
                        step=format_list(self.env, [labels[s] for s in states]),
                    )
                )

    def _playbook_peers(self):
        """The colleagues who may rate the salesperson: the team's other
        members, not the raters."""
        self.ensure_one()
        return self.team_id.member_ids - self.user_id - self._playbook_raters()

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        if not door_is_open(self._name, None, {"run_id"}):
            raise UserError(self.env._("Appraisals are created by an appraisal run."))
        return super().create(vals_list)

    def write(self, vals):
        self._playbook_check_protected(vals)
        # the criteria edited in the form come through line_ids: each line
        # guards its own fields, and nobody creates or deletes one
        content = set(vals) - self._playbook_free_fields - {"line_ids"}
        if content and not door_is_open(self._name, frozenset(self._ids), content):
            for fname in sorted(content):
                if fname not in EDITABLE:
                    raise UserError(
                        self.env._(
                            "%(field)s of an appraisal is not edited.",
                            field=self._fields[fname].get_description(self.env)["string"],
                        )
                    )
                self._playbook_check_step(*EDITABLE[fname])
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_unstarted(self):
        for appraisal in self:
            if appraisal.state != "self_assessment" or appraisal.self_assessed_date:
                raise UserError(
                    self.env._(
                        "%(appraisal)s has begun: it is kept.", appraisal=appraisal.display_name
                    )
                )

    # ------------------------------------------------------------
    # STEPS
    # ------------------------------------------------------------

    def action_submit_self_assessment(self):
        """The salesperson hands their self-assessment to the supervisor."""
        self._playbook_check_step("self_assessment", "appraisee")
        for appraisal in self:
            missing = appraisal.line_ids.filtered(
                lambda line: line.kind == "qualitative" and not line.self_rating
            )
            if missing:
                raise UserError(
                    self.env._(
                        "Rate yourself on %(criteria)s before handing in your self-assessment.",
                        criteria=format_list(self.env, missing.mapped("name")),
                    )
                )
            if not (appraisal.self_comment or "").strip():
                raise UserError(
                    self.env._("Write your self-assessment: what went well, what did not.")
                )
        self._playbook_write(
            {"state": "supervisor_rating", "self_assessed_date": fields.Datetime.now()}
        )
        # sudo: once handed in, the appraisal is no longer the salesperson's
        # to read until it is published
        for appraisal in self.sudo():
            appraisal.message_post(body=self.env._("Self-assessment handed in."))
            appraisal._playbook_next_todo(appraisal._playbook_raters())
        return True

    def action_rate_without_self_assessment(self):
        """The supervisor rates a salesperson who did not hand in their
        self-assessment by the run's due date: the step is skipped, on the
        record, and the salesperson's to-do is closed."""
        self._playbook_check_step("self_assessment", "rater")
        today = fields.Date.context_today(self)
        for appraisal in self:
            # sudo: the run is the director's; its due date is the step's
            due = appraisal.sudo().run_id.deadline
            if not due or today <= due:
                raise UserError(
                    self.env._(
                        "%(person)s may hand in the self-assessment until %(date)s: rate "
                        "%(appraisal)s without it after that day.",
                        person=appraisal.user_id.name,
                        date=format_date(self.env, due) if due else "-",
                        appraisal=appraisal.display_name,
                    )
                )
        self._playbook_write({"state": "supervisor_rating"})
        # sudo: the salesperson's to-do is closed by whoever rates instead
        for appraisal in self.sudo():
            appraisal.message_post(
                body=self.env._(
                    "No self-assessment handed in by %(date)s: %(user)s rates without it.",
                    date=format_date(self.env, appraisal.run_id.deadline),
                    user=self.env.user.name,
                )
            )
            appraisal._playbook_next_todo(appraisal._playbook_raters())
        return True

    def action_ask_peers(self):
        """Ask the other members of the team to rate the peer criteria."""
        self._playbook_check_step(("self_assessment", "supervisor_rating"), "rater")
        Peer = self.env["sales.playbook.appraisal.peer"]
        for appraisal in self:
            peers = appraisal._playbook_peers()
            lines = appraisal.line_ids.filtered(lambda line: line.rater == "peers")
            if not lines:
                raise UserError(
                    self.env._(
                        "The scheme of %(appraisal)s has no criterion rated by peers.",
                        appraisal=appraisal.display_name,
                    )
                )
            if not peers:
                raise UserError(
                    self.env._(
                        "%(team)s has no other member to rate %(person)s.",
                        team=appraisal.team_id.display_name,
                        person=appraisal.user_id.name,
                    )
                )
            asked = {(peer.line_id.id, peer.rater_id.id) for peer in appraisal.peer_ids}
            Peer._playbook_create(
                [
                    {"line_id": line.id, "rater_id": peer.id}
                    for line in lines
                    for peer in peers
                    if (line.id, peer.id) not in asked
                ]
            )
            for peer in peers:
                # the to-do sits on the peer's rating, the record the peer may open
                requests = appraisal.peer_ids.filtered(lambda r, peer=peer: r.rater_id == peer)
                requests[:1]._playbook_schedule_todo()
            appraisal.message_post(
                body=self.env._(
                    "Peers asked to rate: %(peers)s.",
                    peers=format_list(self.env, peers.mapped("name")),
                )
            )
        return True

    def action_submit_rating(self):
        """The supervisor hands the rated appraisal to the director."""
        self._playbook_check_step("supervisor_rating", "rater")
        for appraisal in self:
            missing = appraisal.line_ids.filtered(lambda line: line.needs_rating)
            if missing:
                raise UserError(
                    self.env._(
                        "%(appraisal)s is not rated yet on %(criteria)s.",
                        appraisal=appraisal.display_name,
                        criteria=format_list(self.env, missing.mapped("name")),
                    )
                )
            if not (appraisal.supervisor_comment or "").strip():
                raise UserError(
                    self.env._(
                        "Write your comments on %(appraisal)s: strengths and what to improve.",
                        appraisal=appraisal.display_name,
                    )
                )
            grade = appraisal.grade_id
            if grade.consequence in NEEDS_PLAN and not (appraisal.improvement_plan or "").strip():
                raise UserError(
                    self.env._(
                        "%(appraisal)s reaches grade %(grade)s: agree an improvement plan with "
                        "the salesperson and write it down.",
                        appraisal=appraisal.display_name,
                        grade=grade.name,
                    )
                )
        directors = self.env.ref("sales_playbook.group_playbook_director").users
        for appraisal in self:
            appraisal._playbook_write(
                {
                    "state": "director_approval",
                    "rated_by_id": self.env.user.id,
                    "rated_date": fields.Datetime.now(),
                    "bonus_coefficient": appraisal.grade_id.bonus_coefficient,
                    "consequence": appraisal.grade_id.consequence,
                }
            )
            appraisal.message_post(
                body=self.env._(
                    "Rated: %(score)s points, grade %(grade)s. Sent for the director's approval.",
                    score=appraisal._playbook_format_score(),
                    grade=appraisal.grade_id.name,
                )
            )
            approver = directors.filtered(
                lambda user, appraisal=appraisal: (
                    appraisal.company_id in user.company_ids and user != appraisal.user_id
                )
            )[:1]
            appraisal._playbook_next_todo(approver)
        return True

    def action_return_to_rating(self):
        """The director sends the appraisal back to the supervisor, saying why
        in the director's comments."""
        self._playbook_check_step("director_approval", "director")
        for appraisal in self:
            if not (appraisal.director_comment or "").strip():
                raise UserError(
                    self.env._(
                        "Say in your comments why %(appraisal)s goes back to the supervisor.",
                        appraisal=appraisal.display_name,
                    )
                )
        self._playbook_write({"state": "supervisor_rating"})
        for appraisal in self:
            appraisal.message_post(
                body=self.env._(
                    "Returned to the supervisor: %(reason)s", reason=appraisal.director_comment
                )
            )
            appraisal._playbook_next_todo(appraisal._playbook_raters())
        return True

    def action_publish(self):
        """The director approves the appraisal and publishes it to the
        salesperson, with the consequence decided."""
        self._playbook_check_step("director_approval", "director")
        for appraisal in self:
            if appraisal.bonus_coefficient < 0:
                raise UserError(self.env._("The bonus coefficient is not negative."))
        self._playbook_write(
            {
                "state": "published",
                "published_by_id": self.env.user.id,
                "published_date": fields.Datetime.now(),
            }
        )
        for appraisal in self:
            appraisal.sudo().activity_ids.unlink()  # sudo: the to-dos of every step
            reader = appraisal._playbook_in_lang_of(appraisal.user_id)
            appraisal.message_notify(
                partner_ids=appraisal.user_id.partner_id.ids,
                subject=reader.env._("Your appraisal is published"),
                body=reader.env._(
                    "Your appraisal for %(period)s is published: %(score)s points, grade "
                    "%(grade)s.",
                    period=reader.period_label,
                    score=appraisal._playbook_format_score(),
                    grade=appraisal.grade_id.with_env(reader.env).name,
                ),
            )
            appraisal.message_post(body=self.env._("Approved and published to the salesperson."))
        self.run_id._playbook_check_done()
        return True

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _playbook_format_score(self):
        return f"{self.total_score:.2f}"  # as the form and the printed form show it

    def _playbook_next_todo(self, users):
        """Close the step's to-dos and give the next one to ``users``."""
        self.ensure_one()
        # sudo: the step's to-dos are assigned to whoever took the step before
        self.sudo().activity_ids.unlink()
        for user in users:
            reader = self._playbook_in_lang_of(user)
            labels = dict(self._fields["state"]._description_selection(reader.env))
            self._playbook_schedule_todo(
                user,
                reader.env._(
                    "%(step)s: %(appraisal)s",
                    step=labels[self.state],
                    appraisal=reader.display_name,
                ),
            )

    def _playbook_schedule_todo(self, user, summary, deadline=None):
        self.ensure_one()
        # sudo: the to-do goes to whoever takes the next step, whose record
        # rules the current user does not share
        self.sudo().activity_schedule(
            "mail.mail_activity_data_todo",
            date_deadline=deadline or fields.Date.context_today(self),
            summary=summary,
            user_id=user.id,
        )

    def action_print(self):
        return self.env.ref("sales_playbook.action_report_appraisal").report_action(self)
