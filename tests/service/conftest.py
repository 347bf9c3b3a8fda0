"""Fixtures for end-to-end tests: the emulator, its client, and the real bot process.

``harness`` gives a test a bot, an emulator and a database of its own: for tests that crash,
restart or reconfigure the bot, or count every row. ``shared_harness`` is one bot for a whole
module, for tests that only talk to it as new users; starting the real bot is the slow part.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from bot.crypto import generate_secret
from bot.sandbox import start_emulator
from bot.sandbox.botprocess import BotProcess, bot_env
from bot.sandbox.client import SandboxClient
from tests.conftest import fresh_database
from tests.service.harness import Harness

STAFF_GROUP = -1001000000001
OPERATORS = {"Aida": 900001, "Timur": 900002}
SUPERVISOR = 900003
STAFF_ENV = {
    "SENIM_OPERATORS_GROUP_CHAT_ID": str(STAFF_GROUP),
    "SENIM_OPERATORS_ON_CALL": "[900001]",
    "SENIM_OPERATORS_ALLOW_LIST": "[900001, 900002]",
    "SENIM_OPERATORS_SUPERVISORS": f"[{SUPERVISOR}]",
    "SENIM_OPERATORS_WORKING_DAYS": "[1, 2, 3, 4, 5, 6, 7]",
    "SENIM_OPERATORS_WORKING_HOURS": "00:00-24:00",
}
"""An operators' group that is always at work, with two operators and a supervisor; anyone
else in it is not an operator."""


@contextlib.asynccontextmanager
async def running_harness(
    database_url: str,
    data_dir: Path,
    *,
    rate_limits: bool = False,
    forum: bool = True,
    extra_env: dict[str, str] | None = None,
) -> AsyncIterator[Harness]:
    """A running bot against a fresh emulator (rate limits off unless asked) and the given
    database, with the operators' group of :data:`STAFF_ENV` in the emulator."""
    emulator = await start_emulator(rate_limits=rate_limits, seed=11)
    secret_key = generate_secret()
    env = {**STAFF_ENV, **(extra_env or {})}
    bot = BotProcess(bot_env(emulator, database_url, secret_key, data_dir, **env))
    async with SandboxClient(emulator.url) as sandbox:
        for name, user_id in [*OPERATORS.items(), ("Saule", SUPERVISOR)]:
            await sandbox.create_user(name, user_id=user_id, language_code="en")
        await sandbox.create_group(
            "Senim operators",
            chat_id=STAFF_GROUP,
            forum=forum,
            members=[*OPERATORS.values(), SUPERVISOR],
        )
        await bot.start()
        try:
            yield Harness(emulator, sandbox, bot, database_url, secret_key)
        finally:
            await bot.stop()
            await emulator.stop()
            # Shown by pytest only when a test fails.
            print("\n--- bot log ---\n" + "\n".join(bot.log[-60:]))


@pytest.fixture
async def harness(database_url: str, tmp_path: Path) -> AsyncIterator[Harness]:
    """A bot, an emulator and a database for this test alone."""
    async with running_harness(database_url, tmp_path / "data") as running:
        yield running


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def shared_harness(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Harness]:
    """One bot, emulator and database for every test of a module."""
    scratch = tmp_path_factory.mktemp("shared")
    async with (
        fresh_database(scratch) as database_url,
        running_harness(database_url, scratch / "data") as running,
    ):
        yield running
