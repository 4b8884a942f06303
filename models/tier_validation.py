from psycopg2 import errors

from odoo import models
from odoo.exceptions import UserError


class TierValidation(models.AbstractModel):
    _inherit = "tier.validation"

    def _playbook_check_can_review(self):
        """A clear refusal instead of base_tier_validation's silent no-op."""
        for record in self:
            if not record.can_review:
                raise UserError(self.env._(
                    "%(record)s has no review waiting for you: either you are not a "
                    "reviewer of its current step, or the step before yours is not "
                    "approved yet.",
                    record=record.display_name,
                ))

    def _playbook_lock_reviews(self):
        """Two reviewers deciding on the same document at the same moment: the
        second is told to reload instead of both decisions mixing."""
        for record in self:
            try:
                with self.env.cr.savepoint(flush=False):
                    self.env.cr.execute(
                        "SELECT id FROM tier_review WHERE model = %s AND res_id = %s "
                        "FOR UPDATE NOWAIT",
                        (record._name, record.id),
                    )
            except errors.LockNotAvailable:
                raise UserError(self.env._(
                    "Someone else is deciding on %(record)s right now; reload it in a moment.",
                    record=record.display_name,
                )) from None
