from datetime import timedelta

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import BaseCase, tagged

from ..tools import appraisal as rules
from .test_kpi import KpiWorldCase


@tagged("post_install", "-at_install")
class TestAppraisalRules(BaseCase):
    """How figures and ratings become points, without the ORM."""

    def test_points(self):
        # 0 at 50 %, 100 at 100 %, in proportion, capped
        self.assertEqual(rules.scale_points(50, 50, 100), 0.0)
        self.assertEqual(rules.scale_points(30, 50, 100), 0.0)
        self.assertEqual(rules.scale_points(80, 50, 100), 60.0)
        self.assertEqual(rules.scale_points(200, 50, 100), 100.0)
        self.assertEqual(rules.scale_points(200, 50, 100, max_points=120), 120.0)
        self.assertEqual(rules.scale_points(105, 50, 100, max_points=120), 110.0)
        with self.assertRaises(ValueError):
            rules.scale_points(80, 100, 100)
        self.assertEqual(rules.rating_points("4"), 80.0)
        self.assertIsNone(rules.rating_points(False))

    def test_total_and_grade(self):
        self.assertEqual(rules.weighted_total([(35, 120.0), (20, 50.0), (45, None)]), 52.0)
        bands = [("S", 95), ("A", 85), ("B", 70), ("C", 60), ("D", 0)]
        self.assertEqual(rules.grade_for(94.99, bands), "A")
        self.assertEqual(rules.grade_for(95, bands), "S")
        self.assertEqual(rules.grade_for(0, bands), "D")
        self.assertIsNone(rules.grade_for(10, [("A", 85)]))
        self.assertEqual(rules.average([60.0, None, 100.0]), 80.0)
        self.assertIsNone(rules.average([]))


@tagged("post_install", "-at_install")
class TestAppraisal(KpiWorldCase):
    """The monthly appraisal of January 2027 (today: Monday 4 January 2027)
    on the shipped monthly scheme: team East (led by the supervisor: Rep
    One, Rep Two) in region East (the sales manager's), team West (Rep
    Three) in region West (the director's)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.monthly = cls.env.ref("sales_playbook.appraisal_scheme_monthly")
        cls.annual = cls.env.ref("sales_playbook.appraisal_scheme_annual")

    # ------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------

    def open_run(self, scheme=None, year=2027, month="1"):
        run = (
            self.env["sales.playbook.appraisal.run"]
            .with_user(self.director)
            .create(
                {
                    "scheme_id": (scheme or self.monthly).id,
                    "year": year,
                    "month": month,
                    "team_ids": [(6, 0, (self.team_east | self.team_west).ids)],
                }
            )
        )
        run.action_start()
        return run

    def appraisal_of(self, run, user):
        appraisal = run.appraisal_ids.filtered(lambda a: a.user_id == user)
        self.assertEqual(len(appraisal), 1)
        return appraisal

    def lines(self, appraisal, user):
        return {line.name: line for line in appraisal.with_user(user).line_ids}

    def self_assess(self, appraisal, user, rating="4"):
        mine = appraisal.with_user(user)
        mine.line_ids.filtered(lambda line: line.kind == "qualitative").write(
            {"self_rating": rating}
        )
        mine.self_comment = "Two contracts signed; the new customer slipped to February."
        mine.action_submit_self_assessment()

    def rate(self, appraisal, ratings, plan=False):
        """The supervisor rates the criteria the supervisor rates."""
        theirs = appraisal.with_user(self.supervisor)
        for line in theirs.line_ids:
            if line.name in ratings:
                line.write({"rating": ratings[line.name], "rating_comment": "Seen at visits."})
        theirs.write(
            {
                "supervisor_comment": "Strong on closing; follow the new leads faster.",
                "improvement_plan": plan or False,
            }
        )

    # ------------------------------------------------------------
    # tests
    # ------------------------------------------------------------

    def test_month_from_figures_to_published(self):
        """Rep One's January: the figures read from the board against the
        approved target, the ratings of Rep One, the supervisor and Rep Two,
        the director's approval; Rep One reads it once published."""
        east, _west = self.give_regions()
        self.build_world()
        self.approve_targets_down_to_rep1(east)
        run = self.open_run()
        self.assertEqual(run.state, "open")
        self.assertEqual(run.appraisal_ids.user_id, self.rep1 | self.rep2 | self.rep3)
        appraisal = self.appraisal_of(run, self.rep1)
        self.assertEqual(appraisal.team_id, self.team_east)
        self.assertEqual(appraisal.region_id, east)
        self.assertEqual(appraisal.state, "self_assessment")
        # Rep One reads it to assess themselves, with a to-do
        self.assertEqual(appraisal.with_user(self.rep1).activity_ids.user_id, self.rep1)
        lines = self.lines(appraisal, self.rep1)
        sales = lines["Sales amount against target"]
        # 100,000 signed of 50,000: 200 %, 0 points at 50 %, 100 at 100 %, capped at 120
        self.assertEqual((sales.target, sales.actual, sales.value), (50000.0, 100000.0, 200.0))
        self.assertEqual((sales.points, sales.weighted_points), (120.0, 42.0))
        collected = lines["Collections against target"]
        self.assertEqual((collected.value, collected.weighted_points), (190.0, 24.0))
        customers = lines["New customers against target"]
        self.assertEqual((customers.target, customers.actual, customers.points), (1.0, 0.0, 0.0))
        # no visit planned in January: nothing to measure, the criterion is met
        visits = lines["Visits made against plan"]
        self.assertFalse(visits.has_figure)
        self.assertEqual(visits.points, 100.0)
        # the survey answered today: 60 %
        satisfaction = lines["Customer satisfaction"]
        self.assertEqual((satisfaction.value, satisfaction.weighted_points), (60.0, 6.0))
        self.assertEqual(appraisal.quantitative_score, 71.0)
        # Rep Three has no approved target: said so, no points
        rep3_sales = self.lines(self.appraisal_of(run, self.rep3), self.director)[
            "Sales amount against target"
        ]
        self.assertEqual((rep3_sales.actual, rep3_sales.points), (80000.0, 0.0))
        self.assertTrue(rep3_sales.note)

        # self-assessment, then Rep One no longer reads it until published
        self.self_assess(appraisal, self.rep1)
        self.assertEqual(appraisal.state, "supervisor_rating")
        self.assertFalse(
            self.env["sales.playbook.appraisal"]
            .with_user(self.rep1)
            .search([("id", "=", appraisal.id)])
        )
        with self.assertRaises(AccessError):
            appraisal.with_user(self.rep1).read(["total_score"])
        self.assertEqual(appraisal.activity_ids.user_id, self.supervisor)
        # the supervisor asks the peers: Rep Two rates teamwork
        appraisal.with_user(self.supervisor).action_ask_peers()
        request = self.env["sales.playbook.appraisal.peer"].with_user(self.rep2).search([])
        self.assertEqual(request.appraisee_id, self.rep1)
        self.assertEqual(request.criterion, "Teamwork")
        self.assertEqual(request.activity_ids.user_id, self.rep2)
        # as from the browser: nothing of Rep One's appraisal, which Rep Two
        # may not read, in the cache
        self.env.invalidate_all()
        request.write({"rating": "5", "comment": "Always shares leads."})
        self.assertFalse(request.activity_ids)
        # Rep One never sees who rated
        self.assertFalse(self.env["sales.playbook.appraisal.peer"].with_user(self.rep1).search([]))
        self.rate(
            appraisal,
            {"Work attitude": "4", "Communication": "5", "Compliance with the sales manual": "3"},
        )
        appraisal.with_user(self.supervisor).action_submit_rating()
        # 71 + satisfaction 6 + attitude 4 + teamwork 5 + communication 5 + compliance 3
        self.assertEqual(appraisal.total_score, 94.0)
        self.assertEqual(appraisal.grade_id.name, "A")
        self.assertEqual((appraisal.bonus_coefficient, appraisal.consequence), (1.2, "none"))
        self.assertEqual(appraisal.state, "director_approval")
        self.assertEqual(appraisal.activity_ids.user_id, self.director)
        # the director publishes
        appraisal.with_user(self.director).write({"director_comment": "Agreed."})
        appraisal.with_user(self.director).action_publish()
        self.assertEqual(appraisal.state, "published")
        self.assertFalse(appraisal.activity_ids)
        mine = appraisal.with_user(self.rep1)
        self.assertEqual(mine.read(["total_score"])[0]["total_score"], 94.0)
        notice = self.env["mail.message"].search(
            [
                ("model", "=", appraisal._name),
                ("res_id", "=", appraisal.id),
                ("partner_ids", "in", self.rep1.partner_id.ids),
            ]
        )
        self.assertIn("94.0", notice.body)
        teamwork = self.lines(appraisal, self.rep1)["Teamwork"]
        self.assertEqual((teamwork.peer_points, teamwork.weighted_points), (100.0, 5.0))
        # the form prints in Rep One's language, with each criterion and the sign-off
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("sales_playbook.action_report_appraisal", appraisal.ids)[0]
            .decode()
        )
        for text in ("Sales amount against target", "Teamwork", "94.00", "Agreed."):
            self.assertIn(text, html)

    def test_each_step_by_its_role_only(self):
        run = self.open_run()
        appraisal = self.appraisal_of(run, self.rep1)
        # a colleague neither reads nor writes it; the supervisor neither
        # assesses in Rep One's place nor rates before the self-assessment
        with self.assertRaises(AccessError):
            appraisal.with_user(self.rep2).write({"self_comment": "Mine now"})
        with self.assertRaises(AccessError):
            appraisal.with_user(self.supervisor).action_submit_self_assessment()
        attitude = appraisal.line_ids.filtered(lambda line: line.name == "Work attitude")
        with self.assertRaises(UserError):
            attitude.with_user(self.supervisor).write({"rating": "5"})
        # Rep One rates nothing but themselves, writes no figure, score or step
        with self.assertRaises(AccessError):
            attitude.with_user(self.rep1).write({"rating": "5"})
        sales = appraisal.line_ids.filtered(lambda line: line.kind == "quantitative")[:1]
        for values in ({"figure_points": 120.0}, {"weight": 90}):
            with self.assertRaises(AccessError):
                sales.with_user(self.rep1).write(values)
        with self.assertRaises(UserError):
            sales.with_user(self.rep1).write({"self_rating": "5"})
        # nor adds or removes a criterion through the form's list
        for command in (
            (0, 0, {"name": "Easy points", "kind": "qualitative", "weight": 50}),
            (2, sales.id),
        ):
            with self.assertRaises(UserError):  # an AccessError is a UserError
                appraisal.with_user(self.rep1).write({"line_ids": [command]})
        self.assertIn(sales, appraisal.line_ids)
        for values in ({"state": "published"}, {"total_score": 100.0}, {"bonus_coefficient": 2.0}):
            with self.assertRaises(UserError):  # an AccessError is a UserError
                appraisal.with_user(self.rep1).write(values)
        for action in ("action_submit_rating", "action_publish", "action_ask_peers"):
            with self.assertRaises(UserError):  # an AccessError is a UserError
                getattr(appraisal.with_user(self.rep1), action)()
        # nobody creates an appraisal outside a run; a manager opens no run
        with self.assertRaises(UserError):  # an AccessError is a UserError
            self.env["sales.playbook.appraisal"].with_user(self.director).create(
                {
                    "scheme_id": self.monthly.id,
                    "company_id": self.company.id,
                    "user_id": self.rep1.id,
                    "date_from": "2026-12-01",
                    "date_to": "2026-12-31",
                }
            )
        manager_run = (
            self.env["sales.playbook.appraisal.run"]
            .with_user(self.director)
            .create({"scheme_id": self.monthly.id, "year": 2026, "month": "12"})
        )
        with self.assertRaises(AccessError):
            manager_run.with_user(self.manager).action_start()
        self.assertFalse(manager_run.appraisal_ids)
        # after the self-assessment: the director does not rate, the
        # supervisor does not publish, and nobody publishes before the rating
        self.self_assess(appraisal, self.rep1)
        with self.assertRaises(AccessError):
            attitude.with_user(self.director).write({"rating": "5"})
        with self.assertRaises(UserError):
            appraisal.with_user(self.director).action_publish()
        self.rate(
            appraisal,
            {
                "Work attitude": "5",
                "Communication": "5",
                "Compliance with the sales manual": "5",
                "Customer satisfaction": "5",
            },
            plan="Weekly pipeline review with the supervisor.",
        )
        # teamwork is the peers': not rated yet, refused with its name
        with self.assertRaisesRegex(UserError, "Teamwork"):
            appraisal.with_user(self.supervisor).action_submit_rating()
        with self.assertRaises(UserError):
            appraisal.line_ids.filtered(lambda line: line.name == "Teamwork").with_user(
                self.supervisor
            ).write({"rating": "5"})
        appraisal.with_user(self.supervisor).action_ask_peers()
        self.env["sales.playbook.appraisal.peer"].with_user(self.rep2).search([]).rating = "3"
        appraisal.with_user(self.supervisor).action_submit_rating()
        with self.assertRaises(AccessError):
            appraisal.with_user(self.supervisor).action_publish()
        with self.assertRaises(UserError):
            appraisal.with_user(self.supervisor).write({"supervisor_comment": "Changed later"})
        # a peer rating no longer changes once rated
        with self.assertRaises(UserError):
            self.env["sales.playbook.appraisal.peer"].with_user(self.rep2).search([]).rating = "1"
        # the director returns it, saying why, and the supervisor may change it again
        with self.assertRaises(UserError):
            appraisal.with_user(self.director).action_return_to_rating()
        appraisal.with_user(self.director).director_comment = "Compliance: two late reports."
        appraisal.with_user(self.director).action_return_to_rating()
        self.assertEqual(appraisal.state, "supervisor_rating")
        appraisal.line_ids.filtered(
            lambda line: line.name == "Compliance with the sales manual"
        ).with_user(self.supervisor).rating = "3"
        appraisal.with_user(self.supervisor).action_submit_rating()
        appraisal.with_user(self.director).action_publish()
        self.assertEqual(appraisal.published_by_id, self.director)

    def test_what_the_submission_asks_for(self):
        self.give_regions()
        run = self.open_run()
        appraisal = self.appraisal_of(run, self.rep3)
        mine = appraisal.with_user(self.rep3)
        with self.assertRaisesRegex(UserError, "Work attitude"):
            mine.action_submit_self_assessment()
        mine.line_ids.filtered(lambda line: line.kind == "qualitative").write({"self_rating": "3"})
        with self.assertRaises(UserError):
            mine.action_submit_self_assessment()
        self.assertEqual(appraisal.state, "self_assessment")
        mine.self_comment = "A new customer in the West."
        mine.action_submit_self_assessment()
        # team West has no leader: its region's manager (the director) rates,
        # and Rep Three has no peer to ask: no button to ask them
        self.assertEqual(appraisal.activity_ids.user_id, self.director)
        self.assertFalse(appraisal.with_user(self.director).can_ask_peers)
        self.assertTrue(self.appraisal_of(run, self.rep1).with_user(self.supervisor).can_ask_peers)
        # no figures, no survey: the supervisor rates the customers' side
        satisfaction = appraisal.line_ids.filtered(lambda line: line.rater == "customer")
        self.assertFalse(satisfaction.has_figure)
        self.assertTrue(satisfaction.needs_rating)

    def test_rated_without_a_self_assessment_after_the_due_date(self):
        self.give_regions()
        run = self.open_run()
        appraisal = self.appraisal_of(run, self.rep1)
        due = run.deadline
        with self.frozen(due):
            with self.assertRaisesRegex(UserError, "until"):
                appraisal.with_user(self.supervisor).action_rate_without_self_assessment()
        self.assertEqual(appraisal.state, "self_assessment")
        with self.frozen(due + timedelta(days=1)):
            with self.assertRaises(AccessError):
                appraisal.with_user(self.rep2).action_rate_without_self_assessment()
            with self.assertRaises(AccessError):
                appraisal.with_user(self.rep1).action_rate_without_self_assessment()
            appraisal.with_user(self.supervisor).action_rate_without_self_assessment()
        self.assertEqual(appraisal.state, "supervisor_rating")
        self.assertFalse(appraisal.self_assessed_date)
        self.assertEqual(appraisal.activity_ids.user_id, self.supervisor, "the rep's to-do closed")
        self.assertTrue(
            appraisal.message_ids.filtered(lambda m: "No self-assessment" in (m.body or ""))
        )
        with self.assertRaises(UserError):
            appraisal.with_user(self.rep1).self_comment = "Too late"

    def test_low_grade_needs_an_improvement_plan(self):
        east, _west = self.give_regions()
        run = self.open_run()
        appraisal = self.appraisal_of(run, self.rep1)
        self.self_assess(appraisal, self.rep1, rating="2")
        appraisal.with_user(self.supervisor).action_ask_peers()
        self.env["sales.playbook.appraisal.peer"].with_user(self.rep2).search([]).rating = "2"
        self.rate(
            appraisal,
            {
                "Work attitude": "2",
                "Communication": "2",
                "Compliance with the sales manual": "2",
                "Customer satisfaction": "2",
            },
        )
        # no target, no sales: only the visits (nothing planned) score
        self.assertEqual(appraisal.total_score, 5.0 + 30 * 0.4)
        self.assertEqual(appraisal.grade_id.name, "D")
        with self.assertRaisesRegex(UserError, "improvement plan"):
            appraisal.with_user(self.supervisor).action_submit_rating()
        appraisal.with_user(
            self.supervisor
        ).improvement_plan = "Two visits a week, reviewed on Fridays."
        appraisal.with_user(self.supervisor).action_submit_rating()
        self.assertEqual(appraisal.consequence, "warning")
        # the director decides the consequence
        appraisal.with_user(self.director).write(
            {"consequence": "improvement", "bonus_coefficient": 0.6}
        )
        appraisal.with_user(self.director).action_publish()
        self.assertEqual((appraisal.consequence, appraisal.bonus_coefficient), ("improvement", 0.6))
        self.assertEqual(appraisal.region_id, east)

    def test_who_reads_which_appraisal(self):
        self.give_regions()
        run = self.open_run()
        Appraisal = self.env["sales.playbook.appraisal"]

        def readable(user):
            return set(Appraisal.with_user(user).search([("run_id", "=", run.id)]).user_id)

        self.assertEqual(readable(self.rep1), {self.rep1})
        self.assertEqual(readable(self.supervisor), {self.rep1, self.rep2})
        self.assertEqual(readable(self.manager), {self.rep1, self.rep2})
        self.assertEqual(readable(self.director), {self.rep1, self.rep2, self.rep3})
        # lines follow their appraisal
        self.assertEqual(
            set(
                self.env["sales.playbook.appraisal.line"]
                .with_user(self.rep2)
                .search([("appraisal_id.run_id", "=", run.id)])
                .appraisal_id.user_id
            ),
            {self.rep2},
        )
        # run twice: nobody appraised twice for the same period
        again = (
            self.env["sales.playbook.appraisal.run"]
            .with_user(self.director)
            .create({"scheme_id": self.monthly.id, "year": 2027, "month": "1"})
        )
        again.team_ids = self.team_east
        with self.assertRaises(UserError):
            again.action_start()
        # a run that has begun does not change
        with self.assertRaises(UserError):
            run.with_user(self.director).write({"month": "2"})

    def test_the_year_combines_its_months(self):
        """The annual appraisal takes the average of the year's published
        monthly appraisals, beside its own criteria. Team West has no
        leader and no other member: the region's manager (the director)
        rates, teamwork included."""
        self.give_regions()
        with self.frozen("2027-03-01 08:00:00"):
            scores = []
            for month in ("1", "2"):
                run = self.open_run(month=month)
                appraisal = self.appraisal_of(run, self.rep3)
                self.self_assess(appraisal, self.rep3, rating="3")
                ratings = "5" if month == "1" else "3"
                mine = appraisal.with_user(self.director)
                for line in mine.line_ids.filtered("needs_rating"):
                    line.rating = ratings
                mine.write({"supervisor_comment": "Steady.", "improvement_plan": "More visits."})
                mine.action_submit_rating()
                mine.action_publish()
                scores.append(appraisal.total_score)
            annual = self.open_run(scheme=self.annual, month=False)
        months = self.appraisal_of(annual, self.rep3).line_ids.filtered(
            lambda line: line.kind == "months"
        )
        self.assertEqual(months.actual, 2)
        self.assertAlmostEqual(months.points, sum(scores) / 2, places=2)
        self.assertNotEqual(scores[0], scores[1])

    def test_scheme_weights_total_100_and_nothing_half_saved(self):
        scheme = self.monthly.with_user(self.director)
        with self.assertRaises(ValidationError) as refusal:
            scheme.criterion_ids[:1].weight = 36
        self.assertIn("101", str(refusal.exception))
        self.assertEqual(sum(self.monthly.criterion_ids.mapped("weight")), 100)
        with self.assertRaises(ValidationError):
            scheme.write({"criterion_ids": [(2, scheme.criterion_ids[-1].id)]})
        self.assertEqual(len(self.monthly.criterion_ids), 9)
        with self.assertRaises(ValidationError):
            self.env["sales.playbook.appraisal.scheme"].with_user(self.director).create(
                {
                    "name": "Too heavy",
                    "criterion_ids": [
                        (0, 0, {"name": "Sales", "measure": "sales_amount", "weight": 110})
                    ],
                    "grade_ids": [(0, 0, {"name": "A", "min_score": 0})],
                }
            )
        with self.assertRaises(ValidationError):
            self.env["sales.playbook.appraisal.criterion"].with_user(self.director).create(
                {
                    "scheme_id": self.monthly.id,
                    "name": "Bad line",
                    "measure": "sales_amount",
                    "weight": 5,
                    "zero_at": 100,
                    "full_at": 50,
                }
            )
        with self.assertRaises(AccessError):
            self.monthly.with_user(self.manager).write({"name": "Mine"})
