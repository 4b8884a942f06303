from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools import appraisal as rules
from ..tools import scoring


class SalesPlaybookAppraisalScheme(models.Model):
    """考核方案: what a monthly or annual appraisal of a salesperson weighs —
    quantitative criteria read from the KPI figures (against target or as
    rates), qualitative ones rated by the supervisor, the peers or the
    customers, and, for the year, the months' results — weights totalling
    100, with the grade bands the total falls in."""

    _name = "sales.playbook.appraisal.scheme"
    _description = "Appraisal Scheme"
    _inherit = ["mail.thread"]
    _order = "company_id, period_type desc, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True, tracking=True)
    active = fields.Boolean(default=True, tracking=True)
    company_id = fields.Many2one(
        "res.company",
        index=True,
        help="Leave empty to use this scheme in every company.",
    )
    period_type = fields.Selection(
        [("month", "Monthly"), ("year", "Annual")],
        string="Cycle",
        required=True,
        default="month",
        tracking=True,
    )
    criterion_ids = fields.One2many(
        "sales.playbook.appraisal.criterion", "scheme_id", string="Criteria", copy=True
    )
    grade_ids = fields.One2many(
        "sales.playbook.appraisal.grade", "scheme_id", string="Grades", copy=True
    )
    total_weight = fields.Integer(compute="_compute_total_weight")
    note = fields.Html(
        string="Rules", translate=True, help="How the appraisal is conducted, printed on no form."
    )

    @api.depends("criterion_ids.weight")
    def _compute_total_weight(self):
        for scheme in self:
            scheme.total_weight = sum(scheme.criterion_ids.mapped("weight"))

    @api.constrains("criterion_ids", "grade_ids", "active", "period_type")
    def _check_scheme(self):
        if self.env.context.get("playbook_scheme_edit"):
            return  # criteria being loaded one by one: checked when the scheme is used
        # a new scheme is set up step by step: checked once it has criteria
        self.filtered(lambda s: s.criterion_ids or s.grade_ids)._playbook_check_ready()

    def _playbook_check_ready(self):
        """The active criteria weigh 100 in all, the grades are set, and the
        months' results belong to an annual scheme."""
        for scheme in self.filtered("active"):
            weights = scheme.criterion_ids.mapped("weight")
            if not weights or not scoring.weights_total_ok(weights):
                raise ValidationError(
                    self.env._(
                        "The weights of appraisal scheme “%(scheme)s” total %(total)s; "
                        "they must total 100.",
                        scheme=scheme.name,
                        total=sum(weights),
                    )
                )
            if not scheme.grade_ids:
                raise ValidationError(
                    self.env._(
                        "Appraisal scheme “%(scheme)s” needs its grades (for example S, A, B, "
                        "C, D with the lowest score of each).",
                        scheme=scheme.name,
                    )
                )
            months = scheme.criterion_ids.filtered(lambda c: c.kind == "months")
            if months and scheme.period_type != "year":
                raise ValidationError(
                    self.env._(
                        "“%(criterion)s” takes the months' results: it belongs to an annual "
                        "scheme.",
                        criterion=months[0].name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        schemes = super(
            SalesPlaybookAppraisalScheme, self.with_context(playbook_scheme_edit=True)
        ).create(vals_list)
        schemes.with_env(self.env)._check_scheme()
        return schemes.with_env(self.env)

    def write(self, vals):
        # criteria edited together in the form are checked once, as a whole
        result = super(
            SalesPlaybookAppraisalScheme, self.with_context(playbook_scheme_edit=True)
        ).write(vals)
        self._check_scheme()
        return result

    def _playbook_grade_for(self, score):
        """The grade band ``score`` falls in (the lowest band below them all)."""
        self.ensure_one()
        grade_id = rules.grade_for(score, [(grade.id, grade.min_score) for grade in self.grade_ids])
        return self.grade_ids.browse(grade_id) or self.grade_ids.sorted("min_score")[:1]
