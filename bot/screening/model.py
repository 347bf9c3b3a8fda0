"""Plain values the screening returns: no Telegram, no database, no message text kept."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

INDICATORS: tuple[str, ...] = (
    "documents_retained",
    "wages_withheld",
    "debt_bondage",
    "restricted_movement",
    "isolation",
    "violence",
    "threats",
    "deception",
    "abusive_conditions",
    "excessive_overtime",
    "child_involved",
    "sexual_exploitation",
)
"""Indicator codes, after the ILO forced-labour indicators and the ILO/EC Delphi lists."""

RISK_LEVELS: tuple[str, ...] = ("none", "concern", "high", "urgent")
"""Ordered from lowest to highest; the bot acts on ``high`` (offer a person) and ``urgent``
(emergency numbers at once, and an operator)."""

_RANK = {level: rank for rank, level in enumerate(RISK_LEVELS)}


def risk_rank(level: str) -> int:
    """Position of a level in :data:`RISK_LEVELS`; unknown levels are an error, not ``none``."""
    try:
        return _RANK[level]
    except KeyError:
        raise ValueError(f"unknown risk level: {level!r}") from None


def combine(levels: Iterable[str]) -> str:
    """The risk of a conversation: the highest level among its messages and the guided check."""
    return max(levels, key=risk_rank, default="none")


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where in the input an indicator was seen: ``text[start:end] == words``."""

    start: int
    end: int
    words: str
    pattern: str
    lang: str


READER_EVIDENCE = "indicator_reader"
"""The ``pattern`` of evidence the indicator reader gave: a guess from similar messages, not a
lexicon pattern that matched."""


@dataclass(frozen=True, slots=True)
class Indicator:
    """One indicator found in a message, with every piece of evidence for it."""

    code: str
    confidence: float
    evidence: tuple[Evidence, ...]

    @property
    def guessed(self) -> bool:
        """Whether only the indicator reader found it (operators should read the message)."""
        return all(item.pattern == READER_EVIDENCE for item in self.evidence)


@dataclass(frozen=True, slots=True)
class Suppressed:
    """A match that was not counted: the words are there, but negated or hypothetical.

    Kept so that the bot can still offer the related information ("what if they take my
    passport?" deserves the passport answer) without raising the risk.
    """

    code: str
    why: str
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class Screening:
    """What one message shows. ``reason`` names the rule that set ``risk``."""

    lang: str
    risk: str
    reason: str
    indicators: tuple[Indicator, ...] = ()
    cues: tuple[Evidence, ...] = ()
    suppressed: tuple[Suppressed, ...] = field(default=())

    @property
    def codes(self) -> tuple[str, ...]:
        """The indicator codes found, in :data:`INDICATORS` order."""
        return tuple(indicator.code for indicator in self.indicators)

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready summary (evidence words only; no offsets into stored text)."""
        return {
            "lang": self.lang,
            "risk": self.risk,
            "reason": self.reason,
            "indicators": [
                {
                    "code": indicator.code,
                    "confidence": indicator.confidence,
                    "evidence": [item.words for item in indicator.evidence],
                    "spans": [[item.start, item.end] for item in indicator.evidence],
                }
                for indicator in self.indicators
            ],
        }
