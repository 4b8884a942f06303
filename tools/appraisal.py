"""Performance appraisal (绩效考核): how a criterion's figure becomes points,
how the weighted points make the total, and which grade band the total
falls in — pure functions the appraisal models apply and a test calls
directly."""

# a rating of a qualitative criterion (1 poor … 5 excellent) in points
RATING_POINTS = {"1": 20.0, "2": 40.0, "3": 60.0, "4": 80.0, "5": 100.0}


def rating_points(rating):
    """Points (0-100) of a 1-5 rating; None when not rated."""
    return RATING_POINTS.get(str(rating)) if rating else None


def scale_points(value, zero_at, full_at, max_points=100.0):
    """Points of a figure (a completion or a rate, in %): 0 at or below
    ``zero_at``, 100 at ``full_at``, in proportion between, and above
    ``full_at`` on the same slope up to ``max_points`` (100: no credit for
    doing more than asked)."""
    if full_at <= zero_at:
        raise ValueError("full_at must be above zero_at")
    points = (value - zero_at) * 100.0 / (full_at - zero_at)
    return round(max(0.0, min(points, max_points)), 2)


def weighted_total(lines):
    """Total score of (weight, points) pairs, weights in % of the total."""
    return round(sum(weight * (points or 0.0) for weight, points in lines) / 100.0, 2)


def grade_for(score, bands):
    """The band a score falls in: ``bands`` are (key, minimum score) pairs;
    the highest minimum not above the score wins, None below them all."""
    reached = [(minimum, key) for key, minimum in bands if score >= minimum]
    return max(reached)[1] if reached else None


def average(values):
    values = [value for value in values if value is not None]
    return round(sum(values) / len(values), 2) if values else None
