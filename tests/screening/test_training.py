"""The three readers: stored weights learned from the current labelled set, never from its held-out
split (``make reader`` trains them, ``python -m bot.screening.train``)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from bot.screening import indicator_reader, reader, situation

EVAL_FILE = Path(__file__).parents[1] / "data" / "screening_eval.yaml"

READERS = [
    pytest.param(reader.load_reader, reader.digest, reader.training_examples, id="danger"),
    pytest.param(
        situation.load_reader, reader.digest, situation.training_examples, id="situation"
    ),
    pytest.param(
        indicator_reader.load_reader,
        indicator_reader.digest,
        indicator_reader.training_examples,
        id="indicators",
    ),
]


@pytest.mark.parametrize(("load", "digest", "examples"), READERS)
def test_the_stored_reader_learned_from_the_current_examples(
    load: Callable[[], Any], digest: Callable[[Any], str], examples: Callable[[Path], Any]
) -> None:
    assert load().digest == digest(examples(EVAL_FILE)), (
        "the labelled set changed: run `make reader` (python -m bot.screening.train)"
    )


@pytest.mark.parametrize(
    "examples",
    [reader.training_examples, situation.training_examples, indicator_reader.training_examples],
    ids=["danger", "situation", "indicators"],
)
def test_the_held_out_split_is_never_learned_from(examples: Callable[[Path], Any]) -> None:
    texts = {text for text, _ in examples(EVAL_FILE)}
    held_out = [line for line in EVAL_FILE.read_text().splitlines() if "split: holdout" in line]
    assert held_out and not any(f'"{text}"' in line for line in held_out for text in texts)
