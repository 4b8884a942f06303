from odoo import models


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _get_rendering_context(self, report, docids, data):
        # quotations print only once approved, whichever report and whichever
        # way (print menu, e-mail attachment, portal download, RPC)
        if report.model == "sale.order" and docids:
            orders = self.env["sale.order"].browse(docids).exists()
            orders.filtered(lambda o: o.state in o._state_from)._playbook_check_approved(
                self.env._("printed")
            )
        return super()._get_rendering_context(report, docids, data)
