from odoo import models


class SurveyUserInput(models.Model):
    _inherit = "survey.user_input"

    def _mark_done(self):
        result = super()._mark_done()
        # the customer submits as a public user; their invitation records the answer
        records = (
            self.env["sales.playbook.satisfaction"]
            .sudo()
            .search([("user_input_id", "in", self.ids), ("state", "=", "sent")])
        )
        records._playbook_record_answers()
        return result
