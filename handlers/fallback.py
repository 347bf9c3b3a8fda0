"""Messages no other handler took: free text, media, edits, unknown commands and buttons."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from handlers import escalation
from handlers.common import current_turn, reply


async def voice(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Voice notes, audio and video notes: for the operator, or else the bot cannot listen."""
    if await escalation.relay_media(update, context):
        return
    turn = current_turn()
    await reply(
        update,
        turn.t.gettext("I cannot listen to voice messages. Please write your question in words."),
    )


async def other_media(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Photos, documents, locations…: for the operator, or else the bot reads only text."""
    if await escalation.relay_media(update, context):
        return
    turn = current_turn()
    await reply(
        update, turn.t.gettext("I can only read text. Please write your question in words.")
    )


async def edited(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
    """An edit of an earlier message: say so instead of acting twice on one message."""
    turn = current_turn()
    await reply(
        update,
        turn.t.gettext(
            "I only read new messages. If you changed something important, please send it again."
        ),
    )


async def unknown_command(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
    """A command the bot does not have."""
    turn = current_turn()
    await reply(
        update, turn.t.gettext("I do not know this command. Send /help to see what I can do.")
    )


async def stale_button(update: Update) -> None:
    """A button whose data is malformed, unknown or no longer valid."""
    turn = current_turn()
    query = update.callback_query
    assert query is not None and update.effective_chat is not None
    await turn.outbox.answer_callback(
        update.effective_chat.id, query.id, turn.t.gettext("This button no longer works.")
    )
