from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class SaleContractDeliveryItem(models.Model):
    """项目交付计划: one dated step of delivering a signed contract."""

    _name = "sale.contract.delivery.item"
    _description = "Delivery Plan Item"
    _order = "contract_id, planned_date, sequence, id"

    contract_id = fields.Many2one("sale.contract", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="contract_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Deliverable", required=True)
    owner_id = fields.Many2one("res.users", required=True, default=lambda self: self.env.user)
    planned_date = fields.Date(required=True)
    done_date = fields.Date()
    progress = fields.Integer(string="Progress (%)", default=0)
    note = fields.Text()
    late = fields.Boolean(
        compute="_compute_late",
        search="_search_late",
        help="Its planned date has passed and it is not done.",
    )

    @api.depends("planned_date", "done_date")
    def _compute_late(self):
        today = fields.Date.context_today(self)
        for item in self:
            item.late = bool(not item.done_date and item.planned_date and item.planned_date < today)

    def _search_late(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on late items."))
        domain = [("done_date", "=", False), ("planned_date", "<", fields.Date.context_today(self))]
        return domain if (operator == "=") == value else ["!", "&", *domain]

    @api.constrains("progress")
    def _check_progress(self):
        for item in self:
            if not 0 <= item.progress <= 100:
                raise ValidationError(
                    self.env._(
                        "The progress of %(item)s is a percentage between 0 and 100.",
                        item=item.name,
                    )
                )

    @api.constrains("done_date", "contract_id")
    def _check_done_date(self):
        for item in self.filtered("done_date"):
            signed = item.contract_id.signed_date
            if signed and item.done_date < signed:
                raise ValidationError(
                    self.env._(
                        "%(item)s cannot be done before the contract was signed.", item=item.name
                    )
                )
            if item.done_date > fields.Date.context_today(self):
                raise ValidationError(
                    self.env._("%(item)s cannot be done in the future.", item=item.name)
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("done_date"):
                vals["progress"] = 100
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("done_date"):
            vals["progress"] = 100
        return super().write(vals)


class SaleContractAcceptance(models.Model):
    """项目验收报告: the customer's acceptance of a delivered contract."""

    _name = "sale.contract.acceptance"
    _description = "Acceptance Report"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"

    contract_id = fields.Many2one(
        "sale.contract",
        required=True,
        ondelete="cascade",
        index=True,
        domain="[('state', '=', 'signed')]",
    )
    company_id = fields.Many2one(related="contract_id.company_id", store=True)
    partner_id = fields.Many2one(related="contract_id.partner_id", store=True, string="Customer")
    user_id = fields.Many2one(related="contract_id.user_id", store=True, string="Salesperson")
    team_id = fields.Many2one(related="contract_id.team_id", store=True)
    date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    state = fields.Selection(
        [("draft", "Draft"), ("done", "Recorded")], default="draft", readonly=True, tracking=True
    )
    item_ids = fields.One2many(
        "sale.contract.acceptance.item", "acceptance_id", string="Items", copy=True
    )
    result = fields.Selection(
        [("passed", "Passed"), ("failed", "Failed")],
        compute="_compute_result",
        store=True,
        tracking=True,
    )
    customer_signatory = fields.Char(string="Signed for the Customer by")
    signed_attachment_id = fields.Many2one("ir.attachment", string="Signed Copy")
    note = fields.Text()

    @api.depends("contract_id.name", "date")
    def _compute_display_name(self):
        for report in self:
            report.display_name = self.env._(
                "Acceptance of %(contract)s on %(date)s",
                contract=report.contract_id.name or "",
                date=fields.Date.to_string(report.date) or "",
            )

    @api.depends("item_ids.passed")
    def _compute_result(self):
        for report in self:
            report.result = (
                "passed" if report.item_ids and all(report.item_ids.mapped("passed")) else "failed"
            )

    @api.model_create_multi
    def create(self, vals_list):
        reports = super().create(vals_list)
        for report in reports.filtered(lambda r: not r.item_ids):
            report._playbook_prefill_items()
        return reports

    def _playbook_prefill_items(self):
        """The must-have needs of the opportunity and the contract's criteria."""
        self.ensure_one()
        contract = self.contract_id
        needs = contract.opportunity_id.need_ids.filtered(
            lambda n: n.category == "must" and n.state != "dropped"
        )
        lines = [{"name": need.name, "need_id": need.id, "sequence": 10} for need in needs]
        if contract.acceptance_criteria:
            lines.append({"name": contract.acceptance_criteria, "sequence": 20})
        self.item_ids = [(0, 0, line) for line in lines]

    def _playbook_item_result(self, item):
        return self.env._("Passed") if item.passed else self.env._("Failed")

    def action_record(self):
        """Record the customer's decision: a pass is the contract's acceptance."""
        for report in self:
            if report.state != "draft":
                raise UserError(self.env._("This acceptance report is already recorded."))
            contract = report.contract_id
            if contract.state != "signed":
                raise UserError(self.env._("Only a signed contract is accepted."))
            if not report.item_ids:
                raise UserError(self.env._("An acceptance report checks at least one item."))
            if not report.customer_signatory:
                raise UserError(self.env._("Name who signed the report for the customer."))
            if report.result == "passed" and contract.accepted_date:
                raise UserError(
                    self.env._(
                        "%(contract)s was already accepted on %(date)s.",
                        contract=contract.name,
                        date=fields.Date.to_string(contract.accepted_date),
                    )
                )
            report.state = "done"
            if report.result == "passed":
                contract.write({"accepted_date": report.date})
                lead = contract.opportunity_id
                after_sales = self.env.ref(
                    "sales_playbook.stage_after_sales", raise_if_not_found=False
                )
                if lead and after_sales and lead.stage_id.sequence < after_sales.sequence:
                    lead.stage_id = after_sales
                report.message_post(body=self.env._("Accepted by the customer."))
            else:
                for item in report.item_ids.filtered(lambda i: not i.passed):
                    report.activity_schedule(
                        "mail.mail_activity_data_todo",
                        user_id=(contract.user_id or self.env.user).id,
                        summary=self.env._("Fix for acceptance: %(item)s", item=item.name),
                        note=item.remark or "",
                    )
                report.message_post(
                    body=self.env._(
                        "Not accepted: %(count)s item(s) failed; the contract stays in fulfilment.",
                        count=len(report.item_ids.filtered(lambda i: not i.passed)),
                    )
                )
        return True


class SaleContractAcceptanceItem(models.Model):
    _name = "sale.contract.acceptance.item"
    _description = "Acceptance Report Item"
    _order = "acceptance_id, sequence, id"

    acceptance_id = fields.Many2one(
        "sale.contract.acceptance", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    name = fields.Text(string="Item", required=True)
    need_id = fields.Many2one("sales.playbook.need", ondelete="set null")
    passed = fields.Boolean()
    remark = fields.Char()

    def write(self, vals):
        if self.acceptance_id.filtered(lambda r: r.state == "done"):
            raise UserError(self.env._("A recorded acceptance report cannot change."))
        return super().write(vals)


class SaleContract(models.Model):
    _inherit = "sale.contract"

    delivery_item_ids = fields.One2many(
        "sale.contract.delivery.item", "contract_id", string="Delivery Plan"
    )
    acceptance_ids = fields.One2many(
        "sale.contract.acceptance", "contract_id", string="Acceptance Reports"
    )
    last_weekly_followup = fields.Date(readonly=True, copy=False)

    def action_new_acceptance(self):
        self.ensure_one()
        acceptance = self.env["sale.contract.acceptance"].create({"contract_id": self.id})
        return {
            "type": "ir.actions.act_window",
            "res_model": "sale.contract.acceptance",
            "res_id": acceptance.id,
            "view_mode": "form",
        }

    @api.model
    def _cron_weekly_followups(self, batch_size=1000):
        """Each week until acceptance, the salesperson of a contract in
        fulfilment follows the project up with the customer (每周与客户沟通项目进展)."""
        today = fields.Date.context_today(self)
        week_start = today - timedelta(days=today.weekday())
        contracts = self.search(
            [
                ("state", "=", "signed"),
                ("accepted_date", "=", False),
                "|",
                ("last_weekly_followup", "=", False),
                ("last_weekly_followup", "<", week_start),
                "|",
                ("date_end", "=", False),
                ("date_end", ">=", today),
            ],
            limit=batch_size,
        )
        for contract in contracts:
            contract.sudo().activity_schedule(
                "mail.mail_activity_data_call",
                date_deadline=week_start + timedelta(days=4),
                user_id=(contract.user_id or contract.create_uid).id,
                summary=self.env._("Weekly project follow-up with the customer"),
            )
        contracts.sudo().write({"last_weekly_followup": today})
        remaining = self.search_count(
            [
                ("state", "=", "signed"),
                ("accepted_date", "=", False),
                "|",
                ("last_weekly_followup", "=", False),
                ("last_weekly_followup", "<", week_start),
                "|",
                ("date_end", "=", False),
                ("date_end", ">=", today),
            ]
        )
        self.env["ir.cron"]._notify_progress(done=len(contracts), remaining=remaining)
