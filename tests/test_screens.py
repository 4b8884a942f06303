from lxml import etree

from odoo import models
from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval
from odoo.tools.view_validation import get_expression_field_names

from .common import ApprovalCase

SEND_ACTIONS = ("action_quotation_send", "action_preview_sale_order")


@tagged("post_install", "-at_install")
class TestQuotationSendButtons(ApprovalCase):
    """Send by e-mail, Send PRO-FORMA Invoice and Preview are not offered on a
    quotation until it is approved (the actions refuse it too, see
    test_quote_approval)."""

    def offered(self, order, user):
        """The labels of the send and preview buttons ``user`` sees on the
        form of ``order``, their ``invisible`` evaluated as the web client does."""
        order = order.with_user(user)
        order.invalidate_recordset()
        arch = order.get_views([(False, "form")])["views"]["form"]["arch"]
        labels = []
        for button in etree.fromstring(arch).xpath("//header/button"):
            if button.get("name") not in SEND_ACTIONS:
                continue
            expression = button.get("invisible") or "False"
            values = {}
            for fname in get_expression_field_names(expression):
                value = order[fname]
                values[fname] = value.id if isinstance(value, models.BaseModel) else value
            if not safe_eval(expression, values):
                labels.append(button.get("string"))
        return sorted(labels)

    def test_send_and_preview_wait_for_the_approval(self):
        self.rep1.groups_id |= self.env.ref("sale.group_proforma_sales")
        quote = self.make_quote()
        self.assertEqual(self.offered(quote, self.rep1), [])
        quote.with_user(self.rep1).request_validation()
        self.assertEqual(self.offered(quote, self.rep1), [])
        self.decide(quote, self.manager)
        self.assertEqual(
            self.offered(quote, self.rep1),
            ["Preview", "Send PRO-FORMA Invoice", "Send by Email"],
        )
        quote.with_user(self.rep1).action_quotation_sent()
        self.assertEqual(
            self.offered(quote, self.rep1),
            ["Preview", "Send PRO-FORMA Invoice", "Send by Email"],
        )
        # a material change after approval: a new round, nothing offered until it ends
        quote.with_user(self.rep1).order_line.discount = 5.0
        self.assertFalse(quote.playbook_approved)
        self.assertEqual(self.offered(quote, self.rep1), [])
