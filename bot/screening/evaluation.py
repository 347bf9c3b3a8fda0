"""Scoring screening against a labelled set (tests/data/screening_eval.yaml).

Shared by the tests, which hold floors, and by bench/screening.py, which prints the table.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bot.screening.model import INDICATORS, Screening


@dataclass(frozen=True, slots=True)
class Example:
    """One labelled message."""

    lang: str
    text: str
    indicators: frozenset[str]
    risk: str
    split: str = "dev"
    """``dev`` (the lexicons were written against it) or ``holdout`` (written after they were
    frozen, and never used to tune them)."""


@dataclass(slots=True)
class Scores:
    """Counts for one slice of the set (a language, or all of it)."""

    messages: int = 0
    true_pos: Counter[str] = field(default_factory=Counter)
    false_pos: Counter[str] = field(default_factory=Counter)
    false_neg: Counter[str] = field(default_factory=Counter)
    urgent: int = 0
    urgent_found: int = 0
    negatives: int = 0
    false_flags: int = 0
    risk_correct: int = 0
    errors: list[tuple[Example, Screening]] = field(default_factory=list)

    def add(self, example: Example, result: Screening) -> None:
        """Count one screened example."""
        found = set(result.codes)
        self.messages += 1
        self.true_pos.update(found & example.indicators)
        self.false_pos.update(found - example.indicators)
        self.false_neg.update(example.indicators - found)
        if example.risk == "urgent":
            self.urgent += 1
            self.urgent_found += result.risk == "urgent"
        if example.risk == "none":
            self.negatives += 1
            self.false_flags += result.risk != "none"
        self.risk_correct += result.risk == example.risk
        if found != example.indicators or result.risk != example.risk:
            self.errors.append((example, result))

    def precision(self, code: str | None = None) -> float:
        """Indicator precision, for one code or micro-averaged over all."""
        tp, fp = self._count(self.true_pos, code), self._count(self.false_pos, code)
        return tp / (tp + fp) if tp + fp else 1.0

    def recall(self, code: str | None = None) -> float:
        """Indicator recall, for one code or micro-averaged over all."""
        tp, fn = self._count(self.true_pos, code), self._count(self.false_neg, code)
        return tp / (tp + fn) if tp + fn else 1.0

    def f1(self, code: str | None = None) -> float:
        """Harmonic mean of :meth:`precision` and :meth:`recall`."""
        p, r = self.precision(code), self.recall(code)
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def urgent_recall(self) -> float:
        """Share of urgent messages screened as urgent."""
        return self.urgent_found / self.urgent if self.urgent else 1.0

    @property
    def false_flag_rate(self) -> float:
        """Share of messages labelled ``none`` that got any other level."""
        return self.false_flags / self.negatives if self.negatives else 0.0

    @property
    def risk_accuracy(self) -> float:
        """Share of messages whose risk level is exactly the label."""
        return self.risk_correct / self.messages if self.messages else 1.0

    @staticmethod
    def _count(counter: Counter[str], code: str | None) -> int:
        return counter[code] if code else sum(counter.values())


def load_examples(path: Path) -> list[Example]:
    """Read the labelled set; unknown indicator codes are an error, not a silent miss."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    examples = []
    for lang, items in data.items():
        for item in items:
            codes = frozenset(item.get("indicators") or ())
            unknown = codes - set(INDICATORS)
            if unknown:
                raise ValueError(f"{item['text']!r}: unknown indicators {sorted(unknown)}")
            split = item.get("split", "dev")
            examples.append(Example(lang, item["text"], codes, item["risk"], split))
    return examples


def evaluate(
    examples: Iterable[Example], screen_fn: Callable[[Example], Screening]
) -> dict[str, Scores]:
    """Scores per language, plus ``"all"``."""
    scores: dict[str, Scores] = {"all": Scores()}
    for example in examples:
        result = screen_fn(example)
        scores["all"].add(example, result)
        scores.setdefault(example.lang, Scores()).add(example, result)
    return scores
