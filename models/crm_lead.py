from collections import defaultdict
from datetime import datetime, time, timedelta

import pytz
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import format_datetime

from ..tools import domain_eval, scoring
from ..tools import expense as expense_rules

ABC_GRADES = [
    ("A", "A – high intent"),
    ("B", "B – medium intent"),
    ("C", "C – low intent"),
]
PLAYBOOK_SCENARIOS = [
    ("new_customer", "New Customer"),
    ("renewal", "Renewal"),
    ("project", "Project"),
    ("channel", "Channel Partner"),
]
SIZE_EMPLOYEES = [
    ("lt50", "Fewer than 50 employees"),
    ("50_200", "50–200 employees"),
    ("200_500", "200–500 employees"),
    ("500_1000", "500–1,000 employees"),
    ("gt1000", "More than 1,000 employees"),
]
SIZE_REVENUE = [
    ("lt10m", "Revenue under 10 million"),
    ("10m_50m", "Revenue 10–50 million"),
    ("50m_200m", "Revenue 50–200 million"),
    ("gt200m", "Revenue over 200 million"),
]
URGENCIES = [
    ("high", "High – within 3 months"),
    ("medium", "Medium – this year"),
    ("low", "Low – no timeline"),
]
POTENTIAL_LEVELS = [
    (scoring.POTENTIAL_HIGH, "High Potential"),
    (scoring.POTENTIAL_MEDIUM, "Medium Potential"),
    (scoring.POTENTIAL_LOW, "Low Potential"),
]
# The lead fields score levels and grade rules may read (their conditions are
# refused otherwise): a change of one of them recomputes the score and grade.
PLAYBOOK_QUALIFICATION_FIELDS = [
    "playbook_scenario",
    "industry_id",
    "size_employees",
    "size_revenue",
    "playbook_budget",
    "urgency",
    "source_id",
    "partner_id",
    "partner_name",
    "contact_name",
    "function",
    "email_from",
    "phone",
    "city",
    "state_id",
    "country_id",
    "company_id",
    "team_id",
    "user_id",
    "type",
    "tag_ids",
    "expected_revenue",
]


class CrmLead(models.Model):
    _name = "crm.lead"
    _inherit = ["crm.lead", "sales.playbook.guarded.mixin", "sales.playbook.risk.subject.mixin"]
    _playbook_risk_field = "lead_id"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    playbook_competitor_ids = fields.Many2many(
        "sales.playbook.competitor",
        "crm_lead_playbook_competitor_rel",
        "lead_id",
        "competitor_id",
        string="Competitors",
        help="Competitors met on this deal: an open opportunity with a competitor and "
        "no activity for the days set in the settings raises a market risk warning.",
    )

    playbook_scenario = fields.Selection(
        PLAYBOOK_SCENARIOS,
        string="Scenario",
        default="new_customer",
        tracking=True,
        help="The manual's sales scenario: new customer development, renewal of an "
        "existing customer, a project, or a channel partner.",
    )
    industry_id = fields.Many2one("res.partner.industry", tracking=True, index="btree_not_null")
    size_employees = fields.Selection(SIZE_EMPLOYEES, string="Company Size (Employees)")
    size_revenue = fields.Selection(SIZE_REVENUE, string="Company Size (Revenue)")
    playbook_budget = fields.Monetary(
        string="Budget", currency_field="company_currency", tracking=True
    )
    urgency = fields.Selection(URGENCIES, tracking=True)
    abc_grade_suggested = fields.Selection(
        ABC_GRADES,
        string="Suggested Grade",
        compute="_compute_abc_grade_suggested",
        store=True,
        help="The grade the ABC rules give this lead.",
    )
    abc_grade_override = fields.Selection(
        ABC_GRADES,
        string="Grade Override",
        tracking=True,
        help="Set it when you know better than the rules; clear it to follow them again.",
    )
    abc_grade = fields.Selection(
        ABC_GRADES,
        string="ABC Grade",
        compute="_compute_abc_grade",
        store=True,
        index=True,
        tracking=True,
        help="A: high intent, B: medium intent, C: low intent.",
    )
    priority_score = fields.Integer(
        compute="_compute_priority_score",
        store=True,
        aggregator="avg",
        help="0-100 points from the weighted criteria of the priority scorecard.",
    )
    potential_level = fields.Selection(
        POTENTIAL_LEVELS,
        string="Potential",
        compute="_compute_potential_level",
        store=True,
        index=True,
    )
    playbook_score_breakdown = fields.Html(
        string="Score Breakdown",
        compute="_compute_playbook_score_breakdown",
        sanitize=False,
    )
    first_contact_ids = fields.One2many(
        "sales.playbook.first.contact",
        "lead_id",
    )
    first_contact_date = fields.Datetime(
        compute="_compute_first_contact_date", store=True, string="First Contacted On"
    )
    first_contact_deadline = fields.Datetime(
        compute="_compute_first_contact_deadline",
        store=True,
        string="First Contact Due",
        help="Assignment date plus the first-contact delay, in working hours of "
        "the company's calendar.",
    )
    first_contact_overdue = fields.Boolean(
        compute="_compute_first_contact_overdue", search="_search_first_contact_overdue"
    )
    # Needs analysis (4W, SPIN, needs list)
    need_pain_points = fields.Text(string="Pain Points", tracking=True)
    need_goals = fields.Text(string="Goals", tracking=True)
    need_timeline = fields.Date(
        string="Timeline",
        tracking=True,
        help="When the customer wants the solution in place (the 4W time node).",
    )
    spin_record_ids = fields.One2many(
        "sales.playbook.spin.record", "lead_id", string="SPIN Records"
    )
    need_ids = fields.One2many("sales.playbook.need", "lead_id", string="Needs")
    needs_review_minutes = fields.Html(
        help="Minutes of the internal needs review meeting with product and technical staff.",
    )
    # Solution and negotiation
    proposal_ids = fields.One2many("sales.playbook.proposal", "lead_id", string="Proposals")
    negotiation_ids = fields.One2many(
        "sales.playbook.negotiation", "lead_id", string="Negotiation Preparations"
    )
    meeting_ids = fields.One2many("sales.playbook.meeting", "lead_id", string="Meeting Records")
    objection_ids = fields.One2many("sales.playbook.objection", "lead_id", string="Objections")
    intent_letter_ids = fields.One2many(
        "sales.playbook.intent.letter", "lead_id", string="Letters of Intent"
    )
    playbook_intention = fields.Selection(
        related="meeting_ids.intention", string="Latest Intention"
    )
    playbook_contract_ids = fields.One2many("sale.contract", "opportunity_id", string="Contracts")
    # after-sales: where a repurchase or a referral came from
    playbook_referred_by_id = fields.Many2one(
        "res.partner",
        string="Referring Customer",
        index="btree_not_null",
        tracking=True,
        help="The customer who referred this lead.",
    )
    playbook_after_sales_kind = fields.Selection(
        [("repurchase", "Repurchase"), ("referral", "Referral")],
        string="After-sales Lead",
        index="btree_not_null",
        readonly=True,
        copy=False,
        help="Set when the lead comes from a customer or a return visit (复购/转介绍).",
    )
    playbook_visit_id = fields.Many2one(
        "sales.playbook.visit", string="From Visit", index="btree_not_null"
    )
    playbook_incentive = fields.Text(
        string="Incentive",
        help="The discount or value-added service offered for the referral or the repurchase.",
    )
    proposal_count = fields.Integer(compute="_compute_playbook_counts")
    meeting_count = fields.Integer(compute="_compute_playbook_counts")
    playbook_contract_count = fields.Integer(compute="_compute_playbook_counts")
    playbook_gate_missing = fields.Text(
        string="Missing to Move Forward", compute="_compute_playbook_gate_missing"
    )

    # cost of sale (销售费用率): the approved expenses spent on the deal
    playbook_expense_ids = fields.One2many("hr.expense", "playbook_lead_id", string="Expenses")
    playbook_expense_amount = fields.Monetary(
        string="Sales Expenses",
        compute="_compute_playbook_cost_of_sale",
        currency_field="company_currency",
        help="Approved, posted or paid expenses recorded against this opportunity.",
    )
    playbook_cost_of_sale = fields.Float(
        string="Cost of Sale (%)",
        compute="_compute_playbook_cost_of_sale",
        help="Sales expenses ÷ the untaxed total of the confirmed orders.",
    )

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends(
        "order_ids.state",
        "order_ids.amount_untaxed",
        "playbook_expense_ids.state",
        "playbook_expense_ids.total_amount",
    )
    def _compute_playbook_cost_of_sale(self):
        spent = dict(
            self.env["hr.expense"]
            .sudo()  # the deal's cost, whoever of the team spent it
            ._read_group(
                [
                    ("playbook_lead_id", "in", self.filtered("id").ids),
                    ("state", "in", expense_rules.CONSUMED_STATES),
                ],
                ["playbook_lead_id"],
                ["total_amount:sum"],
            )
        )
        for lead in self:
            lead.playbook_expense_amount = spent.get(lead._origin, 0.0)
            lead.playbook_cost_of_sale = expense_rules.cost_of_sale(
                lead.playbook_expense_amount, lead.sale_amount_total
            )

    @api.depends(lambda self: PLAYBOOK_QUALIFICATION_FIELDS)
    def _compute_abc_grade_suggested(self):
        grades = self.env["sales.playbook.grade.rule"]._grade_leads(self)
        self._playbook_assign("abc_grade_suggested", {i: grades.get(i, False) for i in self._ids})

    @api.depends("abc_grade_suggested", "abc_grade_override")
    def _compute_abc_grade(self):
        self._playbook_assign(
            "abc_grade",
            {
                lead_id: override or suggested
                for lead_id, override, suggested in zip(
                    self._ids,
                    self.mapped("abc_grade_override"),
                    self.mapped("abc_grade_suggested"),
                    strict=True,
                )
            },
        )

    @api.depends(lambda self: PLAYBOOK_QUALIFICATION_FIELDS)
    def _compute_priority_score(self):
        Scorecard = self.env["sales.playbook.scorecard"]
        scores = {}
        for company, leads in self._playbook_by_company().items():
            card = Scorecard._get_for_company(company or self.env.company)
            points = {lead_id: [] for lead_id in leads._ids}
            for criterion in card.criterion_ids.filtered("active"):
                for lead_id, level in criterion._level_for(leads).items():
                    points[lead_id].append(scoring.criterion_points(criterion.weight, level.ratio))
            scores.update((lead_id, scoring.total_score(p)) for lead_id, p in points.items())
        self._playbook_assign("priority_score", scores)

    @api.depends(
        "priority_score",
        "company_id.playbook_potential_high",
        "company_id.playbook_potential_medium",
    )
    def _compute_potential_level(self):
        levels = {}
        for company, leads in self._playbook_by_company().items():
            company = company or self.env.company
            high, medium = company.playbook_potential_high, company.playbook_potential_medium
            levels.update(
                (lead_id, scoring.potential_level(score, high, medium))
                for lead_id, score in zip(leads._ids, leads.mapped("priority_score"), strict=True)
            )
        self._playbook_assign("potential_level", levels)

    @api.depends(lambda self: PLAYBOOK_QUALIFICATION_FIELDS)
    def _compute_playbook_score_breakdown(self):
        for lead in self:
            lead.playbook_score_breakdown = self.env["ir.qweb"]._render(
                "sales_playbook.score_breakdown_table",
                {"lines": lead._playbook_score_breakdown(), "lead": lead},
            )

    @api.depends("proposal_ids", "meeting_ids", "playbook_contract_ids")
    def _compute_playbook_counts(self):
        for lead in self:
            lead.proposal_count = len(lead.proposal_ids)
            lead.meeting_count = len(lead.meeting_ids)
            lead.playbook_contract_count = len(lead.playbook_contract_ids)

    @api.depends("first_contact_ids.contact_datetime")
    def _compute_first_contact_date(self):
        for lead in self:
            lead.first_contact_date = min(
                lead.first_contact_ids.mapped("contact_datetime"), default=False
            )

    @api.depends(
        "date_open",
        "user_id",
        "company_id.playbook_first_contact_hours",
        "company_id.resource_calendar_id",
    )
    def _compute_first_contact_deadline(self):
        for lead in self:
            if not (lead.user_id and lead.date_open):
                lead.first_contact_deadline = False
                continue
            company = lead.company_id or self.env.company
            hours = company.playbook_first_contact_hours
            calendar = company.resource_calendar_id
            deadline = calendar and calendar.plan_hours(hours, lead.date_open, compute_leaves=True)
            lead.first_contact_deadline = deadline or lead.date_open + timedelta(hours=hours)

    @api.depends("first_contact_deadline", "first_contact_date")
    def _compute_first_contact_overdue(self):
        now = fields.Datetime.now()
        for lead in self:
            lead.first_contact_overdue = bool(
                lead.first_contact_deadline
                and not lead.first_contact_date
                and lead.first_contact_deadline < now
            )

    def _search_first_contact_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise ValidationError(self.env._("Unsupported search on “first contact overdue”."))
        domain = [
            ("first_contact_deadline", "<", fields.Datetime.now()),
            ("first_contact_date", "=", False),
        ]
        if (operator == "=") == value:
            return domain
        return ["!", "&", *domain]

    @api.depends(
        lambda self: [
            "stage_id",
            "abc_grade",
            "priority_score",
            *PLAYBOOK_QUALIFICATION_FIELDS,
            "need_pain_points",
            "need_goals",
            "need_timeline",
            "need_ids.category",
            "need_ids.review_result",
            "proposal_ids.state",
            "meeting_ids.intention",
            "objection_ids.answered",
        ]
    )
    @api.depends_context("lang")
    def _compute_playbook_gate_missing(self):
        for lead in self:
            criteria = lead.stage_id.playbook_exit_criterion_ids
            # the rule sees the whole lead, whatever fields the reader may read
            unmet = criteria.filtered(lambda c, lead=lead: c._unmet_leads(lead.sudo()))
            lead.playbook_gate_missing = (
                # one line in the form's banner, in any language
                " • ".join(criterion._playbook_todo(lead) for criterion in unmet) or False
            )

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains("playbook_budget")
    def _check_playbook_budget(self):
        for lead in self:
            if lead.playbook_budget < 0:
                raise ValidationError(
                    self.env._("The budget of “%(lead)s” cannot be negative.", lead=lead.name)
                )

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        leads = super().create(vals_list)
        leads._playbook_check_stage_gate({})
        # sudo: the stays in each stage are the add-on's record, whoever moves the lead
        self.env["sales.playbook.stage.passage"].sudo()._playbook_enter(leads)
        leads.filtered("user_id")._playbook_schedule_first_contact()
        return leads

    def write(self, vals):
        old_stages = {lead.id: lead.stage_id for lead in self} if "stage_id" in vals else None
        reassigned = (
            self.filtered(lambda lead: lead.user_id.id != vals["user_id"])
            if vals.get("user_id")
            else None
        )
        result = super().write(vals)
        moved = self.browse()
        if old_stages is not None:
            self._playbook_check_stage_gate(old_stages)
            moved = self.filtered(lambda lead: lead.stage_id != old_stages[lead.id])
            if moved:
                # sudo: the stays in each stage are the add-on's record
                passages = self.env["sales.playbook.stage.passage"].sudo()
                passages._playbook_leave(moved)
                passages._playbook_enter(moved)
        if moved or "active" in vals:
            # a move, a win or a loss is what happens on an opportunity
            self.env["sales.playbook.risk"]._playbook_evaluate_leads(self)
        if reassigned:
            reassigned._playbook_schedule_first_contact()
        return result

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_playbook_gate_override(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Override Stage Gate"),
            "res_model": "sales.playbook.gate.override",
            "view_mode": "form",
            "target": "new",
            "context": {"default_lead_id": self.id},
        }

    def action_playbook_proposals(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Proposals"),
            "res_model": "sales.playbook.proposal",
            "view_mode": "list,form",
            "domain": [("lead_id", "=", self.id)],
            "context": {"default_lead_id": self.id, "default_name": self.name},
        }

    def action_playbook_meetings(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Meeting Records"),
            "res_model": "sales.playbook.meeting",
            "view_mode": "list,form",
            "domain": [("lead_id", "=", self.id)],
            "context": {"default_lead_id": self.id},
        }

    def action_playbook_contracts(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Contracts"),
            "res_model": "sale.contract",
            "view_mode": "list,form",
            "domain": [("opportunity_id", "=", self.id)],
            "context": {"create": False},
        }

    def action_playbook_first_contact(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("First Contact"),
            "res_model": "sales.playbook.first.contact",
            "view_mode": "form",
            "target": "new",
            "res_id": self.first_contact_ids[:1].id,
            "context": {
                "default_lead_id": self.id,
                "default_contact_person": self.contact_name or self.partner_id.name,
            },
        }

    # ------------------------------------------------------------
    # BUSINESS: stage gates
    # ------------------------------------------------------------

    def _playbook_stages_passed(self, old_stage, new_stage, stages):
        """The stages among ``stages`` that ``self`` leaves behind moving from
        ``old_stage`` to ``new_stage`` (none when moving backwards)."""
        self.ensure_one()
        new_key = (new_stage.sequence, new_stage.id)
        old_key = (old_stage.sequence, old_stage.id) if old_stage else None
        return stages.filtered(
            lambda s: (
                (s.sequence, s.id) < new_key
                and (old_key is None or (s.sequence, s.id) >= old_key)
                and (not s.team_id or s.team_id == self.team_id)
            )
        )

    def _playbook_gate_failures(self, old_stages, new_stage=None):
        """[(lead, {stage: unmet criteria})] for leads that move forward (to
        ``new_stage``, by default their current stage) past stages whose exit
        criteria they do not meet."""
        # every stage that has exit criteria; configuration, read for any user
        criteria = self.env["sales.playbook.stage.criterion"].sudo().search([("active", "=", True)])
        if not criteria:
            return []
        stages = criteria.stage_id
        to_check = {}  # criterion -> leads that left its stage
        for lead in self:
            target = new_stage or lead.stage_id
            if not target:
                continue
            passed = lead._playbook_stages_passed(old_stages.get(lead.id), target, stages)
            for criterion in criteria.filtered(lambda c, passed=passed: c.stage_id in passed):
                to_check.setdefault(criterion, self.browse())
                to_check[criterion] |= lead
        failures = {}
        for criterion, leads in to_check.items():
            # the mover's field access must not change what the rule sees
            for lead in criterion._unmet_leads(leads.sudo()):
                failures.setdefault(lead.id, {}).setdefault(criterion.stage_id, criterion.browse())
                failures[lead.id][criterion.stage_id] |= criterion
        return [(self.browse(lead_id), by_stage) for lead_id, by_stage in failures.items()]

    def _playbook_check_stage_gate(self, old_stages):
        failures = self._playbook_gate_failures(old_stages)
        if not failures:
            return
        reason = self.env.context.get("playbook_gate_override")
        if reason:
            if not self.env.user.has_group("sales_playbook.group_playbook_manager"):
                raise AccessError(self.env._("Only a sales manager may override a stage gate."))
            for lead, by_stage in failures:
                env = lead._playbook_in_lang_of(lead.user_id).env  # the salesperson reads it
                lead.message_post(
                    body=Markup("<p>%s</p><ul>%s</ul>")
                    % (
                        env._(
                            "Stage gate overridden by %(user)s. Reason: %(reason)s",
                            user=self.env.user.name,
                            reason=reason,
                        ),
                        Markup().join(
                            Markup("<li>%s: %s</li>")
                            % (
                                stage.with_env(env).name,
                                ", ".join(crits.with_env(env).mapped("name")),
                            )
                            for stage, crits in by_stage.items()
                        ),
                    ),
                    subtype_xmlid="mail.mt_note",
                )
            return
        lines = []
        for lead, by_stage in failures:
            lines.append(
                self.env._(
                    "“%(lead)s” cannot move to “%(stage)s” yet.",
                    lead=lead.name,
                    stage=lead.stage_id.name,
                )
            )
            lines.extend(lead._playbook_missing_lines(by_stage))
        lines.append(
            self.env._("Complete them, or ask a sales manager to override the gate with a reason.")
        )
        raise ValidationError("\n".join(lines))

    def _playbook_missing_lines(self, by_stage):
        """What ``self`` (one lead) still misses to leave each stage of
        ``by_stage`` ({stage: its unmet criteria}): a line per stage, then a
        line per thing to fill or do."""
        self.ensure_one()
        lines = []
        for stage, criteria in by_stage.items():
            lines.append(self.env._("To leave “%(stage)s”:", stage=stage.name))
            lines.extend(f"• {criterion._playbook_todo(self)}" for criterion in criteria)
        return lines

    def _playbook_next_stage(self):
        """The stage after the lead's own, among the stages of its team."""
        self.ensure_one()
        stages = self.env["crm.stage"].search(
            ["|", ("team_id", "=", False), ("team_id", "=", self.team_id.id)],
            order="sequence, id",
        )
        current = self.stage_id
        if not current:
            return stages[:1]
        key = (current.sequence, current.id)
        return stages.filtered(lambda s: (s.sequence, s.id) > key)[:1]

    def _playbook_inputs_of(self, fname, _seen=None):
        """The lead fields a salesperson fills for ``fname`` to get a value:
        ``fname`` itself when it is editable; for a field computed by the
        add-on, the fields its rules read (grade rules for the suggested
        grade, the scorecard's levels for the priority score), else the
        fields it is computed from, followed down to editable fields."""
        seen = set() if _seen is None else _seen
        if fname in seen or fname not in self._fields:
            return []
        seen.add(fname)
        field = self._fields[fname]
        if not field.readonly:
            return [fname]
        sources = self._playbook_rule_inputs(fname)
        if sources is None:
            depends = field.get_depends(self)[0] if field.compute else ()
            sources = [path.split(".", 1)[0] for path in depends]
        inputs = []
        for source in sources:
            inputs.extend(
                name for name in self._playbook_inputs_of(source, seen) if name not in inputs
            )
        return inputs

    def _playbook_rule_inputs(self, fname):
        """The lead fields the configured rules computing ``fname`` read, or
        None when no configured rule computes it."""
        company = self.company_id or self.env.company
        if fname == "abc_grade_suggested":
            # configuration, read for any user
            rules = (
                self.env["sales.playbook.grade.rule"]
                .sudo()
                .search([("active", "=", True), ("company_id", "in", [False, company.id])])
            )
            return rules._playbook_domain_fields()
        if fname == "priority_score":
            # configuration, read for any user
            card = self.env["sales.playbook.scorecard"].sudo()._get_for_company(company)
            return card.criterion_ids.filtered("active").level_ids._playbook_domain_fields()
        return None

    # ------------------------------------------------------------
    # BUSINESS: qualification
    # ------------------------------------------------------------

    def _playbook_score_breakdown(self):
        """Per-criterion explanation of the priority score of one lead."""
        self.ensure_one()
        card = self.env["sales.playbook.scorecard"]._get_for_company(
            self.company_id or self.env.company
        )
        lines = []
        for criterion in card.criterion_ids.filtered("active"):
            level = criterion._level_for(self).get(self.id)
            ratio = level.ratio if level else 0.0
            lines.append(
                {
                    "criterion": criterion.name,
                    "weight": criterion.weight,
                    "level": level.name if level else False,
                    "ratio": ratio,
                    "points": scoring.criterion_points(criterion.weight, ratio),
                }
            )
        return lines

    def _playbook_schedule_first_contact(self):
        """Plan the first-contact activity for the assigned salesperson."""
        activity_type = self.env.ref("sales_playbook.mail_activity_type_first_contact")
        for lead in self.filtered(lambda lead: lead.user_id and not lead.first_contact_ids):
            lead.activity_ids.filtered(lambda a: a.activity_type_id == activity_type).unlink()
            deadline = lead.first_contact_deadline or fields.Datetime.now()
            reader_env = lead._playbook_in_lang_of(lead.user_id).env
            lead.activity_schedule(
                activity_type_id=activity_type.id,
                date_deadline=fields.Date.context_today(lead, deadline),
                user_id=lead.user_id.id,
                note=reader_env._(
                    "Contact the customer and record the first contact before %(deadline)s.",
                    deadline=format_datetime(
                        reader_env, deadline, tz=lead.user_id.tz, dt_format="short"
                    ),
                ),
            )

    def _playbook_filtered_domain(self, domain):
        """The leads of ``self`` matching ``domain`` (a score level, grade rule
        or stage criterion), evaluated in memory so that new records and
        unsaved values count.

        Large batches of saved leads (the bulk rescore) with a simple domain
        go through a predicate compiled once and fed from the cache; anything
        else goes through ``filtered_domain``."""
        predicate = None
        if len(self) >= 50 and all(self._ids):
            types = {
                name: field.type
                for name, field in self._fields.items()
                if field.store and not field.translate and field.type not in ("date", "datetime")
            }
            predicate = domain_eval.compile_domain(domain, types)
        if predicate is None:
            return self.filtered_domain(domain)
        fnames = {
            leaf[0]
            for leaf in domain
            if isinstance(leaf, (list, tuple)) and isinstance(leaf[0], str)
        }
        self.fetch(list(fnames))  # one query for what the cache lacks; unsaved values stay
        columns = {}
        for fname in fnames:
            values = list(self.env.cache.get_values(self, self._fields[fname]))
            if len(values) != len(self):
                return self.filtered_domain(domain)
            # the cache holds ids for many2one and None for empty values
            columns[fname] = [False if value in (None, "") else value for value in values]
        rows = range(len(self))
        matching = [
            record_id
            for index, record_id in zip(rows, self._ids, strict=True)
            if predicate(lambda fname, index=index: columns[fname][index])
        ]
        return self.browse(matching)

    def _playbook_assign(self, fname, values):
        """Set ``fname`` from {lead id: value}, one assignment per distinct
        value rather than per lead (bulk rescores assign 100,000s of them)."""
        by_value = defaultdict(list)
        for lead_id, value in values.items():
            by_value[value].append(lead_id)
        for value, lead_ids in by_value.items():
            self.browse(lead_ids)[fname] = value

    def _playbook_by_company(self):
        """{company: leads}, cheap for the usual single-company batch (where
        leads without a company go with the others)."""
        companies = self.company_id
        if len(companies) <= 1:
            return {companies: self}
        return self.grouped("company_id")

    def _playbook_working_deadline(self, start, days):
        """End of the ``days``-th working day after the day of ``start`` (a
        UTC datetime), on the company's working calendar with its leaves: a
        Friday meeting's 3 working days end on Wednesday evening."""
        self.ensure_one()
        company = self.company_id or self.env.company
        calendar = company.resource_calendar_id
        if not calendar:
            return start + timedelta(days=days)
        tz = pytz.timezone(calendar.tz or "UTC")
        local_start = pytz.utc.localize(start).astimezone(tz)
        next_day = tz.localize(datetime.combine(local_start.date() + timedelta(days=1), time.min))
        deadline = calendar.plan_days(days, next_day, compute_leaves=True)
        if not deadline:
            return start + timedelta(days=days)
        # plan_days stops at the end of the day's first stretch (noon on a
        # calendar with a lunch break): the day ends with its last one
        day = deadline.astimezone(tz).date()
        intervals = calendar._work_intervals_batch(
            tz.localize(datetime.combine(day, time.min)),
            tz.localize(datetime.combine(day, time.max)),
            compute_leaves=True,
        )[False]
        ends = [stop for _start, stop, _meta in intervals]
        if ends:
            deadline = max(ends)
        return deadline.astimezone(pytz.utc).replace(tzinfo=None)

    @api.model
    def _playbook_schedule_rescore(self):
        """Scores and grades are recomputed in the background after a change
        of the scorecard or of the grade rules."""
        cron = self.env.ref("sales_playbook.ir_cron_playbook_rescore", raise_if_not_found=False)
        if cron:
            cron.sudo()._trigger()  # any scorecard editor may wake the job up

    @api.model
    def _playbook_rescore(self, domain=None, batch_size=5000):
        """Recompute score, grade and potential of the leads of ``domain`` (all
        leads, archived included, by default) in batches with a constant
        number of queries per batch."""
        Lead = self.with_context(active_test=False)
        lead_ids = Lead.search(domain or []).ids
        # dependents too: recomputing a field does not mark its dependents
        fnames = ["abc_grade_suggested", "abc_grade", "priority_score", "potential_level"]
        for start in range(0, len(lead_ids), batch_size):
            batch = Lead.browse(lead_ids[start : start + batch_size])
            for fname in fnames:
                self.env.add_to_compute(self._fields[fname], batch)
            batch.flush_recordset()
            self.env.invalidate_all()
        return len(lead_ids)

    @api.model
    def _cron_playbook_rescore(self):
        self._playbook_rescore()
