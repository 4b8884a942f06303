"""Credit assessment arithmetic (客户信用评估), free of the ORM so tests can
call it. A credit scorecard weighs criteria (the weights total 100, as the
lead score's); each criterion has levels, each worth a share of its weight;
a measured criterion reaches the first level whose band holds the measured
value. The score falls in a grade band (AAA, AA, A, B, C...), which proposes
a credit limit and the longest payment term."""

from .scoring import criterion_points, total_score, weights_total_ok

__all__ = [
    "band_holds",
    "collection_rate",
    "criterion_points",
    "grade_for",
    "history_crosses",
    "total_score",
    "weights_total_ok",
]


def band_holds(value_from, value_to, value):
    """A level's band [value_from, value_to) holds ``value``; a value_to of 0
    leaves the band open upwards."""
    return value >= value_from and (not value_to or value < value_to)


def grade_for(score, bands):
    """The grade of ``score`` among ``bands`` [(grade, minimum score)]: the
    band with the highest minimum the score reaches; None below them all."""
    reached = [(minimum, grade) for grade, minimum in bands if score >= minimum]
    if not reached:
        return None
    return max(reached, key=lambda pair: pair[0])[1]


def collection_rate(paid, due):
    """Collected ÷ due in percent, as the collections report defines it;
    nothing due counts as fully collected (nothing unpaid)."""
    if due <= 0:
        return 100.0
    return round(100.0 * paid / due, 2)


def history_crosses(max_days_overdue, rate, days_threshold, rate_threshold):
    """The payment history crosses the re-assessment thresholds: a payment
    overdue ``days_threshold`` days or more, or a collection rate below
    ``rate_threshold`` %. A threshold of 0 is not checked."""
    return bool(
        (days_threshold and max_days_overdue >= days_threshold)
        or (rate_threshold and rate < rate_threshold)
    )
