"""Accuracy floors on the held-out dev split, a little under what the benchmark measures.

The messages are the benchmark's (bot/langid/evaluation.py), fewer of them to stay fast.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.langid import OUTPUT_LABELS, detect
from bot.langid.corpus import is_dev, read_lines, split_sentences
from bot.langid.evaluation import accuracy, build_cells, macro_f1

PER_CELL = 120

# (spelling, length) -> macro-F1 floor in %. Measured: see docs/langid.md.
MACRO_F1_FLOORS = {
    ("as written", "2-6 words"): 96.5,
    ("as written", "sentence"): 98.5,
    ("Russian keyboard", "2-6 words"): 95.0,
    ("Russian keyboard", "sentence"): 98.0,
    ("Latin-typed", "2-6 words"): 95.5,
    ("Latin-typed", "sentence"): 98.0,
}


@pytest.fixture(scope="module")
def cells(corpus: Path) -> dict[tuple[str, str], list[tuple[str, str]]]:
    return build_cells(corpus, PER_CELL, buckets=("2-6 words", "sentence"))


@pytest.mark.parametrize(("variant", "bucket"), list(MACRO_F1_FLOORS))
def test_macro_f1_floor(
    cells: dict[tuple[str, str], list[tuple[str, str]]], variant: str, bucket: str
) -> None:
    rows = cells[(variant, bucket)]
    gold = [lang for lang, _ in rows]
    predicted = [detect(text).lang for _, text in rows]
    assert len(rows) == PER_CELL * len(OUTPUT_LABELS)
    assert macro_f1(gold, predicted) >= MACRO_F1_FLOORS[(variant, bucket)]
    for lang in OUTPUT_LABELS:
        assert accuracy(gold, predicted, lang) >= 90.0, lang


def test_split_is_a_tenth_and_stable(corpus: Path) -> None:
    dev = list(split_sentences(corpus, dev=True))
    train = list(split_sentences(corpus, dev=False))
    assert 0.08 < len(dev) / (len(dev) + len(train)) < 0.12
    assert dev == list(split_sentences(corpus, dev=True))
    assert not {(s.source, s.text) for s in dev} & {(s.source, s.text) for s in train}


def test_uzbek_script_pairs_fall_on_the_same_side(corpus: Path) -> None:
    latin = read_lines(corpus, "uz")
    cyrillic = read_lines(corpus, "uz_cyrl")
    dev_cyrillic = {s.text for s in split_sentences(corpus, dev=True) if s.source == "uz_cyrl"}
    for latin_line, cyrillic_line in zip(latin, cyrillic, strict=True):
        assert (cyrillic_line in dev_cyrillic) == is_dev(latin_line)


def test_split_ignores_case_and_punctuation() -> None:
    assert is_dev("Менің атым Асан.") == is_dev("менің атым асан")
