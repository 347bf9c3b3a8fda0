"""``python -m bot.sandbox``: run the Bot API emulator alone and print how to use it."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys
from collections.abc import Sequence

from bot.sandbox import start_emulator
from bot.sandbox.state import DEFAULT_BOT_TOKEN, DEFAULT_BOT_USERNAME


def build_parser(parser: argparse.ArgumentParser | None = None) -> argparse.ArgumentParser:
    """Options shared by ``python -m bot.sandbox`` and ``senim emulator``."""
    parser = parser or argparse.ArgumentParser(
        prog="python -m bot.sandbox",
        description="Local Telegram Bot API emulator with a web chat page.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=8081, help="port (0 picks a free one)")
    parser.add_argument(
        "--no-rate-limits",
        action="store_true",
        help="do not answer 429 when Telegram's flood limits are exceeded",
    )
    parser.add_argument("--token", default=DEFAULT_BOT_TOKEN, help="the bot token to accept")
    parser.add_argument("--username", default=DEFAULT_BOT_USERNAME, help="the bot's username")
    parser.add_argument("--seed", type=int, default=0, help="seed for ids and injected faults")
    return parser


async def serve(args: argparse.Namespace) -> None:
    """Start the emulator, print its URL and token, and serve until interrupted."""
    emulator = await start_emulator(
        args.host,
        args.port,
        rate_limits=not args.no_rate_limits,
        bot_token=args.token,
        bot_username=args.username,
        seed=args.seed,
    )
    print(f"Telegram Bot API emulator at {emulator.url}", flush=True)
    print(f"  chat page:     {emulator.url}/", flush=True)
    print(f"  bot token:     {emulator.token}", flush=True)
    print(f"  PTB base_url:  {emulator.api_base_url}", flush=True)
    print(f"  rate limits:   {'on' if emulator.state.rate_limits else 'off'}", flush=True)
    try:
        await asyncio.Event().wait()
    finally:
        await emulator.stop()


def run(args: argparse.Namespace) -> int:
    """Run until Ctrl-C; the exit code for the command line."""
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve(args))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``python -m bot.sandbox``."""
    return run(build_parser().parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
