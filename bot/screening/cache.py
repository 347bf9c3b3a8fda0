"""A bounded per-word cache, shared by the lexicon index and the two kinds of reader."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

V = TypeVar("V")


class WordCache(dict[str, V]):
    """What ``compute`` gives for each word seen, computed once: messages repeat a small
    vocabulary. A hit is a plain ``dict`` lookup, done in C; ``compute`` runs only on a miss.

    It is emptied when full, so a flood of new words costs memory only up to ``limit``; an
    entry never goes stale, so starting again costs a little time and no correctness.
    """

    def __init__(self, compute: Callable[[str], V], limit: int = 50_000) -> None:
        super().__init__()
        self._compute = compute
        self._limit = limit

    def __missing__(self, word: str) -> V:
        value = self._compute(word)
        if len(self) >= self._limit:
            self.clear()
        self[word] = value
        return value
