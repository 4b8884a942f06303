from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import PlaybookCase


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

    def make_quote(self, user=None, discount=0.0, quantity=1.0):
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
                                "price_unit": 100000.0,
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


@tagged("post_install", "-at_install")
class TestQuoteApproval(ApprovalCase):
    def test_every_quote_needs_the_manager(self):
        quote = self.make_quote()
        self.assertTrue(quote.need_validation)
        self.assertFalse(quote.playbook_needs_director)
        self.assertFalse(quote.playbook_approved)
        quote.request_validation()
        reviews = quote.sudo().review_ids
        self.assertEqual(reviews.definition_id, self.env.ref("sales_playbook.tier_quote_manager"))
        # the rep is not a reviewer: a clear refusal, nothing approved
        with self.assertRaises(UserError):
            quote.with_user(self.rep1).validate_tier()
        self.assertFalse(quote.playbook_approved)
        self.decide(quote, self.manager)
        self.assertTrue(quote.playbook_approved)
        self.assertEqual(quote.sudo().review_ids.done_by, self.manager)
        quote.with_user(self.rep1).action_confirm()
        self.assertEqual(quote.state, "sale")

    def test_unapproved_quote_cannot_leave_the_company(self):
        quote = self.make_quote().with_user(self.rep1)
        blocked = {
            "confirm": quote.action_confirm,
            "send by e-mail": quote.action_quotation_send,
            "mark as sent": quote.action_quotation_sent,
            "portal preview": quote.action_preview_sale_order,
            "share link": quote._get_share_url,
            "write the state": lambda: quote.write({"state": "sale"}),
            "write sent": lambda: quote.write({"state": "sent"}),
            "print": lambda: (
                self.env["ir.actions.report"]
                .with_user(self.rep1)
                ._render_qweb_html("sale.action_report_saleorder", quote.ids)
            ),
            "post as sent": lambda: quote.with_context(mark_so_as_sent=True).message_post(
                body="Your quotation", message_type="comment"
            ),
        }
        for what, call in blocked.items():
            with self.subTest(what), self.assertRaises(UserError):
                call()
        self.assertEqual(quote.state, "draft")
        # the e-mail composer with the quotation template cannot render its attachment
        with self.assertRaises(UserError):
            self.env["mail.compose.message"].with_user(self.rep1).with_context(
                default_model="sale.order",
                default_res_ids=quote.ids,
                default_template_id=self.env.ref("sale.email_template_edi_sale").id,
                default_composition_mode="comment",
            ).create({}).action_send_mail()
        self.assertFalse(quote.message_ids.filtered(lambda m: m.message_type == "comment"))
        # once approved, all of it works
        quote.request_validation()
        self.decide(quote, self.manager)
        self.env["ir.actions.report"].with_user(self.rep1)._render_qweb_html(
            "sale.action_report_saleorder", quote.ids
        )
        self.assertEqual(quote.action_quotation_send()["res_model"], "mail.compose.message")
        quote.action_quotation_sent()
        self.assertEqual(quote.state, "sent")

    def test_rep_cannot_forge_an_approval(self):
        quote = self.make_quote()
        quote.request_validation()
        review = quote.sudo().review_ids
        rep_review = review.with_user(self.rep1)
        with self.assertRaises(AccessError):
            rep_review.write({"status": "approved", "done_by": self.rep1.id})
        with self.assertRaises(AccessError):
            rep_review.write({"status": "approved"})
        with self.assertRaises(AccessError):
            rep_review.write({"reviewer_ids": [(6, 0, self.rep1.ids)]})
        with self.assertRaises(AccessError):
            self.env["tier.review"].with_user(self.rep1).create(
                {
                    "model": "sale.order",
                    "res_id": quote.id,
                    "status": "approved",
                    "definition_id": review.definition_id.id,
                }
            )
        with self.assertRaises(AccessError):
            quote.with_user(self.rep1).write({"validation_status": "validated"})
        # the comment wizard does not let a non-reviewer decide either
        with self.assertRaises(AccessError):
            self.env["comment.wizard"].with_user(self.rep1).create(
                {
                    "res_model": "sale.order",
                    "res_id": quote.id,
                    "review_ids": review.ids,
                    "validate_reject": "validate",
                    "comment": "self-approved",
                }
            ).add_comment()
        self.assertEqual(review.status, "pending")
        self.assertFalse(quote.playbook_approved)
        with self.assertRaises(UserError):
            quote.with_user(self.rep1).action_confirm()

    def test_special_discount_goes_to_the_director_after_the_manager(self):
        quote = self.make_quote(discount=15.0)
        self.assertTrue(quote.playbook_needs_director)
        self.assertIn("15", quote.playbook_approval_reasons)
        quote.request_validation()
        reviews = quote.sudo().review_ids.sorted("sequence")
        self.assertEqual(
            reviews.definition_id.mapped("reviewer_group_id"),
            (
                self.env.ref("sales_playbook.group_playbook_manager")
                | self.env.ref("sales_playbook.group_playbook_director")
            ),
        )
        self.assertEqual(reviews.mapped("status"), ["pending", "waiting"])
        self.decide(quote, self.manager)
        self.assertEqual(reviews.mapped("status"), ["approved", "pending"])
        self.assertFalse(quote.playbook_approved)
        with self.assertRaises(UserError):
            quote.with_user(self.manager).validate_tier()
        self.decide(quote, self.director)
        self.assertTrue(quote.playbook_approved)

    def test_large_total_and_minimum_price_need_the_director(self):
        big = self.make_quote(quantity=6)  # 600,000 > 500,000
        self.assertTrue(big.playbook_needs_director)
        self.env["sales.playbook.negotiation"].sudo().create(
            {
                "lead_id": self.lead.id,
                "name": "Preparation",
                "bottom_line_ids": [(0, 0, {"min_price": 150000.0})],
            }
        )
        low = self.make_quote()
        low.invalidate_recordset()
        self.assertTrue(low.playbook_below_minimum)
        self.assertTrue(low.playbook_needs_director)
        self.assertIn(
            self.env.ref("sales_playbook.tier_quote_director"),
            low.request_validation().definition_id,
        )

    def test_customer_over_credit_limit_needs_finance(self):
        self.company.account_use_credit_limit = True
        self.customer.sudo().credit_limit = 50000.0
        quote = self.make_quote()
        self.assertTrue(quote.playbook_over_credit_limit)
        quote.request_validation()
        self.assertIn(
            self.env.ref("sales_playbook.tier_quote_finance"), quote.sudo().review_ids.definition_id
        )
        # finance hears of it when its turn comes, not before
        self.assertNotIn(self.finance.partner_id, quote.message_partner_ids)
        self.assertIn(self.manager.partner_id, quote.message_partner_ids)
        self.decide(quote, self.manager)
        self.assertFalse(quote.playbook_approved)
        self.assertIn(self.finance.partner_id, quote.message_partner_ids)
        notice = quote.message_ids.filtered(lambda m: self.finance.partner_id in m.partner_ids)
        self.assertEqual(len(notice), 1)
        self.assertIn("Your review is requested", notice.body)
        self.decide(quote, self.finance)
        self.assertTrue(quote.playbook_approved)

    def test_rejection_comes_back_to_the_rep(self):
        quote = self.make_quote()
        quote.request_validation()
        self.decide(quote, self.manager, approve=False, comment="Price too low for this scope")
        self.assertEqual(quote.validation_status, "rejected")
        todo = quote.activity_ids.filtered(lambda a: a.user_id == self.rep1)
        self.assertEqual(len(todo), 1)
        self.assertIn("Price too low", todo.note)
        # the rep fixes the price: a material change starts a new round
        quote.with_user(self.rep1).write(
            {"order_line": [(1, quote.order_line.id, {"price_unit": 120000.0})]}
        )
        self.assertFalse(quote.sudo().review_ids)
        self.assertTrue(quote.need_validation)

    def test_material_change_after_approval_asks_again_cosmetic_does_not(self):
        quote = self.make_quote()
        quote.request_validation()
        self.decide(quote, self.manager)
        rep_quote = quote.with_user(self.rep1)
        tag = self.env["crm.tag"].create({"name": "Key account"})
        rep_quote.write({"tag_ids": [(4, tag.id)], "client_order_ref": "PO-778"})
        self.assertTrue(quote.playbook_approved, "tags and references are cosmetic")
        # a line edited directly by RPC counts as much as through the order
        rep_quote.order_line.write({"discount": 5.0})
        self.assertFalse(quote.playbook_approved)
        self.assertTrue(quote.need_validation)
        self.assertIn("Approval requested again", quote.message_ids[0].body)
        with self.assertRaises(UserError):
            rep_quote.action_confirm()
        quote.request_validation()
        self.decide(quote, self.manager)
        other_terms = self.env["account.payment.term"].create({"name": "90 days"})
        rep_quote.write({"payment_term_id": other_terms.id})
        self.assertFalse(quote.playbook_approved)

    def test_material_change_under_review_is_refused(self):
        quote = self.make_quote()
        quote.request_validation()
        with self.assertRaises(UserError):
            quote.with_user(self.rep1).order_line.write({"price_unit": 1.0})
        self.assertEqual(quote.order_line.price_unit, 100000.0)
        quote.with_user(self.rep1).write({"client_order_ref": "PO-1"})
        self.assertEqual(quote.client_order_ref, "PO-1")

    def test_thresholds_refuse_bad_input(self):
        settings = self.env["res.config.settings"].create({})
        for field, value in (
            ("playbook_director_discount", 120.0),
            ("playbook_director_amount", -1.0),
            ("playbook_renewal_days", 0),
        ):
            with self.subTest(field), self.assertRaises(ValidationError), self.cr.savepoint():
                settings.write({field: value})
                settings.execute()
        self.assertEqual(self.company.playbook_director_discount, 10.0)


@tagged("post_install", "-at_install")
class TestQuotePortal(HttpCase, ApprovalCase):
    """A customer holding the quotation's link sees it only once approved."""

    def test_portal_link_works_only_once_approved(self):
        quote = self.make_quote()
        token = quote.sudo()._portal_ensure_token()
        url = f"/my/orders/{quote.id}?access_token={token}"
        response = self.url_open(url, allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        self.assertTrue(response.headers["Location"].endswith("/my"))
        pdf = self.url_open(
            f"/my/orders/{quote.id}?access_token={token}&report_type=pdf", allow_redirects=False
        )
        self.assertEqual(pdf.status_code, 303, "no PDF either")
        quote.request_validation()
        self.decide(quote, self.manager)
        response = self.url_open(url, allow_redirects=False)
        self.assertEqual(response.status_code, 200)
        self.assertIn(quote.name, response.text)
