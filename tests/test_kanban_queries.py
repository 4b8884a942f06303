import logging

from odoo.tests import tagged

from .common import PlaybookCase

# What the stock CRM pipeline kanban reads per card (crm.crm_case_kanban_view_leads)
STOCK_SPEC = {
    "stage_id": {"fields": {"display_name": {}}},
    "probability": {},
    "active": {},
    "company_currency": {"fields": {}},
    "recurring_revenue_monthly": {},
    "team_id": {"fields": {}},
    "color": {},
    "name": {},
    "expected_revenue": {},
    "recurring_revenue": {},
    "recurring_plan": {"fields": {"display_name": {}}},
    "partner_id": {"fields": {"display_name": {}}},
    "tag_ids": {"fields": {"display_name": {}, "color": {}}},
    "lead_properties": {},
    "priority": {},
    "activity_ids": {"fields": {}},
    "user_id": {"fields": {"display_name": {}}},
}
_logger = logging.getLogger(__name__)

PLAYBOOK_SPEC = dict(STOCK_SPEC, abc_grade={}, priority_score={}, potential_level={})


@tagged("post_install", "-at_install")
class TestPipelineKanbanQueries(PlaybookCase):
    """Opening the pipeline costs at most 3 queries more than stock CRM."""

    def _open_pipeline(self, spec):
        Lead = self.env["crm.lead"].with_user(self.manager)
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        Lead.web_read_group(
            [("type", "=", "opportunity")],
            ["expected_revenue:sum"],
            ["stage_id"],
            lazy=True,
        )
        for stage in self.env["crm.stage"].search([]):
            Lead.web_search_read(
                [("type", "=", "opportunity"), ("stage_id", "=", stage.id)], spec, limit=80
            )
        return self.env.cr.sql_log_count - before

    def test_kanban_query_overhead(self):
        Lead = self.env["crm.lead"]
        for index in range(30):
            Lead.create(
                self.qualified_values(
                    name=f"Deal {index}",
                    user_id=(self.rep1 if index % 2 else self.rep2).id,
                    team_id=self.team_east.id,
                )
            )
        self._open_pipeline(PLAYBOOK_SPEC)  # warm the caches of the ORM
        stock = self._open_pipeline(STOCK_SPEC)
        playbook = self._open_pipeline(PLAYBOOK_SPEC)
        _logger.info(
            "pipeline kanban: stock CRM %s queries, with sales_playbook %s", stock, playbook
        )
        self.assertGreater(stock, 0)
        self.assertLessEqual(playbook - stock, 3, f"stock {stock} queries, playbook {playbook}")
