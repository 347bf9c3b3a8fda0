"""The guided check ("Check your situation"): yes/no questions, one at a time, as pure logic.

The state is a plain dict (JSON-serialisable) that the bot stores between messages; every
function takes a state and returns a new one, so a crash or a redelivered update never leaves a
half-changed state behind.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from bot.screening.lexicon import HELP_IN_DANGER
from bot.screening.model import INDICATORS
from bot.screening.risk import URGENT_REASONS, assess

GUIDED_FILE = Path(__file__).with_name("guided.yaml")
INDICATORS_FILE = Path(__file__).with_name("indicators.yaml")
ANSWERS: tuple[str, ...] = ("yes", "no", "skip")
""""skip" is "I'd rather not say": always offered, never counted as yes or no."""
STATE_VERSION = 1

State = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Question:
    """One question of the check."""

    id: str
    indicator: str
    urgent: str | None
    with_others: bool
    text: Mapping[str, str]


@dataclass(frozen=True, slots=True)
class GuidedResult:
    """What the answers so far show. ``explanations`` maps indicator → language → text."""

    indicators: tuple[str, ...]
    risk: str
    reason: str
    explanations: Mapping[str, Mapping[str, str]]
    faq_slugs: tuple[str, ...]
    answered: int
    skipped: int

    def explanation(self, code: str, lang: str) -> str:
        """The explanation of one found indicator in one language."""
        return self.explanations[code][lang]


class GuidedCheck:
    """The questions and what their answers mean, loaded from ``guided.yaml`` and
    ``indicators.yaml``."""

    def __init__(
        self, guided_file: Path = GUIDED_FILE, indicators_file: Path = INDICATORS_FILE
    ) -> None:
        guided = yaml.safe_load(guided_file.read_text(encoding="utf-8"))
        self.questions: tuple[Question, ...] = tuple(
            Question(
                id=item["id"],
                indicator=item["indicator"],
                urgent=item.get("urgent"),
                with_others=bool(item.get("with_others", False)),
                text=dict(item["text"]),
            )
            for item in guided["questions"]
        )
        self.answer_labels: Mapping[str, Mapping[str, str]] = guided["answers"]
        self.intro: Mapping[str, str] = guided["intro"]
        self.indicator_info: Mapping[str, Mapping[str, Any]] = yaml.safe_load(
            indicators_file.read_text(encoding="utf-8")
        )
        self._by_id = {question.id: question for question in self.questions}
        self._validate()

    def start(self) -> State:
        """A fresh state: nothing answered yet."""
        return {"v": STATE_VERSION, "answers": {}}

    def answer(self, state: State, question_id: str, answer: str) -> State:
        """A new state with ``answer`` recorded (answering again replaces the old answer)."""
        if question_id not in self._by_id:
            raise ValueError(f"unknown question: {question_id!r}")
        if answer not in ANSWERS:
            raise ValueError(f"answer must be one of {ANSWERS}, not {answer!r}")
        answers = dict(self._answers(state))
        answers[question_id] = answer
        return {"v": STATE_VERSION, "answers": answers}

    def next_question(self, state: State) -> Question | None:
        """The first unanswered question, or ``None`` when all are answered."""
        answers = self._answers(state)
        return next((q for q in self.questions if q.id not in answers), None)

    def question(self, question_id: str) -> Question:
        """A question by id."""
        return self._by_id[question_id]

    def result(self, state: State) -> GuidedResult:
        """What the answers so far show; usable after any answer (urgent shows at once)."""
        answers = self._answers(state)
        yes = [q for q in self.questions if answers.get(q.id) == "yes"]
        found = {q.indicator for q in yes if not q.with_others and q.indicator in INDICATORS}
        if found:
            found |= {q.indicator for q in yes if q.with_others}
        urgent = {q.urgent for q in yes if q.urgent and q.indicator in found | {HELP_IN_DANGER}}
        codes = tuple(code for code in INDICATORS if code in found)
        risk, reason = assess(codes, urgent, work=True)  # every question is about work
        return GuidedResult(
            indicators=codes,
            risk=risk,
            reason=reason,
            explanations={code: dict(self.indicator_info[code]["explanation"]) for code in codes},
            faq_slugs=self._faq_slugs(codes, risk),
            answered=len(answers),
            skipped=sum(1 for value in answers.values() if value == "skip"),
        )

    def _faq_slugs(self, codes: tuple[str, ...], risk: str) -> tuple[str, ...]:
        slugs = ["emergency"] if risk == "urgent" else []
        for code in codes:
            slugs.extend(self.indicator_info[code]["faq"])
        return tuple(dict.fromkeys(slugs))

    def _answers(self, state: State) -> Mapping[str, str]:
        if not isinstance(state, Mapping) or state.get("v") != STATE_VERSION:
            raise ValueError("not a guided-check state (or from an incompatible version)")
        answers = state.get("answers", {})
        return {key: value for key, value in answers.items() if key in self._by_id}

    def _validate(self) -> None:
        for question in self.questions:
            if question.indicator not in (*INDICATORS, HELP_IN_DANGER):
                raise ValueError(f"{question.id}: unknown indicator {question.indicator!r}")
            if question.urgent is not None and question.urgent not in URGENT_REASONS:
                raise ValueError(f"{question.id}: unknown urgent reason {question.urgent!r}")


@lru_cache(maxsize=1)
def default_check() -> GuidedCheck:
    """The check built from the packaged files, loaded once."""
    return GuidedCheck()
