"""The indicator reader: indicators the lexicons' patterns do not know the words for.

Blind rounds show the lexicons finding about three in four of the indicators written in words
they were not shown (docs/screening.md). The indicator reader is one logistic regression per
indicator over the message's folded words and their first four to six letters (the stem of a
Kazakh, Kyrgyz or Uzbek word, whatever suffixes follow), learned from the development split of
the labelled set. Where the lexicons found an indicator, they decide; the reader only adds an
indicator they did not find and did not set aside as negated or hypothetical, and only when it
is fairly sure. Its evidence is the word that weighed most for it.

It is trained by scikit-learn (``make reader``, which runs ``python -m bot.screening.train``) and
stored as plain weights in ``indicator_reader.json``, so that the bot does not train at start-up
and a message is scored without building a sparse matrix.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import chain
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from bot.screening.cache import WordCache
from bot.screening.model import INDICATORS

READER_FILE = Path(__file__).with_name("indicator_reader.json")
THRESHOLD = 0.6
"""Add an indicator at this probability or above: chosen on rounds 16 to 26, each read by a
reader trained on the rounds before it only (docs/screening.md has the figures)."""
_THRESHOLD_SCORE = math.log(THRESHOLD / (1.0 - THRESHOLD))
"""The same threshold before the logistic function, so most messages skip it."""
PREFIXES = (4, 5, 6)
REGULARISATION = 10.0
MIN_WORDS = 8
"""Shorter messages are left to the lexicons: in "надо ли носить паспорт с собой" the one
topic word outweighs the rest, and the reader would call a question a kept passport."""
CODES = tuple(code for code in INDICATORS if code != "child_involved")
"""What it reads. A child is the lexicons' to find, by an age or a word for a child: the
reader would learn that "from morning till night" is a child's, because so many are."""
LANGUAGES = ("ru", "kk", "ky", "uz")
"""What it learns from and reads: the labelled set holds too few English messages."""


def features(word: str) -> list[str]:
    """The features of one folded word: the word itself and its first letters."""
    return [f"={word}", *(f"{n}:{word[:n]}" for n in PREFIXES if len(word) > n)]


def _analyse(text: str) -> list[str]:
    # What training counts: the stored reader must read a message the same way. Imported
    # here, because the engine imports this module.
    from bot.screening.engine import folded_words

    return [feature for word in folded_words(text) for feature in features(word)]


@dataclass(frozen=True, slots=True)
class Reading:
    """One indicator the reader is fairly sure of, and the word that weighed most for it."""

    code: str
    probability: float
    word: int
    """Index of that word in the words read."""


@dataclass(frozen=True, slots=True)
class IndicatorReader:
    """Weights of one trained reader: feature → row of ``idf`` and ``coefficients``."""

    rows: dict[str, int]
    idf: np.ndarray
    coefficients: np.ndarray
    """One row per feature, one column per indicator of :data:`CODES`."""
    intercepts: np.ndarray
    digest: str
    """SHA-256 of the examples it learned from, to tell when it is out of date."""
    word_rows: WordCache[tuple[int, ...]] = field(init=False, repr=False, compare=False)
    """The rows of each word seen: real traffic repeats a small vocabulary."""
    table: np.ndarray = field(init=False)
    """``idf`` and ``coefficients`` side by side: one lookup per message."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "table", np.column_stack([self.idf, self.coefficients]))
        rows = WordCache(
            lambda word: tuple(self.rows[f] for f in features(word) if f in self.rows)
        )
        object.__setattr__(self, "word_rows", rows)

    def probabilities(self, words: Sequence[str]) -> np.ndarray:
        """The probability of each indicator, as the trained models compute it: sublinear tf
        × idf, scaled to unit length, through the logistic function."""
        scores = self._scores([row for word in words for row in self.word_rows[word]])
        return 1.0 / (1.0 + np.exp(-scores))

    def read(self, words: Sequence[str], known: Collection[str] = ()) -> list[Reading]:
        """The indicators at or above :data:`THRESHOLD`, other than those ``known`` already,
        each with its weightiest word; none for a message of fewer than :data:`MIN_WORDS`
        words."""
        if len(words) < MIN_WORDS:
            return []
        per_word = list(map(self.word_rows.__getitem__, words))
        flat = list(chain.from_iterable(per_word))
        scores = self._scores(flat)
        columns = [
            int(column)
            for column in np.flatnonzero(scores >= _THRESHOLD_SCORE)
            if CODES[column] not in known
        ]
        if not columns:
            return []
        # The word that weighs most: its features' idf × coefficient, before scaling (which
        # is the same for every word).
        owners = [number for number, rows in enumerate(per_word) for _ in rows]
        table = self.table.take(flat, axis=0)
        return [
            Reading(
                CODES[column],
                round(1.0 / (1.0 + math.exp(-float(scores[column]))), 2),
                int(np.bincount(owners, weights=table[:, 0] * table[:, column + 1]).argmax()),
            )
            for column in columns
        ]

    def _scores(self, flat: list[int]) -> np.ndarray:
        """The logistic models' scores for the features at these rows."""
        if not flat:
            return self.intercepts
        if len(set(flat)) == len(flat):
            # Each feature once: its value is its idf, so the product's first column is the
            # squared length the scores are scaled by.
            table = self.table.take(flat, axis=0)
            products = table[:, 0] @ table
            return self.intercepts + products[1:] / math.sqrt(float(products[0]))
        counts = Counter(flat)  # a feature counted more than once: sublinear tf
        table = self.table.take(list(counts), axis=0)
        tf = 1.0 + np.log(np.fromiter(counts.values(), float, len(counts)))
        values = table[:, 0] * tf
        return self.intercepts + (values @ table[:, 1:]) / math.sqrt(float(values @ values))

    def to_json(self) -> str:
        """The stored form: feature → [idf, one coefficient per indicator], rounded (which
        changes probabilities by well under 0.001)."""
        weights = {
            feature: [round(float(self.idf[row]), 4)]
            + [float(f"{c:.4g}") for c in self.coefficients[row]]
            for feature, row in sorted(self.rows.items())
        }
        data = {
            "digest": self.digest,
            "indicators": list(CODES),
            "intercepts": [float(i) for i in self.intercepts],
            "weights": weights,
        }
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"

    @classmethod
    def from_model(
        cls,
        vectorizer: TfidfVectorizer,
        models: Sequence[LogisticRegression],
        examples_digest: str,
    ) -> IndicatorReader:
        """The weights of a fitted vectoriser and its models (one per code of :data:`CODES`)."""
        return cls(
            rows={name: int(row) for name, row in vectorizer.vocabulary_.items()},
            idf=np.asarray(vectorizer.idf_, dtype=float),
            coefficients=np.column_stack([model.coef_[0] for model in models]),
            intercepts=np.asarray([model.intercept_[0] for model in models]),
            digest=examples_digest,
        )

    @classmethod
    def from_json(cls, text: str) -> IndicatorReader:
        """Read the stored form."""
        data = json.loads(text)
        if tuple(data["indicators"]) != CODES:
            raise ValueError("the stored reader was trained for other indicator codes")
        names = list(data["weights"])
        table = np.asarray([data["weights"][name] for name in names], dtype=float)
        return cls(
            rows={name: row for row, name in enumerate(names)},
            idf=table[:, 0].copy(),
            coefficients=np.ascontiguousarray(table[:, 1:]),
            intercepts=np.asarray(data["intercepts"], dtype=float),
            digest=str(data["digest"]),
        )


def digest(examples: Sequence[tuple[str, frozenset[str]]]) -> str:
    """A fingerprint of labelled examples, independent of their order."""
    lines = sorted(f"{','.join(sorted(codes))}\t{text}" for text, codes in examples)
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def fit(
    examples: Sequence[tuple[str, frozenset[str]]],
) -> tuple[TfidfVectorizer, list[LogisticRegression]]:
    """Fit the vectoriser and one model per code of :data:`CODES` on ``(text, indicators)``
    pairs (deterministic)."""
    vectorizer = TfidfVectorizer(analyzer=_analyse, sublinear_tf=True, min_df=2)
    matrix = vectorizer.fit_transform([text for text, _ in examples])
    models = []
    for code in CODES:
        # Each indicator is in a small share of the messages: balanced weights keep a model
        # from learning that "absent" is the safe guess.
        model = LogisticRegression(C=REGULARISATION, class_weight="balanced", max_iter=5000)
        models.append(model.fit(matrix, [code in codes for _, codes in examples]))
    return vectorizer, models


def train(examples: Sequence[tuple[str, frozenset[str]]]) -> IndicatorReader:
    """Learn a reader from ``(text, indicators)`` pairs."""
    vectorizer, models = fit(examples)
    return IndicatorReader.from_model(vectorizer, models, digest(examples))


def training_examples(eval_file: Path) -> list[tuple[str, frozenset[str]]]:
    """The development split of the labelled set: the held-out split is never learned from."""
    from bot.screening.evaluation import load_examples

    return [
        (e.text, e.indicators)
        for e in load_examples(eval_file)
        if e.split == "dev" and e.lang in LANGUAGES
    ]


@cache
def load_reader() -> IndicatorReader:
    """The reader shipped with the bot."""
    return IndicatorReader.from_json(READER_FILE.read_text(encoding="utf-8"))
