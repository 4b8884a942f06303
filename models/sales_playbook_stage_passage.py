from odoo import api, fields, models
from odoo.tools import SQL


class SalesPlaybookStagePassage(models.Model):
    """A lead's stay in a stage (阶段停留): when it entered, when it left,
    and the days between, recorded by the add-on as the stage changes. The
    KPI board reads the average days per stage from the stays that ended in
    a period, set-wise, without walking every lead's tracking history."""

    _name = "sales.playbook.stage.passage"
    _description = "Stay of a Lead in a Stage"
    _inherit = ["sales.playbook.guarded.mixin"]
    _order = "lead_id, date_in, id"

    lead_id = fields.Many2one(
        "crm.lead", required=True, readonly=True, ondelete="cascade", index=True
    )
    stage_id = fields.Many2one("crm.stage", required=True, readonly=True, ondelete="cascade")
    company_id = fields.Many2one("res.company", readonly=True, index=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    date_in = fields.Datetime(string="Entered", required=True, readonly=True)
    date_out = fields.Datetime(string="Left", readonly=True, index=True)
    days = fields.Float(readonly=True, digits=(16, 2), help="Calendar days in the stage.")

    @api.model
    def _playbook_enter(self, leads, when=None):
        """Open a stay in their current stage for ``leads``."""
        when = when or fields.Datetime.now()
        return self._playbook_create(
            [
                {
                    "lead_id": lead.id,
                    "stage_id": lead.stage_id.id,
                    "company_id": lead.company_id.id,
                    "user_id": lead.user_id.id,
                    "team_id": lead.team_id.id,
                    "date_in": when,
                }
                for lead in leads
                if lead.stage_id
            ]
        )

    @api.model
    def _playbook_leave(self, leads, when=None):
        """Close the open stays of ``leads``, counting for the salesperson and
        team who had the lead when it left."""
        when = when or fields.Datetime.now()
        stays = self.search([("lead_id", "in", leads.ids), ("date_out", "=", False)])
        for stay in stays:
            stay._playbook_write(
                {
                    "date_out": when,
                    "days": max((when - stay.date_in).total_seconds(), 0.0) / 86400.0,
                    "user_id": stay.lead_id.user_id.id,
                    "team_id": stay.lead_id.team_id.id,
                    "company_id": stay.lead_id.company_id.id,
                }
            )
        return stays

    @api.model
    def _playbook_open_missing(self):
        """Leads that have no stay yet (created before the add-on was
        installed): one open stay in their current stage since it was last
        changed. Run on install and upgrade; a no-op once every lead has
        its stays."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO sales_playbook_stage_passage
                       (lead_id, stage_id, company_id, user_id, team_id, date_in,
                        create_uid, create_date, write_uid, write_date)
                SELECT l.id, l.stage_id, l.company_id, l.user_id, l.team_id,
                       COALESCE(l.date_last_stage_update, l.create_date),
                       %(uid)s, now() AT TIME ZONE 'UTC', %(uid)s, now() AT TIME ZONE 'UTC'
                  FROM crm_lead l
                 WHERE l.stage_id IS NOT NULL
                   AND NOT EXISTS (
                       SELECT 1 FROM sales_playbook_stage_passage p WHERE p.lead_id = l.id)
                """,
                uid=self.env.uid,
            )
        )
        self.invalidate_model()
        return True
