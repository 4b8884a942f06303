import logging

from odoo.tools import SQL

_logger = logging.getLogger(__name__)

# Odoo's stock CRM stages and the playbook stage that takes over their leads.
STOCK_STAGE_MAP = {
    "crm.stage_lead1": "sales_playbook.stage_development",
    "crm.stage_lead2": "sales_playbook.stage_needs",
    "crm.stage_lead3": "sales_playbook.stage_solution",
    "crm.stage_lead4": "sales_playbook.stage_fulfilment",
}


def post_init_hook(env):
    """Replace Odoo's four stock CRM stages by the playbook's seven.

    Leads in a stock stage move to the matching playbook stage; the stock
    stage is then removed so that the pipeline shows the manual's lifecycle.
    Stages a company created itself are left alone. Then this add-on's
    corrections of the Chinese of OCA's approval add-ons are loaded.
    """
    for stock_xmlid, playbook_xmlid in STOCK_STAGE_MAP.items():
        stock = env.ref(stock_xmlid, raise_if_not_found=False)
        target = env.ref(playbook_xmlid)
        if not stock:
            continue
        # A re-labelling of existing leads, not a move by a user: plain SQL, so
        # that neither the stage gate nor stage tracking treats it as progress.
        env.cr.execute(
            SQL(
                "UPDATE crm_lead SET stage_id = %s WHERE stage_id = %s",
                target.id,
                stock.id,
            )
        )
        moved = env.cr.rowcount
        env["crm.lead"].invalidate_model(["stage_id"])
        stock.unlink()
        _logger.info(
            "sales_playbook: stage %s replaced by %s (%d leads)", stock_xmlid, playbook_xmlid, moved
        )
    load_corrected_translations(env)


def load_corrected_translations(env):
    """Load this add-on's catalogues over the terms already in the database.

    i18n_extra/ completes the Chinese of base_tier_validation and
    sale_tier_validation, and corrects a few of their terms (a filter of
    quotations called "my purchases"...). Odoo keeps a translation already in
    the database when it installs a module, so the corrections would only
    reach a database that installs the language after this add-on.
    """
    langs = [code for code, _name in env["res.lang"].get_installed() if code != "en_US"]
    if langs:
        env["ir.module.module"]._load_module_terms(["sales_playbook"], langs, overwrite=True)


def uninstall_hook(env):
    """Keep the pipeline when the add-on goes: the seven stages stay as plain
    CRM stages (their leads keep their stage), and pending first-contact
    activities become ordinary calls; only the playbook's own configuration
    and fields are removed."""
    first_contact = env.ref(
        "sales_playbook.mail_activity_type_first_contact", raise_if_not_found=False
    )
    if first_contact:
        env["mail.activity"].search([("activity_type_id", "=", first_contact.id)]).write(
            {"activity_type_id": env.ref("mail.mail_activity_data_call").id}
        )
    env["ir.model.data"].search(
        [
            ("module", "=", "sales_playbook"),
            ("model", "=", "crm.stage"),
        ]
    ).unlink()
