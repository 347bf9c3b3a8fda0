"""Pure rules: flood limit, callback data, language hints."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.callbacks import Callback, parse
from bot.flood import FloodCounter, FloodState, Verdict, register_message
from bot.i18n import language_from_telegram

START = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def test_flood_limit_warns_once_then_drops_until_the_window_ends() -> None:
    state, verdicts = FloodState(None, 0), []
    for second in range(8):
        state, verdict = register_message(state, START + timedelta(seconds=second), 5, 60)
        verdicts.append(verdict)
    assert verdicts == [Verdict.OK] * 5 + [Verdict.WARN, Verdict.DROP, Verdict.DROP]
    state, verdict = register_message(state, START + timedelta(seconds=61), 5, 60)
    assert verdict is Verdict.OK and state.count == 1


def test_flood_counter_counts_each_user_apart_and_forgets_ended_windows() -> None:
    counter = FloodCounter(limit=2, window_seconds=60)
    assert [counter.register(1, START) for _ in range(3)] == [Verdict.OK, Verdict.OK, Verdict.WARN]
    assert counter.register(2, START) is Verdict.OK, "another user has a window of their own"
    for user_id in range(3, 2000):  # many users, long after the first ones' windows ended
        counter.register(user_id, START + timedelta(minutes=5))
    assert 1 not in counter._states and 2 not in counter._states, "memory stays bounded"
    assert counter.register(1, START + timedelta(minutes=5)) is Verdict.OK


@pytest.mark.parametrize(
    "data", [None, "", "lang", "lang:", "lang:xx", "erase:maybe", "unknown:kk", "x" * 65,
             "lang:kk:extra", "ланг:kk"],
)  # fmt: skip
def test_malformed_callback_data_parses_to_nothing(data: str | None) -> None:
    assert parse(data) is None


def test_callback_data_round_trips() -> None:
    for callback in (Callback("lang", "uz"), Callback("erase", "yes"), Callback("keep", "lang")):
        assert parse(callback.encode()) == callback


def test_callback_data_over_64_bytes_cannot_be_made() -> None:
    with pytest.raises(ValueError, match="64 bytes"):
        Callback("lang", "ы" * 40).encode()


@pytest.mark.parametrize(
    ("code", "expected"),
    [("kk", "kk"), ("ru-RU", "ru"), ("uz-Cyrl", "uz"), ("uz", "uz"), ("ky", "ky"),
     ("en-GB", "en"), ("tg", None), ("tr", None), ("", None), (None, None), ("??", None)],
)  # fmt: skip
def test_telegram_language_codes_map_to_our_languages(
    code: str | None, expected: str | None
) -> None:
    assert language_from_telegram(code) == expected
