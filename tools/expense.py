"""Sales expense budget arithmetic, without the ORM."""

# the states of an expense (hr.expense.state) that consume the budget: its
# report approved, posted or paid
CONSUMED_STATES = ("approved", "done")
# the states of an expense whose report waits for its approvals
COMMITTED_STATES = ("submitted",)

MONTH_FIELDS = tuple(f"amount_{month:02d}" for month in range(1, 13))


def month_field(month):
    """The budget line's field of ``month`` (1-12)."""
    return MONTH_FIELDS[month - 1]


def budget_check(buckets):
    """What a report does to its budget, per bucket (category, month).

    ``buckets``: {key: (budget, consumed, committed, report)}, where
    ``consumed`` is spent by approved reports, ``committed`` by reports
    waiting for their approvals (this one excluded) and ``report`` is this
    report's amount. Returns {key: (remaining before, remaining after,
    overrun)}: the remaining budget before and after this report, and by how
    much the report goes over it (0 when within)."""
    result = {}
    for key, (budget, consumed, committed, report) in buckets.items():
        before = budget - consumed - committed
        after = before - report
        result[key] = (before, after, max(round(-after, 2), 0.0) if report else 0.0)
    return result


def cost_of_sale(expenses, sales):
    """销售费用率: expenses ÷ sales amount, in %; 0 without sales."""
    return round(100.0 * expenses / sales, 2) if sales else 0.0
