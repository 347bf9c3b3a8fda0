"""bot.text folding for screening: the fold table folds as fold_aligned does; scripts unmix."""

from __future__ import annotations

import random

import pytest

from bot.text import FoldTable, fold_aligned, unmix_scripts


@pytest.mark.parametrize(
    "text",
    ["ҚОЖАЙЫН Паспортымды", "XOʻJAYIN o`g'il", "İstanbul ΑΣ", "tab\tnew\nline\u00a0", "", "😀 ө"],
)
def test_the_fold_table_folds_as_fold_aligned(text: str) -> None:
    assert text.translate(FoldTable()) == fold_aligned(text)
    assert len(text.translate(FoldTable())) == len(text)


def test_the_fold_table_folds_as_fold_aligned_on_random_text() -> None:
    rng = random.Random(7)
    table = FoldTable()  # one table, filled as it goes, as screening uses it
    for _ in range(2000):
        chars = [
            chr(rng.choice((rng.randint(0x20, 0x52F), rng.randint(0x20, 0x10FFFF))))
            for _ in range(6)
        ]
        text = "".join(ch for ch in chars if not 0xD800 <= ord(ch) <= 0xDFFF)
        assert text.translate(table) == fold_aligned(text), repr(text)


def test_the_fold_table_applies_its_then_after_folding() -> None:
    table = FoldTable(then=str.maketrans({"ɵ": "о"}))
    assert "ƟЖ".translate(table) == "ож"  # "Ɵ" folds to "ɵ", then "ɵ" to Cyrillic "о"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("xоjayin", "xojayin"),  # Cyrillic "о" in a Latin word
        ("пaспорт", "паспорт"),  # Latin "a" in a Cyrillic word
        ("xоjayin пaспорт", "xojayin паспорт"),
        ("wbдан", "wbдан"),  # no twins to swap: left alone
        ("aо", "aо"),  # as many of each: no majority, left alone
        ("pasport паспорт", "pasport паспорт"),
    ],
)
def test_look_alike_letters_take_the_script_of_their_word(text: str, expected: str) -> None:
    assert unmix_scripts(text) == expected
    assert len(unmix_scripts(text)) == len(text)


def test_the_fold_table_stops_growing_at_its_limit() -> None:
    table = FoldTable()
    text = "".join(chr(code) for code in range(0x20000, 0x20000 + FoldTable._LIMIT + 500))
    assert text.translate(table) == fold_aligned(text)
    assert len(table) == FoldTable._LIMIT
