from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError


class ResPartner(models.Model):
    _inherit = "res.partner"

    playbook_credit_released_until = fields.Date(
        string="Credit Hold Released Until",
        readonly=True,
        copy=False,
        help="Finance released the credit hold until this day.",
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

    def _playbook_held_partners(self):
        """Commercial partners with a milestone overdue beyond the delay."""
        company = self.env.company
        groups = (
            self.env["sale.contract.milestone"]
            .sudo()
            ._read_group(
                [
                    ("overdue", "=", True),
                    ("days_overdue", ">=", company.playbook_credit_hold_days),
                    ("company_id", "=", company.id),
                ],
                groupby=["partner_id"],
            )
        )
        return self.browse([partner.commercial_partner_id.id for (partner,) in groups])

    @api.depends_context("company")
    def _compute_playbook_credit_hold(self):
        today = fields.Date.context_today(self)
        overdue = self._playbook_held_partners()
        for partner in self:
            commercial = partner.commercial_partner_id
            reasons = []
            if commercial in overdue:
                reasons.append(self.env._("payments overdue"))
            limit_partner = commercial.sudo()
            if (
                limit_partner.credit_limit
                and (
                    limit_partner.use_partner_credit_limit
                    or self.env.company.account_use_credit_limit
                )
                and limit_partner.credit + limit_partner.credit_to_invoice
                > limit_partner.credit_limit
            ):
                reasons.append(self.env._("credit limit exceeded"))
            released = (
                commercial.playbook_credit_released_until
                and commercial.playbook_credit_released_until >= today
            )
            partner.playbook_credit_hold = bool(reasons) and not released
            partner.playbook_credit_hold_reason = ", ".join(reasons)

    def _search_playbook_credit_hold(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on credit hold."))
        held = self.search([("commercial_partner_id", "in", self._playbook_held_partners().ids)])
        held = held.filtered("playbook_credit_hold")
        positive = (operator == "=") == value
        return [("id", "in" if positive else "not in", held.ids)]

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
            partner.sudo().playbook_credit_released_until = until
            partner.sudo().message_post(
                body=self.env._(
                    "Credit hold released by %(user)s until %(date)s: %(reason)s",
                    user=self.env.user.name,
                    date=fields.Date.to_string(until),
                    reason=reason,
                )
            )

    def _playbook_check_credit_hold(self, action):
        for partner in self:
            if partner.playbook_credit_hold:
                raise UserError(
                    self.env._(
                        "%(customer)s is on credit hold (%(reason)s): %(action)s waits until "
                        "finance "
                        "releases it.",
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
