"""The pure case rules: cards, topic names, working hours, reopening and re-announcing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.cases import CaseView, Hours, alias, card_text, expected_wait, topic_name
from bot.cases.policy import may_reopen, reannounce_at
from bot.i18n import translator
from bot.screening.model import combine

ALMATY_HOURS = Hours.parse("Asia/Almaty", [1, 2, 3, 4, 5], "09:00-18:00")
MONDAY_NOON_ALMATY = datetime(2026, 11, 23, 7, 0, tzinfo=UTC)  # 12:00 in Almaty (UTC+5)


def view(**changes: object) -> CaseView:
    base = CaseView(
        id=123,
        language="ky",
        risk="urgent",
        reason="urgent:locked_in",
        status="waiting",
        indicators=(
            ("restricted_movement", ("заперли",)),
            ("documents_retained", ("паспортту алып койду",)),
            ("restricted_movement", ("чыгарбайт", "заперли")),
        ),
        last_messages=("бизди заперли <b>", "x" * 1000),
    )
    return CaseView(**{**base.__dict__, **changes})  # type: ignore[arg-type]


def test_alias_and_topic_name() -> None:
    assert alias(7) == "#0007" and alias(12345) == "#12345"
    assert topic_name(view()) == "#0123 · KY · URGENT · restricted_movement, documents_retained"
    assert topic_name(view(status="closed")).startswith("✅ #0123")
    assert topic_name(view(indicators=())) == "#0123 · KY · URGENT"


def test_card_marks_what_only_the_indicator_reader_found_as_a_guess() -> None:
    text = card_text(view(guessed=frozenset({"documents_retained"})), translator("ru"))
    lines = text.splitlines()
    kept = next(line for line in lines if "documents_retained" in line)
    held = next(line for line in lines if "restricted_movement" in line)
    assert "догадка по похожим сообщениям" in kept
    assert "догадка" not in held


def test_topic_name_stays_within_telegrams_limit() -> None:
    many = tuple((f"indicator_number_{index}", ()) for index in range(20))
    name = topic_name(view(indicators=many))
    assert len(name) == 128 and name.endswith("…")


def test_card_shows_why_with_the_words_and_escapes_the_persons_text() -> None:
    text = card_text(view(), translator("en"))
    assert "urgent:locked_in" in text
    assert "• restricted_movement: «заперли», «чыгарбайт»" in text, "one line per indicator"
    assert "бизди заперли &lt;b&gt;" in text, "the person's words are escaped"
    assert "x" * 300 not in text and "…" in text, "long messages are cut"
    assert "waiting for an operator" in text
    assert len(text) < 4096


def test_card_status_lines() -> None:
    t = translator("en")
    assert "taken by Aida" in card_text(view(status="assigned", operator="Aida"), t)
    assert "closed (referred_ngo)" in card_text(view(status="closed", outcome="referred_ngo"), t)
    assert "Статус" in card_text(view(), translator("ru"))


def test_hours_open_and_next_opening() -> None:
    assert ALMATY_HOURS.is_open(MONDAY_NOON_ALMATY)
    evening = MONDAY_NOON_ALMATY + timedelta(hours=7)  # 19:00 in Almaty
    assert not ALMATY_HOURS.is_open(evening)
    opening = ALMATY_HOURS.next_opening(evening)
    assert (opening.isoweekday(), opening.hour, opening.minute) == (2, 9, 0)
    friday_night = MONDAY_NOON_ALMATY + timedelta(days=4, hours=10)
    assert ALMATY_HOURS.next_opening(friday_night).isoweekday() == 1, "weekends are skipped"
    always = Hours.parse("Asia/Almaty", [1, 2, 3, 4, 5, 6, 7], "00:00-24:00")
    assert always.is_open(friday_night + timedelta(hours=36))


def test_expected_wait_grows_with_the_queue_and_names_the_opening_when_closed() -> None:
    first = expected_wait(MONDAY_NOON_ALMATY, ALMATY_HOURS, 0, 15)
    assert first.open_now and first.minutes == 15
    assert expected_wait(MONDAY_NOON_ALMATY, ALMATY_HOURS, 3, 7).minutes == 30  # 28, rounded up
    assert expected_wait(MONDAY_NOON_ALMATY, ALMATY_HOURS, 0, 1).minutes == 5  # never "0"
    closed = expected_wait(MONDAY_NOON_ALMATY + timedelta(hours=8), ALMATY_HOURS, 0, 15)
    assert not closed.open_now and closed.reopens_at is not None
    assert closed.reopens_at.hour == 9


def test_risk_only_goes_up() -> None:
    assert combine(["high", "concern"]) == "high"
    assert combine(["concern", "urgent"]) == "urgent"


@pytest.mark.parametrize(
    ("hours_ago", "outcome", "expected"),
    [
        (1, "information_given", True),
        (47, "referred_ngo", True),
        (49, "referred_ngo", False),
        (1, "ended_by_user", False),
        (1, "duplicate", False),
    ],
)
def test_may_reopen(hours_ago: int, outcome: str, expected: bool) -> None:
    now = MONDAY_NOON_ALMATY
    assert may_reopen(now - timedelta(hours=hours_ago), outcome, now, 48) is expected


def test_reannounce_at_by_risk() -> None:
    minutes = {"urgent": 5, "high": 15, "none": 60}
    now = MONDAY_NOON_ALMATY
    assert reannounce_at(now, "urgent", minutes) == now + timedelta(minutes=5)
    assert reannounce_at(now, "concern", minutes) == now + timedelta(minutes=60)
