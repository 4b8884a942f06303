"""18.0.1.1.0

- A credit hold is released per company:
  ``res.partner.playbook_credit_released_until`` became company-dependent (a
  jsonb column keyed by company): a release recorded before is kept for the
  partner's company, or the first company for a partner shared by all.
- The ageing bucket of milestones not yet due is ``0_not_due`` (was
  ``not_due``), so reports grouped by ageing list it first."""

from odoo.tools import SQL


def migrate(cr, version):
    _release_credit_holds_per_company(cr)
    cr.execute(
        SQL(
            "UPDATE sale_contract_milestone SET ageing = %s WHERE ageing = %s",
            "0_not_due",
            "not_due",
        )
    )


def _release_credit_holds_per_company(cr):
    cr.execute(
        SQL(
            "SELECT 1 FROM information_schema.columns WHERE table_name = %s "
            "AND column_name = %s AND data_type = 'date'",
            "res_partner",
            "playbook_credit_released_until",
        )
    )
    if not cr.fetchone():
        return
    cr.execute(SQL("SELECT min(id) FROM res_company"))
    first_company = cr.fetchone()[0]
    cr.execute(
        SQL(
            """
            ALTER TABLE res_partner
            ALTER COLUMN playbook_credit_released_until TYPE jsonb
            USING CASE WHEN playbook_credit_released_until IS NULL THEN NULL
                       ELSE jsonb_build_object(
                           COALESCE(company_id, %s)::text,
                           to_char(playbook_credit_released_until, 'YYYY-MM-DD'))
                  END
            """,
            first_company,
        )
    )
