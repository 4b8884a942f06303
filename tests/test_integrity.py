from datetime import date, timedelta

from odoo import fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import SQL

from ..tools import collections
from .common import MilestoneCase

MODULE = "sales_playbook"


@tagged("post_install", "-at_install")
class TestNothingDecidedIsWritable(MilestoneCase):
    """What the add-on computes or records (scores, grades, states, money,
    dates of events, fingerprints, results, reviews) cannot be set from
    outside: not by the salesperson over RPC, not by an import, not even by
    code running as superuser — only the add-on's own actions change it."""

    def _world(self):
        """One record of every model of the add-on, at the end of the story:
        a contract signed, delivered, accepted, invoiced, overdue and
        escalated, followed up; its opportunity's records; after-sales."""
        self.company.playbook_milestone_post_invoice = True
        contract = self.signed_contract()
        self.deliver(contract, "2027-01-20")
        with self.frozen("2027-02-01 10:00:00"):
            action = contract.with_user(self.rep1).action_new_acceptance()
            acceptance = self.env["sale.contract.acceptance"].with_user(self.rep1)
            acceptance = acceptance.browse(action["res_id"])
            acceptance.item_ids.write({"passed": True})
            acceptance.customer_signatory = "Li Wei"
            acceptance.action_record()
            self.env["sale.contract.delivery.item"].with_user(self.rep1).create(
                {"contract_id": contract.id, "name": "Deployment", "planned_date": "2027-01-15"}
            )
        prepayment = contract.milestone_ids.sorted("sequence")[0]
        with self.frozen("2027-02-10 10:00:00"):
            self.env["sale.contract.milestone.followup"].with_user(self.finance).create(
                {
                    "milestone_id": prepayment.id,
                    "result": "Payment scheduled",
                    "promise_date": "2027-02-15",
                    "promise_amount": 30000.0,
                }
            )
        self.cron("2027-03-10")  # overdue, escalated twice, the promise broken
        with self.frozen("2027-03-10 10:00:00"):
            self.env["sales.playbook.visit"]._cron_plan_monthly_visits()
            self.env["sales.playbook.satisfaction"]._cron_send_surveys()
            visit = self.env["sales.playbook.visit"].search([("partner_id", "=", self.customer.id)])
            visit.with_user(self.rep1).write({"satisfaction": "4"})
            visit.with_user(self.rep1).action_done()
            complaint = (
                self.env["sales.playbook.complaint"]
                .with_user(self.rep1)
                .create(
                    {
                        "name": "Slow reports",
                        "partner_id": self.customer.id,
                        "description": "Month-end reports are slow.",
                        "response": "A fix is on its way.",
                    }
                )
            )
            complaint.action_answer()
        survey = self.env["sales.playbook.satisfaction"].search(
            [("partner_id", "=", self.customer.id)]
        )
        with self.frozen("2027-03-12 10:00:00"):
            answer = survey.sudo().user_input_id
            for question in survey.survey_id.question_ids.filtered(
                lambda q: q.question_type == "scale"
            ):
                answer._save_lines(question, "4")
            answer._mark_done()
        lead = self.lead
        Negotiation = self.env["sales.playbook.negotiation"].with_user(self.rep1)
        negotiation = Negotiation.create(
            {
                "lead_id": lead.id,
                "name": "Price",
                "bottom_line_ids": [(0, 0, {"min_price": 80000})],
                "member_ids": [(0, 0, {"user_id": self.rep1.id})],
            }
        )
        meeting = (
            self.env["sales.playbook.meeting"]
            .with_user(self.rep1)
            .create(
                {
                    "lead_id": lead.id,
                    "intention": "strong",
                    "objection_ids": [(0, 0, {"name": "Price too high"})],
                }
            )
        )
        first_contact = (
            self.env["sales.playbook.first.contact"]
            .with_user(self.rep1)
            .create({"lead_id": lead.id, "feedback": "Interested"})
        )
        spin = (
            self.env["sales.playbook.spin.record"]
            .with_user(self.rep1)
            .create({"lead_id": lead.id, "contact_name": "Li Wei", "problem": "Late orders"})
        )
        letter = (
            self.env["sales.playbook.intent.letter"]
            .with_user(self.rep1)
            .create(
                {
                    "lead_id": lead.id,
                    "key_terms": "<p>Price</p>",
                    "sign_deadline": fields.Date.context_today(lead) + timedelta(days=10),
                }
            )
        )
        target = (
            self.env["sales.playbook.target"]
            .with_user(self.director)
            .create({"scope": "company", "year": fields.Date.context_today(lead).year})
        )
        risk = (
            self.env["sales.playbook.risk"]
            .with_user(self.rep1)
            .create({"title": "Pays late", "partner_id": self.customer.id, "description": "x"})
        )
        # last month's appraisal of Rep One: self-assessed, peers asked
        run = (
            self.env["sales.playbook.appraisal.run"]
            .with_user(self.director)
            .create(
                {
                    "scheme_id": self.env.ref("sales_playbook.appraisal_scheme_monthly").id,
                    "year": 2026,
                    "month": "12",
                    "team_ids": [(6, 0, self.team_east.ids)],
                }
            )
        )
        run.action_start()
        appraisal = run.appraisal_ids.filtered(lambda a: a.user_id == self.rep1)
        mine = appraisal.with_user(self.rep1)
        mine.line_ids.filtered(lambda line: line.kind == "qualitative").self_rating = "4"
        mine.self_comment = "Steady month."
        mine.action_submit_self_assessment()
        appraisal.with_user(self.supervisor).action_ask_peers()
        # a sales expense budget and a draft expense report of Rep One
        budget = (
            self.env["sales.playbook.expense.budget"]
            .with_user(self.director)
            .create(
                {
                    "scope": "team",
                    "team_id": self.team_east.id,
                    "year": fields.Date.context_today(lead).year,
                    "line_ids": [
                        (
                            0,
                            0,
                            {
                                "category_id": self.env.ref(
                                    "sales_playbook.expense_category_travel"
                                ).id,
                                "amount_01": 100.0,
                            },
                        )
                    ],
                }
            )
        )
        employee = self.env["hr.employee"].create(
            {"name": self.rep1.name, "user_id": self.rep1.id, "work_email": "rep1@example.com"}
        )
        expense = (
            self.env["hr.expense"]
            .with_user(self.rep1)
            .create(
                {
                    "name": "Taxi",
                    "employee_id": employee.id,
                    "product_id": self.env.ref("sales_playbook.expense_product_travel").id,
                    "total_amount_currency": 50.0,
                }
            )
        )
        sheet = (
            self.env["hr.expense.sheet"]
            .with_user(self.rep1)
            .create({"name": "Taxi", "employee_id": employee.id, "expense_line_ids": expense.ids})
        )
        # a credit assessment of the customer requested by Rep One
        assessment = (
            self.env["sales.playbook.credit.assessment"]
            .with_user(self.rep1)
            .create(
                {
                    "partner_id": self.customer.id,
                    "registered_capital": 5e6,
                    "years_in_business": 8,
                }
            )
        )
        records = [
            assessment,
            assessment.line_ids[:1],
            budget,
            budget.line_ids,
            expense,
            sheet,
            risk,
            run,
            appraisal,
            appraisal.line_ids[:1],
            appraisal.peer_ids[:1],
            self.env["sales.playbook.stage.passage"].search([("lead_id", "=", lead.id)], limit=1),
            target,
            target.line_ids[:1],
            lead,
            self.customer,
            contract.order_id,
            contract,
            prepayment,
            prepayment.followup_ids,
            contract.clause_ids[:1],
            contract.delivery_item_ids,
            acceptance,
            acceptance.item_ids[:1],
            visit,
            complaint,
            survey,
            negotiation,
            negotiation.bottom_line_ids,
            negotiation.member_ids,
            negotiation.agenda_ids[:1],
            meeting,
            meeting.objection_ids,
            first_contact,
            spin,
            letter,
            lead.need_ids[:1],
            lead.proposal_ids[:1],
            self.env.ref("sales_playbook.payment_plan_30_60_10"),
            self.env.ref("sales_playbook.payment_plan_30_60_10").line_ids[:1],
            self.company.resource_calendar_id,
        ]
        return {record._name: record for record in records}

    @staticmethod
    def _decided_fields(model):
        """The add-on's stored fields that something computes: on its own
        models all of them, on the models it extends those it adds."""
        own = model._original_module == MODULE
        return [
            field
            for field in model._fields.values()
            if field.store
            and field.compute
            and not field.inverse
            and field.name not in models.LOG_ACCESS_COLUMNS
            and (own or field._module == MODULE)
        ]

    def _other_value(self, record, field):
        value = record[field.name]
        if field.type == "boolean":
            return not value
        if field.type == "integer":
            return (value or 0) + 7
        if field.type in ("float", "monetary"):
            return (value or 0.0) + 7.5
        if field.type in ("char", "text"):
            return f"{value or ''} forged"
        if field.type == "html":
            return "<p>forged</p>"
        if field.type == "selection":
            options = [key for key, _label in field._description_selection(self.env)]
            return next(option for option in options if option != value)
        if field.type == "date":
            return (value or date(2027, 1, 1)) + timedelta(days=3)
        if field.type == "datetime":
            return (value or fields.Datetime.now()) + timedelta(days=3)
        if field.type == "many2one":
            other = self.env[field.comodel_name].sudo().search([("id", "!=", value.id)], limit=1)
            return other.id
        return [(5, 0, 0)]  # x2many: empty it

    def test_a_representative_cannot_set_what_the_playbook_decides(self):
        world = self._world()
        checked = []
        for model_name in sorted(self.env.registry):
            Model = self.env[model_name]
            if Model._abstract or Model._transient or not Model._auto:
                continue
            decided = self._decided_fields(Model)
            guarded = "_playbook_protected_fields" in dir(Model)
            protected = Model._playbook_protected_fields() if guarded else frozenset()
            # every stored computed field of the add-on is guarded
            unguarded = [field.name for field in decided if field.name not in protected]
            self.assertFalse(unguarded, f"{model_name}: computed but writable: {unguarded}")
            if not protected:
                continue
            self.assertIn(model_name, world, f"no sample record of {model_name} to try")
            record = world[model_name]
            for fname in sorted(protected):
                field = Model._fields[fname]
                if field.company_dependent:
                    record = record.with_company(self.company)
                before = record[fname]
                forged = self._other_value(record, field)
                with self.subTest(model=model_name, field=fname):
                    # the salesperson owning the record, over the ORM as RPC would
                    with self.assertRaises(AccessError), self.cr.savepoint():
                        record.with_user(self.rep1).write({fname: forged})
                    # code running as superuser does not decide either
                    with self.assertRaises(AccessError), self.cr.savepoint():
                        record.sudo().write({fname: forged})
                    record.invalidate_recordset([fname])
                    self.assertEqual(record[fname], before)
                checked.append(f"{model_name}.{fname}")
        # the story reached the fields that matter
        for expected in (
            "sales.playbook.appraisal.state",
            "sales.playbook.appraisal.total_score",
            "sales.playbook.appraisal.line.figure_points",
            "sales.playbook.stage.passage.days",
            "crm.lead.priority_score",
            "crm.lead.abc_grade",
            "crm.lead.potential_level",
            "sale.contract.state",
            "sale.contract.fingerprint",
            "sale.contract.delivered_date",
            "sale.contract.milestone.amount",
            "sale.contract.milestone.state",
            "sale.contract.milestone.days_overdue",
            "sale.contract.milestone.ageing",
            "sale.contract.milestone.risk",
            "sale.contract.acceptance.result",
            "sales.playbook.satisfaction.score",
            "res.partner.playbook_credit_released_until",
            "sale.order.validation_status",
        ):
            self.assertIn(expected, checked)

    def test_decided_values_are_refused_at_creation(self):
        contract = self.signed_contract()
        milestone = contract.milestone_ids[:1]
        for model, values in (
            ("sale.contract", {"order_id": contract.order_id.id, "state": "signed"}),
            ("sale.contract", {"order_id": contract.order_id.id, "name": "HT-FORGED"}),
            ("sale.contract.milestone", {"contract_id": contract.id, "trigger_date": "2027-01-05"}),
            ("sale.contract.milestone", {"contract_id": contract.id, "amount": 1.0}),
            ("sale.contract.acceptance", {"contract_id": contract.id, "state": "done"}),
            ("sales.playbook.complaint", {"name": "x", "state": "confirmed"}),
            ("sales.playbook.visit", {"partner_id": self.customer.id, "state": "done"}),
            ("sale.contract.milestone.followup", {"milestone_id": milestone.id, "paid_before": 1}),
            ("crm.lead", {"name": "Forged", "priority_score": 100, "abc_grade": "A"}),
        ):
            with self.subTest(model=model, values=values):
                with self.assertRaises(AccessError), self.cr.savepoint():
                    self.env[model].with_user(self.rep1).create(values)
        # nor through the context's defaults, which any RPC call can pass
        for model, defaults, values in (
            ("sale.contract", {"default_state": "signed"}, {"order_id": contract.order_id.id}),
            ("sale.contract.milestone", {"default_amount": 1.0}, {"contract_id": contract.id}),
            ("sales.playbook.complaint", {"default_state": "confirmed"}, {"name": "x"}),
            ("sales.playbook.visit", {"default_state": "done"}, {"partner_id": self.customer.id}),
            ("crm.lead", {"default_abc_grade": "A"}, {"name": "Forged"}),
        ):
            with self.subTest(model=model, defaults=defaults):
                with self.assertRaises(AccessError), self.cr.savepoint():
                    self.env[model].with_user(self.rep1).with_context(**defaults).create(values)
        self.assertEqual(
            self.env["sale.contract"].search_count([("order_id", "=", contract.order_id.id)]), 1
        )
        self.assertFalse(
            self.env["sales.playbook.complaint"].search(
                [("state", "=", "confirmed"), ("name", "=", "x")]
            )
        )

    def test_reviews_change_only_through_the_approval_flow(self):
        quote = self.make_quote()
        quote.with_user(self.rep1).request_validation()
        review = quote.review_ids
        self.assertEqual(review.status, "pending")
        as_manager = review.with_user(self.manager)  # the reviewer, at their turn
        for values in (
            {"status": "approved"},
            {"status": "rejected"},
            {"done_by": self.manager.id},
            {"reviewed_date": fields.Datetime.now()},
            {"comment": "approved by phone"},
            {"sequence": 5},
            {"res_id": quote.id + 1},
            {"definition_id": self.env.ref("sales_playbook.tier_quote_director").id},
            {"reviewer_ids": [(6, 0, self.rep1.ids)]},
            {"last_reminder_date": fields.Datetime.now()},
        ):
            with self.subTest(values=values):
                for writer in (as_manager, review.with_user(self.rep1), review.sudo()):
                    with self.assertRaises(AccessError), self.cr.savepoint():
                        writer.write(values)
        with self.assertRaises(AccessError), self.cr.savepoint():
            review.with_user(self.rep1).unlink()
        with self.assertRaises(AccessError), self.cr.savepoint():
            self.env["tier.review"].with_user(self.rep1).create(
                {
                    "model": "sale.order",
                    "res_id": quote.id,
                    "definition_id": review.definition_id.id,
                    "status": "approved",
                }
            )
        self.assertEqual(review.status, "pending")
        self.assertFalse(quote.playbook_approved)
        # through the buttons it is decided; then it is the record of a decision
        self.decide(quote, self.manager, comment="Within the price list")
        self.assertEqual(
            (review.status, review.done_by, review.comment),
            ("approved", self.manager, "Within the price list"),
        )
        for values in ({"comment": "changed my mind"}, {"status": "rejected"}):
            with self.assertRaises(AccessError), self.cr.savepoint():
                review.with_user(self.manager).write(values)
        with self.assertRaises(AccessError), self.cr.savepoint():
            review.with_user(self.manager).unlink()
        self.assertEqual(review.comment, "Within the price list")
        self.assertTrue(quote.playbook_approved)

    def test_a_signed_contract_is_frozen_with_its_lines(self):
        contract = self.signed_contract()
        fingerprint = contract.fingerprint
        milestones = contract.milestone_ids
        amounts = milestones.mapped("amount")
        clause = contract.clause_ids[:1]
        attempts = {
            "new clause": lambda: self.env["sale.contract.clause"].create(
                {"contract_id": contract.id, "name": "Extra", "body": "<p>More</p>"}
            ),
            "edit clause": lambda: clause.write({"body": "<p>Other</p>"}),
            "delete clause": lambda: clause.unlink(),
            "new milestone": lambda: self.env["sale.contract.milestone"].create(
                {"contract_id": contract.id, "name": "Extra", "percentage": 5.0}
            ),
            "edit share": lambda: milestones[0].write({"percentage": 20.0}),
            "reorder": lambda: milestones[0].write({"sequence": 99}),
            "delete milestone": lambda: milestones[-1].unlink(),
            "contract text": lambda: contract.write({"late_payment_rate": 0.0}),
            "end date": lambda: contract.write({"date_end": contract.date_end + timedelta(days=1)}),
        }
        for name, attempt in attempts.items():
            with self.subTest(name), self.assertRaises(UserError), self.cr.savepoint():
                attempt()
        contract.invalidate_recordset()
        self.assertEqual(contract.fingerprint, fingerprint)
        self.assertEqual(contract.milestone_ids, milestones)
        self.assertEqual(contract.milestone_ids.mapped("amount"), amounts)
        # the rep's own attempts meet the same refusal
        with self.assertRaises(UserError), self.cr.savepoint():
            clause.with_user(self.rep1).write({"body": "<p>Other</p>"})
        # nor does what was sold change through the quotation behind it
        order = contract.order_id.with_user(self.rep1)
        sold = order.order_line.filtered(lambda line: not line.is_downpayment)[:1]
        total = contract.amount_total
        for name, attempt in {
            "price": lambda: sold.write({"price_unit": sold.price_unit * 2}),
            "quantity": lambda: sold.write({"product_uom_qty": sold.product_uom_qty + 1}),
            "new line": lambda: (
                self.env["sale.order.line"]
                .with_user(self.rep1)
                .create({"order_id": order.id, "product_id": self.product.id})
            ),
            "through the order": lambda: order.write(
                {"order_line": [(1, sold.id, {"discount": 50.0})]}
            ),
        }.items():
            with (
                self.subTest(name),
                self.assertRaisesRegex(UserError, contract.name),
                self.cr.savepoint(),
            ):
                attempt()
        contract.invalidate_recordset()
        self.assertEqual(contract.amount_total, total)
        self.assertEqual(contract.milestone_ids.mapped("amount"), amounts)

    def test_recorded_documents_keep_what_they_recorded(self):
        contract = self.signed_contract()
        self.deliver(contract, "2027-01-10")
        with self.frozen("2027-01-12 10:00:00"):
            action = contract.with_user(self.rep1).action_new_acceptance()
            report = self.env["sale.contract.acceptance"].with_user(self.rep1)
            report = report.browse(action["res_id"])
            report.item_ids.write({"passed": True})
            report.customer_signatory = "Li Wei"
            report.action_record()
        item = report.item_ids[:1]
        for name, attempt in {
            "item failed afterwards": lambda: item.write({"passed": False}),
            "new item": lambda: (
                self.env["sale.contract.acceptance.item"]
                .with_user(self.rep1)
                .create({"acceptance_id": report.id, "name": "Extra"})
            ),
            "item deleted": lambda: item.unlink(),
            "report redated": lambda: report.write({"date": "2027-01-11"}),
            "report deleted": lambda: report.unlink(),
        }.items():
            with self.subTest(name), self.assertRaises(UserError), self.cr.savepoint():
                attempt()
        self.assertEqual((report.result, report.state), ("passed", "done"))
        self.assertEqual(contract.accepted_date, date(2027, 1, 12))
        # a payment follow-up records what happened: added, never rewritten
        followup = self.env["sale.contract.milestone.followup"].with_user(self.finance)
        with self.frozen("2027-01-12 11:00:00"):
            followup = followup.create(
                {
                    "milestone_id": contract.milestone_ids[0].id,
                    "result": "Will pay on the 20th",
                    "promise_date": "2027-01-20",
                    "promise_amount": 30000.0,
                }
            )
        for attempt in (
            lambda: followup.write({"promise_date": "2027-03-01"}),
            lambda: followup.unlink(),
        ):
            with self.assertRaises(UserError), self.cr.savepoint():
                attempt()
        self.assertEqual(followup.promise_date, date(2027, 1, 20))

    def test_the_collections_rule_is_one_rule(self):
        """Python (one milestone) and SQL (the daily refresh of all) give the
        same days overdue and ageing bucket, edges included."""
        today = date(2027, 5, 5)
        cases = [
            (state, today - timedelta(days=days), residual)
            for state in ("due", "invoiced", "partial", "paid")
            for days in (-3, 0, 1, 30, 31, 60, 61, 90, 91, 400)
            for residual in (0.0, 0.004, 0.005, 120.5)
        ]
        rows = SQL(", ").join(
            SQL("(%s, %s::date, %s::numeric)", state, due, residual)
            for state, due, residual in cases
        )
        days_sql = collections.days_overdue_sql(
            SQL.identifier("state"), SQL.identifier("due"), SQL.identifier("residual"), today
        )
        self.env.cr.execute(
            SQL(
                "SELECT days, %(ageing)s FROM ("
                " SELECT residual, %(days)s AS days"
                " FROM (VALUES %(rows)s) AS v(state, due, residual)) AS t",
                days=days_sql,
                ageing=collections.ageing_bucket_sql(
                    SQL.identifier("days"), SQL.identifier("residual")
                ),
                rows=rows,
            )
        )
        from_sql = self.env.cr.fetchall()
        for (state, due, residual), (days, bucket) in zip(cases, from_sql, strict=True):
            with self.subTest(state=state, due=due, residual=residual):
                python_days = collections.days_overdue(state, due, residual, today)
                self.assertEqual(python_days, days)
                self.assertEqual(collections.ageing_bucket(python_days, residual), bucket)
