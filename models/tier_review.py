from odoo import api, models
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

    def _playbook_status_label(self):
        """The review's decision as the add-on's forms print it, in the
        language of ``self.env`` (base_tier_validation's own catalogue leaves
        many Chinese terms empty)."""
        self.ensure_one()
        labels = {
            "waiting": self.env._("Waiting for its turn"),
            "pending": self.env._("Under review"),
            "approved": self.env._("Approved"),
            "rejected": self.env._("Rejected"),
            "cancel": self.env._("Cancelled"),
        }
        return labels.get(self.status, self.status or "")
