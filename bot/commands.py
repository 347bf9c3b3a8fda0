"""The service's own commands: ``senim run``, ``senim sandbox``, ``senim keygen``."""

from __future__ import annotations

import argparse
import asyncio
import sys

from bot.config import ConfigError, Settings, load_settings
from bot.crypto import CryptoError, generate_secret


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add run, sandbox and keygen."""
    run = subparsers.add_parser(
        "run",
        help="run the bot (against Telegram with TELEGRAM_BOT_TOKEN, else the local sandbox)",
    )
    run.add_argument("--webhook", action="store_true", help="take updates by webhook")
    run.set_defaults(handler=_run)

    sandbox = subparsers.add_parser(
        "sandbox", help="run the bot against the local Telegram emulator, with a web chat page"
    )
    sandbox.add_argument("--port", type=int, help="port of the web chat page (default 8080)")
    sandbox.add_argument(
        "--no-rate-limits", action="store_true", help="let the emulator ignore Telegram's limits"
    )
    sandbox.set_defaults(handler=_sandbox)

    keygen = subparsers.add_parser("keygen", help="print a new random SENIM_SECRET_KEY")
    keygen.set_defaults(handler=lambda _args: print(generate_secret()) or 0)


def load_or_exit() -> Settings:
    """The settings, or one clear line on stderr and exit code 2."""
    try:
        return load_settings()
    except ConfigError as error:
        sys.exit(f"senim: configuration error: {error}")


def _run(args: argparse.Namespace) -> int:
    settings = load_or_exit()
    if args.webhook:
        settings = settings.model_copy(
            update={"telegram": settings.telegram.model_copy(update={"mode": "webhook"})}
        )
    if settings.sandboxed:
        return _serve_sandbox(settings, port=None, rate_limits=None)
    return _serve(settings)


def _sandbox(args: argparse.Namespace) -> int:
    settings = load_or_exit()
    return _serve_sandbox(
        settings, port=args.port, rate_limits=False if args.no_rate_limits else None
    )


def _serve(settings: Settings) -> int:
    from bot.app import StartupError, configure_logging, run_until_stopped

    configure_logging(settings.logging.level)
    mode = settings.telegram.mode
    try:
        asyncio.run(
            run_until_stopped(
                settings, ready=lambda: print(f"Senim is running ({mode} mode)", flush=True)
            )
        )
    except (StartupError, CryptoError) as error:
        sys.exit(f"senim: cannot start: {error}")
    return 0


def _serve_sandbox(settings: Settings, *, port: int | None, rate_limits: bool | None) -> int:
    from bot.app import StartupError, configure_logging
    from bot.sandbox.run import run_sandbox

    configure_logging(settings.logging.level)
    try:
        asyncio.run(run_sandbox(settings, port=port, rate_limits=rate_limits))
    except (StartupError, CryptoError) as error:
        sys.exit(f"senim: cannot start: {error}")
    return 0
