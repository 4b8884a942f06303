from odoo import models

from ..models.tier_review import PLAYBOOK_REVIEWED_MODELS


class CommentWizard(models.TransientModel):
    _inherit = "comment.wizard"

    def add_comment(self):
        # decide first who is deciding: the comment is written on the review
        # before the decision, and must not wait behind another reviewer's
        if self.res_model in PLAYBOOK_REVIEWED_MODELS:
            self.env[self.res_model].browse(self.res_id)._playbook_lock_reviews()
        return super().add_comment()
