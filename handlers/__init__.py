"""Telegram adapters: each turns an update into service calls and queued replies, nothing more."""

from __future__ import annotations

from telegram import Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot import callbacks
from handlers import (
    check,
    escalation,
    fallback,
    faq,
    guard,
    membership,
    privacy,
    staff,
    start,
    text,
)
from handlers.common import current_turn
from handlers.errors import record_error

_BUTTONS = {
    "lang": start.set_language,
    "switch": start.set_language,
    "keep": start.keep_language,
    "erase": privacy.erase,
    "menu": faq.on_menu_button,
    "topic": faq.on_menu_button,
    "entry": faq.on_menu_button,
    "more": faq.on_menu_button,
    "good": faq.on_feedback,
    "bad": faq.on_feedback,
    "dir": faq.on_directory,
    "person": escalation.on_talk_to_person,
    "check": check.on_start_button,
    "yes": check.on_answer,
    "no": check.on_answer,
    "skip": check.on_answer,
    "end": escalation.on_end_button,
}


async def on_button(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
    """Route a button press by its parsed callback data."""
    query = update.callback_query
    assert query is not None
    callback = callbacks.parse(query.data)
    in_staff_group = current_turn().operator is not None
    if callback is None or (callback.action in callbacks.STAFF_ACTIONS) != in_staff_group:
        # Malformed, or a case button pressed outside the operators' group (forged data).
        await fallback.stale_button(update)
        return
    if in_staff_group:
        await staff.on_button(update, callback)
        return
    await _BUTTONS[callback.action](update, callback)


def register(application: Application, staff_group: int) -> None:  # type: ignore[type-arg]
    """Add every handler to the application, in the order they are tried."""
    application.add_handler(TypeHandler(Update, guard.load_user), group=-1)
    if staff_group:
        in_group = filters.Chat(staff_group) & ~filters.UpdateType.EDITED
        application.add_handlers(
            [
                CommandHandler("note", staff.note, filters=in_group),
                CommandHandler("take", staff.take, filters=in_group),
                CommandHandler("close", staff.close, filters=in_group),
                CommandHandler("urgent", staff.urgent, filters=in_group),
                CommandHandler("reply", staff.canned_reply, filters=in_group),
                CommandHandler("card", staff.show_card, filters=in_group),
                CommandHandler("help", staff.staff_help, filters=in_group),
                MessageHandler(in_group & filters.COMMAND, staff.staff_help),
                MessageHandler(in_group & ~filters.StatusUpdate.ALL, staff.on_message),
                MessageHandler(
                    filters.Chat(staff_group) & filters.UpdateType.EDITED, staff.edited
                ),
                # Service messages (topic created, members joined…) need nothing.
                MessageHandler(filters.Chat(staff_group), _ignore),
            ]
        )
    application.add_handlers(
        [
            ChatMemberHandler(membership.membership_changed, ChatMemberHandler.MY_CHAT_MEMBER),
            # Edits first: CommandHandler would otherwise act on an edited "/delete" again.
            MessageHandler(filters.UpdateType.EDITED, fallback.edited),
            CommandHandler("start", start.start),
            CommandHandler("language", start.choose_language),
            CommandHandler("help", start.show_help),
            CommandHandler("privacy", privacy.show_privacy),
            CommandHandler("delete", privacy.ask_to_erase),
            CommandHandler("menu", faq.show_menu),
            CommandHandler("emergency", faq.show_emergency),
            CommandHandler("check", check.start_check),
            CommandHandler("end", escalation.end_conversation),
            MessageHandler(filters.COMMAND, fallback.unknown_command),
            MessageHandler(filters.TEXT, text.on_text),
            MessageHandler(filters.VOICE | filters.AUDIO | filters.VIDEO_NOTE, fallback.voice),
            MessageHandler(filters.ALL, fallback.other_media),
            CallbackQueryHandler(on_button),
        ]
    )
    application.add_error_handler(record_error)


async def _ignore(_update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
    return
