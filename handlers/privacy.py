"""/privacy and /delete: what is kept, and erasing it on request."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot import escalation
from bot.callbacks import Callback
from handlers.common import current_turn, keyboard, reply


async def show_privacy(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
    """/privacy: what is stored, for how long, and how to erase it."""
    turn = current_turn()
    days = turn.settings.privacy.retention_days
    kept = turn.t.gettext(
        "What I keep: your messages, encrypted, and the language you chose. I do not keep your "
        "name, username or phone number. Hotline staff never see your Telegram name."
    )
    how_long = turn.t.ngettext(
        "Your messages are erased %(days)s day after your conversation ends.",
        "Your messages are erased %(days)s days after your conversation ends.",
        days,
    ) % {"days": days}
    erase = turn.t.gettext("To erase everything now, send /delete.")
    await reply(update, f"{kept}\n\n{how_long}\n\n{erase}")


async def ask_to_erase(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
    """/delete: ask before erasing, since it cannot be undone."""
    t = current_turn().t
    buttons = keyboard(
        [
            [
                (t.gettext("Yes, erase"), Callback("erase", "yes")),
                (t.gettext("No, keep"), Callback("erase", "no")),
            ]
        ]
    )
    await reply(
        update,
        t.gettext("This erases your messages and settings. It cannot be undone. Erase?"),
        buttons,
    )


async def erase(update: Update, callback: Callback) -> None:
    """The answer to the /delete question."""
    turn = current_turn()
    user = turn.user
    query = update.callback_query
    assert user is not None and query is not None and update.effective_chat is not None
    chat_id = update.effective_chat.id
    t = turn.t  # the user's language, read before the user is gone
    await turn.outbox.answer_callback(chat_id, query.id)
    if query.message is not None:
        await turn.outbox.call(
            chat_id, "editMessageReplyMarkup", {"message_id": query.message.message_id}
        )
    if callback.argument != "yes":
        await reply(update, t.gettext("Nothing was erased."))
        return
    case = await turn.repos.cases.open_case_of(user)
    if case is not None:
        await escalation.end_by_user(turn, case, erased=True)
    await turn.repos.users.erase(user)
    await turn.repos.audit.record("user", "erase")
    turn.user = None
    await reply(
        update,
        t.gettext(
            "Done. Everything I kept about you is erased. If you write again, we start anew."
        ),
    )
