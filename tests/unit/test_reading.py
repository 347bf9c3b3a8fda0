"""Reading a message: the start-up warm-up leaves no slow first message behind."""

from __future__ import annotations

import pytest

from bot import LANGUAGES
from bot.reading import warm_up
from bot.screening import screen
from bot.screening.engine import _index


@pytest.mark.parametrize("language", [*LANGUAGES, None])
def test_after_warm_up_no_message_builds_a_screening_index(language: str | None) -> None:
    # Building a language's index takes a tenth of a second; a person's first message must
    # not wait for it.
    _index.cache_clear()
    warm_up()
    built = _index.cache_info().misses
    screen("хозяин забрал паспорт", language)
    assert _index.cache_info().misses == built
