"""Escalation latency through the local emulator, with Telegram's rate limits on.

N migrants open cases at the same moment: every fifth one writes that they are locked in
(urgent: a case at once), the others press "Talk to a person". Measured:
  card   from the migrant's message (or press) to the case card in the operators' group;
  reply  from an operator's message in the case topic to the migrant seeing it as "Operator".
Then every card and every reply is counted: none may be missing or arrive twice.

The group takes about 20 messages a minute (Telegram's limit, enforced by the emulator), so the
cards of non-urgent cases queue behind the urgent ones by design.

    .venv/bin/python bench/escalation.py [--cases 50] [--postgres]
"""

from __future__ import annotations

import argparse
import asyncio
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.throughput import drop_database, postgres_database
from bot.crypto import generate_secret
from bot.sandbox import start_emulator
from bot.sandbox.botprocess import BotProcess, bot_env
from bot.sandbox.client import SandboxClient

GROUP = -1001000000001
OPERATORS = (900001, 900002)
TOKEN = re.compile(r"\bk(\d{3})x\b")
POLL = 0.05


def token(index: int) -> str:
    return f"k{index:03d}x"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def summary(name: str, values: list[float]) -> str:
    if not values:
        return f"{name:<22} (none)"
    return (
        f"{name:<22} n={len(values):>3}  p50 {statistics.median(values):6.2f} s"
        f"  p99 {percentile(values, 0.99):6.2f} s  max {max(values):6.2f} s"
    )


async def wait_for_tokens(
    sandbox: SandboxClient,
    chat_id: int,
    wanted: set[int],
    started: dict[int, float],
    predicate: Any,
    timeout: float,
) -> tuple[dict[int, float], dict[int, int], dict[int, int]]:
    """Poll a chat until a matching message carries every wanted token; returns the latency of
    each, how many matching messages carried it, and (for the group) its topic.

    Only new messages are fetched each time: the emulator runs in this process, and reading a
    whole busy chat every 50 ms would slow down what is being measured."""
    seen: dict[int, float] = {}
    topics: dict[int, int] = {}
    counts: dict[int, int] = {}
    since = 0
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and not wanted <= seen.keys():
        now = time.monotonic()
        for message in await sandbox.messages(chat_id, since=since, from_bot=True):
            since = max(since, message["message_id"])
            text = message.get("text") or ""
            if not predicate(text):
                continue
            for index in {int(m.group(1)) for m in TOKEN.finditer(text)} & wanted:
                counts[index] = counts.get(index, 0) + 1
                if index not in seen:
                    seen[index] = now - started[index]
                    if message.get("message_thread_id"):
                        topics[index] = message["message_thread_id"]
        await asyncio.sleep(POLL)
    await asyncio.sleep(1)  # anything sent twice would arrive now
    for message in await sandbox.messages(chat_id, since=since, from_bot=True):
        text = message.get("text") or ""
        if predicate(text):
            for index in {int(m.group(1)) for m in TOKEN.finditer(text)} & wanted:
                counts[index] = counts.get(index, 0) + 1
    return seen, counts, topics


async def run(cases: int, database_url: str, data_dir: Path) -> int:
    emulator = await start_emulator(rate_limits=True, seed=5)
    env = {
        "SENIM_OPERATORS_GROUP_CHAT_ID": str(GROUP),
        "SENIM_OPERATORS_ON_CALL": f"[{OPERATORS[0]}]",
        "SENIM_OPERATORS_WORKING_DAYS": "[1, 2, 3, 4, 5, 6, 7]",
        "SENIM_OPERATORS_WORKING_HOURS": "00:00-24:00",
        "SENIM_LIMITS_FLOOD_MESSAGES": "1000",
    }
    bot = BotProcess(bot_env(emulator, database_url, generate_secret(), data_dir, **env))
    try:
        async with SandboxClient(emulator.url) as sandbox:
            for user_id, name in zip(OPERATORS, ("Aida", "Timur"), strict=True):
                await sandbox.create_user(name, user_id=user_id, language_code="en")
            await sandbox.create_group("Operators", chat_id=GROUP, forum=True, members=OPERATORS)
            users = [
                int((await sandbox.create_user(f"Migrant {i}", language_code="ru"))["id"])
                for i in range(cases)
            ]
            urgent = {i for i in range(cases) if i % 5 == 0}
            await bot.start()

            # Set-up, not timed: the others ask a question and open the menu.
            menus: dict[int, dict[str, Any]] = {}
            for i in sorted(set(range(cases)) - urgent):
                await sandbox.send_text(users[i], f"вопрос про регистрацию {token(i)}")
                sent = await sandbox.send_text(users[i], "/menu")
                found = await sandbox.wait_for_messages(
                    users[i], since=sent["message_id"],
                    predicate=lambda m: "person:ask" in str(m.get("reply_markup")), timeout=30,
                )  # fmt: skip
                menus[i] = found[0]
            await asyncio.sleep(2)  # let the private chats' rate limits refill

            started: dict[int, float] = {}

            async def open_case(i: int) -> None:
                started[i] = time.monotonic()
                if i in urgent:
                    await sandbox.send_text(users[i], f"нас заперли на складе помогите {token(i)}")
                else:
                    await sandbox.press_button(users[i], menus[i], data="person:ask")

            await asyncio.gather(*(open_case(i) for i in range(cases)))
            cards, card_counts, topics = await wait_for_tokens(
                sandbox, GROUP, set(range(cases)), started,
                lambda text: "Status" in text, timeout=60 + cases * 6,
            )  # fmt: skip

            replied = [i for i in range(cases) if i in topics]
            reply_started: dict[int, float] = {}

            async def answer(i: int) -> None:
                reply_started[i] = time.monotonic()
                await sandbox.send_text(
                    OPERATORS[i % 2], f"ответ {token(i)}", chat_id=GROUP, thread_id=topics[i]
                )

            await asyncio.gather(*(answer(i) for i in replied))
            replies: dict[int, float] = {}
            reply_counts: dict[int, int] = {}
            waits = await asyncio.gather(
                *(
                    wait_for_tokens(
                        sandbox,
                        users[i],
                        {i},
                        reply_started,
                        lambda text: text.startswith("👤"),
                        timeout=30,
                    )
                    for i in replied
                )
            )
            for seen, counts, _ in waits:
                replies.update(seen)
                reply_counts.update(counts)
            refused = [c for c in await sandbox.calls() if c["status"] == 429]
    finally:
        await bot.stop()
        await emulator.stop()

    urgent_cards = [cards[i] for i in urgent if i in cards]
    other_cards = [cards[i] for i in set(range(cases)) - urgent if i in cards]
    lost = (cases - len(cards)) + (len(replied) - len(replies))
    duplicated = sum(1 for n in card_counts.values() if n > 1) + sum(
        1 for n in reply_counts.values() if n > 1
    )
    print(f"{cases} cases ({len(urgent)} urgent), emulator rate limits on")
    print(summary("card, urgent", urgent_cards))
    print(summary("card, talk to a person", other_cards))
    print(summary("operator reply", list(replies.values())))
    print(f"lost: {lost}   duplicated: {duplicated}   429 answers to the bot: {len(refused)}")
    met = bool(urgent_cards) and percentile(urgent_cards, 0.99) <= 2.0
    met = met and not lost and not duplicated
    print(f"aim (urgent card p99 <= 2 s, nothing lost or twice): {'met' if met else 'NOT met'}")
    return 1 if lost or duplicated else 0


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=50)
    parser.add_argument("--postgres", action="store_true", help="PostgreSQL at 127.0.0.1:5432")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        if args.postgres:
            url = await postgres_database()
            if url is None:
                print("PostgreSQL is not reachable at 127.0.0.1:5432")
                return 2
            try:
                return await run(args.cases, url, Path(scratch))
            finally:
                await drop_database(url)
        url = f"sqlite+aiosqlite:///{scratch}/bench.sqlite3"
        return await run(args.cases, url, Path(scratch))


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
