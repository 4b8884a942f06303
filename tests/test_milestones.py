from datetime import date

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from ..tools.cn_amount import amount_in_words
from .common import MilestoneCase


@tagged("post_install", "-at_install")
class TestMilestones(MilestoneCase):
    """Payment milestones invoice themselves when their event happens and
    follow the money of their invoice."""

    def test_signature_invoices_the_prepayment_once(self):
        contract = self.signed_contract()
        prepayment, delivery, retention = contract.milestone_ids.sorted("sequence")
        self.assertEqual(prepayment.trigger_date, date(2027, 1, 4))
        self.assertEqual(prepayment.due_date, date(2027, 2, 3))  # + 30 days' payment term
        invoice = prepayment.invoice_id
        self.assertEqual(invoice.move_type, "out_invoice")
        self.assertEqual(invoice.state, "draft", "a draft for finance by default")
        self.assertEqual(invoice.amount_total, 30000.0)
        self.assertEqual(invoice.playbook_invoice_type, "vat_special")
        self.assertEqual(invoice.invoice_date_due, date(2027, 2, 3))
        self.assertEqual(prepayment.state, "invoiced")
        self.assertEqual((delivery | retention).mapped("state"), ["planned", "planned"])
        # the daily job, run twice, invoices nothing more
        with self.frozen("2027-01-05 03:00:00"):
            self.env["sale.contract.milestone"]._cron_playbook_milestones()
            self.env["sale.contract.milestone"]._cron_playbook_milestones()
        self.assertEqual(len(self.invoices(contract)), 1)

    def test_delivery_acceptance_and_retention(self):
        self.company.playbook_milestone_post_invoice = True
        contract = self.signed_contract()
        _prepayment, delivery, retention = contract.milestone_ids.sorted("sequence")
        rep_contract = contract.with_user(self.rep1)
        with self.frozen("2027-01-20 10:00:00"):
            with self.assertRaises(UserError):  # not in the future
                rep_contract.action_record_delivery(date(2027, 1, 25))
            # the delivery is an event of its own, not a field anyone writes
            with self.assertRaises(AccessError):
                rep_contract.write({"delivered_date": date(2027, 1, 20)})
            self.assertFalse(delivery.invoice_id)
            wizard = self.env["sale.contract.delivery.wizard"].with_user(self.rep1)
            wizard.create(
                {"contract_id": contract.id, "note": "Delivery note signed by the warehouse"}
            ).action_record()
            with self.assertRaises(UserError):  # once
                rep_contract.action_record_delivery(date(2027, 1, 20))
        self.assertEqual(contract.delivered_date, date(2027, 1, 20))
        self.assertEqual(delivery.invoice_id.amount_total, 60000.0)
        self.assertEqual(delivery.invoice_id.state, "posted")
        with self.frozen("2027-02-01 10:00:00"):
            with self.assertRaises(AccessError):
                rep_contract.write({"accepted_date": date(2027, 2, 1)})
            contract._action_accept(date(2027, 2, 1))
        self.assertEqual(retention.trigger_date, date(2028, 2, 1))  # 365 days after acceptance
        self.assertFalse(retention.invoice_id, "not before its day")
        with self.frozen("2028-02-01 02:00:00"):
            self.env["sale.contract.milestone"]._cron_playbook_milestones()
        final = retention.invoice_id
        self.assertEqual(final.amount_total, 10000.0)
        self.assertEqual(sum(self.invoices(contract).mapped("amount_total")), contract.amount_total)
        self.assertEqual(contract.order_id.invoice_status, "invoiced")

    def test_thirds_invoice_to_the_cent(self):
        quote = self.approved_quote(price=100000.01)
        thirds = [
            {
                "sequence": i,
                "name": f"Third {i}",
                "percentage": 33.33 if i < 3 else 33.34,
                "trigger": "signature",
            }
            for i in (1, 2, 3)
        ]
        contract = self.signed_contract(milestones=thirds, quote=quote)
        amounts = contract.milestone_ids.sorted("sequence").mapped("invoice_id.amount_total")
        self.assertEqual(len(amounts), 3)
        self.assertAlmostEqual(sum(amounts), 100000.01, places=2)
        self.assertEqual(contract.order_id.invoice_status, "invoiced")

    def test_states_follow_the_money(self):
        self.company.playbook_milestone_post_invoice = True
        contract = self.signed_contract()
        prepayment = contract.milestone_ids.sorted("sequence")[0]
        invoice = prepayment.invoice_id
        self.assertEqual(invoice.state, "posted")
        self.pay(invoice, 10000.0)
        self.assertEqual(prepayment.state, "partial")
        self.assertEqual(prepayment.amount_paid, 10000.0)
        self.assertEqual(prepayment.amount_residual, 20000.0)
        self.pay(invoice, 25000.0)  # 5,000 more than owed
        self.assertEqual(prepayment.state, "paid")
        self.assertEqual(prepayment.amount_residual, 0.0)
        self.assertFalse(prepayment.overdue)

    def test_credit_note_puts_the_milestone_back_to_invoice(self):
        self.company.playbook_milestone_post_invoice = True
        contract = self.signed_contract()
        prepayment = contract.milestone_ids.sorted("sequence")[0]
        invoice = prepayment.invoice_id
        invoice.with_user(self.finance)._reverse_moves(cancel=True)
        self.assertEqual(prepayment.state, "due")
        self.assertEqual(prepayment.amount_invoiced, 0.0)
        # the daily job invoices it again, once
        with self.frozen("2027-01-06 03:00:00"):
            self.env["sale.contract.milestone"]._cron_playbook_milestones()
            self.env["sale.contract.milestone"]._cron_playbook_milestones()
        self.assertNotEqual(prepayment.invoice_id, invoice)
        self.assertEqual(prepayment.state, "invoiced")
        self.assertEqual(
            len(self.invoices(contract).filtered(lambda m: m.move_type == "out_invoice")), 2
        )

    def test_overdue_after_its_due_date(self):
        self.company.playbook_milestone_post_invoice = True
        contract = self.signed_contract()
        prepayment = contract.milestone_ids.sorted("sequence")[0]
        with self.frozen("2027-02-03 03:00:00"):
            self.env["sale.contract.milestone"]._cron_playbook_milestones()
        self.assertFalse(prepayment.overdue, "due on the 3rd: not overdue that day")
        with self.frozen("2027-02-04 03:00:00"):
            self.env["sale.contract.milestone"]._cron_playbook_milestones()
        self.assertTrue(prepayment.overdue)
        self.pay(prepayment.invoice_id, 30000.0)
        self.assertFalse(prepayment.overdue)

    def test_bad_dates_refused(self):
        contract = self.draft_contract()
        contract.milestone_ids[0].write({"trigger": "fixed_date", "date": date(2026, 1, 1)})
        self.review_all(contract)
        with self.assertRaises(UserError):
            self.sign(contract)
        self.assertEqual(contract.state, "approved")
        self.assertFalse(contract.milestone_ids.mapped("invoice_id"))
        signed = self.signed_contract()
        with self.frozen("2027-01-10 10:00:00"), self.assertRaises(UserError):
            signed.with_user(self.rep1).action_record_delivery(date(2027, 1, 1))  # before signing
        self.assertFalse(signed.delivered_date)

    def test_reps_see_only_their_customers_milestones(self):
        contract = self.signed_contract()
        Milestone = self.env["sale.contract.milestone"]
        self.assertEqual(
            Milestone.with_user(self.rep1).search([("contract_id", "=", contract.id)]),
            contract.milestone_ids,
        )
        self.assertFalse(Milestone.with_user(self.rep2).search([("contract_id", "=", contract.id)]))
        self.assertEqual(
            len(Milestone.with_user(self.finance).search([("contract_id", "=", contract.id)])), 3
        )
        with self.assertRaises(AccessError):
            contract.milestone_ids[0].with_user(self.rep2).read(["amount"])
        # nobody types what the invoices say
        outsider = new_test_user(self.env, login="pb_outsider", groups="base.group_user")
        with self.assertRaises(AccessError):
            Milestone.with_user(outsider).search([])

    def test_ageing_buckets_at_their_edges(self):
        self.company.playbook_milestone_post_invoice = True
        contract = self.signed_contract()
        prepayment = contract.milestone_ids.sorted("sequence")[0]  # due 2027-02-03
        for day, days, bucket in (
            ("2027-02-03", 0, "0_not_due"),
            ("2027-02-04", 1, "1_30"),
            ("2027-03-05", 30, "1_30"),
            ("2027-03-06", 31, "31_60"),
            ("2027-04-04", 60, "31_60"),
            ("2027-04-05", 61, "61_90"),
            ("2027-05-04", 90, "61_90"),
            ("2027-05-05", 91, "over_90"),
        ):
            self.cron(day)
            with self.subTest(day):
                self.assertEqual((prepayment.days_overdue, prepayment.ageing), (days, bucket))

    def test_reports_list_the_ageing_buckets_in_order(self):
        """The pivot groups by ageing in the buckets' order: not due first."""
        self.company.playbook_milestone_post_invoice = True
        milestones = [
            {"sequence": 1, "name": "Prepayment", "percentage": 50.0, "trigger": "signature"},
            {
                "sequence": 2,
                "name": "Second payment",
                "percentage": 50.0,
                "trigger": "fixed_date",
                "date": "2027-03-10",
            },
        ]
        self.signed_contract(milestones=milestones)
        self.cron("2027-03-10")
        groups = (
            self.env["sale.contract.milestone"]
            .with_user(self.finance)
            .read_group([("ageing", "!=", False)], ["amount_residual:sum"], ["ageing"], lazy=False)
        )
        self.assertEqual([group["ageing"] for group in groups], ["0_not_due", "31_60"])

    def test_escalation_steps_fire_once_each(self):
        self.company.write(
            {
                "playbook_milestone_post_invoice": True,
                "playbook_escalate_rep_days": 15,
                "playbook_escalate_manager_days": 30,
                "playbook_escalate_bad_debt_days": 60,
            }
        )
        contract = self.signed_contract()
        prepayment = contract.milestone_ids.sorted("sequence")[0]
        todos = lambda user: prepayment.activity_ids.filtered(lambda a: a.user_id == user)  # noqa: E731
        self.cron("2027-02-18")  # 15 days overdue
        self.cron("2027-02-18")
        self.assertEqual(prepayment.escalation_level, 1)
        self.assertEqual(len(todos(self.rep1)), 1)
        self.cron("2027-03-05")  # 30 days: the team's supervisor
        self.assertEqual(prepayment.escalation_level, 2)
        self.assertEqual(len(todos(self.supervisor)), 1)
        self.assertEqual(prepayment.risk, "watch")
        self.cron("2027-04-04")  # 60 days: bad-debt risk, the letter for legal
        self.cron("2027-04-05")
        self.assertEqual(prepayment.escalation_level, 3)
        self.assertEqual(prepayment.risk, "bad_debt")
        self.assertEqual(len(todos(self.legal)), 1)
        self.assertEqual(
            len(prepayment.message_ids.filtered(lambda m: "Escalation" in (m.body or ""))), 3
        )
        self.assertEqual(len(todos(self.rep1)), 1, "each step once")

    def test_followup_with_a_promise_and_a_broken_one(self):
        self.company.playbook_milestone_post_invoice = True
        contract = self.signed_contract()
        prepayment = contract.milestone_ids.sorted("sequence")[0]
        Followup = self.env["sale.contract.milestone.followup"].with_user(self.finance)
        with self.frozen("2027-02-10 10:00:00"):
            for bad in (
                {"promise_date": "2027-02-01", "promise_amount": 1000.0},
                {"promise_date": "2027-02-20", "promise_amount": 0.0},
                {"promise_date": "2027-02-20", "promise_amount": -5.0},
                {"next_date": "2027-02-01"},
            ):
                with self.subTest(bad), self.assertRaises(ValidationError), self.cr.savepoint():
                    Followup.create(dict({"milestone_id": prepayment.id, "result": "x"}, **bad))
            Followup.create(
                {
                    "milestone_id": prepayment.id,
                    "channel": "call",
                    "result": "Purchasing confirms payment is scheduled",
                    "promise_date": "2027-02-15",
                    "promise_amount": 30000.0,
                    "next_date": "2027-02-16",
                }
            )
        self.assertEqual(prepayment.promise_date, date(2027, 2, 15))
        self.assertEqual(prepayment.last_followup_date, date(2027, 2, 10))
        self.assertTrue(
            prepayment.activity_ids.filtered(lambda a: a.date_deadline == date(2027, 2, 16))
        )
        self.assertIn("Promise to pay", prepayment.message_ids[0].body)
        self.cron("2027-02-15")
        self.assertFalse(prepayment.promise_broken)
        self.cron("2027-02-16")
        self.assertTrue(prepayment.promise_broken)
        self.pay(prepayment.invoice_id, 30000.0)
        self.assertFalse(prepayment.promise_broken)

    def test_credit_hold_blocks_a_reps_confirmation_until_finance_releases(self):
        self.company.write(
            {"playbook_milestone_post_invoice": True, "playbook_credit_hold_days": 60}
        )
        self.signed_contract()
        self.cron("2027-04-05")  # 61 days overdue
        self.assertTrue(self.customer.playbook_credit_hold)
        with self.frozen("2027-04-05 10:00:00"):
            quote = self.make_quote()
            self.assertIn(
                self.env.ref("sales_playbook.tier_quote_finance"),
                quote.request_validation().definition_id,
            )
            self.decide(quote, self.manager)
            self.decide(quote, self.finance)
            with self.assertRaisesRegex(UserError, "credit hold"):
                quote.with_user(self.rep1).action_confirm()
            self.assertEqual(quote.state, "draft")
            with self.assertRaises(AccessError):
                self.customer.with_user(self.rep1)._playbook_release_credit_hold(
                    "please", date(2027, 5, 1)
                )
            self.env["sales.playbook.credit.release"].with_user(self.finance).create(
                {
                    "partner_id": self.customer.id,
                    "reason": "Paid by wire, bank slip received",
                    "until": date(2027, 4, 30),
                }
            ).action_release()
            self.assertFalse(self.customer.playbook_credit_hold)
            self.assertIn("Paid by wire", self.customer.message_ids[0].body)
            quote.with_user(self.rep1).action_confirm()
        self.assertEqual(quote.state, "sale")

    def test_statement_and_reminder_letter(self):
        self.company.playbook_milestone_post_invoice = True
        contract = self.signed_contract()
        prepayment = contract.milestone_ids.sorted("sequence")[0]
        self.pay(prepayment.invoice_id, 10000.0)
        self.cron("2027-03-10")
        Report = self.env["ir.actions.report"].with_user(self.finance)
        html = Report._render_qweb_html(
            "sales_playbook.report_collection_statement", self.customer.ids
        )[0].decode()
        for text in ("Collection Statement", contract.name, "Prepayment", "20,000.00", "35"):
            self.assertIn(text, html)
        html = Report._render_qweb_html("sales_playbook.report_payment_reminder", prepayment.ids)[
            0
        ].decode()
        for text in (
            "Payment Reminder Letter",
            contract.name,
            amount_in_words(20000, contract.currency_id.name),
            '<td class="text-end">35</td>',
            "Seal",
        ):
            self.assertIn(text, html)

    def test_totals_match_the_receivable_and_kpis(self):
        self.company.playbook_milestone_post_invoice = True
        contract = self.signed_contract()
        prepayment = contract.milestone_ids.sorted("sequence")[0]
        self.pay(prepayment.invoice_id, 12000.0)
        self.deliver(contract, "2027-01-20")
        self.cron("2027-03-01")
        milestones = contract.milestone_ids.filtered("invoice_id")
        receivable = sum(
            self.env["account.move.line"]
            .search(
                [
                    ("partner_id", "=", self.customer.id),
                    ("account_id.account_type", "=", "asset_receivable"),
                    ("parent_state", "=", "posted"),
                    ("reconciled", "=", False),
                ]
            )
            .mapped("amount_residual")
        )
        self.assertAlmostEqual(sum(milestones.mapped("amount_residual")), receivable, places=2)
        self.assertEqual(receivable, 18000.0 + 60000.0)
        # collection rate and DSO of the salesperson: ratios of the sums
        Report = self.env["sales.playbook.collection.report"].with_user(self.finance)
        [row] = Report.read_group(
            [("contract_id", "=", contract.id)],
            ["amount_due:sum", "amount_paid:sum", "collection_rate", "dso"],
            ["user_id"],
        )
        self.assertEqual(row["amount_due"], 90000.0)
        self.assertEqual(row["amount_paid"], 12000.0)
        self.assertAlmostEqual(row["collection_rate"], 100 * 12000 / 90000, places=2)
        self.assertAlmostEqual(row["dso"], 30 * 78000 / 90000, places=2)
        # a representative sees only their own figures
        self.assertFalse(
            self.env["sales.playbook.collection.report"]
            .with_user(self.rep2)
            .search([("contract_id", "=", contract.id)])
        )

    def test_fixed_date_and_delivered_quantities(self):
        milestones = [
            {
                "sequence": 1,
                "name": "Prepayment",
                "percentage": 40.0,
                "trigger": "fixed_date",
                "date": "2027-01-15",
            },
            {"sequence": 2, "name": "On delivery", "percentage": 60.0, "trigger": "delivery"},
        ]
        contract = self.signed_contract(milestones=milestones)
        fixed, delivery = contract.milestone_ids.sorted("sequence")
        self.assertEqual(fixed.trigger_date, date(2027, 1, 15))
        self.assertFalse(fixed.invoice_id, "not before its date")
        self.cron("2027-01-15")
        self.assertEqual(fixed.invoice_id.amount_total, 40000.0)
        # the order's quantities delivered in full (services: recorded by hand)
        self.cron("2027-01-16")
        self.assertFalse(delivery.invoice_id)
        contract.order_id.order_line.filtered(
            lambda line: not line.is_downpayment and not line.display_type
        ).sudo().qty_delivered = 1.0
        self.cron("2027-01-20")
        self.assertEqual(contract.delivered_date, date(2027, 1, 20))
        self.assertEqual(delivery.invoice_id.amount_total, 60000.0)
        self.assertEqual(contract.order_id.invoice_status, "invoiced")


@tagged("post_install", "-at_install")
class TestCreditHold(MilestoneCase):
    """One definition of the credit hold, per company: the hold, its search,
    the quotation's approval matrix and the delivery use it alike."""

    def test_over_the_credit_limit_is_on_hold_and_found(self):
        self.company.account_use_credit_limit = True
        contact = self.env["res.partner"].create({"name": "Li Wei", "parent_id": self.customer.id})
        self.signed_contract()  # 100,000 confirmed, not invoiced in full
        self.customer.with_company(self.company).credit_limit = 50000.0
        Partner = self.env["res.partner"].with_user(self.finance)
        self.assertTrue(Partner.browse(self.customer.id).playbook_credit_hold)
        self.assertIn("credit limit", Partner.browse(contact.id).playbook_credit_hold_reason)
        held = Partner.search([("playbook_credit_hold", "=", True)])
        self.assertIn(self.customer, held)
        self.assertIn(contact, held, "the customer's people are on hold with it")
        not_held = Partner.search([("playbook_credit_hold", "=", False), ("id", "in", held.ids)])
        self.assertFalse(not_held)
        # the quotation's approval matrix asks finance for the same customer
        with self.frozen("2027-01-05 10:00:00"):
            quote = self.make_quote()
        self.assertTrue(quote.playbook_credit_hold)
        self.assertTrue(quote.playbook_over_credit_limit)

    def test_the_hold_is_per_company(self):
        self.company.write(
            {"playbook_milestone_post_invoice": True, "playbook_credit_hold_days": 60}
        )
        self.signed_contract()
        self.cron("2027-04-05")  # the prepayment 61 days overdue
        other = self.env["res.company"].create({"name": "Playbook Hong Kong"})
        self.assertTrue(self.customer.with_company(self.company).playbook_credit_hold)
        self.assertFalse(self.customer.with_company(other).playbook_credit_hold)
        self.assertNotIn(
            self.customer,
            self.env["res.partner"]
            .with_company(other)
            .search([("playbook_credit_hold", "=", True)]),
        )
        # finance releases it in its company
        with self.frozen("2027-04-05 10:00:00"):
            self.customer.with_user(self.finance)._playbook_release_credit_hold(
                "Paid by wire", date(2027, 4, 30)
            )
        self.assertFalse(self.customer.with_company(self.company).playbook_credit_hold)
        with self.frozen("2027-05-01 10:00:00"):
            self.customer.invalidate_recordset()
            self.assertTrue(
                self.customer.with_company(self.company).playbook_credit_hold,
                "the release ends on its date",
            )


@tagged("post_install", "-at_install")
class TestWrittenInTheirLanguage(MilestoneCase):
    """The to-dos and notes the add-on writes read in the language of whom
    they are for, whoever — or whichever scheduled action — triggered them."""

    CJK = r"[\u4e00-\u9fff]"

    def test_todos_and_notes_in_the_recipients_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        (self.rep1 | self.legal).write({"lang": "zh_CN"})
        self.assertEqual(self.env.lang or "en_US", "en_US", "the scheduler runs in English")
        self.company.write({"playbook_milestone_post_invoice": True})
        # a reviewer writing in English: the Chinese reviewer's notice and the
        # Chinese salesperson's to-do after the rejection are in Chinese
        with self.frozen("2027-01-04 10:00:00"):
            contract = self.draft_contract()
            contract.with_user(self.rep1).request_validation()
            self.decide(contract, self.manager)
            notice = contract.message_ids.filtered(lambda m: self.legal.partner_id in m.partner_ids)
            self.assertRegex(notice[:1].body, self.CJK)
            self.decide(contract, self.legal, approve=False, comment="Cap 20 %")
        todo = contract.activity_ids.filtered(lambda a: a.user_id == self.rep1)
        self.assertRegex(todo.summary, self.CJK)
        self.assertNotIn("Rejected", todo.summary)
        # the daily job's escalation to-do and its note, for the salesperson
        contract = self.signed_contract()
        self.cron("2027-02-18")  # the prepayment 15 days overdue
        prepayment = contract.milestone_ids.sorted("sequence")[0]
        todo = prepayment.activity_ids.filtered(lambda a: a.user_id == self.rep1)
        self.assertRegex(todo.summary, self.CJK)
        self.assertNotIn("Collect", todo.summary)
        note = prepayment.message_ids.filtered(lambda m: todo.summary in (m.body or ""))
        self.assertTrue(note, "the note on the milestone in the salesperson's language")
        # an English user keeps English
        self.assertEqual(self.manager.lang, "en_US")
