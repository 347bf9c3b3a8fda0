"""Running a bot as a child process against the emulator, as tests and benchmarks do.

The process is the real thing (``python -m bot run`` by default), configured only through its
environment, so what is tested and measured is what is deployed.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import sys
from dataclasses import dataclass, field
from pathlib import Path

from bot.sandbox import RunningEmulator

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SENIM_READY_LINE = "Senim is running"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def bot_env(
    emulator: RunningEmulator, database_url: str, secret_key: str, data_dir: Path, **extra: str
) -> dict[str, str]:
    """The environment of a Senim process that talks to ``emulator``."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("SENIM_", "TELEGRAM_"))
    }
    env.update(
        TELEGRAM_BOT_TOKEN=emulator.token,
        SENIM_SECRET_KEY=secret_key,
        SENIM_DATABASE_URL=database_url,
        SENIM_DATA_DIR=str(data_dir),
        SENIM_TELEGRAM_API_BASE_URL=emulator.api_base_url,
        SENIM_TELEGRAM_FILE_BASE_URL=emulator.file_base_url,
        SENIM_TELEGRAM_POLL_TIMEOUT="2",
        SENIM_WEB_PORT="0",
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


@dataclass
class BotProcess:
    """A bot child process, with its output kept for failure reports."""

    env: dict[str, str]
    argv: tuple[str, ...] = ("-m", "bot", "run")
    ready_line: str = SENIM_READY_LINE
    log: list[str] = field(default_factory=list)
    process: asyncio.subprocess.Process | None = None
    _reader: asyncio.Task[None] | None = None

    async def start(self, timeout: float = 30) -> None:
        """Start the process and wait until it logs ``ready_line``."""
        ready = asyncio.Event()
        self.process = await asyncio.create_subprocess_exec(
            sys.executable,
            *self.argv,
            cwd=PROJECT_ROOT,
            env=self.env,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
        )
        self._reader = asyncio.create_task(self._read(self.process, ready))
        try:
            async with asyncio.timeout(timeout):
                await ready.wait()
        except TimeoutError:
            await self.stop(kill=True)
            tail = "\n".join(self.log[-40:])
            raise RuntimeError(f"bot did not start:\n{tail}") from None

    async def _read(self, process: asyncio.subprocess.Process, ready: asyncio.Event) -> None:
        assert process.stdout is not None
        async for raw in process.stdout:
            line = raw.decode("utf-8", "replace").rstrip()
            self.log.append(line)
            if self.ready_line in line:
                ready.set()

    async def stop(self, *, kill: bool = False, grace: float = 20) -> int:
        """SIGTERM (a clean stop) or SIGKILL (a crash); returns the exit code.

        A process that has not stopped ``grace`` seconds after SIGTERM is killed."""
        if self.process is None:
            return 0
        if self.process.returncode is None:
            self.process.send_signal(signal.SIGKILL if kill else signal.SIGTERM)
        try:
            async with asyncio.timeout(grace):
                code = await self.process.wait()
        except TimeoutError:
            self.log.append(f"(no stop {grace:.0f} s after SIGTERM: killed)")
            self.process.kill()
            code = await self.process.wait()
        if self._reader is not None:
            with contextlib.suppress(asyncio.CancelledError, TimeoutError):
                async with asyncio.timeout(5):
                    await self._reader
        self.process = None
        return code
