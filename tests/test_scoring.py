from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged
from odoo.tests.common import BaseCase

from ..tools import scoring
from .common import PlaybookCase


@tagged("post_install", "-at_install")
class TestScoringRules(BaseCase):
    """The pure arithmetic, without a database."""

    def test_potential_level_edges(self):
        self.assertEqual(scoring.potential_level(100), "high")
        self.assertEqual(scoring.potential_level(80), "high")
        self.assertEqual(scoring.potential_level(79), "medium")
        self.assertEqual(scoring.potential_level(60), "medium")
        self.assertEqual(scoring.potential_level(59), "low")
        self.assertEqual(scoring.potential_level(0), "low")
        self.assertEqual(
            scoring.potential_level(75, high_threshold=75, medium_threshold=50), "high"
        )
        with self.assertRaises(ValueError):
            scoring.potential_level(50, high_threshold=60, medium_threshold=60)

    def test_points_and_total(self):
        self.assertEqual(scoring.criterion_points(20, 80), 16.0)
        self.assertEqual(scoring.criterion_points(25, 0), 0.0)
        self.assertEqual(scoring.total_score([16.0, 20.0, 0.5]), 37)
        self.assertEqual(scoring.total_score([16.0, 20.0, 0.4]), 36)
        self.assertEqual(scoring.total_score([]), 0)
        self.assertEqual(scoring.total_score([70, 70]), 100)
        with self.assertRaises(ValueError):
            scoring.criterion_points(20, 120)
        self.assertTrue(scoring.weights_total_ok([20, 20, 25, 20, 15]))
        self.assertFalse(scoring.weights_total_ok([20, 20, 25, 20]))


@tagged("post_install", "-at_install")
class TestLeadQualification(PlaybookCase):
    def test_shipped_scorecard_totals_100(self):
        card = self.env.ref("sales_playbook.scorecard_default")
        self.assertEqual(card.total_weight, 100)

    def test_rep_qualifies_lead(self):
        lead = self.env["crm.lead"].with_user(self.rep1).create(self.qualified_values())
        self.assertEqual(lead.priority_score, 91)
        self.assertEqual(lead.abc_grade, "A")
        self.assertEqual(lead.potential_level, "high")
        breakdown = lead._playbook_score_breakdown()
        self.assertEqual(
            [(line["criterion"], line["points"]) for line in breakdown],
            [
                ("Industry fit", 20.0),
                ("Company size", 16.0),
                ("Budget", 20.0),
                ("Urgency of the need", 20.0),
                ("Decision chain known", 15.0),
            ],
        )
        self.assertIn("Decision chain known", lead.playbook_score_breakdown)

        # a weaker profile: other industry, small, low urgency, no position
        lead.write(
            {
                "industry_id": self.industry_retail.id,
                "size_employees": "lt50",
                "playbook_budget": 50000,
                "urgency": "low",
                "function": False,
            }
        )
        # 10 + 6 + 5 + 4 + 6 = 31
        self.assertEqual(lead.priority_score, 31)
        self.assertEqual(lead.potential_level, "low")
        self.assertEqual(lead.abc_grade, "C")

    def test_grade_rules(self):
        Lead = self.env["crm.lead"].with_user(self.rep1)
        grade_b = Lead.create(self.qualified_values(urgency="medium", playbook_budget=0))
        self.assertEqual(grade_b.abc_grade, "B")
        by_budget = Lead.create(self.qualified_values(urgency="low", playbook_budget=150000))
        self.assertEqual(by_budget.abc_grade, "B")
        no_urgency = Lead.create(self.unqualified_values())
        self.assertFalse(no_urgency.abc_grade, "no rule matches a lead with nothing known")

    def test_grade_override_is_tracked(self):
        lead = self.env["crm.lead"].with_user(self.rep1).create(self.qualified_values())
        self.assertEqual(lead.abc_grade, "A")
        # end of the creating transaction: changes after it are tracked
        self.env.flush_all()
        self.env.cr.precommit.run()
        lead.abc_grade_override = "C"
        self.env.flush_all()
        self.env.cr.precommit.run()  # tracking values are written at commit time
        self.assertEqual(lead.abc_grade, "C")
        self.assertEqual(lead.abc_grade_suggested, "A")
        lead.invalidate_recordset(["message_ids"])
        # tracking values are readable by administrators only
        tracked = lead.sudo().message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "abc_grade_override"
        )
        self.assertTrue(tracked, "the override is tracked in the chatter")
        lead.abc_grade_override = False
        self.assertEqual(lead.abc_grade, "A")

    def test_thresholds_from_settings(self):
        lead = (
            self.env["crm.lead"]
            .with_user(self.rep1)
            .create(self.qualified_values(urgency="medium"))
        )
        # 20 + 16 + 20 + 12 + 15 = 83
        self.assertEqual(lead.priority_score, 83)
        self.assertEqual(lead.potential_level, "high")
        # the admin changes the threshold on the Sales settings page
        self.env["res.config.settings"].create({"playbook_potential_high": 85}).execute()
        self.assertEqual(lead.potential_level, "medium")
        with self.assertRaises(ValidationError):
            self.company.playbook_potential_medium = 90

    def test_negative_budget_refused(self):
        Lead = self.env["crm.lead"].with_user(self.rep1)
        with self.assertRaises(ValidationError):
            Lead.create(self.qualified_values(playbook_budget=-1))
        lead = Lead.create(self.qualified_values())
        with self.assertRaises(ValidationError):
            lead.playbook_budget = -500
            lead.flush_recordset()

    def test_form_onchange_shows_score(self):
        with Form(self.env["crm.lead"].with_user(self.rep1)) as form:
            form.name = "Form lead"
            form.industry_id = self.industry_manufacturing
            form.urgency = "high"
            self.assertEqual(form.priority_score, 40)
            self.assertEqual(form.abc_grade, "B")
            form.playbook_budget = 2000000
            self.assertEqual(form.priority_score, 65)
            self.assertEqual(form.abc_grade, "A")
            self.assertEqual(form.potential_level, "medium")

    def test_weights_must_total_100(self):
        card = self.env.ref("sales_playbook.scorecard_default").with_user(self.manager)
        industry = self.env.ref("sales_playbook.score_criterion_industry").with_user(self.manager)
        urgency = self.env.ref("sales_playbook.score_criterion_urgency").with_user(self.manager)
        with self.assertRaises(ValidationError):
            industry.weight = 30
        with self.assertRaises(ValidationError):
            card.write({"criterion_ids": [(1, industry.id, {"weight": 30})]})
        self.assertEqual(industry.weight, 20)
        # moved together in one save of the scorecard, they still total 100
        card.write(
            {
                "criterion_ids": [
                    (1, industry.id, {"weight": 30}),
                    (1, urgency.id, {"weight": 10}),
                ]
            }
        )
        self.assertEqual(card.total_weight, 100)
        with self.assertRaises(ValidationError):
            self.env["sales.playbook.score.criterion"].with_user(self.manager).create(
                {
                    "scorecard_id": card.id,
                    "name": "Extra",
                    "weight": 5,
                }
            )

    def test_rep_cannot_edit_scorecard(self):
        industry = self.env.ref("sales_playbook.score_criterion_industry").with_user(self.rep1)
        self.assertEqual(industry.weight, 20, "reps read the scorecard")
        with self.assertRaises(AccessError):
            industry.write({"name": "Mine"})
        with self.assertRaises(AccessError):
            self.env.ref("sales_playbook.grade_rule_a").with_user(self.rep1).write({"grade": "B"})

    def test_bad_level_condition_refused(self):
        level = self.env.ref("sales_playbook.score_level_urgency_high").with_user(self.manager)
        with self.assertRaises(ValidationError):
            level.domain = "[('no_such_field', '=', 1)]"
        with self.assertRaises(ValidationError):
            level.ratio = 150

    def test_rescore_after_scorecard_change(self):
        lead = self.env["crm.lead"].with_user(self.rep1).create(self.qualified_values())
        self.assertEqual(lead.priority_score, 91)
        level = self.env.ref("sales_playbook.score_level_size_upper").with_user(self.manager)
        level.ratio = 50  # company size now earns 10 instead of 16
        count = self.env["crm.lead"]._playbook_rescore([("id", "=", lead.id)])
        self.assertEqual(count, 1)
        self.assertEqual(lead.priority_score, 85)
        rule = self.env.ref("sales_playbook.grade_rule_a").with_user(self.manager)
        rule.domain = "[('urgency', '=', 'high'), ('playbook_budget', '>=', 800000)]"
        self.env["crm.lead"]._cron_playbook_rescore()
        self.assertEqual(lead.abc_grade, "B")

    def test_conditions_read_only_what_the_score_follows(self):
        """A score level or grade rule reads the lead fields the score is
        recomputed from; any other field is refused with the list of those."""
        level = self.env.ref("sales_playbook.score_level_industry_other").with_user(self.manager)
        rule = self.env["sales.playbook.grade.rule"].search([], limit=1).with_user(self.manager)
        for record in (level, rule):
            for domain in (
                "[('description', '!=', False)]",  # not a field the score follows
                "[('partner_id.country_id.code', '=', 'CN')]",  # through a relation
                "[('need_ids', 'any', [('category', '=', 'must')])]",
            ):
                with self.subTest(record=record, domain=domain):
                    with self.assertRaises(ValidationError) as caught, self.cr.savepoint():
                        record.write({"domain": domain})
                    self.assertIn("Budget", str(caught.exception), "the allowed fields are named")
        # a field the score follows: a change of it recomputes the score at once
        tag = self.env["crm.tag"].create({"name": "Key account"})
        level.write({"domain": f"[('tag_ids', 'in', [{tag.id}])]"})
        lead = (
            self.env["crm.lead"]
            .with_user(self.rep1)
            .create(self.qualified_values(industry_id=self.industry_retail.id))
        )
        self.assertEqual(lead.priority_score, 71, "20 points short: no target industry, no tag")
        lead.tag_ids = tag
        self.assertEqual(lead.priority_score, 81, "the tagged lead reaches the other level")
