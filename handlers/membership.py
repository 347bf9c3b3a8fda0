"""The user blocked or unblocked the bot (``my_chat_member`` updates)."""

from __future__ import annotations

import html

from telegram import ChatMember, Update
from telegram.ext import ContextTypes

from bot import escalation
from handlers.common import current_turn


async def membership_changed(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
    """Stop sending to a user who blocked the bot; resume when they unblock it.

    An operator talking to the person is told, so they do not write into the void."""
    turn = current_turn()
    change = update.my_chat_member
    assert change is not None and turn.user is not None
    status = change.new_chat_member.status
    blocked = status in (ChatMember.BANNED, ChatMember.LEFT)
    if blocked == turn.user.unreachable:
        return
    turn.user.unreachable = blocked
    case = await turn.repos.cases.open_case_of(turn.user)
    if case is not None:
        t = escalation.staff_t(turn)
        notice = (
            t.gettext("The person has blocked the bot: nothing can be sent to them.")
            if blocked
            else t.gettext("The person has unblocked the bot.")
        )
        await escalation.post_in_thread(turn, case, html.escape(notice))
