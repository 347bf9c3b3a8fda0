"""Answer quality per language on a set of paraphrased questions.

The same figures serve the tests (floors per language), the benchmark (bench/faq.py) and the
tuning of the answer thresholds in :mod:`bot.faq.search`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.faq.search import FaqIndex, Hit, answer_mode


@dataclass(frozen=True)
class Question:
    slug: str
    lang: str
    text: str


@dataclass
class Score:
    """Counts for one language."""

    total: int = 0
    top1: int = 0
    top3: int = 0
    answered: int = 0
    answered_right: int = 0
    none: int = 0
    misses: list[tuple[Question, list[Hit]]] = field(default_factory=list)

    def add(self, question: Question, hits: list[Hit]) -> None:
        slugs = [hit.slug for hit in hits]
        mode = answer_mode(hits)
        self.total += 1
        self.top1 += bool(slugs) and slugs[0] == question.slug
        self.top3 += question.slug in slugs[:3]
        if mode == "answer":
            self.answered += 1
            self.answered_right += slugs[0] == question.slug
        self.none += mode == "none"
        if question.slug not in slugs[:3]:
            self.misses.append((question, hits))

    @property
    def top1_rate(self) -> float:
        return self.top1 / self.total if self.total else 0.0

    @property
    def top3_rate(self) -> float:
        return self.top3 / self.total if self.total else 0.0


def load_questions(path: Path) -> list[Question]:
    """Read the question set.

    Two shapes are accepted: ``{slug: {lang: [question, …]}}``, or a list of mappings with
    ``slug``, ``lang`` and ``text`` (or ``question``).
    """
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if isinstance(data, dict) and "questions" in data:
        data = data["questions"]
    if isinstance(data, dict):
        return [
            Question(str(slug), str(lang), str(text))
            for slug, by_lang in data.items()
            for lang, texts in (by_lang or {}).items()
            for text in _texts(texts)
        ]
    if isinstance(data, list):
        return [_question(item) for item in data]
    raise ValueError(f"{path}: expected a mapping of slugs or a list of questions")


def _texts(value: Any) -> list[str]:
    return [value] if isinstance(value, str) else list(value or [])


def _question(item: dict[str, Any]) -> Question:
    text = item.get("text", item.get("question"))
    return Question(str(item["slug"]), str(item["lang"]), str(text))


def evaluate(
    index: FaqIndex,
    questions: Iterable[Question],
    *,
    language_of: Callable[[Question], str | None] | None = None,
) -> dict[str, Score]:
    """Score every question; by default searching the language it is written in.

    ``language_of`` stands in for what the bot knows: a detector's guess, or None for "search
    every language".
    """
    scores: dict[str, Score] = {}
    for question in questions:
        lang = question.lang if language_of is None else language_of(question)
        hits = index.search(question.text, lang)
        scores.setdefault(question.lang, Score()).add(question, hits)
    return scores
