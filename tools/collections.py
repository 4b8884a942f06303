"""The collections rule (回款管理): when a payment milestone is overdue, by
how many days, and in which ageing bucket — one definition, which the
milestone's compute applies to one record in Python and the daily refresh
applies to all of them in one SQL statement built from the same table."""

from odoo.tools import SQL

# (bucket, label, last day overdue it holds; None: no upper bound); the keys
# sort in the buckets' order, as reports grouped by ageing list them
AGEING = [
    ("0_not_due", "Not Due", 0),
    ("1_30", "1-30 Days", 30),
    ("31_60", "31-60 Days", 60),
    ("61_90", "61-90 Days", 90),
    ("over_90", "Over 90 Days", None),
]
AGEING_BUCKETS = [(bucket, label) for bucket, label, _last in AGEING]
# what a milestone may still owe without being owed anything (half a cent)
OWED_FROM = 0.005
OPEN_STATES = ("due", "invoiced", "partial")


def days_overdue(state, due_date, amount_residual, today):
    """Days past the due date while money is owed; 0 otherwise."""
    if state == "paid" or not due_date or due_date >= today or amount_residual < OWED_FROM:
        return 0
    return (today - due_date).days


def ageing_bucket(days, amount_residual):
    """The ageing bucket of a milestone owing ``amount_residual`` and
    ``days`` overdue; None when nothing is owed."""
    if amount_residual < OWED_FROM:
        return None
    for bucket, _label, last in AGEING:
        if last is None or days <= last:
            return bucket
    return None  # unreachable: the last bucket has no bound


def days_overdue_sql(state, due_date, amount_residual, today):
    """``days_overdue`` as an SQL expression of the given columns."""
    return SQL(
        "CASE WHEN %(state)s != 'paid' AND %(due)s < %(today)s AND %(residual)s >= %(owed)s "
        "THEN %(today)s - %(due)s ELSE 0 END",
        state=state,
        due=due_date,
        residual=amount_residual,
        today=today,
        owed=OWED_FROM,
    )


def ageing_bucket_sql(days, amount_residual):
    """``ageing_bucket`` as an SQL expression of the given columns."""
    cases = [
        SQL("WHEN %s <= %s THEN %s", days, last, bucket)
        for bucket, _label, last in AGEING
        if last is not None
    ]
    last_bucket = AGEING[-1][0]
    return SQL(
        "CASE WHEN %(residual)s < %(owed)s THEN NULL %(cases)s ELSE %(last)s END",
        residual=amount_residual,
        owed=OWED_FROM,
        cases=SQL(" ").join(cases),
        last=last_bucket,
    )
