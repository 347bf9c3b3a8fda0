"""``senim sandbox`` (and ``senim run`` without a token): the bot against the local emulator.

Everything runs in one process on 127.0.0.1: the emulator with its web chat page, and the real
service pointed at it exactly as it would be at Telegram. The sandbox keeps its own database and
key in the data folder, apart from any real deployment's.
"""

from __future__ import annotations

from pydantic import SecretStr

from bot.app import run_until_stopped
from bot.config import Settings
from bot.crypto import sandbox_secret
from bot.sandbox import start_emulator
from bot.sandbox.client import SandboxClient

OPERATORS_GROUP_ID = -1001000000001
"""The operators' forum supergroup the sandbox creates."""

SANDBOX_OPERATORS: tuple[tuple[int, str], ...] = ((900001, "Aida"), (900002, "Timur"))
"""Two operator personas, so a tester can try taking a case from each other."""


async def run_sandbox(
    settings: Settings, *, port: int | None = None, rate_limits: bool | None = None
) -> None:
    """Run the emulator and the bot until SIGINT or SIGTERM."""
    emulator = await start_emulator(
        settings.sandbox.host,
        settings.sandbox.port if port is None else port,
        rate_limits=settings.sandbox.rate_limits if rate_limits is None else rate_limits,
    )
    try:
        async with SandboxClient(emulator.url) as sandbox:
            for user_id, name in SANDBOX_OPERATORS:
                await sandbox.create_user(name, user_id=user_id, language_code="en")
            await sandbox.create_group(
                "Senim operators",
                chat_id=OPERATORS_GROUP_ID,
                forum=True,
                members=[user_id for user_id, _ in SANDBOX_OPERATORS],
            )
        await run_until_stopped(
            sandbox_settings(settings, emulator.url, emulator.token),
            ready=lambda: print(
                f"Senim sandbox: open {emulator.url} to chat with the bot (Ctrl+C stops it)",
                flush=True,
            ),
        )
    finally:
        await emulator.stop()


def sandbox_settings(settings: Settings, emulator_url: str, token: str) -> Settings:
    """The settings of a service that talks to the emulator at ``emulator_url``."""
    database_url = SecretStr(settings.sqlalchemy_url())
    return settings.model_copy(
        update={
            "bot_token": SecretStr(token),
            "secret_key": settings.secret_key or SecretStr(sandbox_secret(settings.data_dir)),
            "database_url": database_url,
            "telegram": settings.telegram.model_copy(
                update={
                    "mode": "polling",
                    "api_base_url": f"{emulator_url}/bot",
                    "file_base_url": f"{emulator_url}/file/bot",
                    "poll_timeout": 10,
                }
            ),
            "operators": settings.operators.model_copy(
                update={
                    "group_chat_id": OPERATORS_GROUP_ID,
                    "on_call": settings.operators.on_call or [SANDBOX_OPERATORS[0][0]],
                }
            ),
        }
    )
