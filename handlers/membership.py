"""The user blocked or unblocked the bot (``my_chat_member`` updates)."""

from __future__ import annotations

from telegram import ChatMember, Update
from telegram.ext import ContextTypes

from handlers.common import current_turn


async def membership_changed(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
    """Stop sending to a user who blocked the bot; resume when they unblock it."""
    turn = current_turn()
    change = update.my_chat_member
    assert change is not None and turn.user is not None
    status = change.new_chat_member.status
    turn.user.unreachable = status in (ChatMember.BANNED, ChatMember.LEFT)
