from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .sales_playbook_appraisal_line import RATINGS
from .sales_playbook_guarded_mixin import door_is_open


class SalesPlaybookAppraisalPeer(models.Model):
    """A peer's rating of a colleague on a criterion rated by peers (同事评价).
    The supervisor asks the team's other members; each sees and rates only
    the requests addressed to them, while the appraisal is open; the
    salesperson appraised sees the peers' average once the appraisal is
    published, never who gave what."""

    _name = "sales.playbook.appraisal.peer"
    _description = "Peer Rating"
    _inherit = ["mail.thread", "mail.activity.mixin", "sales.playbook.guarded.mixin"]
    _order = "appraisal_id, line_id, id"
    _rec_name = "appraisee_id"

    line_id = fields.Many2one(
        "sales.playbook.appraisal.line",
        string="Appraisal Criterion",
        required=True,
        readonly=True,
        ondelete="cascade",
        index=True,
    )
    appraisal_id = fields.Many2one(
        related="line_id.appraisal_id", store=True, index=True, string="Appraisal"
    )
    company_id = fields.Many2one(related="line_id.company_id", store=True)
    appraisee_id = fields.Many2one(related="appraisal_id.user_id", string="Colleague")
    period_label = fields.Char(related="appraisal_id.period_label", string="Period")
    criterion = fields.Char(related="line_id.name")
    description = fields.Char(related="line_id.description")
    appraisal_state = fields.Selection(related="appraisal_id.state")
    rater_id = fields.Many2one(
        "res.users", string="Rated by", required=True, readonly=True, index=True
    )
    rating = fields.Selection(RATINGS)
    comment = fields.Char()

    _sql_constraints = [
        ("one_per_rater", "unique(line_id, rater_id)", "A peer rates a criterion once."),
    ]

    def write(self, vals):
        self._playbook_check_protected(vals)
        content = set(vals) - self._playbook_free_fields
        if content and not door_is_open(self._name, frozenset(self._ids), content):
            for peer in self:
                if peer.rater_id != self.env.user:
                    raise AccessError(
                        self.env._("Only the colleague asked gives this peer rating.")
                    )
                # the related state, not the appraisal itself: the colleague
                # asked may not read the appraisal
                if peer.appraisal_state not in ("self_assessment", "supervisor_rating"):
                    raise UserError(
                        self.env._(
                            "The appraisal of %(person)s has been rated: peer ratings no longer "
                            "change.",
                            person=peer.appraisee_id.name,
                        )
                    )
        result = super().write(vals)
        if vals.get("rating"):
            # sudo: the to-do was addressed to the rater by the supervisor
            self.sudo().activity_ids.action_done()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_while_open(self):
        for peer in self:
            if peer.appraisal_state not in ("self_assessment", "supervisor_rating"):
                raise UserError(
                    self.env._(
                        "The appraisal of %(person)s has been rated: its peer ratings are kept.",
                        person=peer.appraisee_id.name,
                    )
                )

    def _playbook_schedule_todo(self):
        for peer in self:
            reader = peer._playbook_in_lang_of(peer.rater_id)
            # sudo: the supervisor asks a colleague, whose records they do not share
            peer.sudo().activity_schedule(
                "mail.mail_activity_data_todo",
                summary=reader.env._(
                    "Rate your colleague %(person)s (%(period)s)",
                    person=peer.appraisee_id.name,
                    period=reader.period_label,
                ),
                user_id=peer.rater_id.id,
            )
