from odoo.tests import tagged
from odoo.tests.common import BaseCase

from ..tools.domain_eval import compile_domain
from .common import PlaybookCase

TYPES = {
    "urgency": "selection",
    "playbook_budget": "monetary",
    "industry_id": "many2one",
    "function": "char",
    "name": "char",
}


@tagged("post_install", "-at_install")
class TestCompiledDomains(BaseCase):
    def check(self, domain, row):
        predicate = compile_domain(domain, TYPES)
        self.assertIsNotNone(predicate, domain)
        return predicate(row.get)

    def test_leaves_and_operators(self):
        row = {"urgency": "high", "playbook_budget": 600000.0, "industry_id": 7, "function": False}
        self.assertTrue(
            self.check([("urgency", "=", "high"), ("playbook_budget", ">=", 500000)], row)
        )
        self.assertFalse(self.check([("playbook_budget", ">", 600000)], row))
        self.assertTrue(
            self.check(["|", ("urgency", "=", "low"), ("industry_id", "in", [3, 7])], row)
        )
        self.assertTrue(self.check([("function", "=", False)], row))
        self.assertFalse(self.check([("function", "!=", False)], row))
        self.assertTrue(self.check(["!", ("urgency", "in", ["low", "medium"])], row))
        self.assertTrue(self.check([], row))
        self.assertTrue(self.check([("industry_id", "not in", [1, 2])], row))
        # an empty value never satisfies an ordering comparison, as in SQL
        self.assertFalse(self.check([("urgency", ">", "a")], dict(row, urgency=False)))

    def test_unsupported_domains_fall_back(self):
        for domain in (
            [("industry_id.name", "=", "Retail")],
            [("name", "ilike", "acme")],
            [("industry_id", "=", "Manufacturing")],
            [("unknown_field", "=", 1)],
            [("playbook_budget", "=", False)],
        ):
            self.assertIsNone(compile_domain(domain, TYPES), domain)


@tagged("post_install", "-at_install")
class TestBulkRescoreMatchesForm(PlaybookCase):
    """The bulk path (compiled predicates) and the form path (filtered_domain)
    give every lead the same score, grade and potential."""

    def test_bulk_equals_single(self):
        Lead = self.env["crm.lead"]
        sizes = ["lt50", "50_200", "200_500", "500_1000", "gt1000", False]
        leads = Lead.create(
            [
                self.qualified_values(
                    name=f"Bulk {index}",
                    size_employees=sizes[index % 6],
                    playbook_budget=(index % 7) * 200000,
                    urgency=["high", "medium", "low", False][index % 4],
                    industry_id=[self.industry_manufacturing.id, self.industry_retail.id, False][
                        index % 3
                    ],
                    function=False if index % 5 == 0 else "Director",
                    stage_id=self.stage_development.id,
                )
                for index in range(120)
            ]
        )
        single = {
            lead.id: (lead.priority_score, lead.abc_grade, lead.potential_level) for lead in leads
        }
        # values computed one lead at a time by the ORM at creation
        self.env.cr.execute(
            "UPDATE crm_lead SET priority_score = 0, abc_grade_suggested = NULL WHERE id = ANY(%s)",
            [leads.ids],
        )
        self.env.invalidate_all()
        Lead._playbook_rescore([("id", "in", leads.ids)], batch_size=100)
        bulk = {
            lead.id: (lead.priority_score, lead.abc_grade, lead.potential_level) for lead in leads
        }
        self.assertEqual(bulk, single)
        self.assertGreater(len(set(single.values())), 5, "a varied sample")
