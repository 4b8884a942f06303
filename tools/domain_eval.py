"""Fast in-memory evaluation of the simple domains the playbook configures.

Score levels, grade rules and stage criteria are domains on ``crm.lead`` such
as ``[('urgency', '=', 'high'), ('playbook_budget', '>=', 500000)]``. Odoo's
``filtered_domain`` evaluates any domain but costs several ``mapped`` calls per
record and leaf; rescoring 100,000 leads evaluates some twenty domains on each.
``compile_domain`` turns a domain made of plain leaves into one Python
predicate on a dict-like ``get(field_name)``; it returns None for anything it
does not handle (dotted paths, ``like``, ``any``…), and the caller then falls
back to ``filtered_domain``.
"""

import operator

_COMPARE = {
    "=": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


def _leaf_predicate(field, ftype, op, value):
    if ftype in ("integer", "float", "monetary") and (value is False or value is None):
        return None  # 0 and "not set" differ in SQL, not in Python
    if op in ("in", "not in"):
        if not isinstance(value, (list, tuple, set, frozenset)):
            return None
        values = frozenset(value)
        has_false = False in values or None in values
        if op == "in":
            return lambda get: (get(field) in values) or (has_false and get(field) is False)
        return lambda get: not ((get(field) in values) or (has_false and get(field) is False))
    compare = _COMPARE.get(op)
    if compare is None:
        return None
    if value is False or value is None:
        if op == "=":
            return lambda get: get(field) is False
        if op == "!=":
            return lambda get: get(field) is not False
        return None
    if op in ("=", "!="):
        return lambda get: compare(get(field), value)

    def ordered(get):
        current = get(field)
        # like SQL: an empty value never satisfies an ordering comparison
        return current is not False and compare(current, value)

    return ordered


def compile_domain(domain, field_types):
    """A predicate ``f(get) -> bool`` for ``domain``, or None if unsupported.

    :param list domain: a normalized or implicit-AND Odoo domain
    :param dict field_types: field name -> Odoo field type, for the fields the
        predicate may read; leaves on other fields make the domain unsupported.
        Many2one values must be given to ``get`` as ids (or False).
    """
    supported = {
        "char",
        "text",
        "selection",
        "integer",
        "float",
        "monetary",
        "boolean",
        "date",
        "datetime",
        "many2one",
    }
    tokens = list(domain)
    position = 0

    def parse():
        nonlocal position
        if position >= len(tokens):
            raise ValueError("truncated domain")
        token = tokens[position]
        position += 1
        if token in ("&", "|"):
            left, right = parse(), parse()
            if left is None or right is None:
                return None
            if token == "&":
                return lambda get: left(get) and right(get)
            return lambda get: left(get) or right(get)
        if token == "!":
            inner = parse()
            return None if inner is None else (lambda get: not inner(get))
        if isinstance(token, (list, tuple)) and len(token) == 3:
            field, op, value = token
            if field_types.get(field) not in supported:
                return None
            if field_types[field] == "many2one" and isinstance(value, str):
                return None  # a name search: leave it to the ORM
            return _leaf_predicate(field, field_types[field], op, value)
        if token in (1, 0) or tuple(token) in ((1, "=", 1), (0, "=", 1)):
            constant = tuple(token) == (1, "=", 1)
            return lambda get: constant
        return None

    predicates = []
    try:
        while position < len(tokens):
            predicate = parse()
            if predicate is None:
                return None
            predicates.append(predicate)
    except (ValueError, TypeError):
        return None
    if not predicates:
        return lambda get: True
    return lambda get: all(predicate(get) for predicate in predicates)
