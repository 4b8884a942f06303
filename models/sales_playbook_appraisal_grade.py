from odoo import api, fields, models
from odoo.exceptions import ValidationError

CONSEQUENCES = [
    ("none", "None"),
    ("commendation", "Commendation"),
    ("promotion", "Promotion Candidate"),
    ("improvement", "Improvement Plan"),
    ("warning", "Warning"),
    ("fine", "Fine"),
    ("demotion", "Demotion"),
]


class SalesPlaybookAppraisalGrade(models.Model):
    """A grade band of an appraisal scheme (S, A, B, C, D): the lowest total
    score that reaches it and what it usually brings — the bonus coefficient
    and a reward or a sanction (seed: 奖金、晋升、荣誉表彰 / 警告、罚款、
    降职), proposed on each appraisal and decided by the director."""

    _name = "sales.playbook.appraisal.grade"
    _description = "Appraisal Grade"
    _order = "scheme_id, min_score desc, id"

    scheme_id = fields.Many2one(
        "sales.playbook.appraisal.scheme",
        string="Appraisal Scheme",
        required=True,
        ondelete="cascade",
        index=True,
    )
    name = fields.Char(string="Grade", required=True, translate=True)
    min_score = fields.Float(
        string="From Score", required=True, help="The lowest total score of this grade."
    )
    bonus_coefficient = fields.Float(
        default=1.0, digits=(3, 2), help="Multiplies the salesperson's target bonus."
    )
    consequence = fields.Selection(CONSEQUENCES, default="none", required=True)
    description = fields.Char(translate=True)

    _sql_constraints = [
        ("min_score_uniq", "unique(scheme_id, min_score)", "Two grades start at the same score."),
    ]

    @api.constrains("min_score", "bonus_coefficient")
    def _check_band(self):
        for grade in self:
            if not 0 <= grade.min_score <= 150 or grade.bonus_coefficient < 0:
                raise ValidationError(
                    self.env._(
                        "Grade “%(grade)s”: the score starts between 0 and 150 and the bonus "
                        "coefficient is not negative.",
                        grade=grade.name,
                    )
                )
