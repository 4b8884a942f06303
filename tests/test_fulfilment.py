from datetime import date

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import MilestoneCase


@tagged("post_install", "-at_install")
class TestFulfilment(MilestoneCase):
    """Stage 6: the delivery plan, the weekly follow-up and the acceptance report."""

    def weekly(self, when):
        with self.frozen(f"{when} 04:00:00"):
            self.env["sale.contract"]._cron_weekly_followups()

    def followups(self, contract):
        return contract.activity_ids.filtered(
            lambda a: a.summary == "Weekly project follow-up with the customer"
        )

    def record_acceptance(self, contract, passed=True, when="2027-02-01"):
        with self.frozen(f"{when} 10:00:00"):
            action = contract.with_user(self.rep1).action_new_acceptance()
            report = (
                self.env["sale.contract.acceptance"].with_user(self.rep1).browse(action["res_id"])
            )
            report.item_ids.write({"passed": True})
            if not passed:
                report.item_ids[:1].write({"passed": False, "remark": "Reports too slow"})
            report.customer_signatory = "Li Wei"
            report.action_record()
        return report

    def test_weekly_followup_once_a_week_until_acceptance(self):
        contract = self.signed_contract()  # signed on Monday 2027-01-04
        self.weekly("2027-01-04")
        self.weekly("2027-01-06")  # same week: nothing new
        self.assertEqual(len(self.followups(contract)), 1)
        self.assertEqual(self.followups(contract).user_id, self.rep1)
        self.weekly("2027-01-11")
        self.assertEqual(len(self.followups(contract)), 2)
        self.record_acceptance(contract, when="2027-01-12")
        self.weekly("2027-01-18")
        self.assertEqual(len(self.followups(contract)), 2, "not after acceptance")

    def test_passed_acceptance_triggers_once(self):
        contract = self.signed_contract()
        self.meet_all_exit_criteria(self.lead)
        report = self.record_acceptance(contract)
        self.assertEqual(report.result, "passed")
        # pre-filled from the must-have needs and the contract's criteria
        self.assertIn("Production scheduling", report.item_ids.mapped("name"))
        self.assertIn(contract.acceptance_criteria, report.item_ids.mapped("name"))
        self.assertEqual(contract.accepted_date, date(2027, 2, 1))
        retention = contract.milestone_ids.filtered(lambda m: m.trigger == "after_acceptance")
        self.assertEqual(retention.trigger_date, date(2028, 2, 1))
        self.assertEqual(self.lead.stage_id, self.env.ref("sales_playbook.stage_after_sales"))
        with self.assertRaises(UserError):
            report.action_record()
        with self.assertRaises(UserError):
            self.record_acceptance(contract, when="2027-02-02")
        self.assertEqual(retention.trigger_date, date(2028, 2, 1))
        with self.assertRaises(UserError):
            report.item_ids[:1].with_user(self.rep1).write({"passed": False})

    def test_failed_acceptance_keeps_it_in_fulfilment(self):
        contract = self.signed_contract()
        stage = self.lead.stage_id
        report = self.record_acceptance(contract, passed=False)
        self.assertEqual(report.result, "failed")
        self.assertFalse(contract.accepted_date)
        self.assertFalse(
            contract.milestone_ids.filtered(lambda m: m.trigger == "after_acceptance").trigger_date
        )
        self.assertEqual(self.lead.stage_id, stage)
        todo = report.activity_ids.filtered(lambda a: a.user_id == self.rep1)
        self.assertEqual(len(todo), 1)
        self.assertIn("Reports too slow", todo.note)
        # a second, passed report accepts it
        self.record_acceptance(contract, when="2027-02-10")
        self.assertEqual(contract.accepted_date, date(2027, 2, 10))

    def test_delivery_plan(self):
        contract = self.signed_contract()
        Item = self.env["sale.contract.delivery.item"].with_user(self.rep1)
        with self.frozen("2027-01-20 10:00:00"):
            deploy = Item.create(
                {"contract_id": contract.id, "name": "Deployment", "planned_date": "2027-01-15"}
            )
            training = Item.create(
                {"contract_id": contract.id, "name": "Training", "planned_date": "2027-02-15"}
            )
            self.assertTrue(deploy.late)
            self.assertFalse(training.late)
            self.assertEqual(
                Item.search([("contract_id", "=", contract.id), ("late", "=", True)]), deploy
            )
            deploy.done_date = date(2027, 1, 19)
            self.assertEqual(deploy.progress, 100)
            self.assertFalse(deploy.late)
            for bad in (
                {"progress": 120},
                {"done_date": date(2026, 12, 1)},
                {"done_date": date(2027, 3, 1)},
            ):
                with self.subTest(bad), self.assertRaises(ValidationError), self.cr.savepoint():
                    training.write(bad)
                    training.flush_recordset()
        with self.assertRaises(AccessError):
            deploy.with_user(self.rep2).read(["name"])
        html = (
            self.env["ir.actions.report"]
            .with_user(self.rep1)
            ._render_qweb_html("sales_playbook.report_delivery_plan", contract.ids)[0]
            .decode()
        )
        self.assertIn("Delivery Plan", html)
        self.assertIn("Deployment", html)

    def test_acceptance_report_prints_and_stays_private(self):
        contract = self.signed_contract()
        report = self.record_acceptance(contract)
        html = (
            self.env["ir.actions.report"]
            .with_user(self.rep1)
            ._render_qweb_html("sales_playbook.report_acceptance", report.ids)[0]
            .decode()
        )
        for text in ("Acceptance Report", contract.name, "Passed", "Seal"):
            self.assertIn(text, html)
        with self.assertRaises(AccessError):
            report.with_user(self.rep2).read(["date"])
