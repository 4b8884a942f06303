"""Scoring arithmetic of the playbook, free of the ORM so tests can call it.

A scorecard is a list of criteria, each with a weight (the weights of a card
total 100) and, for a given lead, the ratio (0-100 %) of the level the lead
reached on that criterion.
"""

POTENTIAL_HIGH = "high"
POTENTIAL_MEDIUM = "medium"
POTENTIAL_LOW = "low"


def weights_total_ok(weights):
    """True when the weights of a scorecard add up to exactly 100."""
    return sum(weights) == 100


def criterion_points(weight, ratio):
    """Points a lead earns on one criterion: ``weight`` × ``ratio`` %.

    :param int weight: the criterion's weight (0-100)
    :param float ratio: the reached level's ratio in percent (0-100)
    :rtype: float
    """
    if weight < 0 or not 0 <= ratio <= 100:
        raise ValueError("weight must be >= 0 and ratio within 0..100")
    return weight * ratio / 100.0


def total_score(points):
    """The 0-100 priority score from the per-criterion points (rounded half up)."""
    total = sum(points)
    return max(0, min(100, int(total + 0.5)))


def potential_level(score, high_threshold=80, medium_threshold=60):
    """The manual's potential level: high ≥ 80, medium 60-79, low < 60."""
    if not 0 < medium_threshold < high_threshold <= 100:
        raise ValueError("thresholds must satisfy 0 < medium < high <= 100")
    if score >= high_threshold:
        return POTENTIAL_HIGH
    if score >= medium_threshold:
        return POTENTIAL_MEDIUM
    return POTENTIAL_LOW
