from psycopg2 import errors

from odoo import models
from odoo.exceptions import UserError
from odoo.tools import SQL, mute_logger

from .tier_review import PLAYBOOK_REVIEWED_MODELS


class TierValidation(models.AbstractModel):
    _inherit = "tier.validation"

    def _playbook_review_flow(self):
        return self.env["tier.review"]._playbook_review_flow()

    def request_validation(self):
        if self._name not in PLAYBOOK_REVIEWED_MODELS:
            return super().request_validation()
        with self._playbook_review_flow():
            reviews = super().request_validation()
            # reviews point at their document by a plain id: refresh the one2many
            self.invalidate_recordset(["review_ids", "need_validation"])
            # the first step is pending at once, and its reviewers are told
            reviews._compute_can_review()
        return reviews

    def restart_validation(self):
        if self._name not in PLAYBOOK_REVIEWED_MODELS:
            return super().restart_validation()
        with self._playbook_review_flow():
            return super().restart_validation()

    def validate_tier(self):
        if self._name in PLAYBOOK_REVIEWED_MODELS:
            self._playbook_check_can_review()
        return super().validate_tier()

    def reject_tier(self):
        if self._name in PLAYBOOK_REVIEWED_MODELS:
            self._playbook_check_can_review()
        return super().reject_tier()

    def _playbook_decide(self, approve=True, comment=""):
        """The current user decides on their step as with the buttons: Validate
        or Reject, then the comment the approval matrix asks for. For server
        code acting for a reviewer (data files, imports of decisions)."""
        self.ensure_one()
        action = self.validate_tier() if approve else self.reject_tier()
        if isinstance(action, dict) and action.get("res_model") == "comment.wizard":
            self.env["comment.wizard"].with_context(**action["context"]).create(
                {"comment": comment or "-"}
            ).add_comment()
        return True

    def _playbook_check_can_review(self):
        """A clear refusal instead of base_tier_validation's silent no-op."""
        for record in self:
            if not record.can_review:
                raise UserError(
                    self.env._(
                        "%(record)s has no review waiting for you: either you are not a "
                        "reviewer of its current step, or the step before yours is not "
                        "approved yet.",
                        record=record.display_name,
                    )
                )

    def _playbook_lock_reviews(self):
        """Two reviewers deciding on the same document at the same moment: the
        second is told to reload instead of both decisions mixing."""
        for record in self:
            try:
                # an expected refusal, not a failed query worth an error log
                with self.env.cr.savepoint(flush=False), mute_logger("odoo.sql_db"):
                    self.env.cr.execute(
                        SQL(
                            "SELECT id FROM %s WHERE model = %s AND res_id = %s "
                            "FOR NO KEY UPDATE NOWAIT",
                            SQL.identifier(self.env["tier.review"]._table),
                            record._name,
                            record.id,
                        )
                    )
            except errors.LockNotAvailable:
                raise UserError(
                    self.env._(
                        "Someone else is deciding on %(record)s right now; reload it in a moment.",
                        record=record.display_name,
                    )
                ) from None

    def _tier_validation_check_write_remove_reviews(self, vals):
        # a document cancelled or set back to draft starts over: part of the flow
        if self._name not in PLAYBOOK_REVIEWED_MODELS:
            return super()._tier_validation_check_write_remove_reviews(vals)
        with self._playbook_review_flow():
            return super()._tier_validation_check_write_remove_reviews(vals)

    def unlink(self):
        # a deleted document takes its reviews along
        if self._name not in PLAYBOOK_REVIEWED_MODELS:
            return super().unlink()
        with self._playbook_review_flow():
            return super().unlink()

    def _validate_tier(self, tiers=False):
        if self._name not in PLAYBOOK_REVIEWED_MODELS:
            return super()._validate_tier(tiers=tiers)
        self._playbook_lock_reviews()
        with self._playbook_review_flow():
            return super()._validate_tier(tiers=tiers)

    def _rejected_tier(self, tiers=False):
        if self._name not in PLAYBOOK_REVIEWED_MODELS:
            return super()._rejected_tier(tiers=tiers)
        self._playbook_lock_reviews()
        with self._playbook_review_flow():
            res = super()._rejected_tier(tiers=tiers)
        self._playbook_notify_rejection()
        return res

    def _playbook_notify_rejection(self):
        """The rejection comes back to the document's owner as a to-do with
        the reviewer's comment."""
        for record in self:
            rejected = record.review_ids.filtered(
                lambda r: r.status == "rejected" and r.done_by == self.env.user
            )[-1:]
            owner = record._playbook_owner() or record.create_uid
            if not rejected or not owner:
                continue
            env = record._playbook_in_lang_of(owner).env  # written for the owner
            # the owner's to-do, planned by a reviewer who may only read the document
            record.sudo().activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=owner.id,
                summary=env._("Rejected: %(step)s", step=rejected.with_env(env).name),
                note=env._(
                    "%(reviewer)s rejected %(record)s: %(comment)s",
                    reviewer=self.env.user.name,
                    record=record.display_name,
                    comment=rejected.comment or env._("no comment"),
                ),
            )

    def _playbook_owner(self):
        """Whom the document's to-dos and notes are for: its salesperson."""
        self.ensure_one()
        return self.user_id

    def _notify_review_available(self, tier_reviews):
        """base_tier_validation posts its 'review requested' message with a
        subtype nobody follows by default: for the playbook's documents the
        reviewers whose turn it is are addressed by name instead."""
        if self._name not in PLAYBOOK_REVIEWED_MODELS:
            return super()._notify_review_available(tier_reviews)
        # the reviewers are told on a document the deciding reviewer may only read
        for record in self.sudo():
            reviews = tier_reviews.filtered(
                lambda r, rec=record: r.definition_id.notify_on_pending and r.res_id == rec.id
            )
            reviewers = reviews.reviewer_ids
            if not reviewers:
                continue
            record.message_subscribe(partner_ids=reviewers.partner_id.ids)
            # one notice per language, each reviewer addressed in theirs
            for lang_reviewers in reviewers.grouped(lambda user: user.lang).values():
                env = record._playbook_in_lang_of(lang_reviewers).env
                record.message_post(
                    body=env._(
                        "Your review is requested: %(step)s (asked by %(user)s).",
                        step=", ".join(reviews.with_env(env).mapped("name")),
                        user=self.env.user.name,
                    ),
                    partner_ids=lang_reviewers.partner_id.ids,
                    subtype_xmlid="mail.mt_note",
                )

    # ------------------------------------------------------------
    # TEXTS OF base_tier_validation, IN THE USER'S LANGUAGE
    # ------------------------------------------------------------
    # Odoo looks a Python string up in the catalogues of the module whose code
    # calls _() only (odoo.tools.translate.CodeTranslations): the sentences
    # base_tier_validation leaves untranslated cannot be completed from a po
    # file of this add-on, so the hooks that build them are given here.

    def _compute_next_review(self):
        for record in self:
            pending = record.review_ids.filtered(lambda r: r.status == "pending")
            review = pending.sorted("sequence")[:1]
            record.next_review = review and self.env._("Next: %(step)s", step=review.name or "")

    def _add_comment(self, validate_reject, reviews):
        action = super()._add_comment(validate_reject, reviews)
        if validate_reject == "validate":
            action["name"] = self.env._("Approve: Your Comment")
        else:
            action["name"] = self.env._("Reject: Your Comment")
        return action

    def _playbook_note_env(self):
        """The notes on a playbook document are for its salesperson: in
        their language, whichever reviewer's decision wrote them."""
        if self._name not in PLAYBOOK_REVIEWED_MODELS or len(self) != 1:
            return self.env
        return self._playbook_in_lang_of(self._playbook_owner()).env

    def _notify_created_review_body(self):
        return self._playbook_note_env()._(
            "%(user)s created a record to be reviewed.", user=self.env.user.name
        )

    def _notify_requested_review_body(self):
        return self._playbook_note_env()._("%(user)s requested a review.", user=self.env.user.name)

    def _notify_accepted_reviews_body(self):
        env = self._playbook_note_env()
        comment = self._playbook_own_review_comment("approved")
        if comment:
            return env._("A review was approved: %(comment)s", comment=comment)
        return env._("A review was approved.")

    def _notify_rejected_review_body(self):
        env = self._playbook_note_env()
        comment = self._playbook_own_review_comment("rejected")
        if comment:
            return env._(
                "%(user)s rejected a review: %(comment)s",
                user=self.env.user.name,
                comment=comment,
            )
        return env._("%(user)s rejected a review.", user=self.env.user.name)

    def _notify_restarted_review_body(self):
        return self._playbook_note_env()._(
            "%(user)s restarted the approval.", user=self.env.user.name
        )

    def _playbook_own_review_comment(self, status):
        """The comment of the current user's latest decision of ``status``."""
        decided = self.review_ids.filtered(
            lambda r: r.done_by == self.env.user and r.status == status and r.comment
        ).sorted(lambda r: (r.reviewed_date or r.write_date, r.id))
        return decided[-1:].comment
