"""Escalation end to end: a migrant, two operators and a supervisor, through the emulator."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from sqlalchemy import select

from db.models import AuditEvent, Case, Message
from db.session import create_engine, session_factory
from tests.conftest import fresh_database
from tests.service.conftest import OPERATORS, STAFF_GROUP, running_harness
from tests.service.harness import Harness

AIDA, TIMUR = OPERATORS["Aida"], OPERATORS["Timur"]

LOCKED_IN = {
    "ru": "нас заперли на складе хозяин паспорт забрал",
    "kk": "бізді қамап қойды кожайын паспортымды алып қойды",
    "ky": "бизди заперли кожоюн чыгарбайт паспортту алып койду",
    "uz": "bizni qamab qo'yishdi xo'jayin pasportimni olib qo'ydi",
}


async def wait_until(
    probe: Callable[[], Any], *, timeout: float = 10, what: str = "condition"
) -> Any:
    """Poll an async probe until it returns something truthy."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        value = await probe()
        if value:
            return value
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.05)


async def new_topic(harness: Harness, known: set[int], timeout: float = 10) -> dict[str, Any]:
    """The first topic of the operators' group not in ``known``."""

    async def probe() -> dict[str, Any] | None:
        topics = await harness.sandbox.topics(STAFF_GROUP)
        fresh = [topic for topic in topics if topic["message_thread_id"] not in known]
        return fresh[0] if fresh else None

    return await wait_until(probe, timeout=timeout, what="a new case topic")


async def topic_ids(harness: Harness) -> set[int]:
    return {topic["message_thread_id"] for topic in await harness.sandbox.topics(STAFF_GROUP)}


async def in_topic(
    harness: Harness, thread: int, predicate: Callable[[dict[str, Any]], bool], timeout: float = 10
) -> dict[str, Any]:
    """The first message of the bot in a case topic that matches."""
    found = await harness.sandbox.wait_for_messages(
        STAFF_GROUP, thread_id=thread, predicate=predicate, timeout=timeout
    )
    return found[0]


def has_text(fragment: str) -> Callable[[dict[str, Any]], bool]:
    return lambda message: fragment in (message.get("text") or message.get("caption") or "")


def relayed_lines(post: dict[str, Any]) -> list[str]:
    """The person's messages in a post of the bot in a case topic ("#0001 › text" lines)."""
    return [
        line.split(" › ", 1)[1]
        for line in (post.get("text") or "").split("\n")
        if re.match(r"#\d+ › ", line)
    ]


def from_operator(message: dict[str, Any]) -> bool:
    return (message.get("text") or message.get("caption") or "").startswith("👤")


async def card_of(harness: Harness, thread: int) -> dict[str, Any]:
    return await in_topic(harness, thread, has_text("Status"))


async def escalate(harness: Harness, chat: int, language: str = "ru") -> dict[str, Any]:
    """A migrant asks for a person; returns their case's topic."""
    known = await topic_ids(harness)
    await harness.choose_language(chat, language)
    menu = await harness.say(chat, "/menu")
    await harness.press_and_answer(chat, menu, "person:ask")
    return await new_topic(harness, known)


async def operator_says(harness: Harness, operator: int, thread: int, text: str) -> None:
    await harness.sandbox.send_text(operator, text, chat_id=STAFF_GROUP, thread_id=thread)


async def audit_actions(harness: Harness) -> list[tuple[str, str]]:
    engine = create_engine(harness.database_url)
    try:
        async with session_factory(engine)() as session:
            events = await session.scalars(select(AuditEvent).order_by(AuditEvent.id))
            return [(event.actor, event.action) for event in events]
    finally:
        await engine.dispose()


async def case_row(harness: Harness) -> Case:
    engine = create_engine(harness.database_url)
    try:
        async with session_factory(engine)() as session:
            case = await session.scalar(select(Case).order_by(Case.id.desc()).limit(1))
            assert case is not None
            return case
    finally:
        await engine.dispose()


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def staffed(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Harness]:
    """One bot for the module's tests that only talk (each uses new users and cases)."""
    scratch: Path = tmp_path_factory.mktemp("staffed")
    async with (
        fresh_database(scratch) as database_url,
        running_harness(database_url, scratch / "data") as running,
    ):
        yield running


pytestmark = pytest.mark.asyncio(loop_scope="module")


@pytest.mark.parametrize("language", list(LOCKED_IN))
async def test_locked_in_reaches_an_operator_whose_card_says_why(
    staffed: Harness, language: str
) -> None:
    chat = await staffed.user(f"Worker {language}", language_code=language)
    await staffed.choose_language(chat, language)
    known = await topic_ids(staffed)
    await staffed.sandbox.send_text(chat, LOCKED_IN[language])

    topic = await new_topic(staffed, known, timeout=10)
    assert topic["name"].startswith("#")
    assert f"· {language.upper()} · URGENT ·" in topic["name"]
    assert "restricted_movement" in topic["name"]
    card = await card_of(staffed, topic["message_thread_id"])
    assert "restricted_movement" in card["text"] and "urgent:locked_in" in card["text"]
    assert "«" in card["text"], "the words that triggered the indicator are quoted"
    assert "Worker" not in card["text"], "the person's Telegram name is never shown"
    assert f"tg://user?id={AIDA}" in str(card.get("entities")), "the on-call operator is pinged"
    buttons = [b["callback_data"] for row in card["reply_markup"]["inline_keyboard"] for b in row]
    assert buttons[0].startswith("take:") and buttons[1].startswith("close:")
    # The person got the emergency numbers at once.
    texts = [m["text"] for m in await staffed.bot_messages(chat)]
    assert any("112" in text for text in texts)


async def test_talk_to_a_person_opens_a_case_and_tells_the_wait(staffed: Harness) -> None:
    chat = await staffed.user("Dilnoza", language_code="uz")
    topic = await escalate(staffed, chat, "uz")
    assert "· UZ · NONE" in topic["name"]
    waiting = await staffed.sandbox.wait_for_messages(chat, predicate=has_text("/end"), timeout=10)
    assert "daqiqa" in waiting[0]["text"] and "112" in waiting[0]["text"]


async def test_an_indicator_only_the_reader_found_is_marked_a_guess_on_the_card(
    staffed: Harness,
) -> None:
    # No lexicon pattern knows these words; the indicator reader reads the farm as a place the
    # boss never lets anyone leave (high, at work), so the bot offers a person.
    farm = (
        "мы на ферме далеко от города, автобусов нет, хозяин возит только сам и никуда нас "
        "не берет"
    )
    chat = await staffed.user("Farhod", language_code="ru")
    await staffed.choose_language(chat, "ru")
    offer = await staffed.sandbox.wait_for_messages(
        chat,
        since=(await staffed.sandbox.send_text(chat, farm))["message_id"],
        predicate=lambda m: "person:ask" in str(m.get("reply_markup")),
        timeout=10,
    )
    known = await topic_ids(staffed)
    await staffed.press_and_answer(chat, offer[0], "person:ask")
    topic = await new_topic(staffed, known)
    card = await card_of(staffed, topic["message_thread_id"])
    line = next(row for row in card["text"].splitlines() if "restricted_movement" in row)
    assert "«никуда»" in line and "guessed from similar messages" in line


async def test_high_screening_offers_a_person_and_the_guided_check_opens_a_case(
    staffed: Harness,
) -> None:
    chat = await staffed.user("Murat", language_code="ru")
    await staffed.choose_language(chat, "ru")
    offer = await staffed.sandbox.wait_for_messages(
        chat,
        since=(await staffed.sandbox.send_text(chat, "бригадир забрал паспорт и не отдает"))[
            "message_id"
        ],
        predicate=lambda m: "person:ask" in str(m.get("reply_markup")),
        timeout=10,
    )
    known = await topic_ids(staffed)
    await staffed.press_and_answer(chat, offer[0], "person:ask")
    topic = await new_topic(staffed, known)
    assert "HIGH" in topic["name"] and "documents_retained" in topic["name"]

    # The guided check: "yes" to danger now is urgent at once.
    other = await staffed.user("Saltanat", language_code="kk")
    await staffed.choose_language(other, "kk")
    known = await topic_ids(staffed)
    sent = await staffed.sandbox.send_text(other, "/check")
    question = await staffed.next_reply(
        other, sent["message_id"], predicate=lambda m: "yes:danger_now" in str(m)
    )
    await staffed.press_and_answer(other, question, "yes:danger_now")
    topic = await new_topic(staffed, known)
    assert "URGENT" in topic["name"]
    card = await card_of(staffed, topic["message_thread_id"])
    assert "guided:" in card["text"] and "danger_now: yes" in card["text"]


async def test_relay_both_ways_with_media_and_notes_stay_internal(staffed: Harness) -> None:
    chat = await staffed.user("Aziz", language_code="ky")
    topic = await escalate(staffed, chat, "ky")
    thread = topic["message_thread_id"]

    # The person writes, sends a photo, a voice note, a document and a location.
    await staffed.sandbox.send_text(chat, "мен Бишкектен келдим")
    await staffed.sandbox.send_photo(chat, b"\x89PNG photo", caption="келишим")
    await staffed.sandbox.send_voice(chat, b"OggS voice")
    await staffed.sandbox.send_document(chat, b"%PDF-1.4 contract", file_name="contract.pdf")
    await staffed.sandbox.send_location(chat, 43.24, 76.95)
    await in_topic(staffed, thread, has_text("мен Бишкектен келдим"))
    received = await staffed.sandbox.wait_for_messages(
        STAFF_GROUP,
        thread_id=thread,
        predicate=lambda m: any(k in m for k in ("photo", "voice", "document", "location")),
        count=4,
        timeout=10,
    )
    assert {k for m in received for k in ("photo", "voice", "document", "location") if k in m} == {
        "photo",
        "voice",
        "document",
        "location",
    }

    # The operator answers with text, a photo, a voice note and a document; and a note.
    await operator_says(staffed, AIDA, thread, "Саламатсызбы! Азыр кайдасыз?")
    await operator_says(staffed, AIDA, thread, "/note passport seen on the photo")
    await staffed.sandbox.send_photo(AIDA, b"\x89PNG map", chat_id=STAFF_GROUP, thread_id=thread)
    await staffed.sandbox.send_voice(AIDA, b"OggS hello", chat_id=STAFF_GROUP, thread_id=thread)
    await staffed.sandbox.send_document(
        AIDA, b"%PDF leaflet", file_name="leaflet.pdf", chat_id=STAFF_GROUP, thread_id=thread
    )
    new = await staffed.sandbox.wait_for_messages(
        chat, count=4, predicate=from_operator, timeout=10
    )
    assert new[0]["text"] == "👤 Оператор\nСаламатсызбы! Азыр кайдасыз?"
    assert [next(k for k in ("photo", "voice", "document") if k in m) for m in new[1:4]] == [
        "photo",
        "voice",
        "document",
    ]
    assert all(m["caption"].startswith("👤 Оператор") for m in new[1:4])
    await asyncio.sleep(1)
    everything = " ".join(str(m) for m in await staffed.bot_messages(chat))
    assert "passport seen" not in everything, "a note is never sent to the person"
    assert "Aida" not in everything, "the operator's name is never shown to the person"
    assert any(
        actor.startswith("operator:") and action == "noted"
        for actor, action in await audit_actions(staffed)
    )


async def test_take_and_close_with_buttons_and_the_person_is_told(staffed: Harness) -> None:
    chat = await staffed.user("Gulzhan", language_code="kk")
    topic = await escalate(staffed, chat, "kk")
    thread = topic["message_thread_id"]
    card = await card_of(staffed, thread)
    case_id = card["reply_markup"]["inline_keyboard"][0][0]["callback_data"].split(":")[1]

    answer = await staffed.press_and_answer(AIDA, card, f"take:{case_id}")
    assert not answer.get("text")
    await in_topic(staffed, thread, has_text("taken by Aida"))
    refused = await staffed.press_and_answer(TIMUR, card, f"close:{case_id}")
    assert not refused.get("text")  # Close shows the outcomes first
    outcome = f"out:{case_id}-referred_ngo"
    await wait_until(
        lambda: _has_button(staffed, thread, card["message_id"], outcome),
        what="the outcome buttons on the card",
    )
    refused = await staffed.press_and_answer(TIMUR, card, outcome)
    assert "Only the operator who took this case" in refused["text"]
    await staffed.press_and_answer(AIDA, card, f"out:{case_id}-referred_ngo")

    closed = await staffed.sandbox.wait_for_messages(
        chat, predicate=has_text("Сенім телефонының командасы бұл әңгімені аяқтады"), timeout=10
    )
    assert closed
    topic_now = await wait_until(
        lambda: _topic(staffed, thread), what="the topic to close", timeout=10
    )
    assert topic_now["name"].startswith("✅") and topic_now["closed"]
    actions = [action for _, action in await audit_actions(staffed)]
    assert "took" in actions and "closed" in actions


async def test_a_case_button_pressed_by_someone_not_an_operator_says_why_and_does_nothing(
    staffed: Harness,
) -> None:
    chat = await staffed.user("Madina", language_code="ru")
    topic = await escalate(staffed, chat, "ru")
    card = await card_of(staffed, topic["message_thread_id"])
    take = card["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    stranger = await staffed.user("Visitor")

    answer = await staffed.press_and_answer(stranger, card, take)

    assert answer["text"] == "Only the hotline's operators can use these buttons."
    assert (await case_row(staffed)).operator_id is None


async def _has_button(harness: Harness, thread: int, message_id: int, data: str) -> bool:
    for message in await harness.sandbox.messages(STAFF_GROUP, thread_id=thread):
        if message["message_id"] == message_id:
            return data in str(message.get("reply_markup"))
    return False


async def _topic(harness: Harness, thread: int) -> dict[str, Any] | None:
    for topic in await harness.sandbox.topics(STAFF_GROUP):
        if topic["message_thread_id"] == thread and topic["closed"]:
            return topic
    return None


async def test_two_operators_take_at_once_one_wins(staffed: Harness) -> None:
    chat = await staffed.user("Erlan", language_code="ru")
    topic = await escalate(staffed, chat, "ru")
    card = await card_of(staffed, topic["message_thread_id"])
    data = card["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    answers = await asyncio.gather(
        staffed.press_and_answer(AIDA, card, data), staffed.press_and_answer(TIMUR, card, data)
    )
    texts = sorted(answer.get("text") or "" for answer in answers)
    assert texts[0] == "" and texts[1].startswith("Already taken by ")


async def test_commands_take_close_and_canned_reply(staffed: Harness) -> None:
    chat = await staffed.user("Nodira", language_code="uz")
    topic = await escalate(staffed, chat, "uz")
    thread = topic["message_thread_id"]
    await operator_says(staffed, TIMUR, thread, "/take")
    await in_topic(staffed, thread, has_text("taken by Timur"))
    await operator_says(staffed, TIMUR, thread, "/reply passport-taken")
    # The entry, in the person's language.
    await staffed.sandbox.wait_for_messages(
        chat, predicate=has_text("Ish beruvchi pasportimni olib qoʻydi"), timeout=10
    )
    await operator_says(staffed, TIMUR, thread, "/card")
    await wait_until(
        lambda: _count(staffed, thread, "Status"), what="the card posted again", timeout=10
    )
    assert ("operator:", "viewed") in {
        (actor[:9], action) for actor, action in await audit_actions(staffed)
    }
    await operator_says(staffed, TIMUR, thread, "/close no_such_outcome")
    await in_topic(staffed, thread, has_text("Choose an outcome"))
    await operator_says(staffed, TIMUR, thread, "/urgent")
    await wait_until(
        lambda: _named(staffed, thread, "URGENT"), what="the topic to say URGENT", timeout=10
    )
    await operator_says(staffed, TIMUR, thread, "/close information_given")
    await wait_until(lambda: _topic(staffed, thread), what="the topic to close", timeout=10)


async def _count(harness: Harness, thread: int, fragment: str) -> bool:
    """True once two bot messages in the topic contain ``fragment``."""
    messages = await harness.sandbox.messages(STAFF_GROUP, thread_id=thread, from_bot=True)
    return sum(fragment in (m.get("text") or "") for m in messages) >= 2


async def _named(harness: Harness, thread: int, fragment: str) -> bool:
    return any(
        topic["message_thread_id"] == thread and fragment in topic["name"]
        for topic in await harness.sandbox.topics(STAFF_GROUP)
    )


async def test_the_person_can_end_the_conversation(staffed: Harness) -> None:
    chat = await staffed.user("Rustam", language_code="ru")
    topic = await escalate(staffed, chat, "ru")
    await staffed.sandbox.send_text(chat, "/end")
    await staffed.sandbox.wait_for_messages(
        chat, predicate=has_text("снова общаетесь с ботом"), timeout=10
    )
    await in_topic(staffed, topic["message_thread_id"], has_text("ended the conversation"))
    # Back with the bot: a question is answered from the content, not relayed.
    answer = await staffed.say(chat, "где продлить регистрацию")
    assert "Оператор" not in answer["text"]


async def test_erasing_ones_data_closes_the_case_and_tells_the_operators(
    staffed: Harness,
) -> None:
    chat = await staffed.user("Erased", language_code="ru")
    topic = await escalate(staffed, chat, "ru")
    thread = topic["message_thread_id"]
    sent = await staffed.sandbox.send_text(chat, "/delete")
    question = await staffed.next_reply(
        chat, sent["message_id"], predicate=lambda m: "erase:yes" in str(m)
    )
    await staffed.press_and_answer(chat, question, "erase:yes")
    await in_topic(staffed, thread, has_text("erased their data"))
    await wait_until(lambda: _topic(staffed, thread), what="the topic to close", timeout=10)


async def test_an_operator_reply_to_a_user_who_blocked_the_bot_is_refused(
    staffed: Harness,
) -> None:
    chat = await staffed.user("Blocked", language_code="ru")
    topic = await escalate(staffed, chat, "ru")
    await staffed.sandbox.block(chat)
    # The operators are told at once; from then on an answer is refused, not lost.
    await in_topic(staffed, topic["message_thread_id"], has_text("nothing can be sent"))
    await operator_says(staffed, AIDA, topic["message_thread_id"], "Вы здесь?")
    await in_topic(staffed, topic["message_thread_id"], has_text("nothing was sent"))


async def test_an_operator_edit_is_not_taken_as_sent(staffed: Harness) -> None:
    chat = await staffed.user("Edited", language_code="ru")
    thread = (await escalate(staffed, chat, "ru"))["message_thread_id"]
    sent = await staffed.sandbox.send_text(
        AIDA, "Приходите в пятницу", chat_id=STAFF_GROUP, thread_id=thread
    )
    await staffed.sandbox.wait_for_messages(chat, predicate=has_text("в пятницу"), timeout=10)
    await staffed.sandbox.edit_text(AIDA, STAFF_GROUP, sent["message_id"], "Приходите в субботу")
    # The operator learns that the person still has Friday, and how to correct it.
    await in_topic(staffed, thread, has_text("Edits are not passed on"))
    texts = [m.get("text") or "" for m in await staffed.bot_messages(chat)]
    assert not any("субботу" in text for text in texts)


async def test_sla_reannounces_a_waiting_case_and_survives_restart(
    database_url: str, tmp_path: Path
) -> None:
    env = {
        "SENIM_OPERATORS_REANNOUNCE_MINUTES": "{none: 0.02}",
        "SENIM_OPERATORS_WATCH_SECONDS": "0.3",
    }
    async with running_harness(database_url, tmp_path / "data", extra_env=env) as harness:
        chat = await harness.user("Waiting", language_code="ru")
        topic = await escalate(harness, chat, "ru")
        thread = topic["message_thread_id"]
        await in_topic(harness, thread, has_text("has waited"), timeout=10)
        await harness.bot.stop(kill=True)
        count = len(await harness.sandbox.messages(STAFF_GROUP, thread_id=thread, from_bot=True))
        await harness.bot.start()
        await harness.sandbox.wait_for_messages(
            STAFF_GROUP, thread_id=thread, count=count + 1, timeout=15
        )
        # Taken: no more announcements.
        await operator_says(harness, AIDA, thread, "/take")
        await in_topic(harness, thread, has_text("taken by Aida"))
        await asyncio.sleep(1)
        settled = len(await harness.sandbox.messages(STAFF_GROUP, thread_id=thread))
        await asyncio.sleep(1.5)
        assert len(await harness.sandbox.messages(STAFF_GROUP, thread_id=thread)) == settled


async def test_restart_mid_conversation_loses_and_repeats_nothing(
    database_url: str, tmp_path: Path
) -> None:
    async with running_harness(database_url, tmp_path / "data") as harness:
        chat = await harness.user("Restart", language_code="ky")
        topic = await escalate(harness, chat, "ky")
        thread = topic["message_thread_id"]
        await harness.bot.stop(kill=True)
        for index in range(3):
            await harness.sandbox.send_text(chat, f"билдирүү {index}")
            await operator_says(harness, AIDA, thread, f"жооп {index}")
        await harness.bot.start()
        await harness.bot.stop(kill=True)  # again, wherever it was
        await harness.bot.start()
        await harness.sandbox.wait_for_messages(chat, predicate=has_text("жооп 2"), timeout=15)
        await asyncio.sleep(2)
        to_person = [m["text"] for m in await harness.bot_messages(chat) if from_operator(m)]
        assert to_person == [f"👤 Оператор\nжооп {index}" for index in range(3)]
        # In the whole group: had the bot died between Telegram creating the topic and
        # recording it, the case got a second topic (and the operator's words in the first
        # still reached the person, above).
        posts = await harness.sandbox.messages(STAFF_GROUP, from_bot=True)
        relayed = [line for post in posts for line in relayed_lines(post)]
        assert relayed == [f"билдирүү {index}" for index in range(3)]


async def test_group_rate_limit_merges_a_burst_and_loses_nothing(
    database_url: str, tmp_path: Path
) -> None:
    async with running_harness(database_url, tmp_path / "data", rate_limits=True) as harness:
        chat = await harness.user("Burst", language_code="ru")
        topic = await escalate(harness, chat, "ru")
        thread = topic["message_thread_id"]
        for index in range(15):
            await harness.sandbox.send_text(chat, f"сообщение номер {index}")
        await in_topic(harness, thread, has_text("сообщение номер 14"), timeout=30)
        posts = await harness.sandbox.messages(STAFF_GROUP, thread_id=thread, from_bot=True)
        lines = [line for post in posts for line in relayed_lines(post)]
        assert lines == [f"сообщение номер {index}" for index in range(15)], "all, once, in order"
        assert len(posts) < 15, "the burst was merged"
        refused = [c for c in await harness.sandbox.calls() if c["status"] == 429]
        assert not [c for c in refused if str(c["params"].get("chat_id")) == str(STAFF_GROUP)]


async def test_without_topics_a_case_is_a_thread_of_replies(
    database_url: str, tmp_path: Path
) -> None:
    async with running_harness(database_url, tmp_path / "data", forum=False) as harness:
        chat = await harness.user("NoTopics", language_code="ru")
        await harness.choose_language(chat, "ru")
        menu = await harness.say(chat, "/menu")
        await harness.press_and_answer(chat, menu, "person:ask")
        card = (
            await harness.sandbox.wait_for_messages(
                STAFF_GROUP, predicate=has_text("Status"), timeout=10
            )
        )[0]
        await harness.sandbox.send_text(chat, "я здесь")
        relayed = (
            await harness.sandbox.wait_for_messages(
                STAFF_GROUP, predicate=has_text("я здесь"), timeout=10
            )
        )[0]
        assert relayed["reply_to_message"]["message_id"] == card["message_id"]
        await harness.sandbox.send_text(
            AIDA, "Здравствуйте!", chat_id=STAFF_GROUP, reply_to=relayed["message_id"]
        )
        reply = await harness.sandbox.wait_for_messages(chat, predicate=from_operator, timeout=10)
        assert reply[0]["text"] == "👤 Оператор\nЗдравствуйте!"


async def test_messages_are_stored_encrypted_with_the_case(staffed: Harness) -> None:
    chat = await staffed.user("Stored", language_code="ru")
    topic = await escalate(staffed, chat, "ru")
    await staffed.sandbox.send_text(chat, "секретный текст")
    await in_topic(staffed, topic["message_thread_id"], has_text("секретный текст"))
    engine = create_engine(staffed.database_url)
    try:
        async with session_factory(engine)() as session:
            rows = list(await session.scalars(select(Message).where(Message.case_id.is_not(None))))
    finally:
        await engine.dispose()
    secret = "секретный текст".encode()
    assert rows and all(secret not in (row.text_enc or b"") for row in rows)
