from odoo import api, models


class ResUsers(models.Model):
    _inherit = "res.users"

    @api.model
    def review_user_count(self):
        """The reviews menu of the top bar names each kind of document in the
        user's language (base_tier_validation gives the model's technical
        description)."""
        groups = super().review_user_count()
        # sudo: ir.model is an administrator's model; the translated name of a
        # kind of document the user reviews is no secret
        IrModel = self.env["ir.model"].sudo()
        for group in groups:
            group["name"] = IrModel._get(group["model"]).name
        return groups
