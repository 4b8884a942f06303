import functools

from odoo import api, fields, models
from odoo.tools import format_date


def _join(env, items):
    """``items`` listed with the language's separator (，in Chinese): it comes
    with a whole phrase, as Odoo exports no term of one character."""
    return functools.reduce(
        lambda text, item: env._("%(text)s, %(item)s", text=text, item=item),
        items[1:],
        items[0] if items else "",
    )


class ReportPaymentReminder(models.AbstractModel):
    """催款函: one letter per customer, listing all its overdue payments
    (and the milestones printed from, should one not be overdue yet)."""

    _name = "report.sales_playbook.report_payment_reminder"
    _description = "Payment Reminder Letter"

    @api.model
    def _playbook_payees(self, env, company, contracts):
        """The accounts to pay into: one per payee account of the contracts,
        naming its contracts when there are several."""
        by_bank = {}
        for contract in contracts:
            by_bank.setdefault(contract._playbook_payee_bank(), []).append(contract.name)
        if not by_bank:
            by_bank[company._playbook_payee_bank()] = []
        return [
            {
                "bank": bank.with_env(env),
                "contracts": _join(env, names) if len(by_bank) > 1 else "",
            }
            for bank, names in by_bank.items()
            if bank
        ]

    @api.model
    def _get_report_values(self, docids, data=None):
        selected = self.env["sale.contract.milestone"].browse(docids)
        letters = []
        for partner, company in dict.fromkeys(
            (m.partner_id.commercial_partner_id, m.company_id) for m in selected
        ):
            lang = partner.lang or self.env.lang
            env = self.with_context(lang=lang).env
            # the company's letter lists every overdue payment of the customer,
            # whichever salesperson follows it
            milestones = (
                (
                    env["sale.contract.milestone"]
                    .sudo()
                    .search(
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
                    ).sudo()
                )
                .with_env(env(su=True))
                .sorted(lambda m: (m.due_date or fields.Date.today(), m.id))
            )
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
        items = [
            env._(
                "%(contract)s: %(rate)s%%",
                contract=contract.name,
                rate=contract._playbook_rate_text("late_payment_rate"),
            )
            for contract in contracts
        ]
        rates = _join(env, items)
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
                contracts=_join(env, contracts.mapped("name")),
                date=format_date(env, today),
            ),
            "request": env._(
                "We ask you to pay them within 7 days of this letter into the account below. "
                "Under the contracts, late payment bears a penalty per day on the amount "
                "overdue (%(rates)s).",
                rates=rates,
            ),
            "totals": totals,
            "payees": self._playbook_payees(env, company, contracts),
            "contact": env.user,
        }
