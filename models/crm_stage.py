from odoo import fields, models


class CrmStage(models.Model):
    _inherit = "crm.stage"

    playbook_exit_criterion_ids = fields.One2many(
        "sales.playbook.stage.criterion",
        "stage_id",
        string="Exit Criteria",
        help="What a lead must have before it may move forward past this stage.",
    )
    playbook_description = fields.Text(
        string="Playbook Guidance",
        translate=True,
        help="What the manual expects from the salesperson in this stage.",
    )
