"""The danger reader: a second opinion on whether someone may be in danger now.

The lexicons find what their patterns say and explain it word by word, but blind rounds show
that they miss a third to a half of the urgent messages written in words they were not shown
(docs/screening.md). The reader is a small logistic regression over character n-grams, learned
from the labelled examples (urgent or not). It tolerates new words, suffixes and misspellings
better, and it explains nothing, so it decides nothing by itself: when it suspects danger that
the lexicons did not find, the bot asks the person ("Are you in danger right now?"), and the
answer decides.

It is trained by scikit-learn (``make reader``, which runs ``python -m bot.screening.train``) and
stored as plain weights in ``danger_reader.json``, so that the bot does not train at start-up,
and a message is scored without building a sparse matrix (the bot reads one message at a time).
"""

from __future__ import annotations

import hashlib
import json
import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from bot.screening.cache import WordCache
from bot.screening.model import Screening

if TYPE_CHECKING:
    from bot.screening.evaluation import Example

READER_FILE = Path(__file__).with_name("danger_reader.json")
THRESHOLD = 0.5
"""Ask at this probability or above. Chosen on rounds 10 to 15 (each one left out in turn)
before round 16 was read; docs/screening.md has the figures."""
NGRAMS = (2, 5)
REGULARISATION = 10.0


def prepare(text: str) -> str:
    """What the n-grams are taken from: lower case, "ё" read as "е"."""
    return text.lower().replace("ё", "е")


def _vectorizer() -> TfidfVectorizer:
    return TfidfVectorizer(
        analyzer="char_wb", ngram_range=NGRAMS, preprocessor=prepare, sublinear_tf=True, min_df=2
    )


@cache
def _analyzer() -> Callable[[str], list[str]]:
    # The n-grams of training's vectoriser; building it needs no fitting.
    return _vectorizer().build_analyzer()


@dataclass(frozen=True, slots=True)
class NgramReader:
    """Weights of one trained reader: n-gram → (idf, coefficient). The danger reader is one;
    the situation reader (:mod:`bot.screening.situation`) is another, learned the same way."""

    weights: dict[str, tuple[float, float]]
    intercept: float
    digest: str
    """SHA-256 of the examples it learned from, to tell when it is out of date."""
    _known: WordCache[tuple[str, ...]] = field(init=False, repr=False, compare=False)
    """A word's n-grams that the reader knows: messages repeat a small vocabulary, and making
    the n-grams of every word again was most of a message's cost."""

    def __post_init__(self) -> None:
        known = WordCache(lambda word: tuple(g for g in _analyzer()(word) if g in self.weights))
        object.__setattr__(self, "_known", known)

    def probability(self, text: str) -> float:
        """How likely the label it learned is for the message, as the trained model computes
        it: sublinear tf × idf, scaled to unit length, through the logistic function."""
        counts: Counter[str] = Counter()
        for word in text.split():  # the analyser's n-grams never cross a space
            counts.update(self._known[word])
        dot = square = 0.0
        for gram, count in counts.items():
            idf, coefficient = self.weights[gram]
            value = (1.0 + math.log(count)) * idf
            dot += value * coefficient
            square += value * value
        score = self.intercept + (dot / math.sqrt(square) if square else 0.0)
        return 1.0 / (1.0 + math.exp(-score))

    def to_json(self) -> str:
        """The stored form: weights rounded, which changes probabilities by well under 0.001."""
        weights = {
            gram: [round(idf, 4), float(f"{coefficient:.5g}")]
            for gram, (idf, coefficient) in sorted(self.weights.items())
        }
        data = {"digest": self.digest, "intercept": self.intercept, "weights": weights}
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"

    @classmethod
    def from_model(
        cls, vectorizer: TfidfVectorizer, model: LogisticRegression, examples_digest: str
    ) -> NgramReader:
        """The weights of a fitted vectoriser and model."""
        coefficients = model.coef_[0]
        weights = {
            gram: (float(vectorizer.idf_[column]), float(coefficients[column]))
            for gram, column in vectorizer.vocabulary_.items()
        }
        return cls(weights, float(model.intercept_[0]), examples_digest)

    @classmethod
    def from_json(cls, text: str) -> NgramReader:
        """Read the stored form."""
        data = json.loads(text)
        weights = {gram: (float(i), float(c)) for gram, (i, c) in data["weights"].items()}
        return cls(weights, float(data["intercept"]), str(data["digest"]))


def digest(examples: Sequence[tuple[str, bool]]) -> str:
    """A fingerprint of labelled examples, independent of their order."""
    lines = sorted(f"{int(urgent)}\t{text}" for text, urgent in examples)
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def fit(examples: Sequence[tuple[str, bool]]) -> tuple[TfidfVectorizer, LogisticRegression]:
    """Fit the vectoriser and the model on ``(text, label)`` pairs (deterministic)."""
    vectorizer = _vectorizer()
    matrix = vectorizer.fit_transform([text for text, _ in examples])
    # The classes are uneven (urgent messages are a quarter of the examples): balanced weights
    # keep the model from learning that the larger class is the safe guess.
    model = LogisticRegression(C=REGULARISATION, class_weight="balanced", max_iter=5000)
    model.fit(matrix, [label for _, label in examples])
    return vectorizer, model


def train(examples: Sequence[tuple[str, bool]]) -> NgramReader:
    """Learn a reader from ``(text, label)`` pairs."""
    vectorizer, model = fit(examples)
    return NgramReader.from_model(vectorizer, model, digest(examples))


def dev_examples(eval_file: Path, label: Callable[[Example], bool]) -> list[tuple[str, bool]]:
    """``(text, label)`` for the development split of the labelled set: the held-out split is
    never learned from."""
    from bot.screening.evaluation import load_examples

    return [(e.text, label(e)) for e in load_examples(eval_file) if e.split == "dev"]


def training_examples(eval_file: Path) -> list[tuple[str, bool]]:
    """What the danger reader learns: is the message urgent?"""
    return dev_examples(eval_file, lambda example: example.risk == "urgent")


@cache
def load_reader() -> NgramReader:
    """The danger reader shipped with the bot."""
    return NgramReader.from_json(READER_FILE.read_text(encoding="utf-8"))


def suspects_danger(text: str) -> bool:
    """Whether to ask the person if they are in danger now."""
    return load_reader().probability(text) >= THRESHOLD


def asks_about_danger(screening: Screening, text: str) -> bool:
    """Whether the bot asks "Are you in danger right now?" about a message the lexicons have
    screened: they found no emergency, and the reader suspects one."""
    return screening.risk != "urgent" and suspects_danger(text)
