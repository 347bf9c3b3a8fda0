"""The floor for bench/throughput.py: the smallest python-telegram-bot bot that answers.

It echoes every text with PTB's own polling and concurrent updates: no database, no inbox, no
outbox. Whatever Senim costs on top of this is the price of durability and privacy.
"""

from __future__ import annotations

import os

from telegram import Update
from telegram.ext import Application, ContextTypes, MessageHandler, filters

READY_LINE = "echo bot is running"


async def echo(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.message is not None and update.message.text is not None
    await update.message.reply_text(update.message.text)


async def announce(_application: Application) -> None:  # type: ignore[type-arg]
    print(READY_LINE, flush=True)


def main() -> None:
    application = (
        Application.builder()
        .token(os.environ["TELEGRAM_BOT_TOKEN"])
        .base_url(os.environ["SENIM_TELEGRAM_API_BASE_URL"])
        .concurrent_updates(256)
        .connection_pool_size(256)
        .post_init(announce)
        .build()
    )
    application.add_handler(MessageHandler(filters.TEXT, echo))
    application.run_polling(poll_interval=0, timeout=2)


if __name__ == "__main__":
    main()
