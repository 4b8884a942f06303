from contextlib import contextmanager
from unittest.mock import patch

from freezegun import freeze_time

from odoo import fields
from odoo.tests import TransactionCase, new_test_user


class PlaybookCase(TransactionCase):
    """Two sales teams, their people, and qualified / unqualified leads."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
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
        lead.sudo().write(
            {
                "need_pain_points": "Planning in spreadsheets",
                "need_goals": "On-time delivery above 95 %",
                "need_timeline": "2027-06-30",
                "need_ids": [
                    (
                        0,
                        0,
                        {
                            "name": "Production scheduling",
                            "category": "must",
                            "review_result": "feasible",
                            "reviewer_id": cls.env.ref("base.user_admin").id,
                            "review_date": "2026-11-20",
                        },
                    )
                ],
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
                            "confirmation_date": "2026-11-20",
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

    @classmethod
    def give_signed_contract(cls, lead):
        """A contract signed for ``lead`` (written directly, as a migration
        would): the last exit criterion before the deal is won."""
        partner = lead.partner_id or cls.env["res.partner"].create(
            {"name": lead.partner_name or lead.name}
        )
        order = (
            cls.env["sale.order"]
            .sudo()
            .create(
                {
                    "partner_id": partner.id,
                    "opportunity_id": lead.id,
                }
            )
        )
        cls.env["sale.contract"].sudo().create(
            {
                "order_id": order.id,
                "state": "signed",
                "signed_date": "2026-11-20",
            }
        )
        lead.invalidate_recordset(["playbook_contract_ids"])
        return lead
