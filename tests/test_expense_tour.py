import logging

from odoo.tests import HttpCase, tagged

from .test_expense import ExpenseCase

_logger = logging.getLogger(__name__)


@tagged("post_install", "-at_install")
class TestExpenseTour(HttpCase, ExpenseCase):
    # a browser test: the server and the browser follow the machine's clock
    _frozen_now = None

    def test_rep_submits_manager_approves_finance_audits(self):
        """Team East's travel budget of the month is 1,000, of which 300 are
        spent: Rep One submits a report of 120 (700 left, shown), the team
        leader approves it, finance audits it."""
        self.approved_budget()
        self.approve_report(self.report(self.rep1, 300.0))
        sheet = self.report(self.rep1, 120.0)
        sheet.name = "Customer visits in Suzhou"
        sheet.expense_line_ids.write({"playbook_lead_id": self.lead.id})
        for name, login in (
            ("sales_playbook_expense_submit_tour", "pb_rep1"),
            ("sales_playbook_expense_approve_tour", "pb_supervisor"),
            ("sales_playbook_expense_audit_tour", "pb_exp_finance"),
        ):
            self.start_tour("/odoo", name, login=login, timeout=120)
            _logger.info("sales_playbook tour done: %s", name)
        self.env.invalidate_all()
        reviews = sheet.sudo().review_ids.sorted("sequence")
        self.assertEqual(reviews.mapped("done_by"), self.supervisor | self.finance)
        self.assertEqual(sheet.state, "approve")
        self.assertFalse(sheet.playbook_over_budget)
        self.assertTrue(sheet.account_move_ids)
