from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import PlaybookCase


@tagged("post_install", "-at_install")
class TestNeedsAnalysis(PlaybookCase):
    """Stage 2: 4W, SPIN records, needs list with its internal review."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lead = (
            cls.env["crm.lead"]
            .with_user(cls.rep1)
            .create(cls.qualified_values(user_id=cls.rep1.id, stage_id=cls.stage_needs.id))
        )

    def _fill_4w(self, lead):
        lead.write(
            {
                "need_pain_points": "Planning in spreadsheets",
                "need_goals": "On-time delivery above 95 %",
                "need_timeline": "2027-06-30",
            }
        )

    def test_gate_lists_4w_and_needs(self):
        lead = self.lead.with_user(self.rep1)
        with self.assertRaises(ValidationError) as caught:
            lead.write({"stage_id": self.stage_solution.id})
        message = str(caught.exception)
        for missing in (
            "Pain points (4W)",
            "Goals (4W)",
            "Timeline (4W)",
            "At least one must-have need",
        ):
            self.assertIn(missing, message)
        self.assertNotIn("Budget (4W)", message, "the qualified lead has a budget")
        self.assertNotIn(
            "Every must-have need reviewed", message, "no must-have need yet to review"
        )
        self.assertEqual(lead.stage_id, self.stage_needs)

    def test_gate_needs_every_must_have_reviewed(self):
        lead = self.lead.with_user(self.rep1)
        self._fill_4w(lead)
        Need = self.env["sales.playbook.need"].with_user(self.rep1)
        must = Need.create({"lead_id": lead.id, "name": "Scheduling", "category": "must"})
        Need.create({"lead_id": lead.id, "name": "Mobile app", "category": "value_added"})
        with self.assertRaises(ValidationError) as caught:
            lead.write({"stage_id": self.stage_solution.id})
        self.assertIn("Every must-have need reviewed", str(caught.exception))

        must.with_user(self.presales).action_review_feasible()
        self.assertEqual(must.reviewer_id, self.presales)
        lead.write({"stage_id": self.stage_solution.id})
        self.assertEqual(lead.stage_id, self.stage_solution)

    def test_dropped_must_have_does_not_count(self):
        lead = self.lead.with_user(self.rep1)
        self._fill_4w(lead)
        self.env["sales.playbook.need"].with_user(self.rep1).create(
            {
                "lead_id": lead.id,
                "name": "Dropped need",
                "category": "must",
                "state": "dropped",
            }
        )
        with self.assertRaises(ValidationError) as caught:
            lead.write({"stage_id": self.stage_solution.id})
        self.assertIn("At least one must-have need", str(caught.exception))
        self.assertNotIn("Every must-have need reviewed", str(caught.exception))

    def test_rep_cannot_review_own_needs(self):
        need = (
            self.env["sales.playbook.need"]
            .with_user(self.rep1)
            .create(
                {
                    "lead_id": self.lead.id,
                    "name": "Scheduling",
                    "category": "must",
                }
            )
        )
        self.assertFalse(need.can_review)
        with self.assertRaises(AccessError):
            need.action_review_feasible()
        with self.assertRaises(AccessError):
            self.env["sales.playbook.need"].with_user(self.rep1).create(
                {
                    "lead_id": self.lead.id,
                    "name": "Self-reviewed",
                    "review_result": "feasible",
                    "reviewer_id": self.rep1.id,
                    "review_date": "2026-11-20",
                }
            )
        self.assertTrue(need.with_user(self.presales).can_review)
        self.assertFalse(need.review_result)

    def test_bad_review_refused(self):
        need = (
            self.env["sales.playbook.need"]
            .with_user(self.rep1)
            .create(
                {
                    "lead_id": self.lead.id,
                    "name": "Scheduling",
                    "category": "must",
                }
            )
        )
        as_presales = need.with_user(self.presales)
        for bad, error in (
            # not fully feasible: say why
            ({"review_result": "partly"}, ValidationError),
            # a review in the future
            ({"review_result": "feasible", "review_date": "2026-12-05"}, ValidationError),
            # given in someone else's name
            ({"review_result": "feasible", "reviewer_id": self.manager.id}, AccessError),
        ):
            with self.subTest(bad), self.assertRaises(error), self.cr.savepoint():
                as_presales.write(bad)
                as_presales.flush_recordset()
        self.assertFalse(need.review_result, "nothing saved")
        as_presales.write(
            {
                "review_result": "partly",
                "review_date": "2026-11-20",
                "review_comment": "Only two of the three plants have the data",
            }
        )
        self.assertEqual(need.review_result, "partly")
        # who reviewed is whoever wrote the review
        self.assertEqual(need.reviewer_id, self.presales)

    def test_spin_records(self):
        Spin = self.env["sales.playbook.spin.record"].with_user(self.rep1)
        record = Spin.create(
            {
                "lead_id": self.lead.id,
                "contact_name": "Zhou Hong",
                "contact_function": "COO",
                "situation": "Three plants",
                "problem": "Rush orders",
                "implication": "Penalties",
                "need_payoff": "Keep key accounts",
            }
        )
        self.assertEqual(self.lead.spin_record_ids, record)
        with self.assertRaises(ValidationError):
            Spin.create({"lead_id": self.lead.id, "contact_name": "Nobody"})
        with self.assertRaises(ValidationError):
            Spin.create(
                {
                    "lead_id": self.lead.id,
                    "contact_name": "Later",
                    "situation": "x",
                    "interview_date": "2099-01-01",
                }
            )
        # another representative sees neither the SPIN records nor the needs
        with self.assertRaises(AccessError):
            record.with_user(self.rep3).read(["situation"])
        self.assertTrue(record.with_user(self.supervisor).situation)
