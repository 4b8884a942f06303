from odoo import api, fields, models
from odoo.exceptions import ValidationError


class SalesPlaybookScoreCriterion(models.Model):
    _name = "sales.playbook.score.criterion"
    _description = "Priority Score Criterion"
    _inherit = ["sales.playbook.rescore.mixin"]
    _order = "scorecard_id, sequence, id"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    name = fields.Char(string="Criterion", required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    scorecard_id = fields.Many2one(
        "sales.playbook.scorecard", required=True, ondelete="cascade", index=True
    )
    weight = fields.Integer(
        required=True,
        help="Points this criterion is worth out of 100; the weights of a scorecard total 100.",
    )
    description = fields.Text(translate=True)
    level_ids = fields.One2many(
        "sales.playbook.score.level", "criterion_id", string="Levels", copy=True
    )

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains("weight")
    def _check_weight(self):
        for criterion in self:
            if not 0 <= criterion.weight <= 100:
                raise ValidationError(
                    self.env._(
                        "The weight of criterion “%(name)s” must be between 0 and 100.",
                        name=criterion.name,
                    )
                )
        if not self.env.context.get("playbook_scorecard_edit"):
            # edited on its own (list, import, RPC): the card must still total 100
            self.scorecard_id._check_weights()

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    def write(self, vals):
        result = super().write(vals)
        if not self.env.context.get("playbook_scorecard_edit") and "active" in vals:
            self.scorecard_id._check_weights()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_keeping_the_weights(self):
        if not self.env.context.get("playbook_scorecard_edit"):
            # deleted on its own (list, import, RPC): the card must still total 100
            self.scorecard_id._playbook_check_weights(without=self)

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _level_for(self, leads):
        """Map each lead to the first level (by sequence) it matches, in bulk."""
        self.ensure_one()
        result = {}
        remaining = leads
        for level in self.level_ids.sorted(lambda lv: (lv.sequence, lv.id)):
            if not remaining:
                break
            matched = remaining._playbook_filtered_domain(level._get_domain())
            result.update(dict.fromkeys(matched._ids, level))
            remaining -= matched
        return result
