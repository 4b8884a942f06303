"""Contract clause texts: placeholders filled from the contract."""

import re

from markupsafe import Markup, escape

PLACEHOLDER = re.compile(r"\{(\w+)\}")


def fill_placeholders(body, values):
    """Replace ``{name}`` in the HTML ``body`` by the escaped value of
    ``values[name]``; unknown names stay visible for legal to correct."""
    if not body:
        return Markup("")

    def replace(match):
        value = values.get(match.group(1))
        return match.group(0) if value is None else str(escape(value))

    return Markup(PLACEHOLDER.sub(replace, str(body)))
