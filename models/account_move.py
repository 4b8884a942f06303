from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

from ..tools.cn_tax import DIGITAL_FAPIAO_TYPES, FAPIAO_TYPES, compact, fapiao_number_error
from .sale_contract import INVOICE_TYPES

FAPIAO_FIELDS = frozenset(
    {
        "playbook_fapiao_type",
        "playbook_fapiao_code",
        "playbook_fapiao_number",
        "playbook_fapiao_date",
    }
)


class AccountMove(models.Model):
    _inherit = "account.move"

    playbook_invoice_type = fields.Selection(
        INVOICE_TYPES,
        string="Invoice Type (Contract)",
        help="The invoice type agreed in the contract whose payment milestone this invoice bills.",
    )
    playbook_milestone_ids = fields.One2many(
        "sale.contract.milestone", "invoice_id", string="Payment Milestones"
    )
    # the fapiao (发票) finance issued for this invoice in the tax system
    playbook_fapiao_type = fields.Selection(FAPIAO_TYPES, string="Fapiao Type", copy=False)
    playbook_fapiao_code = fields.Char(
        string="Fapiao Code",
        copy=False,
        help="The 10- or 12-digit code of a paper or older electronic fapiao; a digital "
        "e-fapiao (数电发票) has none.",
    )
    playbook_fapiao_number = fields.Char(
        string="Fapiao Number",
        copy=False,
        index="btree_not_null",
        help="20 digits for a digital e-fapiao (数电发票), 8 digits for the older ones.",
    )
    playbook_fapiao_date = fields.Date(string="Fapiao Date", copy=False)
    # l10n_cn's own 8-digit fapiao number (kept for vendor bills): a label of its
    # own, not to be taken for the fapiao recorded on the Fapiao tab
    fapiao = fields.Char(string="Fapiao Number (8 Digits)")
    playbook_fapiao_ref = fields.Char(
        string="Fapiao",
        compute="_compute_playbook_fapiao_ref",
        help="The fapiao's code and number as printed on statements and letters.",
    )
    playbook_can_edit_fapiao = fields.Boolean(compute="_compute_playbook_can_edit_fapiao")

    @api.depends("playbook_fapiao_code", "playbook_fapiao_number")
    def _compute_playbook_fapiao_ref(self):
        for move in self:
            parts = [move.playbook_fapiao_code, move.playbook_fapiao_number]
            move.playbook_fapiao_ref = " ".join(part for part in parts if part)

    @api.depends_context("uid")
    def _compute_playbook_can_edit_fapiao(self):
        can_edit = self._playbook_user_records_fapiao()
        for move in self:
            move.playbook_can_edit_fapiao = can_edit

    def _playbook_user_records_fapiao(self):
        user = self.env.user
        return user.has_group("sales_playbook.group_playbook_finance") or user.has_group(
            "account.group_account_invoice"
        )

    @api.constrains(*FAPIAO_FIELDS)
    def _check_playbook_fapiao(self):
        for move in self:
            if not (move.playbook_fapiao_number or move.playbook_fapiao_code):
                continue
            if not move.playbook_fapiao_type:
                raise ValidationError(self.env._("Give the type of the fapiao."))
            error = fapiao_number_error(
                move.playbook_fapiao_type, move.playbook_fapiao_code, move.playbook_fapiao_number
            )
            if error == "digital_number":
                raise ValidationError(
                    self.env._(
                        "A digital e-fapiao (数电发票) has a 20-digit number and no code; "
                        "%(number)s is not one.",
                        number=move.playbook_fapiao_ref,
                    )
                )
            if error == "code":
                raise ValidationError(
                    self.env._(
                        "The fapiao code %(code)s is not right: 10 digits for a paper fapiao, "
                        "12 for a roll or electronic one.",
                        code=move.playbook_fapiao_code or "—",
                    )
                )
            if error == "number":
                raise ValidationError(
                    self.env._(
                        "The fapiao number %(number)s is not right: the older fapiao have an "
                        "8-digit number.",
                        number=move.playbook_fapiao_number or "—",
                    )
                )
            if not move.playbook_fapiao_date:
                raise ValidationError(self.env._("Give the date of the fapiao."))
            duplicate = self.search_count(
                [
                    ("id", "!=", move.id),
                    ("company_id", "=", move.company_id.id),
                    ("playbook_fapiao_number", "=", move.playbook_fapiao_number),
                    ("playbook_fapiao_code", "=", move.playbook_fapiao_code),
                ],
                limit=1,
            )
            if duplicate:
                raise ValidationError(
                    self.env._(
                        "The fapiao %(fapiao)s is already recorded on another invoice.",
                        fapiao=move.playbook_fapiao_ref,
                    )
                )

    @api.model
    def _playbook_clean_fapiao(self, vals):
        for key in ("playbook_fapiao_code", "playbook_fapiao_number"):
            if isinstance(vals.get(key), str):
                vals[key] = compact(vals[key]) or False
        if vals.get("playbook_fapiao_type") in DIGITAL_FAPIAO_TYPES and not vals.get(
            "playbook_fapiao_code"
        ):
            vals["playbook_fapiao_code"] = False
        return vals

    def _playbook_check_fapiao_writer(self, vals):
        """Finance records the fapiao, whoever calls and however (sudo
        included: the acting user is still who they are)."""
        if any(vals.get(name) for name in FAPIAO_FIELDS) or (self and FAPIAO_FIELDS & set(vals)):
            if not self._playbook_user_records_fapiao():
                raise AccessError(self.env._("Only finance records the fapiao of an invoice."))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._playbook_check_fapiao_writer(vals)
        vals_list = [
            self._playbook_clean_fapiao(dict(vals)) if FAPIAO_FIELDS & set(vals) else vals
            for vals in vals_list
        ]
        return super().create(vals_list)

    def write(self, vals):
        if FAPIAO_FIELDS & set(vals):
            self._playbook_check_fapiao_writer(vals)
            vals = self._playbook_clean_fapiao(dict(vals))
        return super().write(vals)
