import uuid

import odoo
from odoo import api
from odoo.exceptions import UserError
from odoo.modules.registry import Registry
from odoo.tests import tagged
from odoo.tests.common import BaseCase, get_db_name, new_test_user


@tagged("post_install", "-at_install")
class TestConcurrentApprovals(BaseCase):
    """Two sales managers approve the same quotation at the same moment, each
    in their own database transaction: one decision is kept, the other is
    refused, and the quotation is consistent afterwards.

    The data has to be committed for two connections to see it; it is
    removed again at the end."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = Registry(get_db_name())
        suffix = uuid.uuid4().hex[:8]
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, odoo.SUPERUSER_ID, {})
            managers = [
                new_test_user(
                    env,
                    login=f"pb_conc_{name}_{suffix}",
                    name=f"Manager {name}",
                    groups="sales_playbook.group_playbook_manager",
                )
                for name in ("one", "two")
            ]
            partner = env["res.partner"].create({"name": f"Concurrent customer {suffix}"})
            product = env["product.product"].create(
                {
                    "name": f"Concurrent product {suffix}",
                    "type": "service",
                    "list_price": 1000.0,
                }
            )
            order = env["sale.order"].create(
                {
                    "partner_id": partner.id,
                    "order_line": [(0, 0, {"product_id": product.id, "price_unit": 1000.0})],
                }
            )
            order.request_validation()
            cls.manager_ids = [manager.id for manager in managers]
            cls.partner_id, cls.product_id, cls.order_id = partner.id, product.id, order.id
        cls.addClassCleanup(cls._remove_data)

    @classmethod
    def _remove_data(cls):
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, odoo.SUPERUSER_ID, {})
            order = env["sale.order"].browse(cls.order_id).exists()
            order.with_context(disable_cancel_warning=True)._action_cancel()
            order.unlink()
            env["product.product"].browse(cls.product_id).product_tmpl_id.unlink()
            users = env["res.users"].browse(cls.manager_ids)
            partners = users.partner_id | env["res.partner"].browse(cls.partner_id)
            env["mail.message"].search([("author_id", "in", partners.ids)]).unlink()
            users.unlink()
            partners.unlink()

    def _approve(self, env):
        order = env["sale.order"].browse(self.order_id)
        action = order.validate_tier()
        env["comment.wizard"].with_context(**action["context"]).create(
            {"comment": "OK"}
        ).add_comment()

    def test_two_managers_approve_at_once(self):
        cr1, cr2 = self.registry.cursor(), self.registry.cursor()
        for cr in (cr1, cr2):
            # a lock the code did not foresee fails the test instead of hanging it
            cr.execute("SET lock_timeout = '10s'")
        try:
            env1 = api.Environment(cr1, self.manager_ids[0], {})
            env2 = api.Environment(cr2, self.manager_ids[1], {})
            # both open the quotation while it waits for a manager
            for env in (env1, env2):
                self.assertTrue(env["sale.order"].browse(self.order_id).can_review)
            self._approve(env1)
            env1.flush_all()
            # the second decision, while the first is not committed yet
            with self.assertRaisesRegex(UserError, "Someone else is deciding"):
                self._approve(env2)
            cr1.commit()
            cr2.rollback()
            cr2.execute("SET lock_timeout = '10s'")
            # once the first is committed, nothing is left for the second
            with self.assertRaisesRegex(UserError, "no review waiting for you"):
                self._approve(env2)
            cr2.rollback()
        finally:
            cr1.close()
            cr2.close()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, odoo.SUPERUSER_ID, {})
            review = env["sale.order"].browse(self.order_id).review_ids
            self.assertEqual(len(review), 1)
            self.assertEqual(review.status, "approved")
            self.assertEqual(review.done_by.id, self.manager_ids[0])
            self.assertTrue(env["sale.order"].browse(self.order_id).playbook_approved)
