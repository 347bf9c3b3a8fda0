"""bot.text folding for screening: the fast fold stays the aligned one; mixed scripts unmix."""

from __future__ import annotations

import random

import pytest

from bot.text import fold_aligned, fold_aligned_fast, unmix_scripts


@pytest.mark.parametrize(
    "text",
    ["ҚОЖАЙЫН Паспортымды", "XOʻJAYIN o`g'il", "İstanbul ΑΣ", "tab\tnew\nline\u00a0", "", "😀 ө"],
)
def test_fast_fold_equals_fold_aligned(text: str) -> None:
    assert fold_aligned_fast(text) == fold_aligned(text)
    assert len(fold_aligned_fast(text)) == len(text)


def test_fast_fold_equals_fold_aligned_on_random_text() -> None:
    rng = random.Random(7)
    for _ in range(2000):
        chars = [
            chr(rng.choice((rng.randint(0x20, 0x52F), rng.randint(0x20, 0xFFFF))))
            for _ in range(6)
        ]
        text = "".join(ch for ch in chars if not 0xD800 <= ord(ch) <= 0xDFFF)
        assert fold_aligned_fast(text) == fold_aligned(text), repr(text)


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
