"""The risk rules: which level a set of indicators reaches, and which rule decided it.

The rules follow the urgency proposal in domain-facts §1.1 (to be validated with the partner
NGO's hotline operators): violence, confinement, sexual exploitation, a child in danger and an
explicit call for help in danger are urgent; the four "strong" coercion indicators of the Delphi
lists make a single finding high when work is involved.

A child is in danger when made to work, sold, made to beg or put to heavy work (those patterns
carry the reason), or with any other indicator: for children, exploitation alone is enough
(Delphi lists). A teenager who only says they work, or asks whether they may, is not an
emergency: calling one would answer a question with emergency numbers.
"""

from __future__ import annotations

from collections.abc import Collection

THREAT_OF_VIOLENCE = "threat_of_violence"
"""The reason the engine itself gives a threat both readers see (docs/screening.md)."""
# Order matters: the first reason present is the one reported.
URGENT_REASONS: tuple[str, ...] = (
    "violence_now",
    "locked_in",
    THREAT_OF_VIOLENCE,
    "sexual_exploitation",
    "child_in_danger",
    "help_in_danger",
)
ALWAYS_URGENT: dict[str, str] = {
    "violence": "violence_now",
    "sexual_exploitation": "sexual_exploitation",
}
HIGH_IN_WORK: tuple[str, ...] = ("documents_retained", "debt_bondage", "restricted_movement")


def assess(codes: Collection[str], urgent: Collection[str], work: bool) -> tuple[str, str]:
    """Return ``(risk, reason)`` for the indicators found, the urgent reasons their patterns
    carry, and whether the message is about work."""
    reasons = set(urgent) | {ALWAYS_URGENT[code] for code in codes if code in ALWAYS_URGENT}
    if "child_involved" in codes and len(codes) >= 2:
        reasons.add("child_in_danger")
    for reason in URGENT_REASONS:
        if reason in reasons:
            return "urgent", f"urgent:{reason}"
    if len(codes) >= 2:
        return "high", "high:two_indicators"
    for code in HIGH_IN_WORK:
        if code in codes and work:
            return "high", f"high:{code}_at_work"
    if codes:
        return "concern", f"concern:{next(iter(codes))}"
    return "none", "none"
