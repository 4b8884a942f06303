import shutil
import subprocess
from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged

from ..tools.cn_amount import amount_in_words
from .common import ContractCase


@tagged("post_install", "-at_install")
class TestPlaybookReports(HttpCase, ContractCase):
    """The manual's forms print in the partner's language, Chinese included.

    An HttpCase: wkhtmltopdf fetches the report's assets from Odoo's HTTP
    server, which must share the test transaction."""

    # a browser test: the server and the browser follow the machine's clock
    _frozen_now = None

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(
            ["sales_playbook"], ["zh_CN"], overwrite=True
        )
        cls.partner_zh = cls.env["res.partner"].create(
            {
                "name": "华信制造有限公司",
                "is_company": True,
                "lang": "zh_CN",
                "user_id": cls.rep1.id,
            }
        )
        cls.lead = cls.env["crm.lead"].create(
            cls.qualified_values(
                user_id=cls.rep1.id,
                partner_id=cls.partner_zh.id,
                partner_name="华信制造有限公司",
                contact_name="李伟",
            )
        )

    def _pdf_text(self, report_xmlid):
        return self._pdf_text_of(report_xmlid, self.lead)

    def _pdf_text_of(self, report_xmlid, records):
        report = self.env.ref(report_xmlid)
        pdf, report_format = (
            self.env["ir.actions.report"]
            .with_user(self.rep1)
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(report.report_name, records.ids)
        )
        self.assertEqual(report_format, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        pdftotext = shutil.which("pdftotext")
        self.assertTrue(pdftotext, "poppler-utils (pdftotext) is installed by make setup")
        return subprocess.run(
            [pdftotext, "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
        ).stdout.decode()

    def test_customer_information_form_in_chinese(self):
        html = (
            self.env["ir.actions.report"]
            .with_user(self.rep1)
            ._render_qweb_html("sales_playbook.report_customer_info", self.lead.ids)[0]
            .decode()
        )
        self.assertIn("客户信息表", html)
        self.assertIn("华信制造有限公司", html)
        text = self._pdf_text("sales_playbook.action_report_customer_info")
        self.assertIn("客户信息表", text)
        self.assertIn("李伟", text)

    def test_priority_score_sheet_in_chinese(self):
        html = (
            self.env["ir.actions.report"]
            .with_user(self.rep1)
            ._render_qweb_html("sales_playbook.report_priority_score", self.lead.ids)[0]
            .decode()
        )
        self.assertIn("行业匹配度", html, "criteria print in Chinese")
        self.assertIn('<th class="text-end">91</th>', html)
        # the PDF's Latin text uses web fonts pdftotext cannot map; its CJK text it can
        text = self._pdf_text("sales_playbook.action_report_priority_score")
        self.assertIn("客户优先级评估表", text)
        self.assertIn("高潜力", text)

    def test_english_partner_gets_english_form(self):
        self.partner_zh.lang = "en_US"
        html = (
            self.env["ir.actions.report"]
            .with_user(self.rep1)
            ._render_qweb_html("sales_playbook.report_priority_score", self.lead.ids)[0]
            .decode()
        )
        self.assertIn("Customer Priority Assessment", html)
        self.assertNotIn("客户优先级评估表", html)
        self.assertIn("Decision chain known", html)

    def test_target_list_and_first_contact_record(self):
        other = self.env["crm.lead"].create(
            self.qualified_values(
                name="Smaller deal",
                user_id=self.rep1.id,
                urgency="low",
                partner_name="Small Co",
            )
        )
        Report = self.env["ir.actions.report"].with_user(self.rep1)
        html = Report._render_qweb_html(
            "sales_playbook.report_target_customers", (other | self.lead).ids
        )[0].decode()
        self.assertIn("Target Customer List", html)
        self.assertLess(html.index("华信制造有限公司"), html.index("Small Co"), "best score first")

        record = (
            self.env["sales.playbook.first.contact"]
            .with_user(self.rep1)
            .create(
                {
                    "lead_id": self.lead.id,
                    "channel": "visit",
                    "feedback": "愿意安排演示",
                }
            )
        )
        html = Report._render_qweb_html("sales_playbook.report_first_contact", record.ids)[
            0
        ].decode()
        self.assertIn("首次沟通记录", html)
        self.assertIn("拜访", html, "the channel prints in the customer's language")
        self.assertIn("愿意安排演示", html)

    def test_needs_list_in_chinese(self):
        self.env["sales.playbook.need"].create(
            {
                "lead_id": self.lead.id,
                "name": "多工厂排产",
                "category": "must",
            }
        )
        self.env["sales.playbook.spin.record"].create(
            {
                "lead_id": self.lead.id,
                "contact_name": "周红",
                "situation": "三个工厂用表格排产",
            }
        )
        html = (
            self.env["ir.actions.report"]
            .with_user(self.rep1)
            ._render_qweb_html("sales_playbook.report_needs", self.lead.ids)[0]
            .decode()
        )
        for text in ("需求清单", "多工厂排产", "必备", "三个工厂用表格排产"):
            self.assertIn(text, html)
        text = self._pdf_text("sales_playbook.action_report_needs")
        self.assertIn("需求清单", text)

    def test_proposal_meeting_and_letter_in_chinese(self):
        product = self.env["product.product"].create({"name": "MES", "list_price": 300000.0})
        order = self.env["sale.order"].create(
            {
                "partner_id": self.partner_zh.id,
                "opportunity_id": self.lead.id,
                "order_line": [
                    (0, 0, {"product_id": product.id, "price_unit": 300000.0, "tax_id": False})
                ],
            }
        )
        proposal = self.env["sales.playbook.proposal"].create(
            {
                "lead_id": self.lead.id,
                "name": "排产解决方案",
                "order_ids": [(6, 0, order.ids)],
                "confirmation_date": fields.Date.today(),
                "confirmed_by": "李伟",
            }
        )
        Report = self.env["ir.actions.report"].with_user(self.rep1)
        html = Report._render_qweb_html("sales_playbook.report_proposal", proposal.ids)[0].decode()
        capitals = amount_in_words(300000, self.env.company.currency_id.name)
        for text in ("解决方案建议书", capitals, "盖章处", "甲方（客户）"):
            self.assertIn(text, html)
        html = Report._render_qweb_html(
            "sales_playbook.report_proposal_confirmation", proposal.ids
        )[0].decode()
        self.assertIn("方案确认函", html)
        self.assertIn(capitals, html)
        self.assertIn("同意在此基础上进入商务谈判", html)

        meeting = self.env["sales.playbook.meeting"].create(
            {
                "lead_id": self.lead.id,
                "intention": "strong",
                "objection_ids": [(0, 0, {"name": "价格偏高", "owner_id": self.rep1.id})],
            }
        )
        html = Report._render_qweb_html("sales_playbook.report_meeting", meeting.ids)[0].decode()
        for text in ("业务洽谈记录表", "强烈合作意向", "价格偏高"):
            self.assertIn(text, html)

        deadline = fields.Date.today() + timedelta(days=20)
        letter = self.env["sales.playbook.intent.letter"].create(
            {
                "lead_id": self.lead.id,
                "key_terms": "<p>总价30万元</p>",
                "sign_deadline": deadline,
            }
        )
        html = Report._render_qweb_html("sales_playbook.report_intent_letter", letter.ids)[
            0
        ].decode()
        printed_deadline = f"{deadline.year}年{deadline.month:02d}月{deadline.day:02d}日"
        for text in ("合作意向书", printed_deadline, "总价30万元", "双方拟于"):
            self.assertIn(text, html)

    def test_contract_and_approval_sheet_in_chinese(self):
        self.env["ir.module.module"]._load_module_terms(
            ["base_tier_validation"], ["zh_CN"], overwrite=True
        )
        product = self.env["product.product"].create({"name": "MES", "list_price": 300000.0})
        cny = self.env.ref("base.CNY")
        cny.active = True
        renminbi = self.env["product.pricelist"].create({"name": "人民币", "currency_id": cny.id})
        order = (
            self.env["sale.order"]
            .with_user(self.rep1)
            .create(
                {
                    "partner_id": self.partner_zh.id,
                    "pricelist_id": renminbi.id,
                    "opportunity_id": self.lead.id,
                    "order_line": [
                        (0, 0, {"product_id": product.id, "price_unit": 300000.0, "tax_id": False})
                    ],
                }
            )
        )
        order.request_validation()
        self.decide(order, self.manager)
        contract = self.env["sale.contract"].with_user(self.rep1).create_from_order(order)
        contract.write(
            {
                "title": "华信生产系统供货合同",
                "delivery_date": fields.Date.today() + timedelta(days=30),
                "delivery_place": "苏州工厂",
                "acceptance_criteria": "连续运行30天无阻断性缺陷",
            }
        )
        contract.request_validation()
        for reviewer in (self.manager, self.legal, self.finance):
            self.decide(contract, reviewer, comment="同意")
        self.assertEqual(contract.state, "approved")
        self.assertTrue(contract.version_code)
        Report = self.env["ir.actions.report"].with_user(self.rep1)
        html = Report._render_qweb_html("sales_playbook.report_contract", contract.ids)[0].decode()
        for text in (
            "华信生产系统供货合同",
            "合同编号",
            "甲方（客户）",
            "乙方（供方）",
            "叁拾万元整",
            "预付款",
            "验收后 365 天",
            "保密条款",
            "双方均应对以下信息保密",
            "本合同总价为",
            "增值税专用发票",
            "盖章处",
            contract.version_code,
        ):
            self.assertIn(text, html)
        self.assertNotIn(
            "{",
            html.split("o_playbook_contract", 1)[1].split("版本码")[0],
            "every placeholder is filled",
        )
        text = self._pdf_text_of("sales_playbook.action_report_contract", contract)
        self.assertIn("叁拾万元整", text)
        self.assertIn("争议解决", text)

        html = Report._render_qweb_html("sales_playbook.report_contract_approval", contract.ids)[
            0
        ].decode()
        for text in (
            "合同签署审批表",
            "销售经理审核合同",
            "法务审核合同",
            "财务审核合同",
            "同意",
            "叁拾万元整",
            self.manager.name,
        ):
            self.assertIn(text, html)
        text = self._pdf_text_of("sales_playbook.action_report_contract_approval", contract)
        self.assertIn("合同签署审批表", text)

    def test_after_sales_forms_in_chinese(self):
        """客户回访记录, 满意度调研报告 (per customer, per period), 复购/转介绍线索表."""
        Report = self.env["ir.actions.report"].with_user(self.rep1)
        visit = (
            self.env["sales.playbook.visit"]
            .with_user(self.rep1)
            .create(
                {
                    "partner_id": self.partner_zh.id,
                    "date": fields.Date.today() - timedelta(days=3),
                    "channel": "visit",
                    "contact_name": "李伟",
                    "issues": "月末报表运行缓慢",
                    "satisfaction": "4",
                    "followups": "下个版本优化索引",
                }
            )
        )
        visit.action_done()
        html = Report._render_qweb_html("sales_playbook.report_visit", visit.ids)[0].decode()
        for text in (
            "客户回访记录",
            "华信制造有限公司",
            "月末报表运行缓慢",
            "上门拜访",
            "4 - 满意",
            "客户确认",
        ):
            self.assertIn(text, html)
        self.assertIn(
            "客户回访记录", self._pdf_text_of("sales_playbook.action_report_visit", visit)
        )

        survey = self.env.ref("sales_playbook.survey_customer_satisfaction")
        answer = (
            self.env["survey.user_input"]
            .sudo()
            .create({"survey_id": survey.id, "partner_id": self.partner_zh.id})
        )
        sent = fields.Date.today() - timedelta(days=10)
        period = f"{sent.year}-H{1 if sent.month <= 6 else 2}"
        # the invitation as the scheduled action records it
        record = self.env["sales.playbook.satisfaction"]._playbook_create(
            [
                {
                    "partner_id": self.partner_zh.id,
                    "user_id": self.rep1.id,
                    "survey_id": survey.id,
                    "user_input_id": answer.id,
                    "date_sent": sent,
                }
            ]
        )
        scales = survey.question_ids.filtered(lambda q: q.question_type == "scale").sorted(
            "sequence"
        )
        for question, mark in zip(scales, [5, 4, 4, 3, 5], strict=True):
            answer._save_lines(question, str(mark))
        answer._save_lines(
            self.env.ref("sales_playbook.survey_customer_satisfaction_q_comment"),
            "热线响应再快一些",
        )
        answer._mark_done()
        self.assertEqual(record.score, 80.0)
        html = Report._render_qweb_html(
            "sales_playbook.report_satisfaction_customer", self.partner_zh.ids
        )[0].decode()
        for text in (
            "满意度调研报告",
            period,
            "80.0",
            "热线响应再快一些",
            "总体而言",
            "已完成的回访",
            "4.0",
        ):
            self.assertIn(text, html)
        text = self._pdf_text_of(
            "sales_playbook.action_report_satisfaction_customer", self.partner_zh
        )
        self.assertIn("满意度调研报告", text)

        zh = Report.with_context(lang="zh_CN")
        html = zh._render_qweb_html("sales_playbook.report_satisfaction_period", record.ids)[
            0
        ].decode()
        for text in ("满意度调研报告", period, "响应率", "100.0", "80.0", self.rep1.name):
            self.assertIn(text, html)

        action = self.partner_zh.with_user(self.rep1).action_playbook_new_lead()
        lead = self.env["crm.lead"].browse(
            self.env["sales.playbook.new.lead"]
            .with_user(self.rep1)
            .with_context(**action["context"])
            .create(
                {
                    "kind": "referral",
                    "name": "金陵纺织排产系统",
                    "referred_company": "金陵纺织",
                    "referred_contact": "王芳",
                    "incentive": "赠送一天培训",
                }
            )
            .action_create()["res_id"]
        )
        html = zh._render_qweb_html(
            "sales_playbook.report_after_sales_leads", (lead | self.lead).ids
        )[0].decode()
        for text in (
            "复购/转介绍线索表",
            "转介绍",
            "金陵纺织",
            "王芳",
            "华信制造有限公司",
            "赠送一天培训",
        ):
            self.assertIn(text, html)
        self.assertNotIn(self.lead.name, html, "only after-sales leads are listed")
        text = self._pdf_text_of("sales_playbook.action_report_after_sales_leads", lead)
        self.assertIn("金陵纺织", text)  # printed in the (English) user's language

    def test_survey_invitation_in_the_contacts_language(self):
        contact = self.env["res.partner"].create(
            {
                "name": "李伟",
                "parent_id": self.partner_zh.id,
                "email": "li.wei@huaxin.example.com",
                "lang": "zh_CN",
            }
        )
        survey = self.env.ref("sales_playbook.survey_customer_satisfaction")
        answer = survey.sudo()._create_answer(partner=contact, check_attempts=False)
        template = self.env.ref("sales_playbook.mail_template_satisfaction_survey")
        mail = self.env["mail.mail"].sudo().browse(template.sudo().send_mail(answer.id))
        self.assertEqual(mail.subject, "客户满意度调研")
        self.assertIn("感谢您与我们的合作", mail.body_html)
        self.assertIn(answer.access_token, mail.body_html)
        self.assertEqual(mail.recipient_ids, contact)
