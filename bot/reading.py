"""Reading a free-text message: its language, what it shows, and where to look for an answer.

Pure: the handler decides nothing about language or risk itself, it acts on a :class:`Reading`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from bot import LANGUAGES
from bot.langid import UNDETERMINED, Detection, detect, suggest_switch
from bot.screening import Screening, screen
from bot.screening.reader import asks_about_danger, load_reader

CONFIDENT = 0.6
"""Detections at least this sure decide the search and screening language of one message."""


@dataclass(frozen=True)
class Reading:
    detection: Detection
    screening: Screening
    language: str
    """The language to search and screen in: the message's own when clear, else the user's."""
    offer_switch_to: str | None
    """Offer to continue in this language (the message is clearly in another of ours)."""
    text: str = field(repr=False)

    @cached_property
    def ask_danger(self) -> bool:
        """The danger reader suspects an emergency that the lexicons did not find: ask.
        Read only when the bot answers the message itself, not when it relays it."""
        return asks_about_danger(self.screening, self.text)


def warm_up() -> None:
    """Load the language profiles and build every screening index now, not on a person's first
    message: a message is screened with its language's lexicon or, when unclear, with all."""
    detect("паспорт")
    for language in (*LANGUAGES, None):
        screen("паспорт", language)
    load_reader().probability("паспорт")


def read_message(text: str, chosen: str | None, hint: str | None) -> Reading:
    """Read one message from a user who chose ``chosen`` (None: not yet) with ``hint``."""
    prior = chosen or hint
    detection = detect(text, prior=prior)
    clear = detection.lang != UNDETERMINED and detection.confidence >= CONFIDENT
    language = detection.lang if clear else (prior or UNDETERMINED)
    # Code-switching is common (Russian words in Kyrgyz): an unclear message is screened with
    # every lexicon rather than with a guess.
    screening = screen(text, detection.lang if clear else None)
    switch = suggest_switch(chosen, detection) if chosen is not None else None
    return Reading(detection, screening, language, switch, text)
