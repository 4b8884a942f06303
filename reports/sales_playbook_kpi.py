"""The KPI analysis (业绩看板): one definition of each figure of the manual's
board, read set-wise by the board, the appraisal and the reports alike.

One row per source record and figure — a signed contract or confirmed order,
a line with a cost, a payment, a milestone falling due, a lead, a visit, a
complaint, a survey, an open follow-up — dated when the figure happens and
carrying the company, salesperson and team it counts for. Grouped by
salesperson, team or company and by day, month, quarter or year, its sums are
the board's figures; its ratios (collection rate, conversion, ...) are ratios
of sums over the group, computed in SQL (``_read_group_select``)."""

from odoo import api, fields, models, tools
from odoo.tools import SQL

from ..tools.expense import CONSUMED_STATES
from .sales_playbook_kpi_mixin import AS_OF_TODAY, RATIOS

SOURCES = [
    ("sale", "Sale"),
    ("margin", "Line with a Cost"),
    ("customer", "New Customer"),
    ("payment", "Payment"),
    ("due", "Milestone Due"),
    ("lead", "Lead Created"),
    ("opportunity", "Opportunity"),
    ("closed", "Won or Lost"),
    ("first_contact", "First Contact"),
    ("visit", "Return Visit"),
    ("complaint", "Complaint"),
    ("survey", "Satisfaction Survey"),
    ("activity", "Open Follow-up"),
    ("stage", "Stage Left"),
    ("expense", "Sales Expense"),
]
SOURCE_CODES = {source: index for index, (source, _label) in enumerate(SOURCES)}
ID_FACTOR = 16  # row id = source id × 16 + source code (fewer than 16 sources)

# the documents whose open activities are follow-ups of the playbook
FOLLOWUP_MODELS = (
    "crm.lead",
    "sale.order",
    "sale.contract",
    "sale.contract.milestone",
    "sales.playbook.visit",
    "sales.playbook.complaint",
    "sales.playbook.satisfaction",
)


class SalesPlaybookKpi(models.Model):
    _name = "sales.playbook.kpi"
    _inherit = "sales.playbook.kpi.mixin"
    _description = "KPI Analysis"
    _auto = False
    _rec_name = "date"
    _order = "date desc, id desc"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    # the dimensions and the measures: sales.playbook.kpi.mixin
    source = fields.Selection(SOURCES, readonly=True)
    res_model = fields.Char(string="Document Model", readonly=True)
    res_id = fields.Many2oneReference(string="Document", model_field="res_model", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    stage_id = fields.Many2one(
        "crm.stage", readonly=True, help="The stage a lead left (stages left)."
    )

    # ------------------------------------------------------------
    # THE VIEW
    # ------------------------------------------------------------

    def _local_date(self, column):
        """A UTC timestamp as a date in the company's time zone (its working
        calendar's, as the add-on's deadlines)."""
        return SQL("(%s AT TIME ZONE 'UTC' AT TIME ZONE COALESCE(rc.tz, 'UTC'))::date", column)

    def _company_tz_join(self, company):
        return SQL(
            "LEFT JOIN res_company co ON co.id = %s "
            "LEFT JOIN resource_calendar rc ON rc.id = co.resource_calendar_id",
            company,
        )

    def _sales_from(self, lines=False):
        """The sales (销售额): a signed contract by its signature date, or a
        confirmed order with no contract by its confirmation date; ``o`` the
        order, ``c`` its live contract, ``p`` its partner; with ``lines``,
        ``l`` each of its lines whose product has a cost."""
        return SQL(
            """
              FROM sale_order o
              %(lines)s
              LEFT JOIN sale_contract c ON c.order_id = o.id AND c.state != 'cancel'
              JOIN res_partner p ON p.id = o.partner_id
              %(tz)s
             WHERE (c.state = 'signed' OR (c.id IS NULL AND o.state = 'sale'))
             %(line_condition)s
            """,
            lines=SQL("JOIN sale_order_line l ON l.order_id = o.id") if lines else SQL(),
            line_condition=SQL("AND l.purchase_price > 0 AND l.display_type IS NULL")
            if lines
            else SQL(),
            tz=self._company_tz_join(SQL("o.company_id")),
        )

    def _sales_columns(self):
        return {
            "date": SQL(
                "CASE WHEN c.id IS NOT NULL THEN c.signed_date ELSE %s END",
                self._local_date(SQL("o.date_order")),
            ),
            "res_model": SQL(
                "CASE WHEN c.id IS NOT NULL THEN 'sale.contract' ELSE 'sale.order' END"
            ),
            "res_id": SQL("COALESCE(c.id, o.id)"),
            "company_id": SQL("o.company_id"),
            "user_id": SQL("COALESCE(c.user_id, o.user_id)"),
            "team_id": SQL("o.team_id"),
            "partner_id": SQL("p.commercial_partner_id"),
        }

    def _to_company_currency(self, amount):
        """An amount of the order in the company's currency (the order's rate)."""
        return SQL("%s / COALESCE(NULLIF(o.currency_rate, 0), 1.0)", amount)

    def _parts(self):
        """(source, id column, columns, FROM ... WHERE ...) of each part."""
        sales = self._sales_columns()
        lead_columns = {
            "res_model": SQL("'crm.lead'"),
            "res_id": SQL("l.id"),
            "company_id": SQL("l.company_id"),
            "user_id": SQL("l.user_id"),
            "team_id": SQL("l.team_id"),
            "partner_id": SQL("l.partner_id"),
        }
        lead_from = SQL("FROM crm_lead l %s", self._company_tz_join(SQL("l.company_id")))
        milestone_columns = {
            "res_model": SQL("'sale.contract.milestone'"),
            "company_id": SQL("m.company_id"),
            "user_id": SQL("m.user_id"),
            "team_id": SQL("m.team_id"),
            "partner_id": SQL("m.partner_id"),
        }
        return [
            (
                "sale",
                SQL("o.id"),
                dict(sales, sales_amount=self._to_company_currency(SQL("o.amount_untaxed"))),
                self._sales_from(),
            ),
            (
                "margin",
                SQL("l.id"),
                dict(
                    sales,
                    margin=self._to_company_currency(SQL("l.margin")),
                    margin_base=self._to_company_currency(SQL("l.price_subtotal")),
                ),
                self._sales_from(lines=True),
            ),
            (
                "customer",
                SQL("n.id"),
                {
                    name: SQL.identifier("n", name)
                    for name in (
                        "date",
                        "res_model",
                        "res_id",
                        "company_id",
                        "user_id",
                        "team_id",
                        "partner_id",
                    )
                }
                | {"new_customer_count": SQL("1")},
                SQL(
                    """
                    FROM (SELECT DISTINCT ON (o.company_id, p.commercial_partner_id)
                                 o.id, %(columns)s
                            %(sales)s
                           ORDER BY o.company_id, p.commercial_partner_id, %(date)s, o.id) n
                    """,
                    columns=SQL(", ").join(
                        SQL("%s AS %s", expr, SQL.identifier(name)) for name, expr in sales.items()
                    ),
                    sales=self._sales_from(),
                    date=sales["date"],
                ),
            ),
            (
                "payment",
                SQL("apr.id"),
                dict(
                    milestone_columns,
                    date=SQL("apr.max_date"),
                    res_id=SQL("m.id"),
                    collected=SQL("apr.amount"),
                ),
                # a payment matched with the milestone's invoice; its credit
                # notes are not money collected
                SQL(
                    """
                    FROM account_partial_reconcile apr
                    JOIN account_move_line dl ON dl.id = apr.debit_move_id
                    JOIN sale_contract_milestone m ON m.invoice_id = dl.move_id
                    JOIN account_move_line cl ON cl.id = apr.credit_move_id
                    JOIN account_move cm ON cm.id = cl.move_id
                   WHERE dl.display_type = 'payment_term'
                     AND cm.move_type != 'out_refund'
                    """
                ),
            ),
            (
                "due",
                SQL("r.id"),
                dict(
                    milestone_columns,
                    date=SQL("r.due_date"),
                    res_id=SQL("r.id"),
                    company_id=SQL("r.company_id"),
                    user_id=SQL("r.user_id"),
                    team_id=SQL("r.team_id"),
                    partner_id=SQL("r.partner_id"),
                    amount_due=SQL("r.amount_due"),
                    due_paid=SQL("r.amount_paid"),
                    amount_invoiced=SQL("r.amount_invoiced"),
                    amount_receivable=SQL("r.amount_receivable"),
                ),
                # the collection analysis's own rows (one definition)
                SQL(
                    "FROM %s r",
                    SQL.identifier(self.env["sales.playbook.collection.report"]._table),
                ),
            ),
            (
                "lead",
                SQL("l.id"),
                dict(
                    lead_columns,
                    date=self._local_date(SQL("l.create_date")),
                    lead_count=SQL("1"),
                ),
                lead_from,
            ),
            (
                "opportunity",
                SQL("l.id"),
                dict(
                    lead_columns,
                    date=self._local_date(SQL("COALESCE(l.date_conversion, l.create_date)")),
                    opportunity_count=SQL("1"),
                ),
                SQL("%s WHERE l.type = 'opportunity'", lead_from),
            ),
            (
                "closed",
                SQL("l.id"),
                dict(
                    lead_columns,
                    date=self._local_date(SQL("l.date_closed")),
                    won_count=SQL("CASE WHEN s.is_won THEN 1 ELSE 0 END"),
                    lost_count=SQL(
                        "CASE WHEN s.is_won IS NOT TRUE AND NOT l.active "
                        "AND l.probability = 0 THEN 1 ELSE 0 END"
                    ),
                ),
                SQL(
                    "%s LEFT JOIN crm_stage s ON s.id = l.stage_id WHERE l.date_closed IS NOT NULL",
                    lead_from,
                ),
            ),
            (
                "first_contact",
                SQL("l.id"),
                dict(
                    lead_columns,
                    date=self._local_date(SQL("l.first_contact_date")),
                    first_contact_count=SQL("1"),
                    first_contact_on_time=SQL(
                        "CASE WHEN l.first_contact_date <= l.first_contact_deadline "
                        "THEN 1 ELSE 0 END"
                    ),
                ),
                SQL("%s WHERE l.first_contact_date IS NOT NULL", lead_from),
            ),
            (
                "visit",
                SQL("v.id"),
                {
                    "date": SQL("v.date"),
                    "res_model": SQL("'sales.playbook.visit'"),
                    "res_id": SQL("v.id"),
                    "company_id": SQL("v.company_id"),
                    "user_id": SQL("v.user_id"),
                    "team_id": SQL("COALESCE(v.team_id, vu.sale_team_id)"),
                    "partner_id": SQL("v.partner_id"),
                    "visit_planned": SQL("1"),
                    "visit_done": SQL("CASE WHEN v.state = 'done' THEN 1 ELSE 0 END"),
                    "satisfaction_count": SQL(
                        "CASE WHEN v.state = 'done' AND v.satisfaction_value > 0 THEN 1 ELSE 0 END"
                    ),
                    # a mark of 1-5 on 0-100, as the surveys' score
                    "satisfaction_sum": SQL(
                        "CASE WHEN v.state = 'done' AND v.satisfaction_value > 0 "
                        "THEN (v.satisfaction_value - 1) * 25.0 ELSE 0 END"
                    ),
                },
                SQL("FROM sales_playbook_visit v LEFT JOIN res_users vu ON vu.id = v.user_id"),
            ),
            (
                "complaint",
                SQL("k.id"),
                {
                    "date": self._local_date(SQL("k.received_date")),
                    "res_model": SQL("'sales.playbook.complaint'"),
                    "res_id": SQL("k.id"),
                    "company_id": SQL("k.company_id"),
                    "user_id": SQL("k.user_id"),
                    "team_id": SQL("COALESCE(k.team_id, ku.sale_team_id)"),
                    "partner_id": SQL("k.partner_id"),
                    "complaint_count": SQL("1"),
                    "complaint_on_time": SQL(
                        "CASE WHEN k.answered_date <= k.response_due THEN 1 ELSE 0 END"
                    ),
                },
                SQL(
                    "FROM sales_playbook_complaint k "
                    "LEFT JOIN res_users ku ON ku.id = k.user_id %s",
                    self._company_tz_join(SQL("k.company_id")),
                ),
            ),
            (
                "survey",
                SQL("s.id"),
                {
                    "date": SQL("s.date_done"),
                    "res_model": SQL("'sales.playbook.satisfaction'"),
                    "res_id": SQL("s.id"),
                    "company_id": SQL("s.company_id"),
                    "user_id": SQL("s.user_id"),
                    "team_id": SQL("COALESCE(s.team_id, su.sale_team_id)"),
                    "partner_id": SQL("s.partner_id"),
                    "satisfaction_count": SQL("1"),
                    "satisfaction_sum": SQL("s.score"),
                },
                SQL(
                    "FROM sales_playbook_satisfaction s "
                    "LEFT JOIN res_users su ON su.id = s.user_id WHERE s.state = 'done'"
                ),
            ),
            (
                "stage",
                SQL("sp.id"),
                {
                    "date": self._local_date(SQL("sp.date_out")),
                    "res_model": SQL("'crm.lead'"),
                    "res_id": SQL("sp.lead_id"),
                    "company_id": SQL("sp.company_id"),
                    "user_id": SQL("sp.user_id"),
                    "team_id": SQL("sp.team_id"),
                    "stage_id": SQL("sp.stage_id"),
                    "stage_count": SQL("1"),
                    "stage_days": SQL("sp.days"),
                },
                SQL(
                    "FROM sales_playbook_stage_passage sp %s WHERE sp.date_out IS NOT NULL",
                    self._company_tz_join(SQL("sp.company_id")),
                ),
            ),
            (
                # the expenses the company bears for its sales (销售费用): those
                # of approved expense reports, as the budget consumption counts them
                "expense",
                SQL("e.id"),
                {
                    "date": SQL("e.date"),
                    "res_model": SQL("'hr.expense'"),
                    "res_id": SQL("e.id"),
                    "company_id": SQL("e.company_id"),
                    "user_id": SQL("he.user_id"),
                    "team_id": SQL("e.playbook_team_id"),
                    "partner_id": SQL("e.playbook_partner_id"),
                    "expense_amount": SQL("e.total_amount"),
                },
                SQL(
                    "FROM hr_expense e JOIN hr_employee he ON he.id = e.employee_id "
                    "WHERE e.state IN %s AND e.date IS NOT NULL",
                    CONSUMED_STATES,
                ),
            ),
            (
                "activity",
                SQL("a.id"),
                {
                    "date": SQL("a.date_deadline"),
                    "res_model": SQL("a.res_model"),
                    "res_id": SQL("a.res_id"),
                    "company_id": SQL("u.company_id"),
                    "user_id": SQL("a.user_id"),
                    "team_id": SQL("u.sale_team_id"),
                    "activity_open": SQL("1"),
                    # the board counts them as of the reader's today (_read_group_select)
                    "activity_overdue": SQL(
                        "CASE WHEN a.date_deadline < CURRENT_DATE THEN 1 ELSE 0 END"
                    ),
                },
                SQL(
                    "FROM mail_activity a JOIN res_users u ON u.id = a.user_id "
                    "WHERE a.active AND a.res_model IN %s",
                    FOLLOWUP_MODELS,
                ),
            ),
        ]

    def init(self):
        measures = self._kpi_summed_fields() + list(AS_OF_TODAY)
        dimensions = [
            "date",
            "res_model",
            "res_id",
            "company_id",
            "user_id",
            "team_id",
            "partner_id",
            "stage_id",
        ]
        selects = []
        for source, id_column, columns, from_clause in self._parts():
            values = [
                SQL("%s::bigint * %s + %s AS id", id_column, ID_FACTOR, SOURCE_CODES[source]),
                SQL("%s AS source", source),
            ]
            values += [
                # a typed NULL: the first part decides the column's type
                SQL("%s AS %s", columns.get(name, SQL("NULL::integer")), SQL.identifier(name))
                if name.endswith("_id")
                else SQL("%s AS %s", columns.get(name, SQL("NULL")), SQL.identifier(name))
                for name in dimensions
            ]
            values += [
                SQL("%s AS %s", columns.get(name, SQL("0")), SQL.identifier(name))
                for name in measures
            ]
            # the ratios are computed over groups; a row holds its own ratio's parts only
            values += [SQL("0.0 AS %s", SQL.identifier(name)) for name in RATIOS]
            selects.append(SQL("SELECT %s %s", SQL(", ").join(values), from_clause))
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                # the region of the team the figure counts for
                "CREATE OR REPLACE VIEW %s AS ("
                "SELECT k.*, t.playbook_region_id AS region_id "
                "FROM (%s) k LEFT JOIN crm_team t ON t.id = k.team_id)",
                SQL.identifier(self._table),
                SQL(" UNION ALL ").join(selects),
            )
        )

    # ------------------------------------------------------------
    # READING
    # ------------------------------------------------------------

    @api.model
    def _measure_domain(self, measure):
        """The rows behind ``measure``: those holding a part of it."""
        names = RATIOS.get(measure, ((measure,), (), 1.0))
        names = sorted(set(names[0]) | set(names[1]))
        if measure == "activity_overdue":
            return [("activity_open", "!=", 0), ("date", "<", fields.Date.context_today(self))]
        domain = []
        for name in names:
            domain = (["|"] + domain if domain else domain) + [(name, "!=", 0)]
        return domain

    @api.model
    def action_open_records(self, measure, domain=None):
        """Open the documents behind ``measure`` over the rows of ``domain``
        (a cell of the board): the contracts and orders of a sales amount, the
        milestones of what was collected, the leads of a conversion..."""
        if measure not in self._fields or measure in ("date", "res_id", "id"):
            raise ValueError(f"Unknown KPI measure {measure!r}")
        rows = self.search_fetch(
            list(domain or []) + self._measure_domain(measure), ["res_model", "res_id"]
        )
        return rows.action_open_sources(
            title=self._fields[measure].get_description(self.env)["string"]
        )

    def action_open_sources(self, title=None):
        """Open the documents of these rows: one model, its list; several,
        the rows themselves, each opening its document."""
        models_ = set(self.mapped("res_model"))
        if len(models_) == 1:
            model = models_.pop()
            return {
                "type": "ir.actions.act_window",
                "name": title or self.env["ir.model"]._get(model).name,
                "res_model": model,
                "view_mode": "list,form",
                "views": [(False, "list"), (False, "form")],
                "domain": [("id", "in", sorted(set(self.mapped("res_id"))))],
                "context": {"active_test": False},
            }
        return {
            "type": "ir.actions.act_window",
            "name": title or self.env._("KPI Analysis"),
            "res_model": self._name,
            "view_mode": "list",
            "views": [(self.env.ref("sales_playbook.kpi_view_list").id, "list")],
            "domain": [("id", "in", self.ids)],
        }

    def action_open_source(self):
        """The document behind this row."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": self.res_model,
            "res_id": self.res_id,
            "view_mode": "form",
            "views": [(False, "form")],
        }
