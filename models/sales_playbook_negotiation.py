from odoo import api, fields, models


class SalesPlaybookNegotiation(models.Model):
    """Negotiation preparation: team and roles, timed agenda, bottom lines."""

    _name = "sales.playbook.negotiation"
    _description = "Negotiation Preparation"
    _inherit = ["mail.thread", "sales.playbook.guarded.mixin"]
    _order = "id desc"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    lead_id = fields.Many2one(
        "crm.lead", string="Opportunity", required=True, ondelete="cascade", index=True
    )
    name = fields.Char(
        string="Objective",
        required=True,
        tracking=True,
        help="What this negotiation must achieve, e.g. agree price and payment terms.",
    )
    company_id = fields.Many2one(related="lead_id.company_id", store=True)
    planned_date = fields.Datetime(tracking=True)
    member_ids = fields.One2many(
        "sales.playbook.negotiation.member", "negotiation_id", string="Team"
    )
    agenda_ids = fields.One2many(
        "sales.playbook.negotiation.agenda",
        "negotiation_id",
        default=lambda self: self._default_agenda_ids(),
    )
    total_minutes = fields.Integer(compute="_compute_total_minutes")
    bottom_line_ids = fields.One2many(
        "sales.playbook.bottom.line", "negotiation_id", string="Bottom Lines"
    )

    # ------------------------------------------------------------
    # DEFAULTS
    # ------------------------------------------------------------

    def _default_agenda_ids(self):
        """The manual's agenda (000 §二(一)3) with its upper planned minutes:
        opening 5-10, needs 20-30, solution 15-20, objections 15-20, wrap-up 5-10."""
        agenda = [
            (self.env._("Opening"), 10),
            (self.env._("Needs discussion"), 30),
            (self.env._("Solution presentation"), 20),
            (self.env._("Objection handling"), 20),
            (self.env._("Wrap-up and next steps"), 10),
        ]
        return [
            fields.Command.create({"sequence": index, "name": name, "minutes": minutes})
            for index, (name, minutes) in enumerate(agenda)
        ]

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends("agenda_ids.minutes")
    def _compute_total_minutes(self):
        for negotiation in self:
            negotiation.total_minutes = sum(negotiation.agenda_ids.mapped("minutes"))
