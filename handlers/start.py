"""/start, /language, /help and the choice of language."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot.callbacks import Callback
from bot.i18n import native_name, translator
from handlers.common import current_turn, language_keyboard, reply


def help_text(language: str) -> str:
    """What the bot can do and its commands, in ``language``."""
    t = translator(language)
    return t.gettext(
        "Write your question in your own words, for example: "
        "<i>my employer took my passport</i>.\n\n"
        "/menu: topics\n"
        "/check: check your situation\n"
        "/emergency: help in an emergency\n"
        "/language: change the language\n"
        "/privacy: what I keep and how to erase it\n"
        "/help: this message\n\n"
        "If you are in danger now, call <b>112</b>. The call is free from any phone."
    )


async def start(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
    """Greet; ask for the language unless it was chosen before."""
    turn = current_turn()
    user = turn.user
    assert user is not None
    greeting = turn.t.gettext(
        "Hello! I am Senim. I help people who came to Kazakhstan to work: with documents, "
        "pay and safety. It is free and confidential."
    )
    if user.language is None:
        choose = turn.t.gettext("Choose your language:")
        # Tick only what we know about the person; the service default is no hint.
        turn.repos.users.set_state(user, "idle")
        await reply(update, f"{greeting}\n\n{choose}", language_keyboard(user.language_hint))
    else:
        await reply(update, f"{greeting}\n\n{help_text(user.language)}")


async def choose_language(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
    """/language: offer the languages again, the current one ticked."""
    turn = current_turn()
    await reply(update, turn.t.gettext("Choose your language:"), language_keyboard(turn.language))


async def show_help(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
    """/help."""
    await reply(update, help_text(current_turn().language))


async def set_language(update: Update, callback: Callback) -> None:
    """A language button was pressed (from the menu or from a switch offer)."""
    turn = current_turn()
    user = turn.user
    query = update.callback_query
    assert user is not None and query is not None
    user.language = callback.argument
    chat_id = update.effective_chat.id if update.effective_chat else user.id
    await turn.outbox.answer_callback(chat_id, query.id)
    if query.message is not None:
        # Take the buttons away so an old menu cannot be pressed again by mistake.
        await turn.outbox.call(
            chat_id, "editMessageReplyMarkup", {"message_id": query.message.message_id}
        )
    done = turn.t.gettext("Done! I will answer in English.")
    await reply(update, f"{done}\n\n{help_text(user.language)}")


async def keep_language(update: Update, _callback: Callback) -> None:
    """The user declined to switch languages: stop the spinner, take the offer away."""
    turn = current_turn()
    query = update.callback_query
    assert query is not None and update.effective_chat is not None
    chat_id = update.effective_chat.id
    await turn.outbox.answer_callback(chat_id, query.id, native_name(turn.language))
    if query.message is not None:
        await turn.outbox.call(
            chat_id, "editMessageReplyMarkup", {"message_id": query.message.message_id}
        )
