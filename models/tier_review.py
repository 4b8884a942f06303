from odoo import api, fields, models
from odoo.exceptions import AccessError

from .sales_playbook_guarded_mixin import door_is_open, open_door

# base_tier_validation lets every internal user create, write and delete
# reviews. For the documents of the playbook a review is the approval record:
# it only moves through the approval flow (requested → pending at its turn →
# decided by one of its reviewers at its turn; withdrawn when the document
# starts a new round), and nothing else writes any of its fields.

PLAYBOOK_REVIEWED_MODELS = (
    "sale.order",
    "sale.contract",
    "sales.playbook.credit.assessment",
    "sales.playbook.expense.budget",
    "hr.expense.sheet",
)


class TierReview(models.Model):
    _inherit = "tier.review"

    @api.model
    def _playbook_review_flow(self):
        """The approval flow's door: the methods of the flow (request,
        validate, reject, comment, restart, reminders) write reviews inside
        it; nothing else does."""
        return open_door(self._name, None, self._fields)

    def _playbook_reviews(self):
        return self.filtered(lambda r: r.model in PLAYBOOK_REVIEWED_MODELS)

    def _playbook_refuse(self):
        raise AccessError(
            self.env._(
                "Approval reviews (quotations, contracts, credit assessments, expense "
                "budgets) change only through their approval buttons, by the reviewer "
                "whose turn it is."
            )
        )

    def _playbook_in_flow(self, fnames):
        return door_is_open(self._name, self._ids, set(fnames))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("model") not in PLAYBOOK_REVIEWED_MODELS:
                continue
            definition = self.env["tier.definition"].browse(vals.get("definition_id"))
            if (
                not self._playbook_in_flow(vals)
                or vals.get("status", "waiting") != "waiting"
                or vals.get("done_by")
                or vals.get("reviewed_date")
                or definition.model != vals["model"]
                or not definition.active
            ):
                self._playbook_refuse()
        return super().create(vals_list)

    def write(self, vals):
        reviews = self._playbook_reviews()
        if reviews:
            if not reviews._playbook_in_flow(vals):
                self._playbook_refuse()
            if vals.get("done_by") and vals["done_by"] != self.env.uid:
                self._playbook_refuse()
            if "status" in vals:
                reviews._playbook_check_transition(vals["status"])
            elif "comment" in vals:
                reviews._playbook_check_comment()
        return super().write(vals)

    def _playbook_check_comment(self):
        """The reviewer whose turn it is comments on their own decision."""
        for review in self:
            if (
                review.status not in ("waiting", "pending")
                or self.env.user not in review.reviewer_ids
                or not review._playbook_is_turn()
            ):
                self._playbook_refuse()

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

    @api.ondelete(at_uninstall=False)
    def _unlink_playbook_only_in_flow(self):
        reviews = self._playbook_reviews()
        if reviews and not reviews._playbook_in_flow(()):
            self._playbook_refuse()
        for review in reviews:
            # withdrawing an approval is the document owner's business
            document = self.env[review.model].browse(review.res_id).exists()
            if document:
                document.check_access("write")

    @api.depends("definition_id.approve_sequence")
    def _compute_can_review(self):
        # the flow's own bookkeeping: a waiting review becomes pending at its turn
        with self._playbook_review_flow():
            return super()._compute_can_review()

    def _send_review_reminder(self):
        with self._playbook_review_flow():
            return super()._send_review_reminder()

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
