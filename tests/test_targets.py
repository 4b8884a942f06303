from datetime import date

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import BaseCase, new_test_user, tagged

from ..tools import targets as rules
from .common import PlaybookCase


@tagged("post_install", "-at_install")
class TestTargetRules(BaseCase):
    """The periods of a target year and the breakdown rule, without the ORM."""

    def test_periods(self):
        self.assertEqual(len(rules.PERIODS), 17)
        self.assertEqual(rules.period_parts("year"), ["q1", "q2", "q3", "q4"])
        self.assertEqual(rules.period_parts("q2"), ["m04", "m05", "m06"])
        self.assertEqual(rules.period_dates(2028, "q1"), (date(2028, 1, 1), date(2028, 3, 31)))
        self.assertEqual(rules.period_dates(2028, "m02"), (date(2028, 2, 1), date(2028, 2, 29)))
        order = sorted(rules.PERIODS, key=rules.period_sequence)
        self.assertEqual(order[:6], ["year", "q1", "m01", "m02", "m03", "q2"])

    def test_breakdown_differences(self):
        whole = {"year": {"sales_amount": 100.0, "visits": 10}}
        exact = [
            {"year": {"sales_amount": 60.0, "visits": 6}},
            {"year": {"sales_amount": 40.0, "visits": 4}},
        ]
        self.assertEqual(rules.breakdown_differences(whole, exact), [])
        over = [
            {"year": {"sales_amount": 70.0, "visits": 6}},
            {"year": {"sales_amount": 40.0, "visits": 4}},
        ]
        self.assertEqual(
            rules.breakdown_differences(whole, over), [("year", "sales_amount", 110.0, 100.0)]
        )
        self.assertEqual(rules.breakdown_differences(whole, over, stretch=True), [])
        short = [{"year": {"sales_amount": 60.0, "visits": 5}}]
        self.assertEqual(
            rules.breakdown_differences(whole, short, stretch=True),
            [("year", "sales_amount", 60.0, 100.0), ("year", "visits", 5, 10)],
        )

    def test_period_differences(self):
        figures = {period: {"sales_amount": 0} for period in rules.PERIODS}
        for month in rules.MONTHS:
            figures[month]["sales_amount"] = 10.0
        for quarter in rules.QUARTERS:
            figures[quarter]["sales_amount"] = 30.0
        figures["year"]["sales_amount"] = 120.0
        self.assertEqual(rules.period_differences(figures), [])
        figures["m05"]["sales_amount"] = 11.0
        self.assertEqual(rules.period_differences(figures), [("q2", "sales_amount", 31.0, 30.0)])


@tagged("post_install", "-at_install")
class TestTargets(PlaybookCase):
    """销售目标 as the people who set them: the director sets the company's
    and the regions' targets and approves every one; the regional manager
    breaks a region down to its teams; the team leader a team to its
    members. Team East (supervisor, rep1, rep2) is in region East, managed
    by the sales manager; team West (rep3) in region West, managed by the
    director."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.director = new_test_user(
            cls.env,
            login="pb_target_director",
            name="Sales Director",
            groups="sales_playbook.group_playbook_director",
        )
        cls.year = fields.Date.today().year
        Region = cls.env["sales.playbook.region"].with_user(cls.director)
        cls.region_east = Region.create({"name": "East", "user_id": cls.manager.id})
        cls.region_west = Region.create({"name": "West", "user_id": cls.director.id})
        cls.team_east.playbook_region_id = cls.region_east
        cls.team_west.playbook_region_id = cls.region_west

    # ------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------

    def company_and_regions(self, west_monthly):
        """The company's approved target (3,000 a month) and the draft
        targets of its two regions: East 2,000 a month, West as given."""
        company = self.make(self.director, "company", monthly=3000.0, customers=3, visits=12)
        company.action_submit()
        self.approve(company)
        east = self.make(
            self.director,
            "region",
            monthly=2000.0,
            customers=2,
            visits=8,
            region_id=self.region_east.id,
        )
        west = self.make(
            self.director,
            "region",
            monthly=west_monthly,
            customers=1,
            visits=4,
            region_id=self.region_west.id,
        )
        return company, east, west

    def make(self, user, scope, monthly=1000.0, customers=1, visits=4, **values):
        """A draft target typed by month (the quarters and year totalled)."""
        values.update(scope=scope, year=self.year)
        values["line_ids"] = [
            (
                0,
                0,
                {
                    "period": month,
                    "sales_amount": monthly,
                    "collected_amount": monthly * 0.9,
                    "new_customers": customers,
                    "visits": visits,
                },
            )
            for month in rules.MONTHS
        ]
        target = self.env["sales.playbook.target"].with_user(user).create(values)
        target.action_sum_months()
        return target

    def approve(self, targets):
        targets.with_user(self.director).action_approve()
        return targets

    def chain(self):
        """Company → region East → team East → rep1 and rep2, all approved,
        each level broken down by whom it falls to."""
        company = self.make(self.director, "company", monthly=3000.0, customers=3, visits=12)
        company.action_submit()
        self.approve(company)
        east = self.make(
            self.director,
            "region",
            monthly=2000.0,
            customers=2,
            visits=8,
            region_id=self.region_east.id,
        )
        west = self.make(
            self.director,
            "region",
            monthly=1000.0,
            customers=1,
            visits=4,
            region_id=self.region_west.id,
        )
        company.with_user(self.director).action_submit_breakdown()
        self.approve(east | west)
        team = self.make(
            self.manager, "team", monthly=2000.0, customers=2, visits=8, team_id=self.team_east.id
        )
        east.with_user(self.manager).action_submit_breakdown()
        self.approve(team)
        rep1 = self.make(
            self.supervisor,
            "user",
            monthly=1200.0,
            customers=1,
            visits=5,
            team_id=self.team_east.id,
            user_id=self.rep1.id,
        )
        rep2 = self.make(
            self.supervisor,
            "user",
            monthly=800.0,
            customers=1,
            visits=3,
            team_id=self.team_east.id,
            user_id=self.rep2.id,
        )
        team.with_user(self.supervisor).action_submit_breakdown()
        self.approve(rep1 | rep2)
        return company, east, west, team, rep1, rep2

    # ------------------------------------------------------------
    # breakdown
    # ------------------------------------------------------------

    def test_a_target_has_every_period(self):
        company = self.make(self.director, "company")
        self.assertEqual(len(company.line_ids), 17)
        year = company.line_ids.filtered(lambda line: line.period == "year")
        self.assertEqual((year.sales_amount, year.new_customers, year.visits), (12000.0, 12, 48))
        q3 = company.line_ids.filtered(lambda line: line.period == "q3")
        self.assertEqual(
            (q3.date_from, q3.date_to), (date(self.year, 7, 1), date(self.year, 9, 30))
        )
        self.assertEqual(company.sales_amount, 12000.0)

    def test_periods_that_do_not_add_up_are_refused(self):
        company = self.make(self.director, "company")
        may = company.line_ids.filtered(lambda line: line.period == "m05")
        may.with_user(self.director).sales_amount = 1500.0
        with self.assertRaisesRegex(UserError, r"May.*1,500\.00.*\+500\.00|Q2.*3,500\.00"):
            company.with_user(self.director).action_submit()
        self.assertEqual(company.state, "draft")

    def test_breakdown_that_does_not_add_up_is_refused_and_nothing_saved(self):
        company, east, west = self.company_and_regions(west_monthly=900.0)
        self.assertEqual(east.parent_id, company, "broken down from the company's target")
        with self.assertRaises(UserError) as refusal:
            company.with_user(self.director).action_submit_breakdown()
        message = str(refusal.exception)
        # the year falls short by 12 × 100 of sales and 12 × 90 of collections
        self.assertIn("36,000.00", message)  # the whole
        self.assertIn("34,800.00", message)  # the parts
        self.assertIn("-1,200.00", message)  # the difference
        self.assertIn("-1,080.00", message)
        self.assertEqual((east | west).mapped("state"), ["draft", "draft"], "nothing submitted")
        # submitting one part alone is the same refusal: the breakdown is judged whole
        with self.assertRaisesRegex(UserError, "-1,200.00"):
            east.with_user(self.director).action_submit()
        self.assertEqual(east.state, "draft")
        # corrected, it goes through
        for line in west.line_ids.filtered(lambda line: line.period_type == "month"):
            line.with_user(self.director).write({"sales_amount": 1000.0, "collected_amount": 900.0})
        west.with_user(self.director).action_sum_months()
        company.with_user(self.director).action_submit_breakdown()
        self.assertEqual((east | west).mapped("state"), ["submitted", "submitted"])

    def test_stretch_target_may_exceed_never_fall_short(self):
        company, east, west = self.company_and_regions(west_monthly=1500.0)
        with self.assertRaisesRegex(UserError, r"\+6,000\.00"):
            company.with_user(self.director).action_submit_breakdown()
        west.with_user(self.director).is_stretch = True
        company.with_user(self.director).action_submit_breakdown()
        self.assertEqual((east | west).mapped("state"), ["submitted", "submitted"])
        # a stretch target does not excuse a shortfall
        team = self.make(
            self.director,
            "team",
            monthly=2000.0,
            customers=1,
            visits=8,
            team_id=self.team_east.id,
            is_stretch=True,
        )
        self.approve(east)
        with self.assertRaisesRegex(UserError, "New Customers"):
            team.with_user(self.manager).action_submit()
        self.assertEqual(team.state, "draft")

    def test_a_part_waits_for_its_whole_to_be_approved(self):
        self.make(self.director, "company")
        east = self.make(self.director, "region", region_id=self.region_east.id)
        with self.assertRaisesRegex(UserError, "not approved yet"):
            east.with_user(self.director).action_submit()

    def test_break_down_drafts_the_missing_parts(self):
        _company, _east, _west, team, _rep1, _rep2 = self.chain()
        team_west = self.make(self.director, "team", team_id=self.team_west.id)
        self.assertEqual(team_west.parent_id.region_id, self.region_west)
        rep4 = new_test_user(
            self.env, login="pb_rep4", name="Rep Four", groups="sales_playbook.group_playbook_rep"
        )
        self.team_east.member_ids += rep4
        team.with_user(self.supervisor).action_break_down()
        new = team._playbook_live_children().filtered(lambda t: t.user_id == rep4)
        self.assertEqual((new.state, new.scope, new.sales_amount), ("draft", "user", 0.0))
        with self.assertRaisesRegex(UserError, "salesperson's target is not broken down"):
            new.with_user(self.supervisor).action_break_down()

    # ------------------------------------------------------------
    # approval and lock
    # ------------------------------------------------------------

    def test_submit_approve_lock(self):
        _company, east, _west, team, rep1, _rep2 = self.chain()
        self.assertEqual(rep1.state, "approved")
        self.assertEqual(rep1.approved_by_id, self.director)
        self.assertEqual(rep1.approved_date, fields.Datetime.now())
        for user in (self.manager, self.director):
            for target in (team, rep1, east):
                with self.subTest(user=user.login, target=target.display_name):
                    with self.assertRaises(UserError), self.cr.savepoint():
                        target.with_user(user).write({"is_stretch": True})
                    with self.assertRaises(UserError), self.cr.savepoint():
                        target.with_user(user).unlink()
                    with self.assertRaises(UserError), self.cr.savepoint():
                        target.line_ids[:1].with_user(user).write({"sales_amount": 1.0})
        # the director owns every target: refused because it is locked, not by the rules
        with self.assertRaisesRegex(UserError, "does not change any more"):
            rep1.with_user(self.director).write({"note": "more"})
        with self.assertRaisesRegex(UserError, "it is kept"):
            rep1.with_user(self.director).unlink()
        with self.assertRaisesRegex(UserError, "does not change any more"):
            rep1.line_ids[0].with_user(self.director).sales_amount = 1.0
        with self.assertRaises(UserError):
            self.env["sales.playbook.target.line"].with_user(self.director).create(
                {"target_id": rep1.id, "period": "m01"}
            )
        with self.assertRaises(AccessError):
            rep1.sudo().write({"state": "draft"})
        self.assertEqual(
            rep1.line_ids.filtered(lambda line: line.period == "year").sales_amount, 14400.0
        )

    def test_only_the_director_approves(self):
        company = self.make(self.director, "company")
        company.with_user(self.director).action_submit()
        for user in (self.supervisor, self.manager):
            with self.assertRaises(AccessError):
                company.with_user(user).action_approve()
            with self.assertRaises(AccessError):
                company.with_user(user).action_refuse()
        self.assertEqual(company.state, "submitted")
        company.with_user(self.director).action_refuse()
        self.assertEqual(company.state, "refused")
        company.with_user(self.director).action_draft()
        company.with_user(self.director).action_submit()
        self.approve(company)
        self.assertEqual(company.state, "approved")
        with self.assertRaisesRegex(UserError, "only a submitted target is approved"):
            company.with_user(self.director).action_approve()

    def test_revision_is_a_new_version_with_a_reason(self):
        _company, _east, _west, team, rep1, rep2 = self.chain()
        action = rep1.with_user(self.supervisor).action_revise()
        revision = self.env["sales.playbook.target"].browse(action["res_id"])
        self.assertEqual(
            (revision.version, revision.previous_id, revision.state), (2, rep1, "draft")
        )
        self.assertEqual(revision.sales_amount, rep1.sales_amount)
        with self.assertRaisesRegex(UserError, "already being revised"):
            rep1.with_user(self.supervisor).action_revise()
        # a second target of the same salesperson and year is not set beside it
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self.make(self.supervisor, "user", team_id=self.team_east.id, user_id=self.rep1.id)
        # rep1 takes 100 a month from rep2: both revised, the team's total unchanged
        revision2 = self.env["sales.playbook.target"].browse(
            rep2.with_user(self.supervisor).action_revise()["res_id"]
        )
        for target, monthly in ((revision, 1300.0), (revision2, 700.0)):
            for line in target.line_ids.filtered(lambda line: line.period_type == "month"):
                line.with_user(self.supervisor).sales_amount = monthly
            target.with_user(self.supervisor).action_sum_months()
        with self.assertRaisesRegex(UserError, "say why"):
            team.with_user(self.supervisor).action_submit_breakdown()
        self.assertEqual((revision | revision2).mapped("state"), ["draft", "draft"])
        (revision | revision2).with_user(self.supervisor).write(
            {"revision_reason": "Huaxin's account moves from rep2 to rep1"}
        )
        team.with_user(self.supervisor).action_submit_breakdown()
        self.approve(revision | revision2)
        self.assertEqual((rep1.state, revision.state), ("superseded", "approved"))
        # the old version stays, readable by whom it concerns
        self.assertEqual(rep1.with_user(self.rep1).sales_amount, 14400.0)
        self.assertIn(rep1, self.env["sales.playbook.target"].with_user(self.rep1).search([]))
        self.assertEqual(revision.with_user(self.rep1).sales_amount, 15600.0)

    def test_a_revised_target_keeps_its_breakdown(self):
        """Once a revision of the team's target is approved, the members'
        targets are its breakdown: nothing drafted twice, and the members'
        revisions add up against it."""
        _company, _east, _west, team, rep1, rep2 = self.chain()
        revision = self.env["sales.playbook.target"].browse(
            team.with_user(self.manager).action_revise()["res_id"]
        )
        self.assertEqual(revision.child_count, 0)
        revision.with_user(self.manager).revision_reason = "Same figures, new team leader"
        revision.with_user(self.manager).action_submit()
        self.approve(revision)
        self.assertEqual((rep1 | rep2).parent_id, revision)
        self.assertFalse(team._playbook_live_children())
        self.assertEqual(revision.child_count, 2)
        revision.with_user(self.supervisor).action_break_down()
        self.assertEqual(len(revision._playbook_live_children()), 2)

    # ------------------------------------------------------------
    # who sees and sets what
    # ------------------------------------------------------------

    def test_record_rules_per_role(self):
        company, east, west, team, rep1, rep2 = self.chain()
        team_west = self.make(self.director, "team", monthly=1000.0, team_id=self.team_west.id)
        rep3 = self.make(
            self.director, "user", monthly=1000.0, team_id=self.team_west.id, user_id=self.rep3.id
        )
        Target = self.env["sales.playbook.target"]
        everything = company | east | west | team | rep1 | rep2 | team_west | rep3
        self.assertEqual(Target.with_user(self.rep1).search([]), rep1)
        self.assertEqual(Target.with_user(self.rep3).search([]), rep3)
        self.assertEqual(Target.with_user(self.supervisor).search([]), team | rep1 | rep2)
        self.assertEqual(Target.with_user(self.manager).search([]), east | team | rep1 | rep2)
        self.assertEqual(Target.with_user(self.director).search([]) & everything, everything)
        with self.assertRaises(AccessError):
            rep2.with_user(self.rep1).read(["sales_amount"])
        # lines and the analysis follow their target
        Line = self.env["sales.playbook.target.line"]
        self.assertEqual(Line.with_user(self.rep1).search([]).target_id, rep1)
        self.assertEqual(
            Line.with_user(self.manager).search([]).target_id, east | team | rep1 | rep2
        )
        # setting: nobody below the director sets the company's or a region's target
        with self.assertRaises(AccessError), self.cr.savepoint():
            self.make(self.rep1, "user", team_id=self.team_east.id, user_id=self.rep1.id)
        for user in (self.supervisor, self.manager):
            with self.assertRaises(AccessError), self.cr.savepoint():
                self.make(user, "region", region_id=self.region_west.id)
        with self.assertRaises(AccessError), self.cr.savepoint():
            self.make(self.supervisor, "team", team_id=self.team_east.id)
        with self.assertRaises(AccessError), self.cr.savepoint():
            self.make(self.manager, "team", team_id=self.team_west.id)  # not their region
        with self.assertRaises(AccessError), self.cr.savepoint():
            self.make(self.supervisor, "user", team_id=self.team_west.id, user_id=self.rep3.id)
        for user, target in ((self.supervisor, team), (self.manager, east), (self.rep1, rep1)):
            with self.assertRaises(AccessError), self.cr.savepoint():
                target.with_user(user).action_revise()

    def test_targets_stay_in_their_company(self):
        other = self.env["res.company"].create({"name": "Other Company"})
        self.director.company_ids |= other
        Target = self.env["sales.playbook.target"].with_user(self.director)
        target = Target.with_context(allowed_company_ids=[other.id]).create(
            {"scope": "company", "year": self.year, "company_id": other.id}
        )
        self.assertEqual(target.company_id, other)
        self.assertNotIn(
            target, Target.with_context(allowed_company_ids=[self.company.id]).search([])
        )
        self.assertIn(target, Target.with_context(allowed_company_ids=[other.id]).search([]))
        self.assertEqual(
            Target.with_user(self.manager).search([("company_id", "=", other.id)]), Target
        )
        # a region of one company does not hold the target of another
        with self.assertRaises(UserError), self.cr.savepoint():
            Target.with_context(allowed_company_ids=[other.id, self.company.id]).create(
                {
                    "scope": "region",
                    "year": self.year,
                    "company_id": other.id,
                    "region_id": self.region_east.id,
                }
            )

    # ------------------------------------------------------------
    # what the KPI board and the form read
    # ------------------------------------------------------------

    def test_target_amounts_for_a_period(self):
        self.chain()
        draft = self.make(self.director, "team", monthly=5000.0, team_id=self.team_west.id)
        Target = self.env["sales.playbook.target"]
        q2 = rules.period_dates(self.year, "q2")
        self.env.flush_all()
        with self.assertQueryCount(1):
            amounts = Target._playbook_target_amounts(
                "user", (self.rep1 | self.rep2 | self.rep3).ids, *q2
            )
        self.assertEqual(amounts[self.rep1.id]["sales_amount"], 3600.0)
        self.assertEqual(amounts[self.rep2.id]["visits"], 9)
        self.assertEqual(amounts[self.rep3.id]["sales_amount"], 0, "no approved target")
        year = (date(self.year, 1, 1), date(self.year, 12, 31))
        teams = Target._playbook_target_amounts(
            "team", (self.team_east | self.team_west).ids, *year
        )
        self.assertEqual(teams[self.team_east.id]["sales_amount"], 24000.0)
        self.assertEqual(teams[self.team_west.id]["sales_amount"], 0, "a draft is no target")
        self.assertEqual(draft.state, "draft")
        company = Target._playbook_target_amounts("company", self.company.ids, *year)
        self.assertEqual(company[self.company.id]["collected_amount"], 32400.0)

    def test_what_a_regional_manager_may_do_with_the_region_s_target(self):
        """The manager reads the region's target and prints its breakdown,
        which names the company target it comes from (a target the manager
        may not read); changing it is offered to the director only."""
        company, east, _west, team, _rep1, _rep2 = self.chain()
        html = (
            self.env["ir.actions.report"]
            .with_user(self.manager)
            ._render_qweb_html("sales_playbook.report_target_breakdown", east.ids)[0]
            .decode()
        )
        self.assertIn(company.display_name, html)
        self.assertFalse(
            east.with_user(self.manager).can_set, "a region's target is the director's"
        )
        self.assertTrue(
            team.with_user(self.manager).can_set, "the region's teams are the manager's"
        )
        self.assertTrue(east.with_user(self.director).can_set)
        with self.assertRaises(AccessError):
            east.with_user(self.manager).action_revise()

    def test_breakdown_form_in_the_company_language(self):
        team = self.chain()[3]
        html = (
            self.env["ir.actions.report"]
            .with_user(self.manager)
            ._render_qweb_html("sales_playbook.report_target_breakdown", team.ids)[0]
            .decode()
        )
        self.assertIn("Target Breakdown", html)
        self.assertIn(self.rep1.name, html)
        self.assertIn("14,400.00", html)  # rep1's year
        self.assertIn("24,000.00", html)  # the team's year, and the total of the parts
        self.assertIn(self.director.name, html)
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["sales_playbook"], ["zh_CN"])
        self.company.partner_id.lang = "zh_CN"
        html = (
            self.env["ir.actions.report"]
            .with_user(self.manager)
            ._render_qweb_html("sales_playbook.report_target_breakdown", team.ids)[0]
            .decode()
        )
        self.assertIn("销售目标分解表", html)
        self.assertIn("第二季度", html)

    def test_directors_are_asked_to_approve(self):
        """A submitted target is a to-do of the sales director, closed when
        they approve or refuse it."""
        _company, east, west = self.company_and_regions(1000.0)
        todo = self.env.ref("sales_playbook.mail_activity_type_target_approval")

        def todos(target):
            return self.env["mail.activity"].search(
                [
                    ("res_model", "=", target._name),
                    ("res_id", "=", target.id),
                    ("activity_type_id", "=", todo.id),
                ]
            )

        self.assertFalse(todos(east))
        (east | west).with_user(self.director).action_submit()
        mine = todos(east).filtered(lambda activity: activity.user_id == self.director)
        self.assertEqual(len(mine), 1)
        self.assertIn(east.display_name, str(mine.note))
        director = self.env.ref("sales_playbook.group_playbook_director")
        self.assertTrue(all(director in user.groups_id for user in todos(east).user_id))
        self.approve(east)
        self.assertFalse(todos(east), "done once approved")
        west.with_user(self.director).action_refuse()
        self.assertFalse(todos(west), "done once refused")
        # a regional manager submits their team's target: the director is asked
        team = self.make(
            self.manager, "team", monthly=2000.0, customers=2, visits=8, team_id=self.team_east.id
        )
        team.with_user(self.manager).action_submit()
        self.assertEqual(
            todos(team).filtered(lambda a: a.user_id == self.director).summary, "Approve the target"
        )
        self.approve(team)
        self.assertFalse(todos(team))
