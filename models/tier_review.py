from odoo import api, fields, models
from odoo.exceptions import AccessError

# base_tier_validation lets every internal user create, write and delete
# reviews. For the documents of the playbook a review only moves through the
# validation flow: created waiting, made pending at its turn, decided by one
# of its reviewers at its turn.
PLAYBOOK_REVIEWED_MODELS = ("sale.order", "sale.contract")
DECISION_FIELDS = frozenset(
    {"status", "done_by", "reviewed_date", "comment", "last_reminder_date", "can_review"}
)


class TierReview(models.Model):
    _inherit = "tier.review"

    def _playbook_reviews(self):
        return self.filtered(lambda r: r.model in PLAYBOOK_REVIEWED_MODELS)

    def _playbook_refuse(self):
        raise AccessError(
            self.env._(
                "Reviews of quotations and contracts change only through their approval "
                "buttons, by the reviewer whose turn it is."
            )
        )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            for vals in vals_list:
                if vals.get("model") not in PLAYBOOK_REVIEWED_MODELS:
                    continue
                definition = self.env["tier.definition"].browse(vals.get("definition_id"))
                if (
                    vals.get("status", "waiting") != "waiting"
                    or vals.get("done_by")
                    or vals.get("reviewed_date")
                    or definition.model != vals["model"]
                    or not definition.active
                ):
                    self._playbook_refuse()
        return super().create(vals_list)

    def write(self, vals):
        reviews = self._playbook_reviews()
        if reviews and not self.env.su:
            if set(vals) - DECISION_FIELDS:
                self._playbook_refuse()
            if vals.get("done_by") and vals["done_by"] != self.env.uid:
                self._playbook_refuse()
            if "status" in vals:
                reviews._playbook_check_transition(vals["status"])
            elif "comment" in vals and any(self.env.user not in r.reviewer_ids for r in reviews):
                self._playbook_refuse()
        return super().write(vals)

    def _playbook_check_transition(self, status):
        for review in self:
            if status == review.status:
                continue
            if status == "pending":
                allowed = review.status == "waiting"
            elif status in ("approved", "rejected"):
                allowed = (
                    review.status in ("waiting", "pending")
                    and self.env.user in review.reviewer_ids
                    and review._playbook_is_turn(decided_together=self)
                )
            elif status == "cancel":
                # the steps after a rejection are cancelled
                siblings = self.search(
                    [("model", "=", review.model), ("res_id", "=", review.res_id)]
                )
                allowed = review.status == "waiting" and "rejected" in siblings.mapped("status")
            else:
                allowed = False
            if not allowed:
                self._playbook_refuse()

    def _playbook_is_turn(self, decided_together=None):
        """Every earlier step of a sequential approval is approved (or is
        decided in the same breath by the same reviewer)."""
        self.ensure_one()
        if not self.approve_sequence:
            return True
        earlier = self.search(
            [
                ("model", "=", self.model),
                ("res_id", "=", self.res_id),
                ("sequence", "<", self.sequence),
            ]
        )
        if decided_together:
            earlier -= decided_together
        return all(review.status == "approved" for review in earlier)

    def unlink(self):
        reviews = self._playbook_reviews()
        if reviews and not self.env.su:
            # restarting an approval is the document owner's business
            for review in reviews:
                document = self.env[review.model].browse(review.res_id).exists()
                if document:
                    document.check_access("write")
        return super().unlink()

    # ------------------------------------------------------------
    # TEXTS OF base_tier_validation, IN THE USER'S LANGUAGE
    # ------------------------------------------------------------
    # (see tier_validation.py: base_tier_validation's Python sentences are
    # translated from this add-on's catalogue only through these hooks)

    @api.depends("reviewer_ids")
    def _compute_todo_by(self):
        shown = 3
        for review in self:
            if review.reviewer_group_id:
                review.todo_by = self.env._("Group %(group)s", group=review.reviewer_group_id.name)
                continue
            names = ", ".join(review.reviewer_ids[:shown].mapped("display_name"))
            others = len(review.reviewer_ids) - shown
            if others > 0:
                names = self.env._("%(names)s and %(count)s more", names=names, count=others)
            review.todo_by = names or False

    def _notify_review_reminder_body(self):
        days = (fields.Datetime.now() - self.create_date).days
        return self.env._("A review has been waiting for %(days)s days.", days=days)
