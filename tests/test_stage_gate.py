from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged

from .common import ContractCase, PlaybookCase


@tagged("post_install", "-at_install")
class TestStageGate(PlaybookCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Lead = cls.env["crm.lead"].with_user(cls.rep1)
        cls.raw_lead = Lead.create(cls.unqualified_values(user_id=cls.rep1.id))
        cls.good_lead = Lead.create(cls.qualified_values(user_id=cls.rep1.id))

    def test_rep_rpc_write_refused_with_missing_list(self):
        lead = self.raw_lead.with_user(self.rep1)
        with self.assertRaises(ValidationError) as caught:
            lead.write({"stage_id": self.stage_needs.id})
        message = str(caught.exception)
        for missing in (
            "Contact person",
            "Industry",
            "Company size",
            "ABC grade",
            "Priority score",
        ):
            self.assertIn(missing, message)
        self.assertIn("“Website enquiry” cannot move to “Needs Analysis” yet.", message)
        self.assertIn("To leave “Customer Development”:", message)
        self.assertEqual(lead.stage_id, self.stage_development)

    def test_missing_names_what_to_fill_for_computed_criteria(self):
        """The ABC grade and the priority score are computed: the list says
        which of the fields they are computed from to fill, never the grade
        or the score as if one could type them."""
        lead = self.raw_lead.with_user(self.rep1)
        with self.assertRaises(ValidationError) as caught:
            lead.write({"stage_id": self.stage_needs.id})
        items = [line for line in str(caught.exception).splitlines() if line.startswith("• ")]
        self.assertIn("• Industry", items)
        self.assertNotIn("• ABC grade", items)
        self.assertNotIn("• Priority score", items)
        self.assertIn(
            "• Urgency, Budget, or Grade Override (ABC grade is computed from them)", items
        )
        score = next(item for item in items if "(Priority score is computed" in item)
        for label in ("Industry", "Company Size (Employees)", "Urgency", "Contact Name"):
            self.assertIn(label, score)

        # only what is still empty: a budget too small for grade B leaves urgency
        lead.write({"contact_name": "Zhang San", "playbook_budget": 50000})
        self.assertIn(
            "Urgency or Grade Override (ABC grade is computed from them)",
            lead.playbook_gate_missing,
        )
        self.assertNotIn("Priority score", lead.playbook_gate_missing)  # the contact scores
        # the grade rules are the one definition: a rule reading the source adds it
        self.env["sales.playbook.grade.rule"].create(
            {
                "name": "Referred leads",
                "grade": "B",
                "sequence": 25,
                "domain": "[('source_id', '!=', False)]",
            }
        )
        lead.invalidate_recordset(["playbook_gate_missing"])
        self.assertIn(
            "Urgency, Source, or Grade Override (ABC grade is computed from them)",
            lead.playbook_gate_missing,
        )
        lead.urgency = "low"
        self.assertNotIn("ABC grade", lead.playbook_gate_missing or "")

    def test_missing_shown_on_the_lead(self):
        lead = self.raw_lead.with_user(self.rep1)
        self.assertIn(
            "Industry • Company size (employees or revenue) • Urgency, Budget, or Grade Override",
            lead.playbook_gate_missing,
        )
        self.assertFalse(self.good_lead.with_user(self.rep1).playbook_gate_missing)

    def test_qualified_lead_moves_and_may_go_back(self):
        lead = self.good_lead.with_user(self.rep1)
        lead.write({"stage_id": self.stage_needs.id})
        self.assertEqual(lead.stage_id, self.stage_needs)
        lead.write({"stage_id": self.stage_development.id})
        self.assertEqual(lead.stage_id, self.stage_development)

    def test_fields_filled_in_the_same_write(self):
        lead = self.raw_lead.with_user(self.rep1)
        lead.write(
            {
                "stage_id": self.stage_needs.id,
                "contact_name": "Zhang San",
                "industry_id": self.industry_manufacturing.id,
                "size_revenue": "10m_50m",
                "urgency": "medium",
            }
        )
        self.assertEqual(lead.stage_id, self.stage_needs)

    def test_skipping_stages_checks_every_stage_passed(self):
        criterion = self.env["sales.playbook.stage.criterion"].create(
            {
                "stage_id": self.stage_needs.id,
                "name": "Grade confirmed by hand",
                "criterion_type": "field",
                "field_id": self.env.ref("sales_playbook.field_crm_lead__abc_grade_override").id,
            }
        )
        lead = self.meet_all_exit_criteria(self.good_lead).with_user(self.rep1)
        lead.industry_id = False
        with self.assertRaises(ValidationError) as caught:
            lead.write({"stage_id": self.stage_negotiation.id})
        self.assertIn("Industry", str(caught.exception))
        self.assertIn("Customer Development", str(caught.exception))
        lead.industry_id = self.industry_manufacturing
        with self.assertRaises(ValidationError) as caught:
            lead.write({"stage_id": self.stage_negotiation.id})
        self.assertIn("Grade confirmed by hand", str(caught.exception))
        self.assertIn("Needs Analysis", str(caught.exception))
        criterion.active = False
        lead.write({"stage_id": self.stage_negotiation.id})
        self.assertEqual(lead.stage_id, self.stage_negotiation)

    def test_import_in_a_later_stage_refused(self):
        Lead = self.env["crm.lead"].with_user(self.rep1)
        with self.assertRaises(ValidationError):
            Lead.create(self.unqualified_values(stage_id=self.stage_solution.id))
        result = Lead.load(
            ["name", "type", "stage_id/id"],
            [["Imported lead", "opportunity", "sales_playbook.stage_solution"]],
        )
        self.assertFalse(result["ids"])
        self.assertTrue(any("Industry" in m["message"] for m in result["messages"]))
        lead = Lead.create(self.qualified_values(stage_id=self.stage_needs.id))
        self.assertEqual(lead.stage_id, self.stage_needs)
        with self.assertRaises(ValidationError):
            Lead.create(self.qualified_values(stage_id=self.stage_solution.id))

    def test_mark_won_goes_through_the_gate(self):
        with self.assertRaises(ValidationError):
            self.raw_lead.with_user(self.rep1).action_set_won()
        with self.assertRaises(ValidationError):
            self.good_lead.with_user(self.rep1).action_set_won()
        self.meet_all_exit_criteria(self.good_lead)
        with self.assertRaises(ValidationError) as caught:  # no signed contract yet
            self.good_lead.with_user(self.rep1).action_set_won()
        self.assertIn("signed by the customer", str(caught.exception))
        self.assertFalse(self.good_lead.stage_id.is_won)

    def test_form_save_refused(self):
        form = Form(self.raw_lead.with_user(self.rep1))
        form.stage_id = self.stage_needs
        with self.assertRaises(ValidationError) as caught:
            form.save()
        self.assertIn("cannot move to “Needs Analysis” yet", str(caught.exception))
        self.assertIn("• Urgency, Budget, or Grade Override", str(caught.exception))
        self.raw_lead.invalidate_recordset()
        self.assertEqual(self.raw_lead.stage_id, self.stage_development)
        # the form reopened shows the real stage and what it lacks to leave it
        form = Form(self.raw_lead.with_user(self.rep1))
        self.assertEqual(form.stage_id, self.stage_development)
        self.assertIn("Industry", form.playbook_gate_missing)

    def test_rep_cannot_override(self):
        lead = self.raw_lead.with_user(self.rep1)
        with self.assertRaises(AccessError):
            lead.with_context(playbook_gate_override="trust me").write(
                {"stage_id": self.stage_needs.id}
            )
        self.assertEqual(lead.stage_id, self.stage_development)
        with self.assertRaises(AccessError):
            self.env["sales.playbook.gate.override"].with_user(self.rep1).create(
                {
                    "lead_id": lead.id,
                    "stage_id": self.stage_needs.id,
                    "reason": "x",
                }
            )

    def test_manager_override_is_logged(self):
        wizard_action = self.raw_lead.with_user(self.manager).action_playbook_gate_override()
        form = Form(
            self.env["sales.playbook.gate.override"]
            .with_user(self.manager)
            .with_context(**wizard_action["context"])
        )
        form.stage_id = self.stage_needs
        self.assertIn("Industry", form.missing)
        form.reason = "Strategic account, the director asked to start the needs analysis now"
        form.save().action_confirm()
        self.assertEqual(self.raw_lead.stage_id, self.stage_needs)
        note = self.raw_lead.message_ids.filtered(
            lambda m: "Stage gate overridden" in (m.body or "")
        )
        self.assertEqual(len(note), 1)
        self.assertIn("Strategic account", note.body)
        self.assertIn("Industry", note.body)
        self.assertIn("Sales Manager", note.body)

    def test_override_wizard_proposes_the_stage_and_lists_what_is_missing(self):
        Wizard = self.env["sales.playbook.gate.override"].with_user(self.manager)
        action = self.raw_lead.with_user(self.manager).action_playbook_gate_override()
        form = Form(Wizard.with_context(**action["context"]))
        self.assertEqual(form.stage_id, self.stage_needs, "the next stage is proposed")
        self.assertEqual(
            form.missing.splitlines()[:3],
            [
                "To leave “Customer Development”:",
                "• Contact person",
                "• Industry",
            ],
        )
        self.assertIn("• Urgency, Budget, or Grade Override", form.missing)
        # the stage the user tried to reach, when the caller gives it
        form = Form(
            Wizard.with_context(**action["context"], default_stage_id=self.stage_solution.id)
        )
        self.assertEqual(form.stage_id, self.stage_solution)
        self.assertIn("To leave “Customer Development”:", form.missing)
        self.assertIn("To leave “Needs Analysis”:", form.missing)
        self.assertIn("• Pain points (4W)", form.missing)
        # a lead further on: the stage after its own
        lead = self.meet_all_exit_criteria(self.good_lead)
        lead.with_user(self.rep1).stage_id = self.stage_needs
        action = lead.with_user(self.manager).action_playbook_gate_override()
        form = Form(Wizard.with_context(**action["context"]))
        self.assertEqual(form.stage_id, self.stage_solution)
        self.assertFalse(form.missing, "nothing missing: the lead moves without an override")

    def test_bad_criterion_refused(self):
        Criterion = self.env["sales.playbook.stage.criterion"]
        with self.assertRaises(ValidationError):
            Criterion.create(
                {
                    "stage_id": self.stage_needs.id,
                    "name": "No field",
                    "criterion_type": "field",
                }
            )
        with self.assertRaises(ValidationError):
            Criterion.create(
                {
                    "stage_id": self.stage_needs.id,
                    "name": "Bad",
                    "criterion_type": "domain",
                    "domain": "[('nope', '=', 1)]",
                }
            )
        with self.assertRaises(AccessError):
            Criterion.with_user(self.rep1).create(
                {
                    "stage_id": self.stage_needs.id,
                    "name": "Mine",
                    "criterion_type": "domain",
                }
            )


@tagged("post_install", "-at_install")
class TestWonBySignature(ContractCase):
    def test_signature_wins_the_opportunity(self):
        lead = self.lead.with_user(self.rep1)
        with self.assertRaises(ValidationError):
            lead.action_set_won()
        self.sign(self.review_all(self.draft_contract()))
        self.assertEqual(lead.stage_id, self.stage_fulfilment)
        self.assertTrue(lead.stage_id.is_won)
        self.assertEqual(lead.probability, 100)
