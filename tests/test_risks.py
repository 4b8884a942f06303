import logging
from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import ContractCase

_logger = logging.getLogger(__name__)


class RiskCase(ContractCase):
    """East (rep1, rep2; supervisor) in the region of the sales manager,
    West (rep3) in the region of a second manager; a customer for each."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager_west = new_test_user(
            cls.env,
            login="pb_manager_west",
            name="Manager West",
            groups="sales_playbook.group_playbook_manager",
        )
        Region = cls.env["sales.playbook.region"]
        cls.region_east = Region.create({"name": "East Region", "user_id": cls.manager.id})
        cls.region_west = Region.create({"name": "West Region", "user_id": cls.manager_west.id})
        cls.team_east.playbook_region_id = cls.region_east
        cls.team_west.playbook_region_id = cls.region_west
        cls.customer_west = cls.env["res.partner"].create(
            {"name": "Pearl River Furniture", "is_company": True, "user_id": cls.rep3.id}
        )
        cls.Risk = cls.env["sales.playbook.risk"]

    def report(self, user, **values):
        vals = {
            "title": "Customer short of cash",
            "risk_type": "credit",
            "level": "medium",
            "partner_id": self.customer.id,
            "description": "The finance manager said payments are late everywhere.",
        }
        vals.update(values)
        return self.Risk.with_user(user).create(vals)

    def flush_tracking(self):
        """Write the chatter's tracking now (Odoo does it before the commit)."""
        self.env.flush_all()
        self.env.cr.flush()

    def todos(self, risk, user):
        return risk.activity_ids.filtered(lambda a: a.user_id == user)

    def evaluate(self):
        return self.Risk._playbook_evaluate(self.company)

    def warnings(self, cause, record):
        return self.Risk.search(
            [("company_id", "=", self.company.id), ("auto_key", "=", f"{cause}:{record.id}")]
        )


@tagged("post_install", "-at_install")
class TestRiskReport(RiskCase):
    def test_rep_reports_a_high_risk_and_the_regional_manager_is_told(self):
        self.manager.lang = "zh_CN"
        action = self.lead.with_user(self.rep1).action_playbook_report_risk()
        self.assertEqual(action["context"], {"default_lead_id": self.lead.id})
        risk = (
            self.Risk.with_user(self.rep1)
            .with_context(**action["context"])
            .create(
                {
                    "title": "Competitor offers 20 % less",
                    "risk_type": "market",
                    "level": "high",
                    "description": "Their purchasing director showed us the offer.",
                }
            )
        )
        self.assertEqual(risk.partner_id, self.customer, "the opportunity's customer")
        self.assertEqual(risk.reported_by_id, self.rep1)
        self.assertEqual(risk.state, "open")
        self.assertTrue(risk.name.startswith("FX"))
        self.assertEqual(risk.team_id, self.team_east)
        todo = self.todos(risk, self.manager)
        self.assertEqual(len(todo), 1, "the region's manager gets a to-do at once")
        self.assertIn("销售风险", todo.summary, "in the manager's language")
        self.assertFalse(self.todos(risk, self.manager_west))
        self.assertIn(self.manager.partner_id, risk.message_partner_ids)
        self.assertTrue(
            risk.message_ids.filtered(lambda m: self.manager.partner_id in m.partner_ids),
            "a chatter notification to the manager",
        )
        # the opportunity and the customer count it as an open high risk
        self.assertEqual(self.lead.with_user(self.rep1).playbook_risk_high_count, 1)
        customer = self.customer.with_user(self.rep1)
        self.assertEqual(customer.playbook_risk_count, 1)
        self.assertEqual(customer.playbook_risk_high_count, 1)
        # the measures, then resolved
        risk = risk.with_user(self.rep1)
        with self.assertRaises(UserError):
            risk.action_start()
        risk.measures = "Demonstrate the scheduling engine to their production director"
        risk.action_start()
        self.flush_tracking()
        risk.action_resolve()
        self.flush_tracking()
        self.assertEqual(risk.state, "resolved")
        self.assertFalse(self.todos(risk, self.manager), "the manager's to-do is done")
        self.assertTrue(
            risk.message_ids.filtered(lambda m: "The risk is resolved." in (m.body or "")),
            "done with the outcome as feedback",
        )
        customer.invalidate_recordset()
        self.assertEqual(customer.playbook_risk_high_count, 0)
        history = risk._playbook_status_history()
        self.assertEqual(len(history), 3, "reported, in progress, resolved")
        self.assertEqual(history[-1][3], "Resolved")
        # open again, it is the manager's concern again; closed, it is not
        risk.action_reopen()
        self.assertEqual(len(self.todos(risk, self.manager)), 1)
        risk.action_close()
        self.assertFalse(self.todos(risk, self.manager))

    def test_without_region_the_team_leader_then_the_managers(self):
        self.team_east.playbook_region_id = False
        risk = self.report(self.rep1, level="critical")
        self.assertTrue(self.todos(risk, self.supervisor), "the team leader")
        self.assertFalse(self.todos(risk, self.manager))
        self.team_west.playbook_region_id = False
        risk = self.report(self.rep3, partner_id=self.customer_west.id, level="high")
        managers = risk.activity_ids.user_id
        self.assertIn(self.manager, managers, "no leader: the company's sales managers")
        self.assertIn(self.manager_west, managers)

    def test_medium_risk_goes_to_nobody_until_raised(self):
        risk = self.report(self.rep1)
        self.assertFalse(risk.activity_ids)
        risk.with_user(self.rep1).level = "high"
        self.assertEqual(len(self.todos(risk, self.manager)), 1)
        risk.with_user(self.rep1).level = "critical"
        self.assertEqual(len(self.todos(risk, self.manager)), 1, "told once")

    def test_bad_input_is_refused_and_nothing_saved(self):
        today = self.company._playbook_today()
        count = self.Risk.search_count([])
        with self.assertRaises(ValidationError):
            self.report(self.rep1, date_due=today - timedelta(days=1))
        contact = self.env["res.partner"].create({"name": "Li Wei", "parent_id": self.customer.id})
        with self.assertRaises(ValidationError):
            self.report(self.rep1, partner_id=contact.id)
        with self.assertRaises(ValidationError):
            self.report(self.rep1, partner_id=False)
        with self.assertRaises(ValidationError):
            self.report(self.manager, partner_id=self.customer_west.id, lead_id=self.lead.id)
        with self.assertRaises(AccessError):
            self.report(self.rep1, auto_cause="credit_hold", auto_key="credit_hold:1")
        with self.assertRaises(AccessError):
            self.report(self.rep1, state="resolved")
        self.assertEqual(self.Risk.search_count([]), count, "nothing saved")
        with self.assertRaises(ValidationError):
            self.company.playbook_risk_min_penalty_cap = -1
        with self.assertRaises(ValidationError):
            self.company.playbook_risk_idle_days = 0
        self.assertEqual(self.company.playbook_risk_idle_days, 14)

    def test_the_risk_warning_form_prints(self):
        risk = self.report(self.rep1, level="high", measures="Weekly call with their CFO")
        risk.with_user(self.rep1).action_start()
        html = (
            self.env["ir.actions.report"]
            .with_user(self.manager)
            ._render_qweb_html("sales_playbook.report_risk", risk.ids)[0]
            .decode()
        )
        for text in (risk.name, risk.title, "Weekly call with their CFO", "In Progress"):
            self.assertIn(text, html)
        self.assertIn("Sales Manager", html)
        self.assertIn("Reported by", html)


@tagged("post_install", "-at_install")
class TestRiskWarnings(RiskCase):
    def signed(self, quote=None):
        contract = self.draft_contract(quote)
        self.review_all(contract)
        self.sign(contract)
        return contract

    def test_credit_hold_raised_once_and_resolved_when_released(self):
        self.company.account_use_credit_limit = True
        self.signed()  # 100,000 confirmed, not invoiced
        self.customer.with_company(self.company).credit_limit = 50000.0
        self.env["res.partner"].invalidate_model()
        self.Risk._cron_evaluate()
        self.Risk._cron_evaluate()
        warning = self.warnings("credit_hold", self.customer)
        self.assertEqual(len(warning), 1, "raised once")
        self.assertEqual(
            (warning.risk_type, warning.level, warning.state), ("credit", "high", "open")
        )
        self.assertTrue(warning.is_automatic)
        self.assertEqual(warning.user_id, self.rep1, "the customer's salesperson owns it")
        self.assertIn("credit limit exceeded", warning.description)
        self.assertTrue(self.todos(warning, self.manager), "high: the manager is told")
        # resolving by hand is refused while the customer is held
        warning.with_user(self.rep1).measures = "Asked for a payment plan"
        with self.assertRaises(UserError):
            warning.with_user(self.rep1).action_resolve()
        # finance releases the hold: the warning resolves itself at once
        self.env["sales.playbook.credit.release"].with_user(self.finance).create(
            {"partner_id": self.customer.id, "reason": "Guarantee received"}
        ).action_release()
        self.assertEqual(warning.state, "resolved")
        self.assertTrue(warning.cause_gone)
        self.assertTrue(any("went away" in m.body for m in warning.message_ids))
        self.assertFalse(self.todos(warning, self.manager), "resolved: the to-do is done")
        self.flush_tracking()
        history = warning._playbook_status_history()
        self.assertEqual(history[0][1], "Sales playbook (automatic)", "not OdooBot on the form")
        self.assertEqual(history[-1][3], "Resolved")
        self.evaluate()
        self.assertEqual(len(self.warnings("credit_hold", self.customer)), 1)
        self.assertEqual(warning.state, "resolved")

    def test_credit_hold_warning_in_the_owners_language(self):
        self.rep1.lang = "zh_CN"
        self.company.account_use_credit_limit = True
        self.signed()
        self.customer.with_company(self.company).credit_limit = 50000.0
        self.env["res.partner"].invalidate_model()
        self.evaluate()
        warning = self.warnings("credit_hold", self.customer)
        self.assertIn("信用冻结", warning.title)
        self.assertIn("超出信用额度", warning.description)

    def test_contract_penalty_warning(self):
        contract = self.draft_contract()
        self.evaluate()
        self.assertFalse(self.warnings("contract_penalty", contract), "0.05 % a day, cap 10 %")
        contract.with_user(self.rep1).late_payment_rate = 0.0
        self.evaluate()
        self.evaluate()
        warning = self.warnings("contract_penalty", contract)
        self.assertEqual(len(warning), 1)
        self.assertEqual(warning.contract_id, contract)
        self.assertEqual(warning.risk_type, "contract")
        self.assertIn("no late-payment penalty", warning.description)
        contract.with_user(self.rep1).write({"late_payment_rate": 0.05, "penalty_cap": 5.0})
        self.evaluate()
        self.assertEqual(warning.state, "open", "a cap of 5 % is below 10 %")
        self.company.playbook_risk_min_penalty_cap = 5.0
        self.evaluate()
        self.assertEqual(warning.state, "resolved")
        self.company.playbook_risk_min_penalty_cap = 8.0
        self.evaluate()
        self.assertEqual(warning.state, "open", "the cause came back: reopened")
        self.assertEqual(len(self.warnings("contract_penalty", contract)), 1)

    def test_special_discount_and_long_payment_term(self):
        self.env["sales.playbook.negotiation"].sudo().create(
            {
                "lead_id": self.lead.id,
                "name": "Preparation",
                "bottom_line_ids": [(0, 0, {"max_payment_days": 30})],
            }
        )
        contract = self.draft_contract(self.approved_quote(discount=15.0))
        contract.with_user(self.rep1).payment_days = 60
        self.evaluate()
        self.assertFalse(self.warnings("contract_discount", contract), "a draft is not agreed")
        self.assertFalse(self.warnings("contract_payment_term", contract))
        self.review_all(contract)
        discount = self.warnings("contract_discount", contract)
        self.assertEqual(len(discount), 1, "raised when submitted for review")
        self.evaluate()
        self.evaluate()
        discount = self.warnings("contract_discount", contract)
        term = self.warnings("contract_payment_term", contract)
        self.assertEqual(len(discount), 1)
        self.assertEqual(discount.level, "medium")
        self.assertIn("15", discount.title)
        self.assertEqual(len(term), 1)
        self.assertEqual(term.level, "high")
        self.assertIn("60", term.description)
        # the director's threshold raised: the discount is no longer special
        self.company.playbook_director_discount = 20.0
        self.evaluate()
        self.assertEqual(discount.state, "resolved")
        self.assertEqual(term.state, "open")
        contract.with_user(self.rep1).action_cancel()
        self.assertEqual(term.state, "resolved", "a cancelled contract is no risk, at once")

    def test_competitor_and_no_activity(self):
        start = fields.Datetime.now()
        competitor = (
            self.env["sales.playbook.competitor"]
            .with_user(self.rep1)
            .create({"name": "Shanghai Jinggong"})
        )
        self.lead.with_user(self.rep1).playbook_competitor_ids = competitor
        other = self.env["crm.lead"].create(
            self.qualified_values(name="No competitor", user_id=self.rep1.id)
        )
        with self.frozen(start + timedelta(days=13)):
            self.evaluate()
            self.assertFalse(self.warnings("market_idle", self.lead), "13 days: not yet")
        with self.frozen(start + timedelta(days=15)):
            self.evaluate()
            self.evaluate()
            warning = self.warnings("market_idle", self.lead)
            self.assertEqual(len(warning), 1)
            self.assertEqual(warning.risk_type, "market")
            self.assertIn("Shanghai Jinggong", warning.description)
            self.assertFalse(self.warnings("market_idle", other))
            self.lead.with_user(self.rep1).message_post(
                body="Called the purchasing director", message_type="comment"
            )
        with self.frozen(start + timedelta(days=16)):
            self.evaluate()
            self.assertEqual(warning.state, "resolved", "a message is activity")

    def test_a_lost_opportunity_ends_its_market_warning_at_once(self):
        start = fields.Datetime.now()
        competitor = (
            self.env["sales.playbook.competitor"]
            .with_user(self.rep1)
            .create({"name": "Shanghai Jinggong"})
        )
        self.lead.with_user(self.rep1).playbook_competitor_ids = competitor
        with self.frozen(start + timedelta(days=15)):
            self.evaluate()
            warning = self.warnings("market_idle", self.lead)
            self.assertEqual(warning.state, "open")
            self.lead.with_user(self.rep1).action_set_lost()
            self.assertEqual(warning.state, "resolved", "lost: no daily check needed")
            self.assertTrue(warning.cause_gone)


@tagged("post_install", "-at_install")
class TestRiskAccess(RiskCase):
    def test_who_sees_which_risks(self):
        east = self.report(self.manager, title="East customer at risk")
        west = self.report(
            self.rep3, title="West customer at risk", partner_id=self.customer_west.id
        )
        Risk = self.env["sales.playbook.risk"]
        domain = [("id", "in", (east | west).ids)]
        self.assertEqual(Risk.with_user(self.rep1).search(domain), east, "their customer's")
        self.assertEqual(Risk.with_user(self.rep3).search(domain), west)
        self.assertFalse(Risk.with_user(self.rep2).search(domain), "another rep's customers")
        with self.assertRaises(AccessError):
            west.with_user(self.rep1).read(["title"])
        with self.assertRaises(AccessError):
            west.with_user(self.rep2).write({"measures": "Not mine"})
        self.assertEqual(Risk.with_user(self.supervisor).search(domain), east, "the team's")
        self.assertEqual(Risk.with_user(self.manager).search(domain), east, "the region's")
        self.assertEqual(Risk.with_user(self.manager_west).search(domain), west)
        self.assertEqual(Risk.with_user(self.director).search(domain), east | west)
        self.assertEqual(Risk.with_user(self.finance).search(domain), east | west)
        # a rep cannot report on a customer they do not see, but sees what
        # they reported or own
        with self.assertRaises(AccessError):
            self.report(self.rep2, title="Heard at a trade fair")
        owned = self.report(self.supervisor, title="Heard at a trade fair", user_id=self.rep2.id)
        self.assertIn(owned, Risk.with_user(self.rep2).search([]))
        self.assertEqual(
            self.customer_west.with_user(self.rep3).playbook_risk_count, 1, "counted as seen"
        )

    def test_the_cause_of_an_automatic_warning_is_the_add_ons(self):
        contract = self.draft_contract()
        contract.with_user(self.rep1).late_payment_rate = 0.0
        self.evaluate()
        warning = self.warnings("contract_penalty", contract).with_user(self.rep1)
        self.assertTrue(warning)
        for values in (
            {"title": "Nothing to see"},
            {"partner_id": self.customer_west.id},
            {"contract_id": False},
            {"risk_type": "market"},
            {"description": "Fine"},
            {"auto_key": "contract_penalty:0"},
            {"auto_cause": "market_idle"},
            {"state": "resolved"},
        ):
            with self.assertRaises(AccessError, msg=str(values)):
                warning.write(values)
            with self.assertRaises(AccessError, msg=str(values)):
                warning.sudo().write(values)
        warning.write({"measures": "Legal drafts a penalty clause", "level": "low"})
        self.assertEqual(warning.measures, "Legal drafts a penalty clause")
        with self.assertRaises(UserError):
            warning.with_user(self.manager).unlink()
        warning.action_close()
        self.assertEqual(warning.state, "closed")
        self.evaluate()
        self.assertEqual(warning.state, "closed", "accepted: not raised again")
        self.assertEqual(len(self.warnings("contract_penalty", contract)), 1)


@tagged("post_install", "-at_install")
class TestRiskWarningsSetWise(RiskCase):
    def test_the_check_reads_each_cause_once_whatever_the_records(self):
        competitor = self.env["sales.playbook.competitor"].create({"name": "Jinggong"})
        start = fields.Datetime.now()

        def idle_leads(count):
            return self.env["crm.lead"].create(
                [
                    self.qualified_values(
                        name=f"Idle deal {index}",
                        user_id=self.rep1.id,
                        playbook_competitor_ids=[(6, 0, competitor.ids)],
                    )
                    for index in range(count)
                ]
            )

        def queries_of_a_check():
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            self.Risk._cron_evaluate()
            return self.env.cr.sql_log_count - before

        idle_leads(1)
        with self.frozen(start + timedelta(days=20)):
            self.Risk._cron_evaluate()
            one = queries_of_a_check()
        idle_leads(10)
        with self.frozen(start + timedelta(days=20)):
            self.assertEqual(self.evaluate()["created"], 10)
            eleven = queries_of_a_check()
        self.assertEqual(eleven, one, "no query per opportunity")
        _logger.info("the risk check of every company (demo data included): %s queries", one)
