import logging
from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import ContractCase

_logger = logging.getLogger(__name__)


@tagged("post_install", "-at_install")
class TestCollectionsTour(HttpCase, ContractCase):
    # a browser test: the server and the browser follow the machine's clock
    _frozen_now = None

    def test_finance_follows_up_an_overdue_milestone(self):
        self.finance.groups_id += self.env.ref("account.group_account_invoice")
        self.company.playbook_milestone_post_invoice = True
        contract = self.review_all(self.draft_contract())
        self.sign(contract, signed_date=fields.Date.today() - timedelta(days=45))
        prepayment = contract.milestone_ids.sorted("sequence")[0]
        self.env["sale.contract.milestone"]._playbook_refresh_overdue()
        self.assertTrue(prepayment.overdue)
        self.start_tour("/odoo", "sales_playbook_collections_tour", login="pb_finance", timeout=120)
        _logger.info("sales_playbook tour done: %s", "sales_playbook_collections_tour")
        followup = prepayment.followup_ids
        self.assertEqual(followup.user_id, self.finance)
        self.assertEqual(followup.promise_amount, 30000.0)
        self.assertEqual(prepayment.promise_date, fields.Date.to_date("2099-12-31"))
