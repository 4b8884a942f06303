import re
import shutil
import subprocess
from datetime import date

from lxml import html as lxml_html

from odoo import fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import HttpCase, tagged
from odoo.tests.common import BaseCase

from ..tools.cn_amount import amount_in_words
from ..tools.cn_tax import fapiao_number_error, taxpayer_number_kind
from .test_milestones import MilestoneCase

COMPANY_USCC = "91320594MA1NB7Q506"
CUSTOMER_USCC = "91441900MA4UJ8K20E"


@tagged("post_install", "-at_install")
class TestChineseTaxRules(BaseCase):
    def test_taxpayer_numbers(self):
        self.assertEqual(taxpayer_number_kind(COMPANY_USCC), "uscc")
        self.assertEqual(taxpayer_number_kind("9132 0594 MA1N B7Q5 06"), "uscc")
        self.assertFalse(taxpayer_number_kind("91320594MA1NB7Q507"), "wrong check character")
        self.assertFalse(taxpayer_number_kind("12345"))
        # the older 15-character number: area code + organisation code 60003734-1
        self.assertEqual(taxpayer_number_kind("110000600037341"), "legacy")
        self.assertFalse(taxpayer_number_kind("110000600037342"))

    def test_fapiao_numbers(self):
        self.assertIsNone(fapiao_number_error("digital_special", "", "24322000000012345678"))
        self.assertEqual(
            fapiao_number_error("digital_special", "", "2432200000001234567"), "digital_number"
        )
        self.assertEqual(
            fapiao_number_error("digital_ordinary", "3200221130", "24322000000012345678"),
            "digital_number",
            "a digital e-fapiao has no code",
        )
        self.assertIsNone(fapiao_number_error("paper_special", "3200221130", "01234567"))
        self.assertEqual(fapiao_number_error("paper_special", "032002211301", "01234567"), "code")
        self.assertIsNone(fapiao_number_error("e_ordinary", "032002211301", "01234567"))
        self.assertEqual(fapiao_number_error("paper_ordinary", "3200221130", "1234567"), "number")

    def test_capitals_name_the_currency(self):
        self.assertEqual(amount_in_words(300000, "CNY"), "人民币叁拾万元整")
        self.assertEqual(amount_in_words(1203.45, "CNY"), "人民币壹仟贰佰零叁元肆角伍分")
        self.assertEqual(amount_in_words(12345.67, "USD"), "美元壹万贰仟叁佰肆拾伍点陆柒")
        self.assertEqual(amount_in_words(300000, "USD"), "美元叁拾万整")
        self.assertEqual(amount_in_words(0.5, "EUR"), "欧元零点伍")
        self.assertEqual(amount_in_words(1000, "JPY", 0), "日元壹仟整")
        self.assertEqual(amount_in_words(10.05, "XAF"), "XAF壹拾点零伍")
        self.assertNotIn("元", amount_in_words(12.5, "GBP"), "元 is the renminbi's unit")


class ChineseDocumentsCase(MilestoneCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.finance.groups_id += cls.env.ref("base.group_partner_manager")
        bank = cls.env["res.bank"].create({"name": "中国工商银行苏州工业园区支行"})
        cls.company.write(
            {
                "name": "苏州智排软件科技有限公司",
                "street": "星湖街328号",
                "city": "苏州",
                "zip": "215123",
                "state_id": False,
                "country_id": cls.env.ref("base.cn").id,
                "phone": "0512-62880000",
                "email": "info@zhipai.example.com",
                "vat": COMPANY_USCC,
                "playbook_legal_representative": "赵建国",
            }
        )
        cls.payee = cls.env["res.partner.bank"].create(
            {
                "partner_id": cls.company.partner_id.id,
                "bank_id": bank.id,
                "acc_number": "6222020009000654321",
            }
        )
        cls.company.playbook_bank_account_id = cls.payee

    def new_customer(self, **values):
        return self.env["res.partner"].create(
            {"name": "金陵纺织有限公司", "is_company": True, "user_id": self.rep1.id, **values}
        )

    def contract_for(self, customer, on="2027-01-04"):
        """A signed contract of ``customer`` (VAT special invoices, 30/60/10)."""
        self.customer, saved = customer, self.customer
        self.lead.partner_id = customer
        try:
            return self.signed_contract(on=on)
        finally:
            self.customer = saved


@tagged("post_install", "-at_install")
class TestLegalAndTaxData(ChineseDocumentsCase):
    def test_company_credit_code_is_validated(self):
        with self.assertRaises(ValidationError):
            self.company.write({"vat": "91320594MA1NB7Q507"})
        self.assertEqual(self.company.vat, COMPANY_USCC, "nothing saved")
        with self.assertRaises(ValidationError):
            self.company.write({"vat": "110000600037341"})  # a company has a USCC
        # the company's legal data is the administrator's: not a representative's
        with self.assertRaises(AccessError):
            self.company.with_user(self.rep1).write({"playbook_legal_representative": "张三"})
        with self.assertRaises(AccessError):
            self.company.with_user(self.finance).write({"vat": "91310000MA1FL3X001"})
        self.assertEqual(self.company.playbook_legal_representative, "赵建国")

    def test_customer_taxpayer_number_is_validated(self):
        customer = self.new_customer(country_id=self.env.ref("base.cn").id)
        with self.assertRaises(ValidationError):
            customer.with_user(self.finance).write({"vat": "9144190MA4UJ8K20E"})
        self.assertFalse(customer.vat, "nothing saved")
        customer.with_user(self.finance).write({"vat": "9144 1900 MA4U J8K2 0E"})
        self.assertEqual(customer.vat, CUSTOMER_USCC, "stored without spaces")
        customer.with_user(self.finance).write({"vat": "110000600037341"})  # older number
        self.assertEqual(customer.vat, "110000600037341")
        # a foreign customer keeps its own tax ID
        foreign = self.new_customer(name="Acme GmbH", country_id=self.env.ref("base.de").id)
        foreign.vat = "DE123456789"
        self.assertEqual(foreign.vat, "DE123456789")

    def test_vat_special_invoice_waits_for_the_invoicing_data(self):
        customer = self.new_customer()
        contract = self.contract_for(customer)
        prepayment = contract.milestone_ids.sorted("sequence")[0]
        self.assertEqual(prepayment.state, "due")
        self.assertFalse(prepayment.invoice_id, "no VAT special invoice without invoicing data")
        self.assertIn("taxpayer number", prepayment.invoicing_missing)
        self.assertIn("bank and account", prepayment.invoicing_missing)
        Milestone = self.env["sale.contract.milestone"].with_user(self.finance)
        self.assertIn(prepayment, Milestone.search([("invoicing_missing", "!=", False)]))
        self.assertNotIn(prepayment, Milestone.search([("invoicing_missing", "=", False)]))
        # a second contract and two daily runs: still one to-do for finance
        self.contract_for(customer, on="2027-01-05")
        self.cron("2027-01-06")
        self.cron("2027-01-07")
        todos = self.env["mail.activity"].search(
            [("res_model", "=", "res.partner"), ("res_id", "=", customer.id)]
        )
        self.assertEqual(len(todos), 1)
        self.assertEqual(todos.user_id, self.finance)
        self.assertEqual(
            todos.activity_type_id, self.env.ref("sales_playbook.mail_activity_type_invoicing_data")
        )
        self.assertIn(contract.name, todos.note)
        self.assertFalse(customer.sale_order_ids.invoice_ids)
        # a taxpayer number of the wrong shape is not enough either
        customer.with_user(self.finance).write({"vat": "ABC"})
        self.give_invoicing_data(customer, vat="ABC")
        self.cron("2027-01-08")
        self.assertFalse(prepayment.invoice_id)
        self.assertIn("valid taxpayer number", prepayment.invoicing_missing)
        # finance completes it: the next run invoices, the to-do is done
        customer.with_user(self.finance).write({"vat": CUSTOMER_USCC})
        self.assertFalse(prepayment.invoicing_missing)
        self.cron("2027-01-09")
        self.assertEqual(prepayment.state, "invoiced")
        self.assertEqual(prepayment.invoice_id.playbook_invoice_type, "vat_special")
        self.assertFalse(
            self.env["mail.activity"].search(
                [("res_model", "=", "res.partner"), ("res_id", "=", customer.id)]
            ),
            "the to-do is done",
        )

    def test_finance_records_the_fapiao(self):
        self.company.playbook_milestone_post_invoice = True
        contract = self.signed_contract()
        prepayment = contract.milestone_ids.sorted("sequence")[0]
        invoice = prepayment.invoice_id
        fapiao = {
            "playbook_fapiao_type": "digital_special",
            "playbook_fapiao_number": "24322000000012345678",
            "playbook_fapiao_date": date(2027, 1, 5),
        }
        with self.assertRaises(AccessError):
            invoice.with_user(self.rep1).write(fapiao)
        # code run for the salesperson with sudo(): still not finance
        with self.assertRaises(AccessError):
            invoice.with_user(self.rep1).sudo().write(fapiao)
        # nor on a new invoice
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            self.env["account.move"].with_user(self.rep1).sudo().create(
                {"move_type": "out_invoice", "partner_id": self.customer.id, **fapiao}
            )
        for wrong in (
            {"playbook_fapiao_number": "2432200000001234567"},  # 19 digits
            {"playbook_fapiao_code": "3200221130"},  # a digital e-fapiao has no code
            {"playbook_fapiao_type": "paper_special", "playbook_fapiao_code": "320022113"},
            {"playbook_fapiao_date": False},
        ):
            with self.assertRaises(ValidationError), self.env.cr.savepoint():
                invoice.with_user(self.finance).write({**fapiao, **wrong})
        self.assertFalse(invoice.playbook_fapiao_number, "nothing saved")
        invoice.with_user(self.finance).write(fapiao)
        self.assertEqual(prepayment.fapiao_ref, "24322000000012345678")
        self.assertEqual(prepayment.fapiao_date, date(2027, 1, 5))
        self.assertEqual(prepayment.with_user(self.rep1).fapiao_type, "digital_special")
        # the same fapiao cannot be recorded twice
        self.deliver(contract, "2027-01-20")
        delivery = contract.milestone_ids.sorted("sequence")[1]
        with self.assertRaises(ValidationError):
            delivery.invoice_id.with_user(self.finance).write(fapiao)
        # an older paper fapiao: code and number
        delivery.invoice_id.with_user(self.finance).write(
            {
                "playbook_fapiao_type": "paper_special",
                "playbook_fapiao_code": "3200 2211 30",
                "playbook_fapiao_number": "01234567",
                "playbook_fapiao_date": date(2027, 1, 21),
            }
        )
        self.assertEqual(delivery.fapiao_ref, "3200221130 01234567")


@tagged("post_install", "-at_install")
class TestChineseDocumentsPdf(HttpCase, ChineseDocumentsCase):
    """The printed forms read back from the PDF: letterhead, 第 X 页 / 共 Y 页,
    （以下无正文）, no down-payment line, one language."""

    # a browser test: the server follows the machine's clock
    _frozen_now = None

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(
            ["uom", "sales_playbook"], ["zh_CN"], overwrite=True
        )
        cny = cls.env.ref("base.CNY")
        cny.active = True
        cls.customer.write(
            {
                "name": "华信制造",
                "lang": "zh_CN",
                "playbook_invoice_title": "华信制造（苏州）有限公司",
                "property_product_pricelist": cls.env["product.pricelist"]
                .create({"name": "人民币", "currency_id": cny.id})
                .id,
            }
        )
        cls.product.name = "排产系统许可"
        cls.lead.name = "华信排产系统"

    def pdf_text(self, report_xmlid, records, user):
        report = self.env.ref(report_xmlid)
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

    def assert_letterhead_and_pages(self, text):
        self.assertIn("苏州智排软件科技有限公司", text)
        self.assertIn("统一社会信用代码", text)
        self.assertIn(COMPANY_USCC, text)
        # pdftotext drops the spaces between CJK characters and digits
        pages = re.findall(r"第\s*(\d+)\s*页\s*/\s*共\s*(\d+)\s*页", text)
        self.assertTrue(pages, "page numbers on every page")
        total = int(pages[0][1])
        self.assertEqual([int(page) for page, _of in pages], list(range(1, total + 1)))

    def signed_chinese_contract(self):
        with self.frozen("2027-01-04 10:00:00"):
            contract = self.draft_contract()
            contract.write(
                {
                    "title": "华信排产系统供货合同",
                    "delivery_place": "华信苏州工厂",
                    "acceptance_criteria": "系统连续运行30天无阻断性缺陷",
                }
            )
            self.review_all(contract)
            self.sign(contract)
        return contract

    def test_contract_prints_in_chinese_without_down_payments(self):
        contract = self.signed_chinese_contract()
        self.assertEqual(contract.currency_id.name, "CNY")
        self.deliver(contract, "2027-01-20")
        order = contract.order_id
        down_payments = order.order_line.filtered("is_downpayment")
        self.assertTrue(down_payments, "invoicing the milestones added down-payment lines")
        self.assertEqual(contract.line_ids, order.order_line - down_payments)
        text = self.pdf_text("sales_playbook.action_report_contract", contract, self.rep1)
        self.assert_letterhead_and_pages(text)
        for expected in (
            "华信排产系统供货合同",
            "华信制造（苏州）有限公司",
            "人民币壹拾万元整",
            "预付款",
            "6222020009000654321",
            "赵建国",
            "（以下无正文）",
            contract.version_code,
        ):
            self.assertIn(expected, text)
        for line in down_payments.filtered(lambda line: not line.display_type):
            self.assertNotIn(line.name, text)
        self.assertIn("星湖街328号", text)
        self.assertLess(text.index("（以下无正文）"), text.index("盖章处"))
        # one language: no English word in the contract (codes and numbers aside)
        html = (
            self.env["ir.actions.report"]
            .with_user(self.rep1)
            ._render_qweb_html("sales_playbook.report_contract", contract.ids)[0]
            .decode()
        )
        body = lxml_html.fromstring(html).xpath("//div[hasclass('article')]")[0].text_content()
        for allowed in (
            contract.name,
            contract.version_code,
            COMPANY_USCC,
            "info@zhipai.example.com",
        ):
            body = body.replace(allowed, "")
        self.assertEqual(re.findall(r"[A-Za-z]{2,}", body), [], "an English word is left")

    def test_payment_reminder_is_a_letter_from_the_company(self):
        self.company.playbook_milestone_post_invoice = True
        contract = self.signed_chinese_contract()
        prepayment = contract.milestone_ids.sorted("sequence")[0]
        prepayment.invoice_id.with_user(self.finance).write(
            {
                "playbook_fapiao_type": "digital_special",
                "playbook_fapiao_number": "27322000000000000042",
                "playbook_fapiao_date": date(2027, 1, 5),
            }
        )
        self.cron("2027-03-10")
        self.assertTrue(prepayment.overdue)
        self.finance.partner_id.phone = "0512-62880001"
        text = self.pdf_text(
            "sales_playbook.action_report_payment_reminder", prepayment, self.finance
        )
        today = fields.Date.context_today(prepayment)
        self.assert_letterhead_and_pages(text)
        for expected in (
            "催款函",
            "华信制造（苏州）有限公司",
            "27322000000000000042",
            "6222020009000654321",
            "人民币叁万元整",
            today.strftime("%Y年%m月%d日"),
            f"CK{today.strftime('%Y%m%d')}-{self.customer.id:06d}",
            self.finance.name,
            "0512-62880001",
            "盖章处",
        ):
            self.assertIn(expected, text)
        self.assertNotIn("甲方", text, "no signature block for the customer")
        statement = self.pdf_text(
            "sales_playbook.action_report_collection_statement", self.customer, self.rep1
        )
        self.assertIn("27322000000000000042", statement)

    def test_acceptance_report_has_letterhead_and_page_numbers(self):
        contract = self.signed_chinese_contract()
        acceptance = self.env["sale.contract.acceptance"].create(
            {"contract_id": contract.id, "date": date(2027, 2, 1)}
        )
        text = self.pdf_text("sales_playbook.action_report_acceptance", acceptance, self.rep1)
        self.assert_letterhead_and_pages(text)
        self.assertIn("项目验收报告", text)
        self.assertIn("盖章处", text)
        # the approval sheets print the reviewers' steps in Chinese
        text = self.pdf_text("sales_playbook.action_report_contract_approval", contract, self.rep1)
        self.assert_letterhead_and_pages(text)
        self.assertIn("已批准", text)
        self.assertNotIn("Approved", text)
        text = self.pdf_text(
            "sales_playbook.action_report_quotation_approval", contract.order_id, self.rep1
        )
        self.assertIn("报价审批表", text)
        self.assertIn("已批准", text)
