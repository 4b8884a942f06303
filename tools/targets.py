"""Sales targets (销售目标): the periods of a target year and the rule that a
breakdown's parts add up to its whole — pure functions the target model
applies and a test calls directly."""

import calendar
from datetime import date

# the measures of a target, in the order they print
MEASURES = ("sales_amount", "collected_amount", "new_customers", "visits")
MONEY_MEASURES = ("sales_amount", "collected_amount")

# the periods of a target year: the year, its quarters, its months
YEAR = "year"
QUARTERS = ("q1", "q2", "q3", "q4")
MONTHS = tuple(f"m{month:02d}" for month in range(1, 13))
PERIODS = (YEAR, *QUARTERS, *MONTHS)


def period_type(period):
    if period == YEAR:
        return "year"
    return "quarter" if period in QUARTERS else "month"


def period_months(period):
    """The months (1-12) a period covers."""
    if period == YEAR:
        return list(range(1, 13))
    if period in QUARTERS:
        first = 3 * QUARTERS.index(period) + 1
        return [first, first + 1, first + 2]
    return [int(period[1:])]


def period_sequence(period):
    """Reading order: the year, then each quarter followed by its months."""
    if period == YEAR:
        return 0
    if period in QUARTERS:
        return 10 * (QUARTERS.index(period) + 1)
    month = int(period[1:])
    return 10 * ((month - 1) // 3 + 1) + (month - 1) % 3 + 1


def period_dates(year, period):
    """(first day, last day) of ``period`` of ``year``."""
    months = period_months(period)
    last = months[-1]
    return date(year, months[0], 1), date(year, last, calendar.monthrange(year, last)[1])


def period_parts(period):
    """The periods that break ``period`` down: the year into quarters, a
    quarter into its months; a month has none."""
    if period == YEAR:
        return list(QUARTERS)
    if period in QUARTERS:
        return [MONTHS[month - 1] for month in period_months(period)]
    return []


def _compare(parts, whole, digits):
    parts, whole = round(parts, digits), round(whole, digits)
    return (parts > whole) - (parts < whole)


def breakdown_differences(whole, parts, stretch=False, digits=2):
    """Where ``parts`` do not add up to ``whole``.

    ``whole``: {period: {measure: value}}; ``parts``: a list of such dicts
    (the child targets). For every period and measure of ``whole`` the parts
    must sum to it exactly; with ``stretch`` they may exceed it, never fall
    short. Returns [(period, measure, sum of the parts, whole)] in reading
    order, empty when the breakdown adds up."""
    differences = []
    for period in sorted(whole, key=period_sequence):
        for measure in MEASURES:
            value = whole[period].get(measure) or 0
            total = sum((part.get(period) or {}).get(measure) or 0 for part in parts)
            comparison = _compare(total, value, digits)
            if comparison < 0 or (comparison > 0 and not stretch):
                differences.append((period, measure, total, value))
    return differences


def period_differences(figures, digits=2):
    """Where the periods of one target do not add up: its quarters to its
    year, its months to their quarter. ``figures``: {period: {measure: value}}.
    Returns [(period, measure, sum of its parts, the period's value)]."""
    differences = []
    for period in sorted(figures, key=period_sequence):
        parts = period_parts(period)
        if not parts:
            continue
        for measure in MEASURES:
            value = figures[period].get(measure) or 0
            total = sum((figures.get(part) or {}).get(measure) or 0 for part in parts)
            if _compare(total, value, digits):
                differences.append((period, measure, total, value))
    return differences
