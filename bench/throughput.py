"""Throughput and latency of the whole bot, through the local emulator (rate limits off).

N simulated users each send M messages. Two phases per bot:
  paced  messages go out at --rate per second, --paced-batch at a time (5: one batch every
         25 ms at 200/s, close to an even stream; 50 at once every quarter second is a small
         burst each time, and its p99 is mostly the time to drain it); latency is from "user
         sent" to "reply visible in the emulator" (the emulator's log of the bot's
         sendMessage calls), p50/p95/p99;
  burst  every message at once; updates/s is messages / (last reply - first message), and the
         bot process's CPU time (user + system, from /proc) per update.
Bots: Senim on SQLite, Senim on PostgreSQL (if reachable), and a minimal python-telegram-bot
echo bot with no database as the floor, all against the same emulator code.

    .venv/bin/python bench/throughput.py [--users 200] [--messages 5] [--rate 200]
        [--paced-batch 5] [--bots echo,sqlite,postgresql]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.echo_bot import READY_LINE as ECHO_READY
from bot.crypto import generate_secret
from bot.sandbox import RunningEmulator, start_emulator
from bot.sandbox.botprocess import BotProcess, bot_env
from bot.sandbox.client import SandboxClient
from db import migrate

POSTGRES_URL = "postgresql+asyncpg://root@127.0.0.1:5432/test"


@dataclass
class Result:
    bot: str
    paced_rate: float
    paced_done: float
    p50: float
    p95: float
    p99: float
    burst_rate: float
    burst_cpu_ms: float
    lost: int


async def run_bot(
    name: str,
    emulator: RunningEmulator,
    process: BotProcess,
    users: int,
    messages: int,
    rate: float,
    paced_batch: int,
) -> Result:
    """Drive one bot through both phases and measure."""
    async with SandboxClient(emulator.url) as sandbox:
        await process.start(timeout=60)
        try:
            chats = [
                int((await sandbox.create_user(f"User {index}", language_code="ru"))["id"])
                for index in range(users)
            ]
            await choose_language(sandbox, chats)
            paced = await paced_phase(sandbox, chats, messages, rate, paced_batch)
            assert process.process is not None
            cpu_before = cpu_seconds(process.process.pid)
            burst_rate, lost = await burst_phase(sandbox, chats, messages)
            burst_cpu = cpu_seconds(process.process.pid) - cpu_before
        finally:
            await process.stop()
    latencies, done_rate, paced_lost = paced
    if lost + paced_lost:
        # A lost reply is a finding, not noise: show what the bot said about it.
        tail = "\n".join(process.log[-30:])
        print(f"--- {name}: the end of its log ---\n{tail}", file=sys.stderr)
    cpu_ms = burst_cpu * 1000 / (users * messages)
    return Result(
        name, rate, done_rate, *percentiles(latencies), burst_rate, cpu_ms, lost + paced_lost
    )


def cpu_seconds(pid: int) -> float:
    """CPU time a process has used so far (user + system); NaN where /proc is missing."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return float("nan")
    # The fields after the command name, which is in parentheses and may hold spaces.
    fields = stat.rsplit(")", 1)[1].split()
    utime, stime = int(fields[11]), int(fields[12])
    return (utime + stime) / os.sysconf("SC_CLK_TCK")


async def paced_phase(
    sandbox: SandboxClient, chats: list[int], messages: int, rate: float, batch_size: int
) -> tuple[list[float], float, int]:
    """Send at a fixed rate, ``batch_size`` messages at a time; return latencies (ms),
    achieved rate and lost replies."""
    start_seq = await last_seq(sandbox)
    total = len(chats) * messages
    sent_at: dict[int, list[float]] = {chat: [] for chat in chats}
    interval = batch_size / rate
    started = time.time()
    items = [(chat, index) for index in range(messages) for chat in chats]
    for offset in range(0, total, batch_size):
        due = started + (offset // batch_size) * interval
        await asyncio.sleep(max(0.0, due - time.time()))
        batch = items[offset : offset + batch_size]
        now = time.time()
        await sandbox.send_batch(
            [{"kind": "text", "user_id": chat, "text": f"вопрос {index}"} for chat, index in batch]
        )
        for chat, _index in batch:
            sent_at[chat].append(now)
    replies = await wait_for_replies(sandbox, start_seq, total)
    latencies = []
    for chat, times in replies.items():
        for sent, replied in zip(sent_at[chat], times, strict=False):
            latencies.append((replied - sent) * 1000)
    finished = max((t for times in replies.values() for t in times), default=time.time())
    lost = total - sum(len(times) for times in replies.values())
    return latencies, total / (finished - started), lost


async def burst_phase(
    sandbox: SandboxClient, chats: list[int], messages: int
) -> tuple[float, int]:
    """Send everything at once; return updates/s and lost replies."""
    start_seq = await last_seq(sandbox)
    total = len(chats) * messages
    items = [
        {"kind": "text", "user_id": chat, "text": f"ещё {index}"}
        for index in range(messages)
        for chat in chats
    ]
    started = time.time()
    for offset in range(0, total, 500):
        await sandbox.send_batch(items[offset : offset + 500])
    replies = await wait_for_replies(sandbox, start_seq, total)
    finished = max((t for times in replies.values() for t in times), default=time.time())
    received = sum(len(times) for times in replies.values())
    return received / (finished - started), total - received


async def last_seq(sandbox: SandboxClient) -> int:
    calls = await sandbox.calls()
    return calls[-1]["seq"] if calls else 0


async def wait_for_replies(
    sandbox: SandboxClient, since: int, expected: int, timeout: float = 120
) -> dict[int, list[float]]:
    """Reply times per chat from the emulator's call log, once all arrived or time ran out."""
    deadline = time.monotonic() + timeout
    while True:
        calls = [
            call
            for call in await sandbox.calls("sendMessage", since=since)
            if call["status"] == 200
        ]
        if len(calls) >= expected or time.monotonic() > deadline:
            break
        await asyncio.sleep(0.25)
    replies: dict[int, list[float]] = {}
    for call in calls:
        replies.setdefault(int(call["params"]["chat_id"]), []).append(call["time"])
    return replies


async def choose_language(sandbox: SandboxClient, chats: list[int]) -> None:
    """Every user starts and picks Russian first, so each later message gets one answer."""
    await sandbox.send_batch(
        [{"kind": "text", "user_id": chat, "text": "/start"} for chat in chats]
    )
    for chat in chats:
        [menu] = await sandbox.wait_for_messages(chat, count=1, timeout=120)
        if "lang:ru" in str(menu.get("reply_markup", "")):
            await sandbox.press_button(chat, menu, data="lang:ru")
            await sandbox.wait_for_messages(chat, count=2, timeout=120)


def percentiles(values: list[float]) -> tuple[float, float, float]:
    if len(values) < 2:
        return (values[0],) * 3 if values else (float("nan"),) * 3
    cuts = statistics.quantiles(values, n=100)
    return cuts[49], cuts[94], cuts[98]


async def postgres_database() -> str | None:
    """A fresh PostgreSQL database for one run, or None when the server is not reachable."""
    name = f"senim_bench_{uuid.uuid4().hex[:10]}"
    admin = create_async_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    try:
        async with admin.connect() as connection:
            await connection.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception:  # no server: the run simply has no PostgreSQL row
        return None
    finally:
        await admin.dispose()
    url = f"{POSTGRES_URL.rsplit('/', 1)[0]}/{name}"
    await asyncio.to_thread(migrate.upgrade, url)
    return url


async def drop_database(url: str) -> None:
    name = url.rsplit("/", 1)[1]
    admin = create_async_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    async with admin.connect() as connection:
        await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    await admin.dispose()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--messages", type=int, default=5)
    parser.add_argument("--rate", type=float, default=200.0, help="paced messages per second")
    parser.add_argument("--paced-batch", type=int, default=5, help="paced messages sent together")
    parser.add_argument(
        "--bots", default="echo,sqlite,postgresql", help="which of echo, sqlite, postgresql"
    )
    args = parser.parse_args()
    bots = set(args.bots.split(","))

    results: list[Result] = []
    with tempfile.TemporaryDirectory() as scratch:
        scratch_dir = Path(scratch)
        variants: list[tuple[str, str | None]] = []
        if "echo" in bots:
            variants.append(("echo bot (floor)", None))
        if "sqlite" in bots:
            sqlite_url = f"sqlite+aiosqlite:///{scratch_dir / 'bench.sqlite3'}"
            variants.append(("Senim, SQLite", sqlite_url))
        if "postgresql" in bots:
            variants.append(("Senim, PostgreSQL", "postgresql"))
        for name, database in variants:
            emulator = await start_emulator(rate_limits=False, seed=1)
            url = await postgres_database() if database == "postgresql" else database
            if database == "postgresql" and url is None:
                print("PostgreSQL not reachable: skipped", file=sys.stderr)
                await emulator.stop()
                continue
            env = bot_env(
                emulator, url or "sqlite+aiosqlite://", generate_secret(), scratch_dir / name,
                SENIM_SENDER_RATE_LIMITS="false", SENIM_LIMITS_FLOOD_MESSAGES="100000",
                SENIM_LOGGING_LEVEL="WARNING",
            )  # fmt: skip
            process = (
                BotProcess(env, argv=("bench/echo_bot.py",), ready_line=ECHO_READY)
                if database is None
                else BotProcess(env)
            )
            try:
                result = await run_bot(
                    name, emulator, process, args.users, args.messages, args.rate,
                    args.paced_batch,
                )  # fmt: skip
                results.append(result)
            finally:
                await emulator.stop()
                if database == "postgresql" and url is not None:
                    await drop_database(url)
    report(results, args)


def report(results: list[Result], args: argparse.Namespace) -> None:
    total = args.users * args.messages
    print(f"\n{args.users} users x {args.messages} messages = {total} per phase; emulator "
          "rate limits off\n")  # fmt: skip
    print("| bot | paced: offered/s | paced: done/s | p50 ms | p95 ms | p99 ms | burst: updates/s "
          "| burst: bot CPU ms/update | lost |")  # fmt: skip
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        print(
            f"| {r.bot} | {r.paced_rate:.0f} | {r.paced_done:.0f} | {r.p50:.0f} | {r.p95:.0f} "
            f"| {r.p99:.0f} | {r.burst_rate:.0f} | {r.burst_cpu_ms:.1f} | {r.lost} |"
        )
    floor = next((r for r in results if r.bot.startswith("echo")), None)
    if floor is not None:
        for r in results:
            if r is not floor:
                print(f"\n{r.bot}: burst ratio Senim/echo = {r.burst_rate / floor.burst_rate:.2f}")


if __name__ == "__main__":
    asyncio.run(main())
