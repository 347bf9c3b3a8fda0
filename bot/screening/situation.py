"""The situation reader: whether a flagged message tells the writer's own trouble at all.

Blind rounds show where the lexicons cry wolf: a story from a video or the news, a trouble
already put right, a joke, a question about someone else, long hours chosen for the money. Each
round brings these back in words the lexicons were never shown (docs/screening.md, "What the
figures say"). This reader is learned like the danger reader (:mod:`bot.screening.reader`), over
character n-grams of the whole message, from the development split of the labelled set: does
the message show any indicator (risk above none), or none?

It only ever takes a finding back, never adds one, and only at the level concern: where the
screening found a single non-urgent indicator and this reader finds the message very unlike any
situation, the findings are kept as suppressed and the risk is none. A high risk offers the
person a human, and an emergency sends the emergency numbers: neither is ever taken back. At
concern the bot answers the message as it answers an ordinary one, so a real report taken back
loses nothing the person sees; what changes is the level an operator sees on a relayed message
and the false flags the figures count.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from bot.screening.reader import NgramReader, dev_examples

READER_FILE = Path(__file__).with_name("situation_reader.json")
THRESHOLD = 0.3
"""Take a finding back below this probability. Chosen on blind rounds 17 to 32, each screened
as it was when it was held out and read by a reader trained on the rounds before it
(docs/screening.md, "The situation reader")."""


def training_examples(eval_file: Path) -> list[tuple[str, bool]]:
    """What the situation reader learns: does the message show any indicator?"""
    return dev_examples(eval_file, lambda example: example.risk != "none")


@cache
def load_reader() -> NgramReader:
    """The situation reader shipped with the bot."""
    return NgramReader.from_json(READER_FILE.read_text(encoding="utf-8"))


def tells_no_situation(text: str) -> bool:
    """Whether a message the lexicons flagged reads as no one's situation (a story, a fix, a
    joke): then its findings are taken back."""
    return load_reader().probability(text) < THRESHOLD
