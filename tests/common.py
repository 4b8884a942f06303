import base64
from contextlib import contextmanager
from datetime import date, timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo import fields
from odoo.tests import TransactionCase, new_test_user

SIGNED_COPY = base64.b64encode(b"%PDF-1.4 signed contract scan")


class PlaybookCase(TransactionCase):
    """Two sales teams, their people, and qualified / unqualified leads.

    Every test of a class runs at the same moment, ``_frozen_now``, whatever
    the machine's date: Python's clock and the transaction's (``cr.now()``,
    which dates the records) are frozen from the class's set-up to its end,
    and ``frozen()`` moves both for a part of a test. Browser tests, whose
    browser and server threads follow the machine's clock, set
    ``_frozen_now = None`` and compute their dates from today."""

    _frozen_now = "2026-11-30 09:00:00"  # a Monday

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if cls._frozen_now:
            cls._freeze_class_clock(cls._frozen_now)
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False))
        cls.company = cls.env.company
        cls.rep1 = new_test_user(
            cls.env, login="pb_rep1", name="Rep One", groups="sales_playbook.group_playbook_rep"
        )
        cls.rep2 = new_test_user(
            cls.env, login="pb_rep2", name="Rep Two", groups="sales_playbook.group_playbook_rep"
        )
        cls.rep3 = new_test_user(
            cls.env, login="pb_rep3", name="Rep Three", groups="sales_playbook.group_playbook_rep"
        )
        cls.supervisor = new_test_user(
            cls.env,
            login="pb_supervisor",
            name="Supervisor East",
            groups="sales_playbook.group_playbook_supervisor",
        )
        cls.manager = new_test_user(
            cls.env,
            login="pb_manager",
            name="Sales Manager",
            groups="sales_playbook.group_playbook_manager",
        )
        cls.presales = new_test_user(
            cls.env,
            login="pb_presales",
            name="Pre-sales Engineer",
            groups="sales_playbook.group_playbook_presales",
        )
        cls.team_east = cls.env["crm.team"].create(
            {
                "name": "East",
                "user_id": cls.supervisor.id,
                "member_ids": [(6, 0, [cls.rep1.id, cls.rep2.id])],
            }
        )
        cls.team_west = cls.env["crm.team"].create(
            {
                "name": "West",
                "member_ids": [(6, 0, [cls.rep3.id])],
            }
        )
        cls.stage_development = cls.env.ref("sales_playbook.stage_development")
        cls.stage_needs = cls.env.ref("sales_playbook.stage_needs")
        cls.stage_solution = cls.env.ref("sales_playbook.stage_solution")
        cls.stage_negotiation = cls.env.ref("sales_playbook.stage_negotiation")
        cls.stage_fulfilment = cls.env.ref("sales_playbook.stage_fulfilment")
        cls.industry_manufacturing = cls.env.ref("base.res_partner_industry_C")
        cls.industry_retail = cls.env.ref("base.res_partner_industry_G")

    @classmethod
    def _freeze_class_clock(cls, when):
        freezer = freeze_time(when)
        freezer.start()
        cls.addClassCleanup(freezer.stop)
        clock = patch.object(cls.cr, "now", lambda: fields.Datetime.now())
        clock.start()
        cls.addClassCleanup(clock.stop)

    @classmethod
    def use_utc_office_calendar(cls):
        """Give the company a plain calendar: 08:00-12:00 and 13:00-17:00,
        Monday to Friday, in UTC."""
        cls.company.resource_calendar_id = cls.env["resource.calendar"].create(
            {
                "name": "Playbook test calendar",
                "tz": "UTC",
                "attendance_ids": [
                    (
                        0,
                        0,
                        {
                            "name": f"{day} {period}",
                            "dayofweek": str(day),
                            "hour_from": start,
                            "hour_to": end,
                            "day_period": period,
                        },
                    )
                    for day in range(5)
                    for start, end, period in ((8, 12, "morning"), (13, 17, "afternoon"))
                ],
            }
        )
        return cls.company.resource_calendar_id

    @contextmanager
    def frozen(self, when):
        """Freeze the clock, the transaction's clock (``cr.now()``) included."""
        with freeze_time(when), patch.object(self.env.cr, "now", lambda: fields.Datetime.now()):
            yield

    @classmethod
    def qualified_values(cls, **overrides):
        """A lead that meets customer development's exit criteria and
        scores 20 + 16 + 20 + 20 + 15 = 91 on the shipped scorecard."""
        values = {
            "name": "Production system for Huaxin",
            "type": "opportunity",
            "partner_name": "Huaxin Manufacturing Co.",
            "contact_name": "Li Wei",
            "function": "Purchasing Director",
            "email_from": "li.wei@huaxin.example.com",
            "industry_id": cls.industry_manufacturing.id,
            "size_employees": "500_1000",
            "playbook_budget": 600000,
            "urgency": "high",
            "stage_id": cls.stage_development.id,
        }
        values.update(overrides)
        return values

    @classmethod
    def analyse_needs(cls, lead):
        """Give ``lead`` what needs analysis asks before it may move on: 4W and
        a must-have need reviewed by pre-sales."""
        today = fields.Date.context_today(lead)
        lead.sudo().write(
            {
                "need_pain_points": "Planning in spreadsheets",
                "need_goals": "On-time delivery above 95 %",
                "need_timeline": today + timedelta(days=200),
            }
        )
        cls.env["sales.playbook.need"].with_user(cls.presales).create(
            {
                "lead_id": lead.id,
                "name": "Production scheduling",
                "category": "must",
                "review_result": "feasible",
            }
        )
        return lead

    @classmethod
    def meet_all_exit_criteria(cls, lead):
        """Needs analysed, proposal confirmed, intention recorded: ``lead``
        may move past every stage up to contract signing."""
        cls.analyse_needs(lead)
        lead.sudo().write(
            {
                "proposal_ids": [
                    (
                        0,
                        0,
                        {
                            "name": "Solution",
                            "state": "confirmed",
                            "confirmation_date": fields.Date.context_today(lead),
                            "confirmed_by": "Li Wei",
                        },
                    )
                ],
                "meeting_ids": [(0, 0, {"intention": "strong"})],
            }
        )
        return lead

    @classmethod
    def give_invoicing_data(cls, partner, vat="91320594MA1NB7Q506"):
        """The invoicing data (开票信息) a VAT special invoice to ``partner`` needs."""
        bank = cls.env["res.bank"].create({"name": "中国工商银行苏州分行"})
        account = cls.env["res.partner.bank"].create(
            {"partner_id": partner.id, "bank_id": bank.id, "acc_number": "1102 0200 0900 0012 345"}
        )
        partner.write(
            {
                "playbook_invoice_title": partner.name,
                "vat": vat,
                "playbook_invoice_address": "苏州工业园区星湖街328号",
                "playbook_invoice_phone": "0512-6288 1234",
                "playbook_invoice_bank_id": account.id,
            }
        )
        return partner

    @classmethod
    def unqualified_values(cls, **overrides):
        values = {
            "name": "Website enquiry",
            "type": "opportunity",
            "stage_id": cls.stage_development.id,
        }
        values.update(overrides)
        return values


class ApprovalCase(PlaybookCase):
    """A customer of rep1, a product, the approvers of the matrix."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.director = new_test_user(
            cls.env,
            login="pb_director",
            name="Sales Director",
            groups="sales_playbook.group_playbook_director",
        )
        cls.legal = new_test_user(
            cls.env,
            login="pb_legal",
            name="Legal Counsel",
            groups="sales_playbook.group_playbook_legal",
        )
        cls.finance = new_test_user(
            cls.env,
            login="pb_finance",
            name="Finance Clerk",
            groups="sales_playbook.group_playbook_finance",
        )
        cls.company.write(
            {
                "playbook_director_discount": 10.0,
                "playbook_director_amount": 500000.0,
            }
        )
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Huaxin Manufacturing Co.",
                "is_company": True,
                "user_id": cls.rep1.id,
            }
        )
        cls.give_invoicing_data(cls.customer)
        cls.product = cls.env["product.product"].create(
            {
                "name": "Scheduling licence",
                "type": "service",
                "list_price": 100000.0,
                "taxes_id": [(5, 0, 0)],
            }
        )
        cls.lead = cls.env["crm.lead"].create(
            cls.qualified_values(
                user_id=cls.rep1.id,
                team_id=cls.team_east.id,
                partner_id=cls.customer.id,
            )
        )

    def make_quote(self, user=None, discount=0.0, quantity=1.0, price=100000.0):
        return (
            self.env["sale.order"]
            .with_user(user or self.rep1)
            .create(
                {
                    "partner_id": self.customer.id,
                    "opportunity_id": self.lead.id,
                    "user_id": self.rep1.id,
                    "team_id": self.team_east.id,
                    "order_line": [
                        (
                            0,
                            0,
                            {
                                "product_id": self.product.id,
                                "product_uom_qty": quantity,
                                "price_unit": price,
                                "discount": discount,
                            },
                        )
                    ],
                }
            )
        )

    def decide(self, record, user, approve=True, comment="OK"):
        """Press Validate / Reject as ``user`` and fill the comment wizard."""
        record = record.with_user(user)
        action = record.validate_tier() if approve else record.reject_tier()
        self.assertEqual(action["res_model"], "comment.wizard", "the matrix asks for a comment")
        wizard = (
            self.env["comment.wizard"]
            .with_user(user)
            .with_context(**action["context"])
            .create({"comment": comment})
        )
        wizard.add_comment()
        record.invalidate_recordset()
        return record


class ContractCase(ApprovalCase):
    """An opportunity ready for its contract; quotations approved, contracts
    drafted, reviewed and signed as the people of the company do it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.meet_all_exit_criteria(cls.lead)
        cls.lead.stage_id = cls.env.ref("sales_playbook.stage_contract")

    def approved_quote(self, discount=0.0, price=100000.0):
        quote = self.make_quote(discount=discount, price=price)
        quote.request_validation()
        self.decide(quote, self.manager)
        if discount > self.company.playbook_director_discount:
            self.decide(quote, self.director)
        self.assertTrue(quote.playbook_approved)
        return quote

    def draft_contract(self, quote=None):
        quote = quote or self.approved_quote()
        today = fields.Date.context_today(quote)
        action = quote.with_user(self.rep1).action_playbook_create_contract()
        contract = self.env["sale.contract"].with_user(self.rep1).browse(action["res_id"])
        contract.write(
            {
                "delivery_date": today + timedelta(days=14),
                "delivery_place": "Huaxin plant, Suzhou",
                "acceptance_criteria": "30 days of production without a blocking defect",
                "date_start": date(today.year, 1, 1),
                "date_end": date(today.year, 12, 31),
            }
        )
        return contract

    def review_all(self, contract):
        contract.with_user(self.rep1).request_validation()
        for reviewer in (self.manager, self.legal, self.finance):
            self.decide(contract, reviewer)
        self.assertEqual(contract.state, "approved")
        return contract

    def sign(self, contract, **overrides):
        values = {
            "contract_id": contract.id,
            "signed_date": fields.Date.context_today(contract),
            "customer_signatory": "Li Wei, General Manager",
            "version_code": contract.version_code,
            "signed_file": SIGNED_COPY,
            "signed_file_name": "signed.pdf",
        }
        values.update(overrides)
        self.env["sale.contract.sign.wizard"].with_user(self.rep1).create(values).action_sign()


class MilestoneCase(ContractCase):
    """Signed contracts whose milestones invoice themselves. Contracts are
    signed on Monday 4 January 2027 unless a test says otherwise; the
    contract runs to the end of 2027."""

    _frozen_now = "2027-01-04 08:00:00"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.finance.groups_id += cls.env.ref("account.group_account_invoice")
        cls.cash = cls.env["account.journal"].search(
            [("type", "=", "bank"), ("company_id", "=", cls.company.id)], limit=1
        )

    def signed_contract(self, on="2027-01-04", milestones=None, quote=None):
        with self.frozen(f"{on} 10:00:00"):
            contract = self.draft_contract(quote)
            if milestones:
                contract.milestone_ids.unlink()
                contract.write({"milestone_ids": [(0, 0, values) for values in milestones]})
            self.review_all(contract)
            self.sign(contract)
        return contract

    def invoices(self, contract):
        return contract.order_id.invoice_ids

    def pay(self, invoice, amount):
        self.env["account.payment.register"].with_user(self.finance).with_context(
            active_model="account.move",
            active_ids=invoice.ids,
        ).create({"amount": amount, "journal_id": self.cash.id})._create_payments()

    def cron(self, when):
        with self.frozen(f"{when} 03:00:00"):
            self.env["sale.contract.milestone"]._cron_playbook_milestones()

    def deliver(self, contract, when):
        """The salesperson records the delivery on ``when``."""
        with self.frozen(f"{when} 10:00:00"):
            contract.with_user(self.rep1).action_record_delivery(fields.Date.to_date(when))
