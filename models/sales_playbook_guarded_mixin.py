import contextvars
from contextlib import contextmanager

from odoo import api, models, tools
from odoo.exceptions import AccessError

MODULE = "sales_playbook"

# The doors open in this call stack: (model name, record ids or None for a
# creation, field names). A context variable, not a context key: no RPC
# payload, import file or ``with_context`` can open one.
_OPEN_DOORS = contextvars.ContextVar("sales_playbook_open_doors", default=())


@contextmanager
def open_door(model_name, ids, fnames):
    token = _OPEN_DOORS.set((*_OPEN_DOORS.get(), (model_name, ids, frozenset(fnames))))
    try:
        yield
    finally:
        _OPEN_DOORS.reset(token)


def door_is_open(model_name, ids, fnames):
    """Whether the add-on's own code opened a door for writing ``fnames`` on
    the records ``ids`` (None: records being created) of ``model_name``."""
    for door_model, door_ids, door_fnames in _OPEN_DOORS.get():
        if door_model != model_name or not fnames <= door_fnames:
            continue
        if door_ids is None or (ids is not None and set(ids) <= door_ids):
            return True
    return False


class SalesPlaybookGuardedMixin(models.AbstractModel):
    """What the add-on computes or decides is written by its own code only.

    On a model that inherits this mixin, the stored fields of the add-on that
    are computed (without an inverse) or declared read-only — scores, grades,
    states, money, dates of events, fingerprints, audit fields — are refused
    in ``create`` and ``write``, whoever calls them (RPC, import, code, even
    as superuser), except through the model's one door: ``_playbook_write``
    and ``_playbook_create``, private methods no client can call."""

    _name = "sales.playbook.guarded.mixin"
    _description = "Playbook: decided fields written by the add-on only"

    # fields of other modules the add-on decides with on this model
    _playbook_protected_extra = ()
    # fields that are no part of a record's content (chatter, activities)
    _playbook_free_fields = frozenset(
        {"message_follower_ids", "activity_ids", "message_main_attachment_id"}
    )

    @api.model
    @tools.ormcache()
    def _playbook_protected_fields(self):
        own_model = self._original_module == MODULE
        names = set(self._playbook_protected_extra)
        for name, field in self._fields.items():
            if not field.store or name in models.LOG_ACCESS_COLUMNS or name == "id":
                continue
            if not (own_model or field._module == MODULE):
                continue
            computed = bool(field.compute) and not field.inverse and field.readonly
            decided = not field.compute and field.readonly
            if computed or decided:
                names.add(name)
        return frozenset(names)

    def _playbook_check_protected(self, vals, creating=False):
        protected = self._playbook_protected_fields().intersection(vals)
        if creating:
            # a new record may name the value it starts with anyway
            protected = {name for name in protected if not self._playbook_is_default(name, vals)}
        if not protected:
            return
        if door_is_open(self._name, None if creating else self._ids, protected):
            return
        labels = sorted(
            self._fields[name].get_description(self.env)["string"] for name in protected
        )
        raise AccessError(
            self.env._(
                "%(fields)s of %(model)s are computed or recorded by the sales playbook "
                "itself; they change through its actions, not by writing them.",
                fields=", ".join(labels),
                model=self.env["ir.model"]._get(self._name).name,
            )
        )

    def _playbook_check_protected_create(self, vals_list):
        """The check of ``create``, on the values each new record would get:
        the caller's and the ``default_<field>`` keys of the context, which
        Odoo adds later and any RPC call can pass."""
        context_defaults = {
            key[8:]: value
            for key, value in self.env.context.items()
            if key.startswith("default_") and key[8:] in self._fields
        }
        for vals in vals_list:
            self._playbook_check_protected({**context_defaults, **vals}, creating=True)

    def _playbook_is_default(self, fname, vals):
        value = vals[fname]
        if not value:
            return True
        field = self._fields[fname]
        if not field.default:
            return False
        default = field.default(self)
        if isinstance(default, models.BaseModel):
            default = default.id
        return value == default

    @api.model_create_multi
    def create(self, vals_list):
        self._playbook_check_protected_create(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        self._playbook_check_protected(vals)
        return super().write(vals)

    # ------------------------------------------------------------
    # What the add-on writes to someone is in their language
    # ------------------------------------------------------------

    def _playbook_in_lang_of(self, users):
        """``self`` in the language of the first of ``users`` who has one,
        else of the company: the to-dos and notes the add-on writes read in
        the language of whom they are for, not of whoever (or whichever
        scheduled action) triggered them."""
        lang = next((user.lang for user in users if user.lang), None)
        return self.with_context(lang=lang or self.env.company.partner_id.lang or self.env.lang)

    # ------------------------------------------------------------
    # The door: the add-on's own code writes what it decides
    # ------------------------------------------------------------

    def _playbook_write(self, vals):
        """Write what the add-on decided (states, results, dates of events).
        The caller has checked that the current user may take the action."""
        with open_door(self._name, frozenset(self._ids), vals):
            return self.write(vals)

    @api.model
    def _playbook_create(self, vals_list):
        """Create records with values the add-on decided."""
        fnames = {fname for vals in vals_list for fname in vals}
        with open_door(self._name, None, fnames):
            return self.create(vals_list)
