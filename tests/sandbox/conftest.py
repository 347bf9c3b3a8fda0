"""Fixtures: an emulator on 127.0.0.1 (port 0), PTB's Bot pointed at it, a control client."""

from collections.abc import AsyncIterator

import pytest
from telegram import Bot

from bot.sandbox import RunningEmulator, start_emulator
from bot.sandbox.client import SandboxClient


@pytest.fixture
async def emulator() -> AsyncIterator[RunningEmulator]:
    """An emulator without flood limits (tests of limits switch them on)."""
    running = await start_emulator(rate_limits=False, seed=7)
    yield running
    await running.stop()


@pytest.fixture
async def bot(emulator: RunningEmulator) -> AsyncIterator[Bot]:
    async with Bot(
        emulator.token, base_url=emulator.api_base_url, base_file_url=emulator.file_base_url
    ) as ptb_bot:
        yield ptb_bot


@pytest.fixture
async def sandbox(emulator: RunningEmulator) -> AsyncIterator[SandboxClient]:
    async with SandboxClient(emulator.url) as client:
        yield client


@pytest.fixture
async def user(sandbox: SandboxClient) -> dict:
    return await sandbox.create_user("Aigerim", language_code="kk", username="aigerim_k")


@pytest.fixture
async def operator(sandbox: SandboxClient) -> dict:
    return await sandbox.create_user("Operator", language_code="ru")


@pytest.fixture
async def group(sandbox: SandboxClient, user: dict, operator: dict) -> dict:
    return await sandbox.create_group("Operators", members=[user["id"]], admins=[operator["id"]])
