from odoo import models

from ..models.tier_review import PLAYBOOK_REVIEWED_MODELS


class CommentWizard(models.TransientModel):
    _inherit = "comment.wizard"

    def add_comment(self):
        # decide first who is deciding: the comment is written on the review
        # before the decision, and must not wait behind another reviewer's
        if self.res_model not in PLAYBOOK_REVIEWED_MODELS:
            return super().add_comment()
        self.env[self.res_model].browse(self.res_id)._playbook_lock_reviews()
        with self.env["tier.review"]._playbook_review_flow():
            return super().add_comment()
