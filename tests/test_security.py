from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import PlaybookCase


@tagged("post_install", "-at_install")
class TestConfidentiality(PlaybookCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer_rep2 = cls.env["res.partner"].create(
            {
                "name": "Rep Two's Customer Ltd",
                "is_company": True,
                "user_id": cls.rep2.id,
            }
        )
        cls.customer_rep3 = cls.env["res.partner"].create(
            {
                "name": "West Customer Ltd",
                "is_company": True,
                "user_id": cls.rep3.id,
            }
        )
        cls.contact_rep3 = cls.env["res.partner"].create(
            {
                "name": "Wang Fang",
                "parent_id": cls.customer_rep3.id,
            }
        )
        Lead = cls.env["crm.lead"]
        cls.lead_rep1 = Lead.create(
            cls.qualified_values(user_id=cls.rep1.id, team_id=cls.team_east.id)
        )
        cls.lead_rep2 = Lead.create(
            cls.qualified_values(
                name="Rep two deal",
                user_id=cls.rep2.id,
                team_id=cls.team_east.id,
                partner_id=cls.customer_rep2.id,
            )
        )
        cls.lead_rep3 = Lead.create(
            cls.qualified_values(
                name="West deal",
                user_id=cls.rep3.id,
                team_id=cls.team_west.id,
                partner_id=cls.customer_rep3.id,
            )
        )

    def test_rep_sees_only_own_leads(self):
        with self.assertRaises(AccessError):
            self.lead_rep2.with_user(self.rep1).read(["name"])
        visible = self.env["crm.lead"].with_user(self.rep1).search([])
        self.assertIn(self.lead_rep1, visible)
        self.assertNotIn(self.lead_rep2, visible)
        self.assertNotIn(self.lead_rep3, visible)

    def test_supervisor_sees_team(self):
        visible = self.env["crm.lead"].with_user(self.supervisor).search([])
        self.assertIn(self.lead_rep1, visible)
        self.assertIn(self.lead_rep2, visible)
        self.assertNotIn(self.lead_rep3, visible)

    def test_manager_sees_all(self):
        visible = self.env["crm.lead"].with_user(self.manager).search([])
        self.assertTrue({self.lead_rep1, self.lead_rep2, self.lead_rep3} <= set(visible))

    def test_customers_are_confidential(self):
        Partner = self.env["res.partner"]
        with self.assertRaises(AccessError):
            self.customer_rep2.with_user(self.rep1).read(["name"])
        with self.assertRaises(AccessError):
            self.contact_rep3.with_user(self.rep1).read(["name"])
        self.assertNotIn(self.customer_rep3, Partner.with_user(self.rep1).search([]))
        self.assertIn(self.customer_rep2, Partner.with_user(self.rep2).search([]))
        self.assertIn(self.customer_rep2, Partner.with_user(self.supervisor).search([]))
        self.assertNotIn(self.customer_rep3, Partner.with_user(self.supervisor).search([]))
        self.assertIn(self.customer_rep3, Partner.with_user(self.manager).search([]))

    def test_rep_cannot_reassign_into_another_reps_pipeline(self):
        with self.assertRaises(AccessError):
            self.lead_rep3.with_user(self.rep1).write({"user_id": self.rep1.id})

    def test_groups_chain(self):
        self.assertTrue(self.manager.has_group("sales_playbook.group_playbook_supervisor"))
        self.assertTrue(self.manager.has_group("sales_team.group_sale_manager"))
        self.assertTrue(self.supervisor.has_group("sales_playbook.group_playbook_rep"))
        self.assertFalse(self.supervisor.has_group("sales_team.group_sale_salesman_all_leads"))
        director = self.env.ref("sales_playbook.group_playbook_director")
        self.assertIn(self.env.ref("sales_playbook.group_playbook_manager"), director.implied_ids)
