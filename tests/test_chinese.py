import html
import logging
import re
from datetime import timedelta

import polib

from odoo import fields
from odoo.modules.module import get_module_path
from odoo.tests import HttpCase, new_test_user, tagged

from ..hooks import load_corrected_translations
from .common import PlaybookCase

_logger = logging.getLogger(__name__)

OCA_APPROVAL_MODULES = (
    "base_tier_validation",
    "sale_tier_validation",
    "hr_expense_tier_validation",
)
# Chinese text: half-width punctuation outside markup, placeholders and the
# Python expressions of report file names
CJK = re.compile(r"[\u4e00-\u9fff]")
NOT_TEXT = re.compile(r"<[^>]*>|%\([a-z_]+\)[sd]|%[sd]|\{\{.*?\}\}|\{[a-z_]+\}")
HALF_WIDTH = re.compile(r"[,;:?!()]")


class ChineseCase(PlaybookCase):
    """The company's people work in Chinese; one customer, 华信精密, has an
    opportunity with every record of the manual, a quotation waiting for the
    sales manager, a contract waiting for legal, a signed contract with its
    payment milestones, a return visit, a complaint and a satisfaction survey.
    Everything the test types is Chinese."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        installed = cls.env["ir.module.module"].search([("state", "=", "installed")])
        installed._update_translations("zh_CN")
        cls.env = cls.env(context=dict(cls.env.context, lang="zh_CN"))
        cls.company.name = "江南智造科技有限公司"
        cls.director = cls._zh_user("zh_director", "sales_playbook.group_playbook_director")
        cls.legal = cls._zh_user("zh_legal", "sales_playbook.group_playbook_legal")
        cls.finance = cls._zh_user(
            "zh_finance", "sales_playbook.group_playbook_finance,account.group_account_invoice"
        )
        people = {
            cls.rep1: "王强",
            cls.rep2: "李娜",
            cls.rep3: "张伟",
            cls.supervisor: "周涛",
            cls.manager: "刘敏",
            cls.director: "陈静",
            cls.legal: "赵磊",
            cls.finance: "孙丽",
            cls.env.ref("base.user_admin"): "系统管理员",
        }
        for user, name in people.items():
            user.write({"name": name, "lang": "zh_CN", "tz": "Asia/Shanghai"})
        # everybody in this company reads Chinese (the notices are written in
        # each reader's language, and every reviewer sees them all)
        cls.env["res.users"].search([("share", "=", False)]).write({"lang": "zh_CN"})
        cls.team_east.name = "华东一组"
        cls.team_west.name = "华南一组"
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "华信精密制造有限公司",
                "is_company": True,
                "city": "苏州",
                "lang": "zh_CN",
                "user_id": cls.rep1.id,
            }
        )
        cls.env["res.partner"].create(
            {"name": "李伟", "function": "采购总监", "parent_id": cls.customer.id, "lang": "zh_CN"}
        )
        cls.product = cls.env["product.product"].create(
            {
                "name": "生产排程系统",
                "type": "service",
                "list_price": 100000.0,
                "taxes_id": [(5, 0, 0)],
            }
        )
        cls.lead = cls._opportunity()
        cls.quote_in_review = cls._quote()
        cls.quote_in_review.request_validation()
        cls.contract_in_review = cls._contract()
        cls.contract_in_review.request_validation()
        cls._decide(cls.contract_in_review, cls.manager)
        cls.contract_signed = cls._contract()
        cls.contract_signed.request_validation()
        for reviewer in (cls.manager, cls.legal, cls.finance):
            cls._decide(cls.contract_signed, reviewer)
        cls._sign(cls.contract_signed)
        cls.visit, cls.complaint, cls.survey = cls._after_sales()
        if "quotation.document" in cls.env:
            # demo data of sale_pdf_quote_builder, shown on every quotation
            cls.env["quotation.document"].search([]).write({"name": "公司介绍"})

    # ------------------------------------------------------------
    # DATA, IN CHINESE
    # ------------------------------------------------------------

    @classmethod
    def _zh_user(cls, login, groups):
        return new_test_user(
            cls.env, login=login, groups=groups, name=login, lang="zh_CN", tz="Asia/Shanghai"
        )

    @classmethod
    def _opportunity(cls):
        today = fields.Date.today()
        lead = (
            cls.env["crm.lead"]
            .with_user(cls.rep1)
            .create(
                cls.qualified_values(
                    name="华信精密：生产排程系统",
                    partner_id=cls.customer.id,
                    partner_name="华信精密制造有限公司",
                    contact_name="李伟",
                    function="采购总监",
                    email_from=False,
                    user_id=cls.rep1.id,
                    team_id=cls.team_east.id,
                    description="<p>客户希望明年上半年上线</p>",
                )
            )
        )
        # the feasibility review is the manager's (or pre-sales'), in their own name
        cls.env["sales.playbook.need"].with_user(cls.manager).create(
            {
                "lead_id": lead.id,
                "name": "自动排产",
                "category": "must",
                "review_result": "feasible",
                "review_comment": "标准功能可满足",
                "review_date": today,
            }
        )
        cls.env["sales.playbook.first.contact"].with_user(cls.rep1).create(
            {
                "lead_id": lead.id,
                "channel": "visit",
                "contact_person": "李伟",
                "feedback": "对自动排产很感兴趣",
                "needs": "三个车间统一排产",
                "next_action": "安排方案演示",
                "next_action_date": today + timedelta(days=3),
            }
        )
        lead.sudo().write(
            {
                "need_pain_points": "排产依赖电子表格，交期经常延误",
                "need_goals": "准时交付率提高到百分之九十五以上",
                "need_timeline": today + timedelta(days=200),
                "needs_review_minutes": "<p>需求评审通过</p>",
                "spin_record_ids": [
                    (
                        0,
                        0,
                        {
                            "contact_name": "李伟",
                            "contact_function": "采购总监",
                            "situation": "三个车间用电子表格排产",
                            "problem": "插单后要人工重排",
                            "implication": "每月延误交付约十单",
                            "need_payoff": "自动排产，交期透明",
                        },
                    )
                ],
                "proposal_ids": [
                    (
                        0,
                        0,
                        {
                            "name": "华信精密生产排程解决方案",
                            "state": "confirmed",
                            "confirmation_date": today,
                            "confirmed_by": "李伟",
                            "summary": "<p>统一排产，交期透明</p>",
                        },
                    )
                ],
            }
        )
        cls.env["sales.playbook.negotiation"].with_user(cls.rep1).create(
            {"lead_id": lead.id, "name": "就价格和付款条款达成一致"}
        )
        meeting = (
            cls.env["sales.playbook.meeting"]
            .with_user(cls.rep1)
            .create(
                {
                    "lead_id": lead.id,
                    "location": "苏州工厂",
                    "customer_attendees": "李伟（采购总监）",
                    "consensus": "<p>价格原则上同意</p>",
                    "intention": "strong",
                }
            )
        )
        cls.env["sales.playbook.objection"].with_user(cls.rep1).create(
            {"meeting_id": meeting.id, "name": "付款周期太短", "answer": "可延长至六十天"}
        )
        cls.env["sales.playbook.intent.letter"].with_user(cls.rep1).create(
            {
                "lead_id": lead.id,
                "key_terms": "<p>总价三十万元</p>",
                "sign_deadline": today + timedelta(days=20),
            }
        )
        lead.stage_id = cls.env.ref("sales_playbook.stage_contract")
        return lead

    @classmethod
    def _quote(cls):
        return (
            cls.env["sale.order"]
            .with_user(cls.rep1)
            .create(
                {
                    "partner_id": cls.customer.id,
                    "opportunity_id": cls.lead.id,
                    "user_id": cls.rep1.id,
                    "team_id": cls.team_east.id,
                    "note": "<p>含一年维护</p>",
                    "order_line": [(0, 0, {"product_id": cls.product.id, "price_unit": 100000.0})],
                }
            )
        )

    @classmethod
    def _decide(cls, record, user, comment="同意"):
        action = record.with_user(user).validate_tier()
        cls.env["comment.wizard"].with_user(user).with_context(**action["context"]).create(
            {"comment": comment}
        ).add_comment()
        record.invalidate_recordset()

    @classmethod
    def _contract(cls):
        quote = cls._quote()
        quote.request_validation()
        cls._decide(quote, cls.manager)
        action = quote.with_user(cls.rep1).action_playbook_create_contract()
        contract = cls.env["sale.contract"].with_user(cls.rep1).browse(action["res_id"])
        today = fields.Date.today()
        contract.write(
            {
                "title": "华信精密生产排程系统供货合同",
                "delivery_date": today + timedelta(days=30),
                "delivery_place": "苏州工厂",
                "acceptance_criteria": "连续运行三十天无阻断性缺陷",
                "date_start": today,
                "date_end": today + timedelta(days=365),
            }
        )
        return contract

    @classmethod
    def _sign(cls, contract):
        cls.env["sale.contract.sign.wizard"].with_user(cls.rep1).create(
            {
                "contract_id": contract.id,
                "signed_date": fields.Date.today(),
                "customer_signatory": "李伟",
                "version_code": contract.version_code,
                "signed_file": "JVBERi0xLjQ=",
                "signed_file_name": "合同扫描件.pdf",
            }
        ).action_sign()

    @classmethod
    def _after_sales(cls):
        Visit = cls.env["sales.playbook.visit"]
        Visit._cron_plan_monthly_visits()
        visit = Visit.search([("partner_id", "=", cls.customer.id)]).with_user(cls.rep1)
        visit.write(
            {
                "channel": "visit",
                "contact_name": "李伟",
                "issues": "月末报表运行缓慢",
                "satisfaction": "4",
            }
        )
        complaint = (
            cls.env["sales.playbook.complaint"]
            .with_user(cls.rep1)
            .create(
                {
                    "name": "月末报表运行缓慢",
                    "partner_id": cls.customer.id,
                    "description": "月末报表需要二十分钟",
                    "category": "quality",
                    "team_id": cls.team_east.id,
                }
            )
        )
        cls.env["sales.playbook.satisfaction"]._cron_send_surveys()
        survey = cls.env["sales.playbook.satisfaction"].search(
            [("partner_id", "=", cls.customer.id)]
        )
        return visit, complaint, survey


@tagged("post_install", "-at_install")
class TestChinese(HttpCase, ChineseCase):
    """The Chinese of the add-on and of the OCA approval add-ons it brings;
    each role opens its main screens in Chinese and a tour fails on any
    English interface text (see sales_playbook_zh_screens_tour.js). One
    class: the Chinese data is built once."""

    # a browser test: the server and the browser follow the machine's clock
    _frozen_now = None

    def test_oca_approval_terms_all_chinese(self):
        """Every term of base_tier_validation, sale_tier_validation and
        hr_expense_tier_validation records
        (statuses, field labels, buttons, banners, filters, menus, message
        subtypes) is Chinese: their catalogues leave 81 of them empty, this
        add-on's i18n_extra/zh_CN.po completes them."""
        untranslated = []
        data = self.env["ir.model.data"].search([("module", "in", OCA_APPROVAL_MODULES)])
        for xmlid in data:
            if xmlid.model not in self.env:
                continue
            record = self.env[xmlid.model].browse(xmlid.res_id).exists()
            if not record:
                continue
            for name, field in record._fields.items():
                if not (field.translate and field.store):
                    continue
                english = record.with_context(lang="en_US")[name]
                chinese = record.with_context(lang="zh_CN")[name]
                if not english:
                    continue
                if callable(field.translate):
                    terms = field.get_translation_dictionary(english, {"zh_CN": chinese})
                    untranslated += [
                        (xmlid.complete_name, term)
                        for term, values in terms.items()
                        if values.get("zh_CN", term) == term
                    ]
                elif chinese == english and english != "ID":
                    untranslated.append((xmlid.complete_name, english))
        self.assertFalse(untranslated)
        label = self.env.ref("base_tier_validation.tier_validation_label").arch_db
        self.assertIn("此单据需要审批", label)
        self.assertIn('string="批准"', label)

    def test_catalogue_complete_and_in_chinese_punctuation(self):
        path = get_module_path("sales_playbook")
        pot = polib.pofile(f"{path}/i18n/sales_playbook.pot")
        catalogue = polib.pofile(f"{path}/i18n/zh_CN.po")
        extra = polib.pofile(f"{path}/i18n_extra/zh_CN.po")
        translated = {entry.msgid: entry.msgstr for entry in catalogue}
        self.assertFalse([e.msgid for e in pot if not translated.get(e.msgid)])
        half_width = [
            entry.msgstr
            for entry in list(catalogue) + list(extra)
            if CJK.search(entry.msgstr)
            and not entry.msgid.startswith("'")  # a report's file name: Python
            and HALF_WIDTH.search(NOT_TEXT.sub("", entry.msgstr))
        ]
        self.assertFalse(half_width)
        self.assertEqual(translated["Channel"], "沟通方式", "a way to reach the customer")
        self.assertEqual(translated["Channel Partner"], "渠道合作")
        self.assertEqual(translated["Item"], "验收项")

    def test_approval_seen_by_a_chinese_user(self):
        """The quotation under review, as its salesperson and its reviewer
        see it: statuses, banner, next step, review table, the reviews menu
        and the comment dialog."""
        quote = self.quote_in_review.with_user(self.rep1)
        self.assertEqual(quote.next_review, "下一审批环节：销售经理审批报价")
        review = quote.review_ids
        self.assertEqual(review.display_status, "待审批")
        self.assertEqual(review.todo_by, "用户组“销售经理”")
        selection = dict(quote.fields_get(["validation_status"])["validation_status"]["selection"])
        self.assertEqual(selection["pending"], "待审批")
        form = quote.get_view(view_type="form")["arch"]
        form = html.unescape(form.decode() if isinstance(form, bytes) else form)
        for text in ("此单据需要审批", "批准", "驳回", "重新发起审批"):
            self.assertIn(text, form)
        self.assertNotIn("This Record", form)
        # the table's headers are the client's: served from i18n_extra
        web, _lang = self.env["ir.http"].get_translations_for_webclient(["sales_playbook"], "zh_CN")
        self.assertIn(
            {"id": "Todo by", "string": "待审批人"},
            list(map(dict, web["sales_playbook"]["messages"])),
        )
        menu = self.env["res.users"].with_user(self.manager).review_user_count()
        self.assertIn("销售订单", [group["name"] for group in menu])
        action = quote.with_user(self.manager).validate_tier()
        self.assertEqual(action["name"], "批准：填写审批意见")

    def test_review_messages_in_chinese(self):
        """The sentences base_tier_validation posts when reviewers decide (with
        the notifications an administrator may switch on), in Chinese."""
        quote = self.quote_in_review.with_user(self.manager)
        self.assertEqual(quote._notify_requested_review_body(), "刘敏 提交了审批。")
        action = quote.reject_tier()
        self.assertEqual(action["name"], "驳回：填写驳回理由")
        self.env["comment.wizard"].with_user(self.manager).with_context(**action["context"]).create(
            {"comment": "价格低于底价"}
        ).add_comment()
        self.assertEqual(quote.sudo().review_ids.status, "rejected")
        self.assertEqual(quote._notify_rejected_review_body(), "刘敏 驳回了审批：价格低于底价")
        # the rejection's comment is no approval's
        self.assertEqual(quote._notify_accepted_reviews_body(), "审批已通过。")
        self.assertEqual(quote._notify_restarted_review_body(), "刘敏 重新发起了审批。")

    def test_corrections_loaded_over_oca_terms(self):
        """sale_tier_validation's Chinese calls the filter of the quotations
        to review "my purchases"; installing this add-on puts ours over it."""
        Module = self.env["ir.module.module"]
        Module._load_module_terms(["sale_tier_validation"], ["zh_CN"], overwrite=True)
        view = self.env.ref("sale_tier_validation.view_sale_order_filter")
        self.assertIn("查看我的采购", view.with_context(lang="zh_CN").arch_db)
        load_corrected_translations(self.env)
        view.invalidate_recordset()
        arch = view.with_context(lang="zh_CN").arch_db
        self.assertIn("待我审批的销售订单", arch)
        self.assertNotIn("查看我的采购", arch)

    # ------------------------------------------------------------
    # SCREENS
    # ------------------------------------------------------------

    def _screen(self, login, url, tour="sales_playbook_zh_screen_tour"):
        self.start_tour(url, tour, login=login, timeout=60)
        # dev/test.sh counts these lines: a tour that was skipped fails the run
        _logger.info("sales_playbook tour done: %s", tour)

    def test_salesperson_screens(self):
        self._screen(self.rep1.login, "/odoo/crm", tour="sales_playbook_zh_salesperson_tour")

    def test_reviewer_screens(self):
        quote = self.quote_in_review
        self._screen(
            self.manager.login,
            f"/odoo/action-sale.action_quotations_with_onboarding/{quote.id}",
            tour="sales_playbook_zh_reviewer_tour",
        )
        contract = self.contract_in_review
        self._screen(
            self.legal.login,
            f"/odoo/action-sales_playbook.action_sale_contract_review/{contract.id}",
        )

    def test_finance_and_settings_screens(self):
        milestone = self.contract_signed.milestone_ids.sorted("sequence")[0]
        self._screen(
            self.finance.login,
            f"/odoo/action-sales_playbook.action_sale_contract_milestone/{milestone.id}",
        )
        self._screen("admin", "/odoo/action-sale.action_sale_config_settings")
