"""Callback data of inline buttons: ``action:argument``, at most 64 bytes (Telegram's limit).

Button presses are untrusted input: a client can send any bytes as callback data. Only data that
parses into a known action with a valid argument is acted on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot import LANGUAGES

MAX_BYTES = 64

SLUG = re.compile(r"[a-z0-9][a-z0-9_-]{0,47}")
"""What a free argument may look like: a content slug, topic or city id."""

ACTIONS: dict[str, frozenset[str] | None] = {
    "lang": frozenset(LANGUAGES),  # choose the interface language
    "switch": frozenset(LANGUAGES),  # accept the offer to continue in another language
    "keep": frozenset({"lang"}),  # decline that offer
    "erase": frozenset({"yes", "no"}),  # confirm or cancel erasing one's data
    "menu": frozenset({"main"}),  # the topics menu
    "topic": None,  # the entries of a topic
    "entry": None,  # one entry's short answer
    "more": None,  # one entry's longer answer
    "good": None,  # "this helped" about an entry
    "bad": None,  # "this did not help" about an entry
    "dir": None,  # the service directory: "cities", or one city's services
    "person": frozenset({"ask"}),  # talk to a person
    "check": frozenset({"start"}),  # start the guided check
    "yes": None,  # a guided-check answer to the question named by the argument
    "no": None,
    "skip": None,  # "I'd rather not say"
    "end": frozenset({"case"}),  # stop talking to the operator, back to the bot
    # Case cards in the operators' group (argument: the case number, "-outcome" for "out").
    "take": None,
    "close": None,
    "out": None,
    "card": None,
}
"""Each action with the arguments it accepts (None: any argument shaped like :data:`SLUG`)."""


@dataclass(frozen=True)
class Callback:
    action: str
    argument: str

    def encode(self) -> str:
        """The callback_data string of this button."""
        data = f"{self.action}:{self.argument}"
        if len(data.encode("utf-8")) > MAX_BYTES:
            raise ValueError("callback data over 64 bytes")
        return data


STAFF_ACTIONS = frozenset({"take", "close", "out", "card"})
"""Actions honoured only from the operators' group, and only for its operators."""


def parse(data: str | None) -> Callback | None:
    """The callback behind ``data``, or None for anything malformed or unknown."""
    if not data or len(data.encode("utf-8")) > MAX_BYTES:
        return None
    action, separator, argument = data.partition(":")
    if not separator or action not in ACTIONS:
        return None
    allowed = ACTIONS[action]
    if allowed is None and not SLUG.fullmatch(argument):
        return None
    if allowed is not None and argument not in allowed:
        return None
    return Callback(action, argument)
