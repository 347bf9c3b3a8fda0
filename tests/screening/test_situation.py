"""The situation reader takes back a concern in a message that tells no one's situation (here,
pay trouble put right), and never a high risk, an emergency or a short report."""

from __future__ import annotations

import pytest

from bot.screening import screen
from bot.screening.engine import NO_SITUATION
from bot.screening.situation import tells_no_situation

# Pay a week late, then brought in full by the boss himself. The lexicons still read the late
# pay; should a widening teach them the fix, pick another such message, as the first
# assertion says.
PUT_RIGHT = (
    "в кафе зарплату задержали на неделю, но хозяин сам всё принёс с премией, сейчас всё"
    " хорошо. как продлить регистрацию?"
)


def test_a_concern_in_a_story_put_right_is_taken_back_and_kept_as_suppressed() -> None:
    alone = screen(PUT_RIGHT, "ru", read=False)
    assert alone.risk == "concern", "the lexicons now read this right: choose another example"
    assert tells_no_situation(PUT_RIGHT)
    result = screen(PUT_RIGHT, "ru")
    assert (result.risk, result.reason, result.indicators) == ("none", f"none:{NO_SITUATION}", ())
    assert {item.code for item in result.suppressed if item.why == NO_SITUATION} == set(
        alone.codes
    )


def test_an_emergency_is_never_taken_back() -> None:
    result = screen(PUT_RIGHT + " Сегодня хозяин меня ударил.", "ru")
    assert result.risk == "urgent"
    assert all(item.why != NO_SITUATION for item in result.suppressed)


def test_a_high_risk_is_never_taken_back() -> None:
    # The boss took my passport; we wrote to the inspectorate, all in vain. The reader leans to
    # "put right"; a high risk offers a person, so it is not the reader's to take back.
    text = "Бастық паспортымды алып қойды. Инспекцияға жаздық, бәрі бекер."
    assert tells_no_situation(text)
    assert screen(text, "kk").risk == "high"


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("работодатель не заплатил что делать", "ru"),
        ("pasportimni qaytarmayapti nima qilay", "uz"),
        ("жумыс беруши акша толемеди", "kk"),
    ],
)
def test_a_short_report_is_never_taken_back(text: str, lang: str) -> None:
    # Its question words outweigh the report for the reader; short messages are not its to read.
    assert tells_no_situation(text)
    assert screen(text, lang).risk == "concern"


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("на стройке уже третий месяц зарплату не платят, бригадир говорит подождите", "ru"),
        (
            "құрылыста үшінші ай айлық бермей жатыр, бригадир күтіңдер дейді, не істесек болады",
            "kk",
        ),
        (
            "курулушта үчүнчү ай айлык бербей жатышат, бригадир күткүлө дейт, эмне кылсак болот",
            "ky",
        ),
        (
            "qurilishda uchinchi oy oylik berishmayapti, brigadir kutinglar deydi, nima qilsak"
            " bo'ladi",
            "uz",
        ),
    ],
)
def test_a_report_of_unpaid_wages_stays_a_concern(text: str, lang: str) -> None:
    assert not tells_no_situation(text)
    assert screen(text, lang).risk == "concern"
