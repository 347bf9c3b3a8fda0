"""Trafficking-indicator screening: free text (``screen``), the guided check, risk levels.

Pure Python: no Telegram or database types, and no message text is stored or logged; every
function returns plain values. See docs/screening.md.
"""

from bot.screening.engine import languages_for, screen
from bot.screening.guided import ANSWERS, GuidedCheck, GuidedResult, Question, default_check
from bot.screening.model import (
    INDICATORS,
    RISK_LEVELS,
    Evidence,
    Indicator,
    Screening,
    Suppressed,
    combine,
    risk_rank,
)

__all__ = [
    "ANSWERS",
    "INDICATORS",
    "RISK_LEVELS",
    "Evidence",
    "GuidedCheck",
    "GuidedResult",
    "Indicator",
    "Question",
    "Screening",
    "Suppressed",
    "combine",
    "default_check",
    "languages_for",
    "risk_rank",
    "screen",
]
