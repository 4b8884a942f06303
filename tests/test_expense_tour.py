import logging
import shutil
import subprocess

from odoo.tests import HttpCase, tagged

from ..tools.cn_amount import amount_in_words
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
        self.assertTrue(sheet.approval_date)
        self.assertEqual(sheet.expense_line_ids.state, "approved")


@tagged("post_install", "-at_install")
class TestExpenseForms(HttpCase, ExpenseCase):
    """费用报销单 and 年度销售费用预算表 print in Chinese for a Chinese
    salesperson and manager. An HttpCase: wkhtmltopdf fetches the report's
    assets from Odoo's HTTP server, which must share the test transaction."""

    _frozen_now = None

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(
            ["sales_playbook"], ["zh_CN"], overwrite=True
        )
        (cls.rep1 | cls.supervisor).write({"lang": "zh_CN"})

    def pdf_text(self, xmlid, records, user):
        report = self.env.ref(xmlid)
        pdf, report_format = (
            self.env["ir.actions.report"]
            .with_user(user)
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(report.report_name, records.ids)
        )
        self.assertEqual(report_format, "pdf")
        pdftotext = shutil.which("pdftotext")
        self.assertTrue(pdftotext, "poppler-utils (pdftotext) is installed by make setup")
        return subprocess.run(
            [pdftotext, "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
        ).stdout.decode()

    def test_reimbursement_form_and_budget_sheet(self):
        budget = self.approved_budget()
        sheet = self.report(self.rep1, 803.45, playbook_lead_id=self.lead.id)
        self.approve_report(sheet)
        text = self.pdf_text("sales_playbook.action_report_expense_sheet", sheet, self.rep1)
        for expected in (
            "费用报销单",
            amount_in_words(803.45, sheet.company_currency_id.name),
            "Huaxin scheduling",
            "报销人",
            "部门经理",
            "财务审核",
            "总经理",
            self.supervisor.name,
            self.finance.name,
        ):
            self.assertIn(expected, text)
        text = self.pdf_text("sales_playbook.action_report_expense_budget", budget, self.supervisor)
        for expected in ("年度销售费用预算表", "差旅费", "招待费", "803", "剩余"):
            self.assertIn(expected, text)
