"""bot.text.fold_aligned_fast must stay exactly bot.text.fold_aligned."""

from __future__ import annotations

import random

import pytest

from bot.text import fold_aligned, fold_aligned_fast


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
