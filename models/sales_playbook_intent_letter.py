from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import format_date


class SalesPlaybookIntentLetter(models.Model):
    """合作意向书: the key terms agreed and the deadline to sign the contract."""

    _name = "sales.playbook.intent.letter"
    _description = "Letter of Intent"
    _inherit = ["mail.thread", "sales.playbook.guarded.mixin"]
    _order = "id desc"
    _rec_name = "lead_id"

    lead_id = fields.Many2one(
        "crm.lead", string="Opportunity", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="lead_id.company_id", store=True)
    partner_id = fields.Many2one(related="lead_id.partner_id", string="Customer")
    key_terms = fields.Html(string="Key Terms Agreed", required=True)
    letter_date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    sign_deadline = fields.Date(
        string="Contract to Be Signed By",
        required=True,
        tracking=True,
        help="The date by which both parties intend to sign the formal contract.",
    )
    signed_date = fields.Date(string="Signed On", tracking=True)

    def _body_texts(self):
        """The letter's two fixed paragraphs, in the language of ``self.env``."""
        self.ensure_one()
        return (
            self.env._(
                "After friendly negotiation, both parties intend to cooperate on “%(project)s” "
                "and record below the key terms agreed.",
                project=self.lead_id.name,
            ),
            self.env._(
                "Both parties intend to sign the formal contract before %(deadline)s. This letter "
                "records an intention; the rights and obligations of the parties are those of the "
                "formal contract.",
                deadline=format_date(self.env, self.sign_deadline),
            ),
        )

    @api.constrains("letter_date", "sign_deadline", "signed_date")
    def _check_dates(self):
        for letter in self:
            if letter.sign_deadline < letter.letter_date:
                raise ValidationError(
                    self.env._("The contract cannot be due before the letter of intent itself.")
                )
            if letter.signed_date and letter.signed_date < letter.letter_date:
                raise ValidationError(
                    self.env._("The letter of intent cannot be signed before it is dated.")
                )
