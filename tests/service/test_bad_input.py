"""Bad input gets a clear answer in the user's language, and nothing breaks."""

from __future__ import annotations

import asyncio

from bot.i18n import translator
from tests.service.harness import Harness


async def test_media_edits_and_malformed_buttons_get_clear_answers(harness: Harness) -> None:
    chat = await harness.user("Aziz", language_code="uz")
    await harness.choose_language(chat, "uz")
    t = translator("uz")
    read_text_only = t.gettext("I can only read text. Please write your question in words.")

    sticker = await harness.sandbox.send_sticker(chat)
    assert (await harness.next_reply(chat, sticker["message_id"]))["text"] == read_text_only
    photo = await harness.sandbox.send_photo(chat)
    assert (await harness.next_reply(chat, photo["message_id"]))["text"] == read_text_only
    location = await harness.sandbox.send_location(chat, 43.25, 76.95)
    assert (await harness.next_reply(chat, location["message_id"]))["text"] == read_text_only

    voice = await harness.sandbox.send_voice(chat)
    reply = await harness.next_reply(chat, voice["message_id"])
    assert reply["text"] == t.gettext(
        "I cannot listen to voice messages. Please write your question in words."
    )

    sent = await harness.sandbox.send_text(chat, "salom")
    await harness.next_reply(chat, sent["message_id"])
    await harness.sandbox.edit_text(chat, chat, sent["message_id"], "salom, yordam kerak")
    edited = await harness.next_reply(
        chat, sent["message_id"], predicate=lambda m: "yangi" in m["text"]
    )
    assert edited["text"].startswith("Men faqat yangi xabarlarni")

    huge = "salom " * 680  # 4,080 characters, near Telegram's limit
    reply = await harness.say(chat, huge)
    assert reply["text"].startswith("Bunga javob topa olmadim")

    forwarded = await harness.sandbox.send_forward(
        chat, "Ish taklifi: Astanada qurilish", origin_name="X"
    )
    assert (await harness.next_reply(chat, forwarded["message_id"]))["text"]

    still_working = await harness.say(chat, "/help")
    assert "/language" in still_working["text"]


async def test_a_flood_is_answered_once_and_not_stored(harness: Harness) -> None:
    chat = await harness.user("Flooder", language_code="ru")
    await harness.choose_language(chat, "ru")
    since = (await harness.sandbox.messages(chat))[-1]["message_id"]
    await harness.bot.stop()
    harness.bot.env["SENIM_LIMITS_FLOOD_MESSAGES"] = "5"
    await harness.bot.start()
    for index in range(12):
        await harness.sandbox.send_text(chat, f"сообщение {index}")
    slow_down = translator("ru").gettext(
        "You are writing very fast. Please wait a minute, then write again. "
        "The messages you sent just now were not kept."
    )
    await harness.sandbox.wait_for_messages(
        chat, since=since, predicate=lambda m: m["text"] == slow_down, timeout=20
    )
    await asyncio.sleep(2)
    texts = [m["text"] for m in await harness.sandbox.messages(chat, since=since, from_bot=True)]
    assert texts.count(slow_down) == 1
    assert texts[-1] == slow_down, "after the warning, silence until the window ends"
    assert len(texts) <= 6, "at most five answers in the window, then the warning"


async def test_malformed_callback_data_is_refused_politely(harness: Harness) -> None:
    chat = await harness.user("Aziz", language_code="uz")
    await harness.choose_language(chat, "uz")
    menu = await harness.say(chat, "/language")
    for data in ("lang:xx", "nonsense", "erase:maybe", "lang:" + "k" * 58):
        answer = await harness.press_and_answer(chat, menu, data, forged=True)
        assert answer["text"] == translator("uz").gettext("This button no longer works.")
    still_working = await harness.say(chat, "/help")
    assert "/language" in still_working["text"]
