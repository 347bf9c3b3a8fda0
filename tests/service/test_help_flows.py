"""The help the bot gives, end to end: answers, danger, the guided check, languages."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import select

from bot import MIGRANT_LANGUAGES
from bot.crypto import Vault
from bot.i18n import translator
from bot.screening import default_check
from db.models import Case, Feedback, User
from db.repositories import CaseRepository
from db.session import create_engine, session_factory
from tests.service.harness import Harness

# These tests only talk to the bot as new users: one bot serves the whole module.
pytestmark = pytest.mark.asyncio(loop_scope="module")


@pytest.fixture
def harness(shared_harness: Harness) -> Harness:
    return shared_harness


KEPT_PASSPORT = {
    "kk": "паспортымды кожайын алып койды",  # Kazakh typed on a Russian keyboard
    "ru": "хозяин забрал мой паспорт",
    "uz": "ish beruvchi pasportimni olib qoʻydi",
    "ky": "кожоюн паспортумду алып койду",
}
BEATING = {
    "kk": "бізді ұрып жатыр",
    "ru": "нас бьют",
    "uz": "bizni urishyapti",
    "ky": "бизди уруп жатышат",
}
# Danger in words the lexicons do not read as an emergency; the danger reader does.
FEARED_DANGER = {
    "kk": "қазір маған қорқынышты, хозяин қорқытады",
    "ru": "я боюсь за свою жизнь, хозяин страшный",
    "uz": "xojayinnikida yashayman chiqarishmaydi",
    "ky": "мен абдан коркуп жатам, кожоюн коркунучтуу адам",
}
RENEW_PASSPORT = {
    "kk": "паспортты қайда ұзартуға болады",
    "ru": "где продлить паспорт",
    "uz": "pasportni qayerda uzaytirsa boʻladi",
    "ky": "паспортту кайдан узартса болот",
}


def buttons(message: dict) -> list[str]:
    rows = message.get("reply_markup", {}).get("inline_keyboard", [])
    return [button.get("callback_data", "") for row in rows for button in row]


async def user_and_cases(harness: Harness, chat: int) -> tuple[User | None, list[Case]]:
    vault = Vault.from_secret(harness.secret_key)
    engine = create_engine(harness.database_url)
    try:
        async with session_factory(engine)() as session:
            user = await session.scalar(select(User).where(User.chat_key == vault.chat_key(chat)))
            cases = (
                []
                if user is None
                else list(await session.scalars(select(Case).where(Case.user_id == user.id)))
            )
            if cases:
                for case in cases:
                    case.indicator_list = CaseRepository(session, vault).indicators(case)  # type: ignore[attr-defined]
        return user, cases
    finally:
        await engine.dispose()


async def replies_after(harness: Harness, chat: int, sent: dict, count: int) -> list[dict]:
    return await harness.sandbox.wait_for_messages(
        chat, since=sent["message_id"], count=count, timeout=15
    )


@pytest.mark.parametrize("language", MIGRANT_LANGUAGES)
async def test_a_kept_passport_gets_the_answer_and_the_offer_of_a_person(
    harness: Harness, language: str
) -> None:
    chat = await harness.user("Worker")
    await harness.choose_language(chat, language)
    sent = await harness.sandbox.send_text(chat, KEPT_PASSPORT[language])
    answer, offer = await replies_after(harness, chat, sent, 2)
    assert "entry:passport-taken" not in buttons(answer)  # the entry itself, not a choice
    assert "good:passport-taken" in buttons(answer)
    title = answer["text"].split("\n")[0].casefold()
    assert "паспорт" in title or "pasport" in title
    assert buttons(offer) == ["person:ask"]
    assert offer["text"] == translator(language).gettext(
        "What you describe is serious, and it is not your fault. A person from the hotline can "
        "help you, confidentially. Would you like to talk to them?"
    )
    await harness.sandbox.press_button(chat, offer, data="person:ask")
    confirmation = await harness.next_reply(chat, offer["message_id"])
    assert "112" in confirmation["text"]
    _user, cases = await user_and_cases(harness, chat)
    assert [(case.status, case.reason) for case in cases] == [("waiting", "user:talk_to_person")]


@pytest.mark.parametrize("language", MIGRANT_LANGUAGES)
async def test_violence_gets_emergency_numbers_at_once_and_an_urgent_case(
    harness: Harness, language: str
) -> None:
    chat = await harness.user("Worker")
    await harness.choose_language(chat, language)
    sent = await harness.sandbox.send_text(chat, BEATING[language])
    emergency, alerted = await replies_after(harness, chat, sent, 2)
    assert "112" in emergency["text"] and "good:emergency" in buttons(emergency)
    assert alerted["text"].startswith(
        translator(language)
        .gettext(
            "I have alerted the hotline team. A person will answer you here as soon as "
            "possible. If you can, call <b>112</b> now: the call is free from any phone."
        )
        .split(".")[0]
    )
    _user, cases = await user_and_cases(harness, chat)
    assert len(cases) == 1
    case = cases[0]
    assert (case.status, case.risk, case.reason) == ("waiting", "urgent", "urgent:violence_now")
    assert case.indicator_list[0]["code"] == "violence"  # type: ignore[attr-defined]


@pytest.mark.parametrize("language", MIGRANT_LANGUAGES)
async def test_danger_the_lexicons_miss_is_asked_about_and_yes_is_urgent(
    harness: Harness, language: str
) -> None:
    chat = await harness.user("Worker")
    await harness.choose_language(chat, language)
    sent = await harness.sandbox.send_text(chat, FEARED_DANGER[language])
    question = await harness.next_reply(
        chat, sent["message_id"], predicate=lambda m: "yes:danger_now" in buttons(m)
    )
    first = default_check().next_question(default_check().start())
    assert first is not None and question["text"] == first.text[language]
    _user, cases = await user_and_cases(harness, chat)
    assert cases == []  # asking opens nothing: the answer decides
    await harness.sandbox.press_button(chat, question, data="yes:danger_now")
    emergency, _alerted = await replies_after(harness, chat, question, 2)
    assert "112" in emergency["text"] and "good:emergency" in buttons(emergency)
    _user, cases = await user_and_cases(harness, chat)
    assert [(case.risk, case.reason) for case in cases] == [
        ("urgent", "guided:urgent:help_in_danger")
    ]


@pytest.mark.parametrize("language", MIGRANT_LANGUAGES)
async def test_an_ordinary_passport_question_is_answered_without_a_flag(
    harness: Harness, language: str
) -> None:
    chat = await harness.user("Worker")
    await harness.choose_language(chat, language)
    sent = await harness.sandbox.send_text(chat, RENEW_PASSPORT[language])
    [reply] = await replies_after(harness, chat, sent, 1)
    await asyncio.sleep(1.5)
    assert len(await harness.sandbox.messages(chat, since=sent["message_id"], from_bot=True)) == 1
    assert any(data.startswith(("entry:", "good:")) for data in buttons(reply))
    _user, cases = await user_and_cases(harness, chat)
    assert cases == []


@pytest.mark.parametrize("language", MIGRANT_LANGUAGES)
async def test_the_guided_check_in_every_language(harness: Harness, language: str) -> None:
    chat = await harness.user("Worker")
    await harness.choose_language(chat, language)
    sent = await harness.sandbox.send_text(chat, "/check")
    _intro, question = await replies_after(harness, chat, sent, 2)
    answered = 0
    while True:
        data = buttons(question)
        assert len(data) == 3 and data[2].startswith("skip:")
        # "yes" to the documents question, "I'd rather not say" to the first, "no" elsewhere.
        question_id = data[0].split(":", 1)[1]
        choice = "yes" if "document" in question_id or "passport" in question_id else "no"
        if answered == 0:
            choice = "skip"
        await harness.sandbox.press_button(chat, question, data=f"{choice}:{question_id}")
        answered += 1
        question = await harness.next_reply(chat, question["message_id"])
        if not buttons(question)[0].startswith("yes:"):
            break
    result = question
    assert answered >= 8
    noticed = translator(language).gettext("Thank you. Here is what I noticed:")
    assert result["text"].split("\n")[0] == noticed
    assert "person:ask" in buttons(result)
    assert "entry:passport-taken" in buttons(result)
    _user, cases = await user_and_cases(harness, chat)
    assert [case.risk for case in cases] == ["high"]


async def test_an_old_question_button_does_nothing(harness: Harness) -> None:
    chat = await harness.user("Worker", language_code="ru")
    await harness.choose_language(chat, "ru")
    sent = await harness.sandbox.send_text(chat, "/check")
    _intro, first = await replies_after(harness, chat, sent, 2)
    await harness.sandbox.press_button(chat, first, data=buttons(first)[1])  # "no"
    second = await harness.next_reply(chat, first["message_id"])
    answer = await harness.press_and_answer(chat, first, buttons(first)[0])  # the old "yes"
    assert answer["text"] == "Эта кнопка больше не работает."
    await asyncio.sleep(1)
    later = await harness.sandbox.messages(chat, since=second["message_id"], from_bot=True)
    assert later == []


async def test_russian_keyboard_kazakh_is_answered_in_kazakh_before_any_choice(
    harness: Harness,
) -> None:
    chat = await harness.user("Aigerim", language_code="ru")
    sent = await harness.sandbox.send_text(chat, KEPT_PASSPORT["kk"])
    answer, _offer, menu = await replies_after(harness, chat, sent, 3)
    assert "Паспорт" in answer["text"] or "паспорт" in answer["text"]
    assert any(word in answer["text"] for word in ("сіз", "Сіз", "қ", "ә", "ұ"))
    assert menu["text"] == translator("kk").gettext("Choose your language:")
    assert buttons(menu)[0] == "lang:kk"


async def test_a_message_clearly_in_another_language_gets_a_switch_offer(
    harness: Harness,
) -> None:
    chat = await harness.user("Bakyt", language_code="ru")
    await harness.choose_language(chat, "ru")
    sent = await harness.sandbox.send_text(
        chat, "мен Казакстанда иштейм, айлыгымды бербей жатышат"
    )
    replies = await harness.sandbox.wait_for_messages(
        chat, since=sent["message_id"], predicate=lambda m: "switch:ky" in buttons(m), timeout=15
    )
    offer = replies[0]
    assert offer["text"] == "Кыргызча улантабызбы?"
    await harness.sandbox.press_button(chat, offer, data="switch:ky")
    await harness.next_reply(chat, offer["message_id"])
    user, _cases = await user_and_cases(harness, chat)
    assert user is not None and user.language == "ky"


async def test_menu_topics_entries_feedback_and_directory(harness: Harness) -> None:
    chat = await harness.user("Nodira", language_code="uz")
    await harness.choose_language(chat, "uz")
    menu = await harness.say(chat, "/menu")
    data = buttons(menu)
    assert data[0] == "entry:emergency", "emergency help is the first button of the menu"
    assert "check:start" in data and "dir:cities" in data and "person:ask" in data
    topic = next(item for item in data if item.startswith("topic:"))
    await harness.sandbox.press_button(chat, menu, data=topic)
    entries = await harness.next_reply(chat, menu["message_id"])
    first_entry = next(item for item in buttons(entries) if item.startswith("entry:"))
    await harness.sandbox.press_button(chat, entries, data=first_entry)
    entry = await harness.next_reply(chat, entries["message_id"])
    assert "Manba:" in entry["text"] and "Tekshirilgan sana:" in entry["text"]
    slug = first_entry.split(":", 1)[1]
    answer = await harness.press_and_answer(chat, entry, f"good:{slug}")
    assert answer["text"].startswith("Rahmat!")

    await harness.sandbox.press_button(chat, menu, data="dir:cities")
    cities = await harness.next_reply(chat, entry["message_id"])
    city = next(item for item in buttons(cities) if item.startswith("dir:"))
    await harness.sandbox.press_button(chat, cities, data=city)
    services = await harness.next_reply(chat, cities["message_id"])
    assert "112" in services["text"], "nationwide lines are listed in every city"

    vault = Vault.from_secret(harness.secret_key)
    engine = create_engine(harness.database_url)
    try:
        async with session_factory(engine)() as session:
            stored = list(await session.scalars(select(Feedback)))
        assert [(f.slug, f.language, f.helpful) for f in stored] == [(slug, "uz", True)]
        assert vault  # feedback rows carry no user reference at all
        assert not hasattr(Feedback, "user_id")
    finally:
        await engine.dispose()


async def test_emergency_is_two_taps_from_anywhere(harness: Harness) -> None:
    chat = await harness.user("Saule", language_code="kk")
    await harness.choose_language(chat, "kk")
    answer = await harness.say(chat, "паспортты қайда ұзартуға болады")
    assert "menu:main" in buttons(answer)
    await harness.sandbox.press_button(chat, answer, data="menu:main")
    menu = await harness.next_reply(chat, answer["message_id"])
    await harness.sandbox.press_button(chat, menu, data=buttons(menu)[0])
    emergency = await harness.next_reply(chat, menu["message_id"])
    assert "112" in emergency["text"]
