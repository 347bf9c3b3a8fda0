"""Runs before every other handler: finds the user, and applies the flood limit."""

from __future__ import annotations

from datetime import timedelta

from telegram import Update
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot.escalation import staff_t
from bot.flood import Verdict
from bot.i18n import language_from_telegram
from db.models import utcnow
from handlers.common import current_turn, reply

LAST_SEEN_STEP = timedelta(hours=1)
"""How stale ``last_seen_at`` may be. Retention counts idle time in days, and keeping the time
to the hour spares a write on every message."""


async def load_user(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
    """Attach the user (or, in the operators' group, the operator) to the turn; stop updates
    from other groups, from group members who are not operators, and floods."""
    chat = update.effective_chat
    turn = current_turn()
    if chat is not None and chat.id == turn.settings.operators.group_chat_id:
        await load_operator(update)
        return
    if chat is None or chat.type != chat.PRIVATE:
        raise ApplicationHandlerStop
    user = await turn.repos.users.get_or_create(chat.id)
    turn.user = user
    if update.my_chat_member is not None:
        return  # block/unblock: not a message, not counted
    now = utcnow()
    if now - user.last_seen_at >= LAST_SEEN_STEP:
        user.last_seen_at = now
    sender = update.effective_user
    if user.language_hint is None and sender is not None:
        user.language_hint = language_from_telegram(sender.language_code)

    assert turn.flood is not None, "updates are handled in the dispatcher's turns"
    verdict = turn.flood.register(user.id, now)
    if verdict is Verdict.OK:
        return
    if verdict is Verdict.WARN:
        await reply(
            update,
            turn.t.gettext(
                "You are writing very fast. Please wait a minute, then write again. "
                "The messages you sent just now were not kept."
            ),
        )
    raise ApplicationHandlerStop


async def load_operator(update: Update) -> None:
    """Attach the operator behind an update from the operators' group, or stop it."""
    turn = current_turn()
    sender = update.effective_user
    settings = turn.settings.operators
    if sender is None or sender.is_bot or update.my_chat_member is not None:
        raise ApplicationHandlerStop
    if not settings.is_operator(sender.id):
        query = update.callback_query
        if query is not None and update.effective_chat is not None:
            # Someone else in the group pressed a case's button: say why nothing happens,
            # rather than leave the button spinning.
            refusal = staff_t(turn).gettext("Only the hotline's operators can use these buttons.")
            await turn.outbox.answer_callback(update.effective_chat.id, query.id, refusal)
        raise ApplicationHandlerStop
    turn.operator = await turn.repos.operators.from_telegram(
        sender.id, sender.first_name, settings.role_of(sender.id)
    )
