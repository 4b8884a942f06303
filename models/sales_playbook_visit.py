from datetime import date

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, format_date

SATISFACTION = [
    ("1", "1 - Very dissatisfied"),
    ("2", "2 - Dissatisfied"),
    ("3", "3 - Neutral"),
    ("4", "4 - Satisfied"),
    ("5", "5 - Very satisfied"),
]


class SalesPlaybookVisit(models.Model):
    """客户回访记录: a return visit to a customer with an active contract."""

    _name = "sales.playbook.visit"
    _description = "Customer Return Visit"
    _inherit = ["mail.thread", "mail.activity.mixin", "sales.playbook.guarded.mixin"]
    _order = "date desc, id desc"

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        domain="[('is_company', '=', True)]",
    )
    contract_id = fields.Many2one(
        "sale.contract",
        index="btree_not_null",
        domain="[('partner_id', '=', partner_id), ('state', '=', 'signed')]",
    )
    user_id = fields.Many2one(
        "res.users", string="Owner", required=True, index=True, default=lambda self: self.env.user
    )
    team_id = fields.Many2one(related="contract_id.team_id", store=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    state = fields.Selection(
        [("planned", "Planned"), ("done", "Done")],
        default="planned",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
    )
    channel = fields.Selection(
        [("phone", "Phone"), ("visit", "On-site Visit"), ("online", "Online")], default="phone"
    )
    contact_name = fields.Char(string="Contact")
    issues = fields.Text(string="Issues Raised")
    satisfaction = fields.Selection(SATISFACTION)
    satisfaction_value = fields.Integer(
        string="Satisfaction (1-5)",
        compute="_compute_satisfaction_value",
        store=True,
        aggregator="avg",
        help="The satisfaction as a number, to average it in reports.",
    )
    followups = fields.Text(string="Follow-ups")
    lead_ids = fields.One2many("crm.lead", "playbook_visit_id", string="Leads from this Visit")

    @api.depends("satisfaction")
    def _compute_satisfaction_value(self):
        for visit in self:
            visit.satisfaction_value = int(visit.satisfaction) if visit.satisfaction else 0

    @api.depends("partner_id.name", "date")
    def _compute_display_name(self):
        for visit in self:
            visit.display_name = self.env._(
                "Visit to %(customer)s on %(date)s",
                customer=visit.partner_id.name or "",
                date=format_date(self.env, visit.date) if visit.date else "",
            )

    @api.constrains("state", "satisfaction", "date")
    def _check_done(self):
        for visit in self:
            if visit.state == "done" and not visit.satisfaction:
                raise ValidationError(
                    self.env._("A done visit records the customer's satisfaction (1 to 5).")
                )
            # the company's today, the day the monthly job plans visits on,
            # whoever records the visit
            company = visit.company_id or self.env.company
            if visit.state == "done" and visit.date > company._playbook_today():
                raise ValidationError(self.env._("A visit cannot be done in the future."))

    def write(self, vals):
        """A recorded visit keeps what the customer said; its follow-ups and
        the leads it brought may still be added."""
        done = self.filtered(lambda v: v.state == "done")
        content = (
            set(vals)
            - self._playbook_free_fields
            - self._playbook_protected_fields()
            - {"followups", "lead_ids"}
        )
        if done and content:
            raise UserError(
                self.env._(
                    "%(visit)s is recorded: what the customer said does not change any more.",
                    visit=done[0].display_name,
                )
            )
        return super().write(vals)

    def action_done(self):
        self.check_access("write")
        for visit in self:
            if visit.state == "done":
                raise UserError(
                    self.env._("%(visit)s is already recorded.", visit=visit.display_name)
                )
            if not visit.satisfaction:
                raise UserError(
                    self.env._(
                        "Record the customer's satisfaction (1 to 5) before closing the visit."
                    )
                )
        self._playbook_write({"state": "done"})
        self.activity_ids.action_feedback(feedback=self.env._("Visit recorded"))
        return True

    def action_new_lead(self):
        self.ensure_one()
        return self.partner_id.with_context(default_visit_id=self.id).action_playbook_new_lead()

    @api.model
    def _cron_plan_monthly_visits(self, batch_size=2000):
        """Once a month for each customer with an active contract (每月1次): a
        planned visit and a to-do for the contract's salesperson. Customers
        already planned this month are skipped: safe to run twice."""
        self.flush_model(["partner_id", "date", "company_id"])
        self.env.cr.execute(
            SQL(
                "SELECT DISTINCT company_id FROM %s WHERE state = 'signed'",
                SQL.identifier(self.env["sale.contract"]._table),
            )
        )
        company_ids = sorted(row[0] for row in self.env.cr.fetchall() if row[0])
        vals_list = []
        remaining = 0
        # each company plans on its own today (its working hours' time zone)
        for company in self.env["res.company"].browse(company_ids):
            today = company._playbook_today()
            month_start = date(today.year, today.month, 1)
            self.env.cr.execute(
                self.env["sale.contract"]._playbook_active_customers_sql(
                    today,
                    condition=SQL(
                        "c.company_id = %s AND NOT EXISTS (SELECT 1 FROM %s v "
                        "WHERE v.partner_id = p.commercial_partner_id AND v.date >= %s)",
                        company.id,
                        SQL.identifier(self._table),
                        month_start,
                    ),
                    limit=batch_size - len(vals_list) + 1,
                )
            )
            rows = self.env.cr.fetchall()
            room = batch_size - len(vals_list)
            remaining += max(len(rows) - room, 0)
            vals_list += [
                {
                    "partner_id": partner_id,
                    "contract_id": contract_id,
                    "user_id": user_id or self.env.uid,
                    "company_id": company_id,
                    "date": today,
                }
                for partner_id, contract_id, user_id, _team_id, company_id in rows[:room]
            ]
            if len(vals_list) >= batch_size:
                remaining = remaining or 1  # other companies wait for the next call
                break
        visits = self.with_context(mail_create_nolog=True, tracking_disable=True).create(vals_list)
        summaries = {}  # one text per language: each to-do in its salesperson's
        todos = []
        for visit in visits:
            lang = visit._playbook_in_lang_of(visit.user_id).env.lang
            if lang not in summaries:
                summaries[lang] = self.with_context(lang=lang).env._("Monthly return visit")
            todos.append((visit, {"user_id": visit.user_id.id, "summary": summaries[lang]}))
        self.env["mail.activity"]._playbook_create_todos(todos)
        self.env["ir.cron"]._notify_progress(done=len(visits), remaining=remaining)
        return visits
