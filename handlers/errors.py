"""The error handler: hand the failure to the dispatcher, which rolls back and retries."""

from __future__ import annotations

from telegram.ext import ApplicationHandlerStop, ContextTypes

from handlers.common import current_turn


async def record_error(_update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Keep the error on the turn; nothing of the update is committed."""
    error = context.error
    if error is not None:
        current_turn().error = error
    raise ApplicationHandlerStop
