from odoo import api, fields, models
from odoo.tools import format_date


class ReportPaymentReminder(models.AbstractModel):
    """催款函: one letter per customer, listing all its overdue payments
    (and the milestones printed from, should one not be overdue yet)."""

    _name = "report.sales_playbook.report_payment_reminder"
    _description = "Payment Reminder Letter"

    @api.model
    def _get_report_values(self, docids, data=None):
        selected = self.env["sale.contract.milestone"].browse(docids)
        letters = []
        for partner, company in dict.fromkeys(
            (m.partner_id.commercial_partner_id, m.company_id) for m in selected
        ):
            lang = partner.lang or self.env.lang
            env = self.with_context(lang=lang).env
            milestones = (
                env["sale.contract.milestone"].search(
                    [
                        ("partner_id", "child_of", partner.id),
                        ("company_id", "=", company.id),
                        ("overdue", "=", True),
                    ]
                )
                | selected.filtered(
                    lambda m, p=partner, c=company: (
                        m.partner_id.commercial_partner_id == p and m.company_id == c
                    )
                ).with_env(env)
            ).sorted(lambda m: (m.due_date or fields.Date.today(), m.id))
            letters.append(self._playbook_letter(env, partner, company, milestones, lang))
        return {"doc_ids": docids, "doc_model": "sale.contract.milestone", "letters": letters}

    @api.model
    def _playbook_letter(self, env, partner, company, milestones, lang):
        today = fields.Date.context_today(self)
        contracts = milestones.contract_id
        totals = []
        for currency in milestones.currency_id:
            amount = sum(
                milestones.filtered(lambda m, c=currency: m.currency_id == c).mapped(
                    "amount_residual"
                )
            )
            totals.append(
                {
                    "amount": currency.format(amount),
                    "words": contracts[:1]._playbook_amount_in_words(amount)
                    if len(milestones.currency_id) == 1
                    else currency.name,
                }
            )
        separator = env._(", ")
        rates = separator.join(
            env._(
                "%(contract)s: %(rate)s%%",
                contract=contract.name,
                rate=contract._playbook_rate_text("late_payment_rate"),
            )
            for contract in contracts
        )
        return {
            "lang": lang,
            "partner": partner.with_env(env),
            "name": partner.playbook_invoice_title or partner.name,
            "company": company.with_env(env),
            "milestones": milestones,
            "date": format_date(env, today),
            # one reference per customer and day: printed again the same day,
            # the letter keeps its number
            "reference": f"CK{today.strftime('%Y%m%d')}-{partner.id:06d}",
            "address": partner.playbook_invoice_address or partner._playbook_postal_address(),
            "intro": env._(
                "Under the contracts %(contracts)s between us, the payments listed below are "
                "overdue as of %(date)s:",
                contracts=separator.join(contracts.mapped("name")),
                date=format_date(env, today),
            ),
            "request": env._(
                "We ask you to pay them within 7 days of this letter into the account below. "
                "Under the contracts, late payment bears a penalty per day on the amount "
                "overdue (%(rates)s).",
                rates=rates,
            ),
            "totals": totals,
            "payee": contracts[:1]._playbook_payee_bank().with_env(env)
            if contracts
            else company._playbook_payee_bank(),
            "contact": env.user,
        }
