from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL, format_date

from ..tools import credit
from ..tools.cn_tax import compact, taxpayer_number_kind


class ResPartner(models.Model):
    _name = "res.partner"
    _inherit = ["res.partner", "sales.playbook.guarded.mixin", "sales.playbook.risk.subject.mixin"]
    _playbook_risk_field = "partner_id"

    # credit hold (回款管理): one definition for the hold, its search, the
    # quotation approval matrix and the reports, per company
    playbook_credit_released_until = fields.Date(
        string="Credit Hold Released Until",
        company_dependent=True,
        readonly=True,
        copy=False,
        help="Finance released the credit hold in this company until this day.",
    )
    playbook_credit_hold = fields.Boolean(
        string="On Credit Hold",
        compute="_compute_playbook_credit_hold",
        search="_search_playbook_credit_hold",
        help="A payment milestone overdue beyond the company's delay, or the credit limit "
        "exceeded: new quotations need finance, confirmation and delivery wait until finance "
        "releases the customer.",
    )
    playbook_credit_hold_reason = fields.Char(compute="_compute_playbook_credit_hold")
    # invoicing data (开票信息) a VAT special invoice needs
    playbook_invoice_title = fields.Char(
        string="Invoicing Title",
        help="The buyer's name as the fapiao prints it: its full registered name.",
    )
    playbook_invoice_address = fields.Char(
        string="Invoicing Address",
        help="The registered address printed on a VAT special invoice.",
    )
    playbook_invoice_phone = fields.Char(
        string="Invoicing Phone",
        help="The phone number printed on a VAT special invoice.",
    )
    playbook_invoice_bank_id = fields.Many2one(
        "res.partner.bank",
        string="Invoicing Bank Account",
        domain="[('partner_id', '=', commercial_partner_id)]",
        help="The bank and account printed on a VAT special invoice.",
    )
    playbook_invoicing_missing = fields.Char(
        string="Invoicing Data Missing",
        compute="_compute_playbook_invoicing_missing",
        help="What a VAT special invoice still needs of this customer's invoicing data.",
    )
    # after-sales: the customer's contracts, visits, complaints, surveys, referrals
    playbook_visit_ids = fields.One2many(
        "sales.playbook.visit", "partner_id", string="Return Visits"
    )
    playbook_visit_count = fields.Integer(compute="_compute_playbook_after_sales")
    playbook_contract_count = fields.Integer(compute="_compute_playbook_after_sales")
    playbook_complaint_count = fields.Integer(compute="_compute_playbook_after_sales")
    playbook_survey_count = fields.Integer(compute="_compute_playbook_after_sales")
    playbook_satisfaction_ids = fields.One2many(
        "sales.playbook.satisfaction", "partner_id", string="Satisfaction Surveys"
    )
    playbook_satisfaction_score = fields.Float(
        string="Satisfaction (%)",
        compute="_compute_playbook_satisfaction_score",
        help="Score of the customer's latest answered satisfaction survey.",
    )
    playbook_satisfaction_known = fields.Boolean(compute="_compute_playbook_satisfaction_score")
    playbook_referral_count = fields.Integer(
        compute="_compute_playbook_after_sales", help="Leads this customer referred to the company."
    )

    # ------------------------------------------------------------
    # Credit hold
    # ------------------------------------------------------------

    @api.model
    def _playbook_credit_holds(self, customers=None):
        """{customer: reasons} of the customers (commercial partners) on
        credit hold in the current company: a milestone overdue beyond the
        company's delay, or receivable and uninvoiced orders above the credit
        limit — unless finance released the customer until today or later.
        ``customers``: only these (commercial partners); None: all of them."""
        company = self.env.company
        today = company._playbook_today()
        # credit is finance's view: every milestone and every limit counts,
        # whoever asks (a salesperson sees the verdict, not the others' figures)
        Partner = self.sudo().with_company(company)
        restrict = [("commercial_partner_id", "in", customers.ids)] if customers is not None else []
        reasons = {}
        overdue = (
            self.env["sale.contract.milestone"]
            .sudo()
            ._read_group(
                [
                    ("company_id", "=", company.id),
                    ("overdue", "=", True),
                    ("days_overdue", ">=", company.playbook_credit_hold_days),
                    *[("partner_id." + leaf[0], *leaf[1:]) for leaf in restrict],
                ],
                groupby=["partner_id"],
            )
        )
        for (partner,) in overdue:
            reasons.setdefault(partner.commercial_partner_id.id, []).append(
                self.env._("payments overdue")
            )
        limited = Partner.search(
            ["|", ("is_company", "=", True), ("parent_id", "=", False), ("credit_limit", ">", 0)]
            + restrict
        )
        for customer in limited.filtered(lambda p: p._playbook_over_credit_limit()):
            reasons.setdefault(customer.id, []).append(self.env._("credit limit exceeded"))
        released = Partner.browse(list(reasons)).filtered(
            lambda p: p.playbook_credit_released_until and p.playbook_credit_released_until >= today
        )
        return {
            self.browse(customer_id): customer_reasons
            for customer_id, customer_reasons in reasons.items()
            if customer_id not in released.ids
        }

    def _playbook_over_credit_limit(self, extra=0.0):
        """Odoo's partner credit limit in the current company: receivable +
        uninvoiced orders (+ ``extra``, e.g. a quotation) above it."""
        self.ensure_one()
        # the receivable is finance's figure: a salesperson's quotation is
        # checked against it without reading the customer's accounts
        customer = self.commercial_partner_id.sudo().with_company(self.env.company)
        if not customer.credit_limit or not (
            customer.use_partner_credit_limit or self.env.company.account_use_credit_limit
        ):
            return False
        return customer.credit + customer.credit_to_invoice + extra > customer.credit_limit

    @api.depends("commercial_partner_id", "playbook_credit_released_until")
    @api.depends_context("company")
    def _compute_playbook_credit_hold(self):
        holds = self._playbook_credit_holds(self.commercial_partner_id)
        for partner in self:
            reasons = holds.get(partner.commercial_partner_id.with_env(self.env), [])
            partner.playbook_credit_hold = bool(reasons)
            partner.playbook_credit_hold_reason = ", ".join(reasons)

    def _search_playbook_credit_hold(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on credit hold."))
        held = [customer.id for customer in self._playbook_credit_holds()]
        positive = (operator == "=") == value
        return [("commercial_partner_id", "in" if positive else "not in", held)]

    def action_playbook_credit_release(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sales_playbook.action_credit_release"
        )
        action["context"] = {"default_partner_id": self.commercial_partner_id.id}
        return action

    def _playbook_release_credit_hold(self, reason, until):
        """Finance lets a customer on hold order and receive again, until ``until``."""
        if not self.env.user.has_group("sales_playbook.group_playbook_finance"):
            raise AccessError(self.env._("Only finance releases a credit hold."))
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason of the release."))
        if until < fields.Date.context_today(self):
            raise UserError(self.env._("A release ends today or later."))
        for partner in self.commercial_partner_id:
            # finance releases customers it may not edit otherwise
            partner.sudo()._playbook_write({"playbook_credit_released_until": until})
            reader_env = partner._playbook_in_lang_of(partner.user_id).env
            partner.sudo().message_post(
                body=reader_env._(
                    "Credit hold released by %(user)s until %(date)s: %(reason)s",
                    user=self.env.user.name,
                    date=format_date(reader_env, until),
                    reason=reason,
                )
            )

    def _playbook_check_credit_hold(self, action):
        for partner in self:
            if partner.playbook_credit_hold:
                raise UserError(
                    self.env._(
                        "%(customer)s is on credit hold (%(reason)s): %(action)s waits until "
                        "finance releases it.",
                        customer=partner.commercial_partner_id.name,
                        reason=partner.playbook_credit_hold_reason,
                        action=action,
                    )
                )

    def _playbook_statement_milestones(self):
        """The customer's milestones whose day came, for its statement."""
        self.ensure_one()
        return self.env["sale.contract.milestone"].search(
            [
                ("partner_id", "child_of", self.commercial_partner_id.id),
                ("trigger_date", "!=", False),
            ],
            order="due_date, id",
        )

    # ------------------------------------------------------------
    # After-sales
    # ------------------------------------------------------------

    @api.depends("playbook_visit_ids", "playbook_satisfaction_ids", "child_ids")
    def _compute_playbook_after_sales(self):
        Lead = self.env["crm.lead"].with_context(active_test=False)
        referrals = dict(
            Lead._read_group(
                [("playbook_referred_by_id", "in", self.ids)],
                ["playbook_referred_by_id"],
                ["__count"],
            )
        )
        visits = dict(
            self.env["sales.playbook.visit"]._read_group(
                [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]
            )
        )
        contracts = dict(
            self.env["sale.contract"]._read_group(
                [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]
            )
        )
        complaints = dict(
            self.env["sales.playbook.complaint"]._read_group(
                [("partner_id", "child_of", self.ids)], ["partner_id"], ["__count"]
            )
        )
        surveys = dict(
            self.env["sales.playbook.satisfaction"]._read_group(
                [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.playbook_complaint_count = sum(
                count
                for complainant, count in complaints.items()
                if complainant.commercial_partner_id == partner
            )
            partner.playbook_survey_count = surveys.get(partner, 0)
            partner.playbook_referral_count = referrals.get(partner, 0)
            partner.playbook_visit_count = visits.get(partner, 0)
            partner.playbook_contract_count = contracts.get(partner, 0)

    @api.depends(
        "playbook_satisfaction_ids.state",
        "playbook_satisfaction_ids.score",
        "playbook_satisfaction_ids.date_done",
    )
    def _compute_playbook_satisfaction_score(self):
        latest = {}
        for record in self.env["sales.playbook.satisfaction"].search(
            [("partner_id", "in", self.ids), ("state", "=", "done")],
            order="date_done desc, id desc",
        ):
            latest.setdefault(record.partner_id, record.score)
        for partner in self:
            partner.playbook_satisfaction_score = latest.get(partner, 0.0)
            partner.playbook_satisfaction_known = partner in latest

    def _playbook_action(self, model, domain, name):
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": model,
            "view_mode": "list,form",
            "domain": domain,
            "context": {"default_partner_id": self.id},
        }

    def action_playbook_visits(self):
        self.ensure_one()
        return self._playbook_action(
            "sales.playbook.visit", [("partner_id", "=", self.id)], self.env._("Return Visits")
        )

    def action_playbook_contracts(self):
        self.ensure_one()
        action = self._playbook_action(
            "sale.contract", [("partner_id", "=", self.id)], self.env._("Contracts")
        )
        action["context"] = {"create": False}
        return action

    def action_playbook_complaints(self):
        self.ensure_one()
        return self._playbook_action(
            "sales.playbook.complaint",
            [("partner_id", "child_of", self.id)],
            self.env._("Complaints"),
        )

    def action_playbook_surveys(self):
        self.ensure_one()
        action = self._playbook_action(
            "sales.playbook.satisfaction",
            [("partner_id", "=", self.id)],
            self.env._("Satisfaction Surveys"),
        )
        action["context"] = {"create": False}
        return action

    def action_playbook_referrals(self):
        self.ensure_one()
        action = self._playbook_action(
            "crm.lead", [("playbook_referred_by_id", "=", self.id)], self.env._("Referrals")
        )
        action["context"] = {"create": False}
        return action

    def action_playbook_new_lead(self):
        """复购/转介绍: a repurchase or a referral from this customer."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Repurchase or Referral"),
            "res_model": "sales.playbook.new.lead",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_partner_id": self.commercial_partner_id.id,
                "default_visit_id": self.env.context.get("default_visit_id"),
            },
        }

    # ------------------------------------------------------------
    # Invoicing data (开票信息)
    # ------------------------------------------------------------

    @api.model
    def _commercial_fields(self):
        return super()._commercial_fields() + [
            "playbook_invoice_title",
            "playbook_invoice_address",
            "playbook_invoice_phone",
            "playbook_invoice_bank_id",
        ]

    @api.depends(
        "commercial_partner_id.vat",
        "commercial_partner_id.playbook_invoice_title",
        "commercial_partner_id.playbook_invoice_address",
        "commercial_partner_id.playbook_invoice_phone",
        "commercial_partner_id.playbook_invoice_bank_id",
    )
    @api.depends_context("lang")
    def _compute_playbook_invoicing_missing(self):
        for partner in self:
            partner.playbook_invoicing_missing = "; ".join(partner._playbook_invoicing_missing())

    def _playbook_invoicing_missing(self):
        """What a VAT special invoice to this customer still needs, as labels."""
        self.ensure_one()
        partner = self.commercial_partner_id
        missing = []
        if not partner.playbook_invoice_title:
            missing.append(self.env._("invoicing title"))
        if not partner.vat:
            missing.append(self.env._("taxpayer number"))
        elif not taxpayer_number_kind(partner.vat):
            missing.append(self.env._("a valid taxpayer number"))
        if not partner.playbook_invoice_address:
            missing.append(self.env._("invoicing address"))
        if not partner.playbook_invoice_phone:
            missing.append(self.env._("invoicing phone"))
        bank = partner.playbook_invoice_bank_id
        if not (bank.acc_number and bank.bank_id):
            missing.append(self.env._("bank and account"))
        return missing

    def _playbook_postal_address(self):
        """The address on one line as a document prints it: a Chinese address
        from the province down to the street, without the country; others as
        Odoo formats them."""
        self.ensure_one()
        if self.country_id.code == "CN" or (
            not self.country_id and self.env.company.country_id.code == "CN"
        ):
            parts = [self.state_id.name, self.city, self.street, self.street2]
            return "".join(part for part in parts if part)
        return " ".join(self._display_address(without_company=True).split())

    @api.model
    def _playbook_invoicing_incomplete_domain(self):
        """Partners whose invoicing data is missing something (a taxpayer
        number of the wrong shape is found by ``_playbook_invoicing_incomplete``)."""
        return [
            "|",
            "|",
            "|",
            "|",
            "|",
            "|",
            ("playbook_invoice_title", "in", (False, "")),
            ("vat", "in", (False, "")),
            ("playbook_invoice_address", "in", (False, "")),
            ("playbook_invoice_phone", "in", (False, "")),
            ("playbook_invoice_bank_id", "=", False),
            ("playbook_invoice_bank_id.acc_number", "in", (False, "")),
            ("playbook_invoice_bank_id.bank_id", "=", False),
        ]

    def _playbook_invoicing_incomplete(self):
        """The commercial partners among ``self`` whose invoicing data is incomplete."""
        partners = self.commercial_partner_id
        incomplete = partners.filtered_domain(self._playbook_invoicing_incomplete_domain())
        with_number = (partners - incomplete).filtered("vat")
        return incomplete | with_number.filtered(lambda p: not taxpayer_number_kind(p.vat))

    @api.constrains("vat", "country_id")
    def _check_playbook_taxpayer_number(self):
        """A Chinese taxpayer number is a unified social credit code (18
        characters, checked by python-stdnum) or an older 15-character one."""
        for partner in self:
            if (
                partner.vat
                and partner.country_id.code == "CN"
                and not taxpayer_number_kind(partner.vat)
            ):
                raise ValidationError(
                    self.env._(
                        "%(number)s is not a valid Chinese taxpayer number: give the 18-character "
                        "unified social credit code (统一社会信用代码) or the older 15-character "
                        "taxpayer number.",
                        number=partner.vat,
                    )
                )

    @api.model
    def _playbook_compact_vat(self, vals):
        if vals.get("vat") and isinstance(vals["vat"], str):
            number = compact(vals["vat"])
            if taxpayer_number_kind(number):
                vals["vat"] = number
        return vals

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._playbook_compact_vat(vals)
        return super().create(vals_list)

    def write(self, vals):
        return super().write(self._playbook_compact_vat(dict(vals)))

    # ------------------------------------------------------------
    # RISKS (sales.playbook.risk.subject.mixin)
    # ------------------------------------------------------------

    def _playbook_risk_subject_ids(self):
        # a customer's risks are its company's, seen from any of its contacts
        return self.commercial_partner_id.ids

    def _playbook_risk_subject_of(self, record):
        return record.commercial_partner_id.id

    # ------------------------------------------------------------
    # CREDIT ASSESSMENT (客户信用评估): what finance approved last
    # ------------------------------------------------------------

    playbook_credit_days = fields.Integer(
        string="Approved Longest Payment Term (days)",
        company_dependent=True,
        readonly=True,
        copy=False,
        help="From the customer's approved credit assessment: a quotation or a contract "
        "with a longer payment term needs finance's approval.",
    )
    playbook_credit_grade = fields.Char(
        string="Credit Grade",
        company_dependent=True,
        readonly=True,
        copy=False,
        help="The grade of the customer's approved credit assessment in this company.",
    )
    playbook_credit_assessment_count = fields.Integer(
        compute="_compute_playbook_credit_assessment_count"
    )

    def _compute_playbook_credit_assessment_count(self):
        counts = dict(
            self.env["sales.playbook.credit.assessment"]._read_group(
                [("partner_id", "in", self.commercial_partner_id.ids)], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.playbook_credit_assessment_count = counts.get(partner.commercial_partner_id, 0)

    def action_playbook_credit_assessments(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sales_playbook.action_credit_assessment"
        )
        customer = self.commercial_partner_id
        action["domain"] = [("partner_id", "=", customer.id)]
        action["context"] = {"default_partner_id": customer.id}
        return action

    def _playbook_credit_term_exceeded(self, days, company):
        """``days`` to pay is longer than the customer's approved term in
        ``company`` (never, for a customer without an approved assessment)."""
        customer = self.commercial_partner_id.sudo().with_company(company)
        return bool(customer.playbook_credit_grade and days > customer.playbook_credit_days)

    def _playbook_set_credit(self, company, limit, days, grade):
        """Finance approved an assessment: its limit and term are the
        customer's in ``company`` (Odoo's partner credit limit, which the
        credit hold and the quotation approval read)."""
        self.ensure_one()
        # finance approves customers it may not edit otherwise
        customer = self.sudo().with_company(company)
        customer.write({"credit_limit": limit, "use_partner_credit_limit": True})
        customer._playbook_write({"playbook_credit_days": days, "playbook_credit_grade": grade})

    @api.model
    def _playbook_payment_history(self, company, partner_ids=None):
        """{customer id: figures} of the payment history of ``company``'s
        customers (commercial partners; None: all), from the collections'
        own definitions: the longest days overdue now, the broken promises
        to pay and collected ÷ due of the milestones due in the last 12
        months. One grouped query."""
        today = company._playbook_today()
        since = today - relativedelta(months=12)
        Milestone = self.env["sale.contract.milestone"]
        Milestone.flush_model(
            [
                "partner_id",
                "company_id",
                "overdue",
                "days_overdue",
                "promise_broken",
                "promise_date",
                "due_date",
                "amount",
                "amount_paid",
            ]
        )
        self.flush_model(["commercial_partner_id"])
        restrict = (
            SQL("AND p.commercial_partner_id IN %s", tuple(partner_ids))
            if partner_ids is not None
            else SQL()
        )
        if partner_ids is not None and not partner_ids:
            return {}
        # finance's figures, whoever asks: read set-wise past the record rules
        rows = self.env.execute_query(
            SQL(
                """
                SELECT p.commercial_partner_id,
                       COALESCE(MAX(m.days_overdue) FILTER (WHERE m.overdue), 0),
                       COUNT(*) FILTER (WHERE m.promise_broken AND m.promise_date >= %(since)s),
                       COALESCE(SUM(m.amount) FILTER (
                           WHERE m.due_date BETWEEN %(since)s AND %(today)s), 0),
                       COALESCE(SUM(m.amount_paid) FILTER (
                           WHERE m.due_date BETWEEN %(since)s AND %(today)s), 0)
                  FROM %(milestone)s m
                  JOIN %(partner)s p ON p.id = m.partner_id
                 WHERE m.company_id = %(company)s %(restrict)s
                 GROUP BY p.commercial_partner_id
                """,
                since=since,
                today=today,
                milestone=SQL.identifier(Milestone._table),
                partner=SQL.identifier(self._table),
                company=company.id,
                restrict=restrict,
            )
        )
        return {
            partner_id: {
                "max_days_overdue": days,
                "broken_promises": broken,
                "amount_due_12m": due,
                "amount_paid_12m": paid,
                "collection_rate": credit.collection_rate(paid, due),
            }
            for partner_id, days, broken, due, paid in rows
        }
