from datetime import date, timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from ..tools.cn_amount import amount_in_words
from .common import ContractCase


@tagged("post_install", "-at_install")
class TestContract(ContractCase):
    def test_whole_path(self):
        """rep → manager → director → contract → manager → legal → finance →
        signed → order confirmed, opportunity won."""
        quote = self.approved_quote(discount=15.0)
        self.assertEqual(quote.sudo().review_ids.done_by, self.manager | self.director)
        contract = self.draft_contract(quote)
        self.assertTrue(contract.name.startswith("HT"))
        self.assertEqual(contract.partner_id, self.customer)
        self.assertEqual(contract.milestone_ids.mapped("percentage"), [30.0, 60.0, 10.0])
        self.assertEqual(sum(contract.milestone_ids.mapped("amount")), contract.amount_total)
        self.assertEqual(
            set(contract.clause_ids.mapped("clause_type")),
            {
                "subject",
                "price_payment",
                "invoice",
                "delivery",
                "obligations",
                "liability",
                "confidentiality",
                "dispute",
            },
        )
        price_clause = contract.clause_ids.filtered(lambda c: c.clause_type == "price_payment")
        # 85,000 in capitals, naming the contract's currency (元 only for the renminbi)
        self.assertIn(amount_in_words(85000, contract.currency_id.name), price_clause.body_rendered)
        self.assertIn("Prepayment 30%", price_clause.body_rendered)

        contract.request_validation()
        self.assertEqual(contract.state, "review")
        reviews = contract.sudo().review_ids.sorted("sequence")
        self.assertEqual(reviews.mapped("status"), ["pending", "waiting", "waiting"])
        # legal and finance see it only at their turn
        self.assertFalse(contract.with_user(self.legal).can_review)
        with self.assertRaises(UserError):
            contract.with_user(self.legal).validate_tier()
        self.assertNotIn(self.legal.partner_id, contract.message_partner_ids)
        self.decide(contract, self.manager)
        self.assertTrue(contract.with_user(self.legal).can_review)
        self.assertIn(self.legal.partner_id, contract.message_partner_ids)
        self.assertNotIn(self.finance.partner_id, contract.message_partner_ids)
        with self.assertRaises(UserError):
            contract.with_user(self.finance).validate_tier()
        self.decide(contract, self.legal, comment="Clauses conform")
        self.decide(contract, self.finance, comment="Terms and credit checked")
        self.assertEqual(contract.state, "approved")
        self.assertEqual(len(contract.fingerprint), 64)
        self.assertEqual(reviews.mapped("done_by"), self.manager | self.legal | self.finance)

        self.sign(contract)
        self.assertEqual(contract.state, "signed")
        self.assertEqual(contract.signed_version_code, contract.version_code)
        self.assertEqual(contract.signed_attachment_id.res_id, contract.id)
        self.assertEqual(quote.state, "sale")
        self.assertEqual(self.lead.stage_id, self.stage_fulfilment)
        self.assertTrue(self.lead.stage_id.is_won)
        self.assertEqual(self.lead.probability, 100)

    def test_missing_clauses_and_milestones_refused_with_nothing_saved(self):
        contract = self.draft_contract()
        contract.milestone_ids[0].percentage = 20.0  # 20 + 60 + 10 = 90
        contract.clause_ids.filtered(lambda c: c.clause_type == "confidentiality").unlink()
        contract.delivery_place = False
        with self.assertRaises(UserError) as refusal:
            contract.request_validation()
        message = str(refusal.exception)
        self.assertIn("90", message)
        self.assertIn("Confidentiality", message)
        self.assertIn("Delivery Place", message)
        self.assertEqual(contract.state, "draft")
        self.assertFalse(contract.sudo().review_ids)

    def test_bad_milestones_refused(self):
        contract = self.draft_contract()
        for values in (
            {"percentage": 0.0},
            {"percentage": -5.0},
            {"percentage": 120.0},
            {"trigger": "after_acceptance", "days": 0},
            {"trigger": "fixed_date", "date": False},
        ):
            with self.subTest(values), self.assertRaises(ValidationError), self.cr.savepoint():
                self.env["sale.contract.milestone"].with_user(self.rep1).create(
                    dict({"contract_id": contract.id, "name": "Bad", "percentage": 10.0}, **values)
                )
        self.assertEqual(len(contract.milestone_ids), 3)
        with self.assertRaises(ValidationError), self.cr.savepoint():
            contract.write({"date_end": contract.date_start - timedelta(days=1)})

    def test_three_thirds_add_up_to_the_total(self):
        quote = self.approved_quote(price=100000.01)  # not divisible by three
        contract = self.draft_contract(quote)
        contract.milestone_ids.unlink()
        contract.write(
            {
                "milestone_ids": [
                    (
                        0,
                        0,
                        {
                            "sequence": i,
                            "name": f"Third {i}",
                            "percentage": 33.33 if i < 3 else 33.34,
                        },
                    )
                    for i in (1, 2, 3)
                ]
            }
        )
        amounts = contract.milestone_ids.sorted("sequence").mapped("amount")
        self.assertAlmostEqual(sum(amounts), contract.amount_total, places=2)
        self.assertEqual(amounts, [33330.0, 33330.0, 33340.01], "the last takes the cent")
        # the order changes: the new last milestone takes the cent
        contract.milestone_ids.sorted("sequence")[-1].with_user(self.rep1).sequence = 0
        amounts = contract.milestone_ids.sorted("sequence").mapped("amount")
        self.assertEqual(amounts, [33340.0, 33330.0, 33330.01])

    def test_rep_bypasses_refused(self):
        contract = self.draft_contract()
        rep_contract = contract.with_user(self.rep1)
        for values in (
            {"state": "approved"},
            {"state": "signed"},
            {"fingerprint": "x" * 64},
            {"validation_status": "validated"},
        ):
            with self.subTest(values), self.assertRaises(AccessError):
                rep_contract.write(values)
        rep_contract.request_validation()
        # the rep is no reviewer at any step
        with self.assertRaises(UserError):
            rep_contract.validate_tier()
        # legal cannot approve before the manager, not even through the wizard
        legal_review = contract.sudo().review_ids.sorted("sequence")[1]
        with self.assertRaises(AccessError):
            self.env["comment.wizard"].with_user(self.legal).create(
                {
                    "res_model": "sale.contract",
                    "res_id": contract.id,
                    "review_ids": legal_review.ids,
                    "validate_reject": "validate",
                    "comment": "early",
                }
            ).add_comment()
        with self.assertRaises(AccessError):
            legal_review.with_user(self.legal).write({"status": "approved"})
        self.assertEqual(legal_review.status, "waiting")
        # nobody signs what is not approved
        with self.assertRaises(UserError):
            self.sign(contract, version_code="ANYTHING")
        self.assertEqual(contract.state, "review")
        # legal and finance read contracts but do not edit them
        with self.assertRaises(AccessError):
            contract.with_user(self.legal).check_access("write")
        contract.with_user(self.legal).check_access("read")
        # another rep does not even see it; the team's supervisor does
        with self.assertRaises(AccessError):
            contract.with_user(self.rep2).read(["name"])
        self.assertIn(contract, self.env["sale.contract"].with_user(self.supervisor).search([]))
        self.assertNotIn(contract, self.env["sale.contract"].with_user(self.rep3).search([]))

    def test_rejection_returns_to_draft_with_the_comment(self):
        contract = self.draft_contract()
        contract.request_validation()
        self.decide(contract, self.manager)
        self.decide(
            contract,
            self.legal,
            approve=False,
            comment="Liability cap must be 20 % for this customer",
        )
        self.assertEqual(contract.state, "draft")
        self.assertFalse(contract.sudo().review_ids)
        todo = contract.activity_ids.filtered(lambda a: a.user_id == self.rep1)
        self.assertIn("Liability cap", todo.note)
        self.assertTrue(contract.message_ids.filtered(lambda m: "Liability cap" in (m.body or "")))
        contract.penalty_cap = 20.0
        contract.request_validation()
        self.assertEqual(contract.state, "review")
        self.assertEqual(len(contract.sudo().review_ids), 3)

    def test_frozen_after_approval(self):
        contract = self.review_all(self.draft_contract())
        approved = contract.fingerprint
        # the archive is no part of the text: still approved
        contract.write({"archive_number": "DA-1"})
        self.assertEqual(contract.state, "approved")
        # a change of the text sends it back to review, whoever makes it
        contract.with_user(self.rep1).write({"late_payment_rate": 0.01})
        self.assertEqual(contract.state, "review")
        self.assertFalse(contract.fingerprint)
        with self.assertRaises(UserError):
            self.sign(contract, version_code=approved[:12].upper())
        # a clause edited directly counts as well
        for reviewer in (self.manager, self.legal, self.finance):
            self.decide(contract, reviewer)
        self.assertEqual(contract.state, "approved")
        self.assertNotEqual(contract.fingerprint, approved)
        contract.clause_ids[0].with_user(self.rep1).body = "<p>Another text</p>"
        self.assertEqual(contract.state, "review")

    def test_signed_version_must_be_the_approved_one(self):
        contract = self.review_all(self.draft_contract())
        with self.assertRaises(UserError):
            self.sign(contract, version_code="0123456789AB")
        with self.assertRaises(UserError):
            self.sign(contract, signed_date=fields.Date.today() + timedelta(days=3))
        # the quotation behind an approved contract does not change
        quote = contract.order_id
        with self.assertRaisesRegex(UserError, contract.name), self.cr.savepoint():
            quote.with_user(self.rep1).order_line.price_unit = 90000.0
        self.assertEqual(contract.state, "approved")
        self.assertEqual(quote.state, "draft")
        self.assertNotEqual(quote.order_line.price_unit, 90000.0)
        # what it prints of the parties changed since the approval
        self.customer.playbook_invoice_title = "Huaxin Manufacturing (Group) Co., Ltd."
        with self.assertRaisesRegex(UserError, "bank accounts"):
            self.sign(contract)
        self.assertEqual(contract.state, "approved")

    def test_signed_contract_cannot_change_but_is_archived(self):
        contract = self.review_all(self.draft_contract())
        self.sign(contract)
        with self.assertRaises(UserError):
            contract.write({"late_payment_rate": 0.02})
        with self.assertRaises(UserError):
            contract.milestone_ids[0].write({"percentage": 40.0})
        with self.assertRaises(UserError):
            contract.action_cancel()
        contract.write(
            {
                "archive_number": "DA-2027-001",
                "archive_date": date(2027, 1, 5),
                "archive_location": "Cabinet 3",
            }
        )
        self.assertTrue(contract.archived_original)

    def test_contract_needs_an_approved_quote(self):
        quote = self.make_quote()
        with self.assertRaises(UserError):
            quote.with_user(self.rep1).action_playbook_create_contract()
        self.assertFalse(self.env["sale.contract"].search([("order_id", "=", quote.id)]))

    def test_channel_contract_needs_its_authorisation(self):
        contract = self.draft_contract()
        contract.contract_type = "channel"
        contract.action_load_clauses()
        with self.assertRaises(UserError) as refusal:
            contract.request_validation()
        self.assertIn("Territory", str(refusal.exception))
        contract.write(
            {"territory": "Jiangsu", "authorisation_scope": "Resale", "settlement_method": "resale"}
        )
        contract.request_validation()
        self.assertEqual(contract.state, "review")

    def test_renewal_reminder_creates_one_opportunity(self):
        contract = self.review_all(self.draft_contract())
        self.sign(contract)
        self.company.playbook_renewal_days = 60
        # the contract ends on 31 December: 60 days before, its renewal is prepared
        with self.frozen("2026-12-01 09:00:00"):
            self.env["sale.contract"]._cron_renewal_reminders()
            self.env["sale.contract"]._cron_renewal_reminders()
        renewal = contract.renewal_lead_id
        self.assertEqual(len(renewal), 1)
        self.assertEqual(renewal.playbook_scenario, "renewal")
        self.assertEqual(renewal.user_id, self.rep1)
        self.assertEqual(
            self.env["crm.lead"].search_count(
                [("playbook_scenario", "=", "renewal"), ("partner_id", "=", self.customer.id)]
            ),
            1,
        )
        self.assertTrue(renewal.activity_ids.filtered(lambda a: a.user_id == self.rep1))
