"""Privacy by design: nothing readable at rest, and erasure on request."""

from __future__ import annotations

import asyncio
from pathlib import Path

from sqlalchemy import MetaData, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.crypto import Vault
from db.models import Message, User
from db.session import create_engine, session_factory
from tests.service.harness import Harness

SECRET_TEXT = "Zhanar keeps my passport 4815162342"


async def dump_everything(engine: AsyncEngine) -> str:
    """Every value of every table, as text."""
    metadata = MetaData()
    async with engine.connect() as connection:
        await connection.run_sync(metadata.reflect)
        parts = []
        for table in metadata.sorted_tables:
            for row in (await connection.execute(select(table))).all():
                for value in row:
                    if isinstance(value, bytes):
                        parts.append(value.decode("latin-1"))
                        parts.append(value.hex())
                    parts.append(str(value))
    return "\n".join(parts)


async def test_no_message_text_or_chat_id_is_stored_in_clear(harness: Harness) -> None:
    chat = await harness.user("Zhanar", language_code="kk")
    await harness.choose_language(chat, "kk")
    await harness.say(chat, SECRET_TEXT)
    await asyncio.sleep(0.5)
    engine = create_engine(harness.database_url)
    try:
        if harness.database_url.startswith("sqlite"):
            # The database file and its write-ahead log, as a thief would copy them.
            path = Path(harness.database_url.split("///", 1)[1])
            raw = b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))
            assert len(raw) > 4096
            assert SECRET_TEXT.encode() not in raw
            assert str(chat).encode() not in raw
        dumped = await dump_everything(engine)
        assert "passport 4815162342" not in dumped
        assert str(chat) not in dumped

        # …and yet the service can read what it stored.
        vault = Vault.from_secret(harness.secret_key)
        async with session_factory(engine)() as session:
            stored = await session.scalar(select(Message).where(Message.direction == "in"))
            assert stored is not None and stored.text_enc is not None
            assert vault.decrypt(stored.text_enc, "message.text") == SECRET_TEXT
    finally:
        await engine.dispose()


async def test_delete_erases_the_user_and_their_messages(harness: Harness) -> None:
    chat = await harness.user("Erlan", language_code="ru")
    await harness.choose_language(chat, "ru")
    await harness.say(chat, "мне не платят зарплату")
    question = await harness.say(chat, "/delete")
    await harness.sandbox.press_button(chat, question, data="erase:yes")
    done = await harness.next_reply(chat, question["message_id"])
    assert done["text"].startswith("Готово. Всё, что я хранил о вас, удалено.")

    vault = Vault.from_secret(harness.secret_key)
    engine = create_engine(harness.database_url)
    try:
        async with session_factory(engine)() as session:
            assert (
                await session.scalar(select(User).where(User.chat_key == vault.chat_key(chat)))
                is None
            )
            assert (await session.scalars(select(Message))).all() == []
    finally:
        await engine.dispose()

    again = await harness.say(chat, "/start")
    assert "inline_keyboard" in again.get("reply_markup", {}), "a new start asks the language"


async def test_delete_can_be_cancelled(harness: Harness) -> None:
    chat = await harness.user("Madina", language_code="ky")
    await harness.choose_language(chat, "ky")
    question = await harness.say(chat, "/delete")
    await harness.sandbox.press_button(chat, question, data="erase:no")
    kept = await harness.next_reply(chat, question["message_id"])
    assert kept["text"] == "Эч нерсе өчүрүлгөн жок."
