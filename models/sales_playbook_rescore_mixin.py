from odoo import api, models


class SalesPlaybookRescoreMixin(models.AbstractModel):
    """Configuration whose change changes lead scores and grades (scorecards,
    criteria, levels, grade rules): any change wakes the batched rescore."""

    _name = "sales.playbook.rescore.mixin"
    _inherit = ["sales.playbook.guarded.mixin"]
    _description = "Playbook Scoring Configuration"

    # Whether a change of these records changes lead scores and grades.
    _playbook_rescores = True

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        if self._playbook_rescores:
            self.env["crm.lead"]._playbook_schedule_rescore()
        return records

    def write(self, vals):
        result = super().write(vals)
        if self._playbook_rescores:
            self.env["crm.lead"]._playbook_schedule_rescore()
        return result

    def unlink(self):
        result = super().unlink()
        if self._playbook_rescores:
            self.env["crm.lead"]._playbook_schedule_rescore()
        return result
