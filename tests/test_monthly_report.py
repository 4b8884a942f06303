from odoo.exceptions import AccessError
from odoo.tests import Form, tagged

from ..tools.targets import MONTHS
from .test_kpi import KpiWorldCase

REPORT = "sales_playbook.report_monthly_results"
FIGURES = f"report.{REPORT}"


@tagged("post_install", "-at_install")
class TestMonthlyReport(KpiWorldCase):
    """月度销售业绩报表 on the KPI board's small world (Rep One and Rep Two
    in team East, region East of the sales manager; Rep Three in team West,
    region West of the director; today Monday 4 January 2027), against
    2027 targets set by the director: team East 80,000 sales, 120,000
    collected, 2 new customers and 3 visits a month, of which Rep One
    50,000 / 100,000 / 1 / 2 and Rep Two 30,000 / 20,000 / 1 / 1."""

    def set_targets(self, east):
        Target = self.env["sales.playbook.target"].with_user(self.director)

        def target(scope, sales, collected, customers, visits, **where):
            record = Target.create(
                {
                    "scope": scope,
                    "year": 2027,
                    "line_ids": [
                        (
                            0,
                            0,
                            {
                                "period": month,
                                "sales_amount": sales,
                                "collected_amount": collected,
                                "new_customers": customers,
                                "visits": visits,
                            },
                        )
                        for month in MONTHS
                    ],
                    **where,
                }
            )
            record.action_sum_months()
            return record

        for scope, where in (
            ("company", {}),
            ("region", {"region_id": east.id}),
            ("team", {"team_id": self.team_east.id}),
        ):
            whole = target(scope, 80000.0, 120000.0, 2, 3, **where)
            whole.action_submit()
            whole.action_approve()
        members = target(
            "user", 50000.0, 100000.0, 1, 2, team_id=self.team_east.id, user_id=self.rep1.id
        ) | target("user", 30000.0, 20000.0, 1, 1, team_id=self.team_east.id, user_id=self.rep2.id)
        members.action_submit()
        members.action_approve()
        self.env.flush_all()

    def results(self, user, teams, year, month):
        return (
            self.env[FIGURES].with_user(user)._playbook_results(teams.with_user(user), year, month)
        )

    def html(self, user, teams, data=None):
        return (
            self.env["ir.actions.report"]
            .with_user(user)
            ._render_qweb_html(REPORT, teams.ids, data=data)[0]
            .decode()
        )

    def assertRow(self, row, **expected):
        for name, value in expected.items():
            if name.startswith("target_"):
                actual = row["target"][name[len("target_") :]]
            else:
                actual = row[name]
            if value is None:
                self.assertIsNone(actual, name)
            else:
                self.assertAlmostEqual(actual, value, places=2, msg=name)

    def test_team_results_against_target_and_last_year(self):
        east, _west = self.give_regions()
        self.build_world()
        self.set_targets(east)
        self.refresh()
        # January 2027 of team East, as its supervisor reads it
        january = self.results(self.supervisor, self.team_east, 2027, 1)[self.team_east.id]
        rows = {row["name"]: row for row in january["rows"]}
        self.assertEqual(list(rows), ["Rep One", "Rep Two"])
        self.assertRow(
            rows["Rep One"],
            target_sales_amount=50000.0,
            sales_amount=100000.0,
            sales_completion=200.0,
            target_collected_amount=100000.0,
            collected_amount=190000.0,  # December's rest and 40,000 of this month's contract
            collected_completion=190.0,
            target_new_customers=1,
            new_customers=0,  # a customer since January 2026
            target_visits=2,
            visits=0,
            last_year=100000.0,  # January 2026
            growth=0.0,
            margin_rate=None,  # the licence has no cost
            collection_rate=40.0,  # 40,000 of the 100,000 due on the 14th
        )
        # a member without figures: their targets, nothing to compare with
        self.assertRow(
            rows["Rep Two"],
            target_sales_amount=30000.0,
            sales_amount=0.0,
            sales_completion=0.0,
            target_collected_amount=20000.0,
            collected_completion=0.0,
            last_year=0.0,
            growth=None,
            margin_rate=None,
            collection_rate=None,
        )
        # the team's total: the sums, and the ratios of the sums (125 %, not
        # the average of 200 % and 0 %)
        self.assertEqual(january["total"]["name"], "Team Total")
        self.assertRow(
            january["total"],
            target_sales_amount=80000.0,
            sales_amount=100000.0,
            sales_completion=125.0,
            target_collected_amount=120000.0,
            collected_amount=190000.0,
            collected_completion=190000.0 * 100 / 120000.0,
            target_new_customers=2,
            new_customers=0,
            target_visits=3,
            visits=0,
            last_year=100000.0,
            growth=0.0,
            collection_rate=40.0,
        )
        # December 2026: the margin of the server sold with a cost, no target
        december = self.results(self.supervisor, self.team_east, 2026, 12)[self.team_east.id]
        self.assertRow(
            december["total"],
            sales_amount=200000.0,
            sales_completion=None,
            margin_rate=75.0,  # 150,000 margin on 200,000 sold with a cost
            collection_rate=100.0,
            visits=1,
            growth=None,
        )
        # three grouped reads (and the members and their names), whatever the
        # number of teams and salespeople
        Report = self.env[FIGURES].with_user(self.director)
        both = (self.team_east | self.team_west).with_user(self.director)
        Report._playbook_results(both, 2027, 1)  # caches warm
        self.env.invalidate_all()
        with self.assertQueryCount(10):
            Report._playbook_results(self.team_east.with_user(self.director), 2027, 1)
        self.env.invalidate_all()
        with self.assertQueryCount(10):
            figures = Report._playbook_results(both, 2027, 1)
        self.assertEqual([row["name"] for row in figures[self.team_west.id]["rows"]], ["Rep Three"])
        self.assertRow(figures[self.team_west.id]["total"], sales_amount=80000.0, new_customers=1)

        # the printed form: the names and the figures, in English and then
        # in the company's language
        html = self.html(self.supervisor, self.team_east, {"year": 2027, "month": 1})
        for text in (
            "Monthly Sales Results",
            "January 2027",
            "Rep One",
            "Rep Two",
            "Team Total",
            "190,000.00",
            "120,000.00",
            "125.0%",
            "158.3%",
            "40.0%",
            "Tabulated by",
        ):
            self.assertIn(text, html)
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["sales_playbook"], ["zh_CN"])
        self.company.partner_id.lang = "zh_CN"
        html = self.html(self.supervisor, self.team_east, {"year": 2027, "month": 1})
        unit = "（单位：元）" if self.company.currency_id.name == "CNY" else "（单位："
        for text in ("月度销售业绩报表", "2027年1月", "团队合计", "完成率", "制表", unit):
            self.assertIn(text, html)

    def test_who_prints_which_team(self):
        """A supervisor prints their team, a regional manager their region's
        teams, the director any; a representative no team's — not even
        their own, whose other members' figures they do not read."""
        east, west = self.give_regions()
        self.build_world()
        self.refresh()
        january = {"year": 2027, "month": 1}
        for user, team in (
            (self.rep3, self.team_east),
            (self.rep1, self.team_east),
            (self.rep1, self.team_west),
            (self.supervisor, self.team_west),
            (self.manager, self.team_west),
        ):
            with self.subTest(user=user.name, team=team.name), self.assertRaises(AccessError):
                self.html(user, team, january)
        # the wizard refuses before printing
        wizard = self.env["sales.playbook.monthly.report"].with_user(self.supervisor)
        with self.assertRaises(AccessError):
            wizard.create({"scope": "team", "team_id": self.team_west.id}).action_print()
        with self.assertRaises(AccessError):
            wizard.with_user(self.manager).create(
                {"scope": "region", "region_id": west.id}
            ).action_print()
        self.assertIn("Rep Three", self.html(self.director, self.team_west, january))
        self.assertIn("Rep One", self.html(self.manager, self.team_east, january))

        # the supervisor's wizard opens on their team and last month
        form = Form(wizard)
        self.assertEqual(
            (form.scope, form.team_id, form.year, form.month), ("team", self.team_east, 2026, "12")
        )
        action = form.save().action_print()
        self.assertEqual(action["report_name"], REPORT)
        self.assertEqual(action["data"], {"year": 2026, "month": 12, "region_id": False})
        # the regional manager's on their region: a summary of its teams,
        # then each team's page
        form = Form(self.env["sales.playbook.monthly.report"].with_user(self.manager))
        self.assertEqual((form.scope, form.region_id), ("region", east))
        form.month = "1"
        form.year = 2027
        action = form.save().action_print()
        self.assertEqual(action["context"]["active_ids"], self.team_east.ids)
        html = self.html(self.manager, self.team_east, action["data"])
        self.assertIn("Region Total", html)
        self.assertIn("Regional Manager", html)
        self.assertEqual(
            html.count('class="article'), 1, "one document, its pages numbered together"
        )
        self.assertEqual(
            html.count("o_playbook_letterhead_table"), 2, "the summary's and the team's page"
        )
