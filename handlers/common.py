"""What every handler module uses: the current turn, replies, keyboards."""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot import LANGUAGES
from bot.callbacks import Callback
from bot.i18n import native_name
from bot.turn import Turn, current_turn

__all__ = ["Turn", "current_turn", "keyboard", "language_keyboard", "reply"]


async def reply(update: Update, text: str, reply_markup: dict[str, Any] | None = None) -> None:
    """Queue a message to the chat the update came from.

    Nothing is queued for a user who blocked the bot: Telegram would refuse it. Unblocking
    arrives as a ``my_chat_member`` update before anything the person writes afterwards."""
    chat = update.effective_chat
    assert chat is not None, "handlers that reply are registered for updates with a chat"
    user = current_turn().user
    if user is not None and user.unreachable:
        return
    await current_turn().outbox.send_message(chat.id, text, reply_markup=reply_markup)


def keyboard(rows: list[list[tuple[str, Callback]]]) -> dict[str, Any]:
    """An inline keyboard from rows of (label, callback)."""
    markup = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(label, callback_data=callback.encode())
                for label, callback in row
            ]
            for row in rows
        ]
    )
    return markup.to_dict()


def language_keyboard(preselected: str | None) -> dict[str, Any]:
    """The five languages, the preselected one first and ticked, two to a row."""
    order = sorted(LANGUAGES, key=lambda language: language != preselected)
    buttons = [
        (
            ("✓ " if language == preselected else "") + native_name(language),
            Callback("lang", language),
        )
        for language in order
    ]
    return keyboard([buttons[index : index + 2] for index in range(0, len(buttons), 2)])
