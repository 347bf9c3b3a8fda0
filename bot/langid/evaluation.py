"""Evaluation messages cut from the dev split, shared by the tests and the benchmark.

The dev split is respelled three ways (as written, typed on a Russian keyboard, typed in Latin
letters) and cut three ways (2-6 words, 7-15 words, whole sentences), then sampled with a fixed
seed, so every run sees the same messages.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from pathlib import Path

from bot.langid.corpus import russify_all, split_sentences
from bot.langid.model import OUTPUT_LABELS
from bot.langid.translit import latinize_plain, latinize_varied

VARIANTS: dict[str, Callable[[str], str]] = {
    "as written": lambda text: text,
    "Russian keyboard": russify_all,
    "Latin-typed": latinize_plain,
}
# Not in the default run: Latin typing with one random habit per letter and message (seeded
# differently from training), for a look beyond the single plain scheme.
EXTRA_VARIANTS: dict[str, Callable[[str], str]] = {
    "Latin-typed, mixed habits": lambda text: latinize_varied(
        text, random.Random(f"{SEED}-{text}")
    ),
}
BUCKETS: dict[str, tuple[int, int] | None] = {
    "2-6 words": (2, 6),
    "7-15 words": (7, 15),
    "sentence": None,
}
SEED = 20261123

Cell = list[tuple[str, str]]  # (gold language, message)


def windows(text: str, bounds: tuple[int, int] | None, rng: random.Random) -> list[str]:
    """Cut a sentence into consecutive word windows with lengths drawn from ``bounds``."""
    if bounds is None:
        return [text]
    words = text.split()
    low, high = bounds
    pieces, start = [], 0
    while start + low <= len(words):
        size = rng.randint(low, high)
        pieces.append(" ".join(words[start : start + size]))
        start += size
    return [piece for piece in pieces if len(piece.split()) >= low]


def build_cells(
    corpus: Path,
    per_cell: int,
    variants: Sequence[str] = tuple(VARIANTS),
    buckets: Sequence[str] = tuple(BUCKETS),
) -> dict[tuple[str, str], Cell]:
    """(variant, bucket) -> messages, at most ``per_cell`` per language, from the dev split."""
    dev = [s for s in split_sentences(corpus, dev=True) if s.lang in OUTPUT_LABELS]
    cells = {}
    for variant in variants:
        respell = VARIANTS.get(variant) or EXTRA_VARIANTS[variant]
        for bucket in buckets:
            rng = random.Random(f"{SEED}-{variant}-{bucket}")
            rows: Cell = []
            for lang in OUTPUT_LABELS:
                pool = []
                for sentence in dev:
                    if sentence.lang == lang:
                        pool += windows(respell(sentence.text), BUCKETS[bucket], rng)
                rng.shuffle(pool)
                rows += [(lang, message) for message in pool[:per_cell]]
            cells[(variant, bucket)] = rows
    return cells


def macro_f1(gold: Sequence[str], predicted: Sequence[str]) -> float:
    """Mean F1 (in %) over kk, ky, uz, ru and en; ``und`` counts as a wrong answer."""
    scores = []
    pairs = list(zip(gold, predicted, strict=True))
    for lang in OUTPUT_LABELS:
        tp = sum(g == lang and p == lang for g, p in pairs)
        fp = sum(g != lang and p == lang for g, p in pairs)
        fn = sum(g == lang and p != lang for g, p in pairs)
        scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return 100 * sum(scores) / len(scores)


def accuracy(gold: Sequence[str], predicted: Sequence[str], lang: str | None = None) -> float:
    """Share (in %) of messages labelled right, for one gold language or for all."""
    pairs = [(g, p) for g, p in zip(gold, predicted, strict=True) if lang in (None, g)]
    return 100 * sum(g == p for g, p in pairs) / len(pairs) if pairs else float("nan")
