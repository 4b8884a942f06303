from odoo import api, fields, models


class SalesPlaybookGateOverride(models.TransientModel):
    _name = "sales.playbook.gate.override"
    _description = "Stage Gate Override"

    lead_id = fields.Many2one("crm.lead", required=True, ondelete="cascade")
    current_stage_id = fields.Many2one(related="lead_id.stage_id", string="Current Stage")
    stage_id = fields.Many2one(
        "crm.stage",
        string="Move To",
        required=True,
        compute="_compute_stage_id",
        store=True,
        readonly=False,
        precompute=True,
        domain="['|', ('team_id', '=', False), ('team_id', '=', team_id), "
        "('id', '!=', current_stage_id)]",
        help="The stage after the lead's own is proposed.",
    )
    team_id = fields.Many2one(related="lead_id.team_id")
    reason = fields.Text(required=True)
    missing = fields.Text(compute="_compute_missing")

    @api.depends("lead_id")
    def _compute_stage_id(self):
        for wizard in self:
            lead = wizard.lead_id
            wizard.stage_id = lead._playbook_next_stage() if lead else False

    @api.depends("lead_id", "stage_id")
    def _compute_missing(self):
        for wizard in self:
            lead = wizard.lead_id
            if not (lead and wizard.stage_id):
                wizard.missing = False
                continue
            failures = lead._playbook_gate_failures({lead.id: lead.stage_id}, wizard.stage_id)
            wizard.missing = (
                "\n".join(
                    line
                    for failed_lead, by_stage in failures
                    for line in failed_lead._playbook_missing_lines(by_stage)
                )
                or False
            )

    def action_confirm(self):
        self.ensure_one()
        self.lead_id.with_context(playbook_gate_override=self.reason).write(
            {"stage_id": self.stage_id.id}
        )
        return {"type": "ir.actions.act_window_close"}
