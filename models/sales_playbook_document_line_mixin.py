from odoo import api, models


class SalesPlaybookDocumentLineMixin(models.AbstractModel):
    """A line of a document that freezes once it is recorded or signed: the
    clauses and payment milestones of a contract, the items of an acceptance
    report. Lines are created, changed and deleted only while their document
    may change — whichever way they are reached (the document's form, the
    line itself, RPC, an import) — and the document hears of every change.

    The document model implements ``_playbook_check_lines_editable`` (raise
    a clear error when frozen) and ``_playbook_lines_changed``."""

    _name = "sales.playbook.document.line.mixin"
    _inherit = ["sales.playbook.guarded.mixin"]
    _description = "Playbook: line of a document that freezes"

    # the many2one to the document
    _playbook_document_field = None

    def _playbook_content_fields(self, fnames):
        """The written fields that are part of the document's content; what
        the add-on records itself goes through its own door instead."""
        return set(fnames) - self._playbook_free_fields - self._playbook_protected_fields()

    def _playbook_documents(self, vals=None):
        documents = self[self._playbook_document_field]
        if vals and vals.get(self._playbook_document_field):
            documents |= documents.browse(vals[self._playbook_document_field])
        return documents

    @api.model_create_multi
    def create(self, vals_list):
        self._playbook_check_protected_create(vals_list)
        document_ids = {vals.get(self._playbook_document_field) for vals in vals_list}
        Document = self.env[self._fields[self._playbook_document_field].comodel_name]
        Document.browse(document_ids - {None, False})._playbook_check_lines_editable()
        lines = super().create(vals_list)
        lines[self._playbook_document_field]._playbook_lines_changed()
        return lines

    def write(self, vals):
        self._playbook_check_protected(vals)
        if not self._playbook_content_fields(vals):
            return super().write(vals)
        documents = self._playbook_documents(vals)
        documents._playbook_check_lines_editable()
        result = super().write(vals)
        documents._playbook_lines_changed()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_playbook_if_document_editable(self):
        self._playbook_documents()._playbook_check_lines_editable()

    def unlink(self):
        documents = self._playbook_documents()
        result = super().unlink()
        documents.exists()._playbook_lines_changed()
        return result
