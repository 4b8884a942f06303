from datetime import timedelta

from odoo import fields, models


class SalesPlaybookCreditRelease(models.TransientModel):
    _name = "sales.playbook.credit.release"
    _description = "Release a Credit Hold"

    partner_id = fields.Many2one("res.partner", required=True, ondelete="cascade")
    reason = fields.Text(required=True)
    until = fields.Date(
        string="Released Until",
        required=True,
        default=lambda self: fields.Date.context_today(self) + timedelta(days=30),
    )

    def action_release(self):
        self.ensure_one()
        self.partner_id._playbook_release_credit_hold(self.reason, self.until)
        # the credit hold warning resolves at once, not at the next daily check
        self.env["sales.playbook.risk"]._playbook_evaluate(
            self.env.company, {"credit_hold": self.partner_id.commercial_partner_id.ids}
        )
        return {"type": "ir.actions.act_window_close"}
