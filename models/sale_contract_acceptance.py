from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date


class SaleContractAcceptance(models.Model):
    """项目验收报告: the customer's acceptance of a delivered contract."""

    _name = "sale.contract.acceptance"
    _description = "Acceptance Report"
    _inherit = ["mail.thread", "mail.activity.mixin", "sales.playbook.guarded.mixin"]
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
        [("draft", "Draft"), ("done", "Recorded")],
        default="draft",
        readonly=True,
        copy=False,
        tracking=True,
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
                date=format_date(self.env, report.date) if report.date else "",
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

    def write(self, vals):
        recorded = self.filtered(lambda r: r.state == "done")
        if recorded and set(vals) - self._playbook_free_fields - self._playbook_protected_fields():
            raise UserError(
                self.env._(
                    "%(report)s is recorded: the customer's decision does not change.",
                    report=recorded[0].display_name,
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_recorded(self):
        if self.filtered(lambda r: r.state == "done"):
            raise UserError(self.env._("A recorded acceptance report cannot be deleted."))

    def _playbook_check_lines_editable(self):
        recorded = self.filtered(lambda r: r.state == "done")
        if recorded:
            raise UserError(
                self.env._(
                    "%(report)s is recorded: its items do not change any more.",
                    report=recorded[0].display_name,
                )
            )

    def _playbook_lines_changed(self):
        """The result follows the items by itself."""

    def action_record(self):
        """Record the customer's decision: a pass is the contract's acceptance."""
        self.check_access("write")
        for report in self:
            if report.state != "draft":
                raise UserError(self.env._("This acceptance report is already recorded."))
            contract = report.contract_id
            if not report.item_ids:
                raise UserError(self.env._("An acceptance report checks at least one item."))
            if not report.customer_signatory:
                raise UserError(self.env._("Name who signed the report for the customer."))
            if report.result == "passed":
                contract._playbook_check_event("acceptance", report.date)
            elif contract.state != "signed":
                raise UserError(self.env._("Only a signed contract is accepted."))
            report._playbook_write({"state": "done"})
            env = contract._playbook_owner_env()
            if report.result == "passed":
                contract._action_accept(report.date)
                report.message_post(body=env._("Accepted by the customer."))
            else:
                failed = report.item_ids.filtered(lambda i: not i.passed)
                for item in failed:
                    report.activity_schedule(
                        "mail.mail_activity_data_todo",
                        user_id=(contract.user_id or self.env.user).id,
                        summary=env._("Fix for acceptance: %(item)s", item=item.name),
                        note=item.remark or "",
                    )
                report.message_post(
                    body=env._(
                        "Not accepted: %(count)s item(s) failed; the contract stays in fulfilment.",
                        count=len(failed),
                    )
                )
        return True
