import html
import re

from odoo import models
from odoo.tools.pdf import merge_pdf

from ..tools.pdf_stamp import stamp_page_numbers

# set by sales_playbook.report_playbook_layout on each document's article
PAGE_LABEL = re.compile(r'data-playbook-page-label="([^"]*)"')


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _get_rendering_context(self, report, docids, data):
        # quotations print only once approved, whichever report and whichever
        # way (print menu, e-mail attachment, portal download, RPC); the
        # internal approval sheet prints during the review
        if (
            report.model == "sale.order"
            and docids
            and report.report_name != "sales_playbook.report_quotation_approval"
        ):
            orders = self.env["sale.order"].browse(docids).exists()
            orders.filtered(lambda o: o.state in o._state_from)._playbook_check_approved(
                self.env._("printed")
            )
        return super()._get_rendering_context(report, docids, data)

    def _run_wkhtmltopdf(
        self,
        bodies,
        report_ref=False,
        header=None,
        footer=None,
        landscape=False,
        specific_paperformat_args=None,
        set_viewport_size=False,
    ):
        """The add-on's forms: the letterhead is in the body, so no header nor
        footer is handed to wkhtmltopdf (a patched build would print Odoo's
        second); each document is converted on its own and gets its page
        numbers (第 X 页 / 共 Y 页) stamped onto the PDF."""
        labels = [PAGE_LABEL.search(body) for body in bodies]
        if not any(labels):
            return super()._run_wkhtmltopdf(
                bodies,
                report_ref=report_ref,
                header=header,
                footer=footer,
                landscape=landscape,
                specific_paperformat_args=specific_paperformat_args,
                set_viewport_size=set_viewport_size,
            )
        documents = []
        for body, label in zip(bodies, labels, strict=True):
            pdf_content = super()._run_wkhtmltopdf(
                [body],
                report_ref=report_ref,
                header=None,
                footer=None,
                landscape=landscape,
                specific_paperformat_args=specific_paperformat_args,
                set_viewport_size=set_viewport_size,
            )
            if label:
                pdf_content = stamp_page_numbers(pdf_content, html.unescape(label.group(1)))
            documents.append(pdf_content)
        return documents[0] if len(documents) == 1 else merge_pdf(documents)
