from odoo import api, fields, models

from .sales_playbook_risk import ESCALATED_LEVELS, OPEN_STATES


class SalesPlaybookRiskSubjectMixin(models.AbstractModel):
    """What a risk can be about — the customer, the opportunity, the
    contract: its risks counted (all, and the open high or critical ones),
    the register filtered on it, and *Report Risk*."""

    _name = "sales.playbook.risk.subject.mixin"
    _description = "Playbook: risks reported on a record"

    # the risk field naming such a record
    _playbook_risk_field = None

    playbook_risk_count = fields.Integer(
        string="Risks", compute="_compute_playbook_risk_count", compute_sudo=False
    )
    playbook_risk_high_count = fields.Integer(
        string="Open High Risks",
        compute="_compute_playbook_risk_count",
        compute_sudo=False,
        help="Open risks of level high or critical.",
    )

    def _playbook_risk_subject_ids(self):
        return self.ids

    def _playbook_risk_subject_of(self, record):
        return record.id

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_playbook_risk_count(self):
        field = self._playbook_risk_field
        Risk = self.env["sales.playbook.risk"]
        ids = self._playbook_risk_subject_ids()
        counts = {}
        high = {}
        if ids and Risk.has_access("read"):
            for subject, level, state, count in Risk._read_group(
                [(field, "in", ids)],
                groupby=[field, "level", "state"],
                aggregates=["__count"],
            ):
                counts[subject.id] = counts.get(subject.id, 0) + count
                if level in ESCALATED_LEVELS and state in OPEN_STATES:
                    high[subject.id] = high.get(subject.id, 0) + count
        for record in self:
            subject = self._playbook_risk_subject_of(record)
            record.playbook_risk_count = counts.get(subject, 0)
            record.playbook_risk_high_count = high.get(subject, 0)

    def _playbook_risk_defaults(self):
        self.ensure_one()
        return {f"default_{self._playbook_risk_field}": self._playbook_risk_subject_of(self)}

    def action_playbook_risks(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sales_playbook.action_sales_playbook_risk"
        )
        action["domain"] = [(self._playbook_risk_field, "=", self._playbook_risk_subject_of(self))]
        action["context"] = self._playbook_risk_defaults()
        return action

    def action_playbook_report_risk(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Report Risk"),
            "res_model": "sales.playbook.risk",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
            "context": self._playbook_risk_defaults(),
        }
