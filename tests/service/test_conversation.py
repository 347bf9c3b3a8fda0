"""The first conversation, end to end: the real bot process, the emulator, real HTTP."""

from __future__ import annotations

import pytest

from bot import LANGUAGES
from bot.i18n import translator
from handlers.start import help_text
from tests.service.harness import Harness

# These tests only talk to the bot as new users: one bot serves the whole module.
pytestmark = pytest.mark.asyncio(loop_scope="module")


@pytest.fixture
def harness(shared_harness: Harness) -> Harness:
    return shared_harness


GREETING = (
    "Hello! I am Senim. I help people who came to Kazakhstan to work: with documents, "
    "pay and safety. It is free and confidential."
)


def button_rows(message: dict) -> list[list[dict]]:
    return message.get("reply_markup", {}).get("inline_keyboard", [])


async def test_start_language_and_replies_in_every_language(harness: Harness) -> None:
    for language in LANGUAGES:
        t = translator(language)
        chat = await harness.user(f"User {language}")
        menu = await harness.say(chat, "/start")
        labels = [button["text"] for row in button_rows(menu) for button in row]
        assert len(labels) == len(LANGUAGES)

        await harness.sandbox.press_button(chat, menu, data=f"lang:{language}")
        confirmation = await harness.next_reply(chat, menu["message_id"])
        assert confirmation["text"].startswith(t.gettext("Done! I will answer in English."))

        reply = await harness.say(chat, "/help")
        assert reply["text"] == _plain(help_text(language))
        unknown = await harness.say(chat, "/nosuchcommand")
        assert unknown["text"] == t.gettext(
            "I do not know this command. Send /help to see what I can do."
        )


async def test_telegram_language_code_preselects_the_choice(harness: Harness) -> None:
    chat = await harness.user("Dilnoza", language_code="uz-Latn")
    menu = await harness.say(chat, "/start")
    first_button = button_rows(menu)[0][0]
    assert first_button["text"] == "✓ Oʻzbekcha"
    assert menu["text"].startswith(translator("uz").gettext(GREETING))


async def test_unknown_language_code_falls_back_to_the_default(harness: Harness) -> None:
    chat = await harness.user("Farrukh", language_code="tg")
    menu = await harness.say(chat, "/start")
    assert menu["text"].startswith(translator("ru").gettext(GREETING))
    assert not button_rows(menu)[0][0]["text"].startswith("✓")


async def test_language_can_be_changed_and_old_menu_disappears(harness: Harness) -> None:
    chat = await harness.user("Aibek", language_code="ky")
    await harness.choose_language(chat, "ky")
    menu = await harness.say(chat, "/language")
    assert button_rows(menu)[0][0]["text"] == "✓ Кыргызча"
    await harness.sandbox.press_button(chat, menu, data="lang:kk")
    confirmation = await harness.next_reply(chat, menu["message_id"])
    assert confirmation["text"].startswith("Дайын!")
    [edited] = [
        m for m in await harness.bot_messages(chat) if m["message_id"] == menu["message_id"]
    ]
    assert not button_rows(edited), "the pressed menu keeps no buttons"


@pytest.mark.parametrize("language", ["kk", "ru"])
async def test_privacy_and_plural_forms(harness: Harness, language: str) -> None:
    chat = await harness.user("Asel")
    await harness.choose_language(chat, language)
    reply = await harness.say(chat, "/privacy")
    expected = {"kk": "90 күннен соң", "ru": "через 90 дней"}[language]
    assert expected in reply["text"]
    assert "/delete" in reply["text"]


def _plain(html: str) -> str:
    """The text a user sees of an HTML message (the emulator strips the tags)."""
    for tag in ("<i>", "</i>", "<b>", "</b>"):
        html = html.replace(tag, "")
    return html
