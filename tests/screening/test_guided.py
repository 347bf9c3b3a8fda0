"""The guided check: one question at a time, a plain serialisable state, the risk rules."""

from __future__ import annotations

import json

import pytest

from bot import LANGUAGES
from bot.screening import ANSWERS, GuidedCheck, default_check
from bot.screening.model import INDICATORS

FAQ_SLUGS = {
    "stay-registration", "stay-limits", "work-permit", "employment-contract", "passport-taken",
    "unpaid-wages", "debt-bondage", "lost-documents", "recruitment-safety", "trafficking-help",
    "emergency", "children-education", "healthcare", "police-checks", "deportation-fines",
    "return-home", "contacts", "sexual-exploitation", "domestic-work", "privacy",
}  # fmt: skip


@pytest.fixture(scope="module")
def check() -> GuidedCheck:
    return default_check()


def _answer_all(check: GuidedCheck, yes: set[str], skip: frozenset[str] = frozenset()) -> dict:
    state = check.start()
    while (question := check.next_question(state)) is not None:
        answer = "yes" if question.id in yes else "skip" if question.id in skip else "no"
        state = check.answer(state, question.id, answer)
        state = json.loads(json.dumps(state))  # what the bot stores between messages
    return state


def test_about_ten_questions_every_one_in_every_language(check: GuidedCheck) -> None:
    assert 10 <= len(check.questions) <= 14
    for question in check.questions:
        assert set(question.text) == set(LANGUAGES), question.id
        for lang, text in question.text.items():
            assert text.strip().endswith("?"), (question.id, lang)
            assert len(text) <= 120, (question.id, lang)
    for labels in check.answer_labels.values():
        assert set(labels) == set(LANGUAGES)
    assert set(check.answer_labels) == set(ANSWERS)
    assert set(check.intro) == set(LANGUAGES)


def test_danger_is_asked_first(check: GuidedCheck) -> None:
    assert check.next_question(check.start()).id == "danger_now"


def test_questions_come_one_at_a_time_in_order(check: GuidedCheck) -> None:
    state = check.start()
    seen = []
    while (question := check.next_question(state)) is not None:
        seen.append(question.id)
        state = check.answer(state, question.id, "no")
    assert seen == [question.id for question in check.questions]
    assert check.result(state).risk == "none"


def test_answer_returns_a_new_state(check: GuidedCheck) -> None:
    state = check.start()
    after = check.answer(state, "documents", "yes")
    assert state == {"v": 1, "answers": {}}
    assert after["answers"] == {"documents": "yes"}
    assert check.answer(after, "documents", "no")["answers"] == {"documents": "no"}


@pytest.mark.parametrize(
    ("question_id", "answer"), [("nonsense", "yes"), ("documents", "maybe"), ("wages", "")]
)
def test_bad_answers_are_rejected(check: GuidedCheck, question_id: str, answer: str) -> None:
    with pytest.raises(ValueError):
        check.answer(check.start(), question_id, answer)


def test_foreign_state_is_rejected(check: GuidedCheck) -> None:
    with pytest.raises(ValueError):
        check.result({"answers": {}})


@pytest.mark.parametrize(
    ("yes", "risk", "reason"),
    [
        (set(), "none", "none"),
        ({"wages"}, "concern", "concern:wages_withheld"),
        ({"documents"}, "high", "high:documents_retained_at_work"),
        ({"wages", "hours"}, "high", "high:two_indicators"),
        ({"violence"}, "urgent", "urgent:violence_now"),
        ({"movement"}, "urgent", "urgent:locked_in"),
        ({"danger_now"}, "urgent", "urgent:help_in_danger"),
        ({"sexual"}, "urgent", "urgent:sexual_exploitation"),
        ({"minor"}, "none", "none"),
        ({"minor", "hours"}, "urgent", "urgent:child_in_danger"),
    ],
)
def test_result_rules(check: GuidedCheck, yes: set[str], risk: str, reason: str) -> None:
    result = check.result(_answer_all(check, yes))
    assert (result.risk, result.reason) == (risk, reason)


def test_skipped_answers_count_as_neither(check: GuidedCheck) -> None:
    state = _answer_all(check, {"wages"}, skip=frozenset({"violence", "sexual"}))
    result = check.result(state)
    assert result.indicators == ("wages_withheld",)
    assert result.skipped == 2
    assert result.answered == len(check.questions)


def test_urgent_shows_before_the_end(check: GuidedCheck) -> None:
    state = check.answer(check.start(), "danger_now", "yes")
    result = check.result(state)
    assert result.risk == "urgent"
    assert result.faq_slugs[0] == "emergency"


def test_result_explains_each_indicator_in_every_language(check: GuidedCheck) -> None:
    result = check.result(_answer_all(check, {"documents", "debt"}))
    assert result.indicators == ("documents_retained", "debt_bondage")
    for code in result.indicators:
        for lang in LANGUAGES:
            assert result.explanation(code, lang)
    assert "passport-taken" in result.faq_slugs
    assert "debt-bondage" in result.faq_slugs


def test_indicator_file_is_complete(check: GuidedCheck) -> None:
    assert set(check.indicator_info) == set(INDICATORS)
    for code, info in check.indicator_info.items():
        assert set(info["explanation"]) == set(LANGUAGES), code
        assert set(info["title"]) == set(LANGUAGES), code
        assert info["faq"] and set(info["faq"]) <= FAQ_SLUGS, code
        for text in info["explanation"].values():
            assert 1 <= text.count(".") + text.count(":") <= 4 and len(text) < 240, (code, text)
