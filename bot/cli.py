"""The ``senim`` command line (``python -m bot`` is the same).

Each feature package owns its subcommands: a module listed in :data:`COMMAND_MODULES` exposes
``register(subparsers)``, which adds its parsers and sets ``handler`` to a function taking the
parsed arguments and returning an exit code.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

COMMAND_MODULES: tuple[str, ...] = (
    "bot.commands",
    "db.cli",
    "bot.faq.cli",
    "bot.screening.cli",
    "bot.langid.cli",
)


def build_parser() -> argparse.ArgumentParser:
    """Build the parser with every subcommand of every feature package."""
    parser = argparse.ArgumentParser(
        prog="senim",
        description="Senim: anti-trafficking hotline and Telegram chatbot.",
    )
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND")
    for module_name in COMMAND_MODULES:
        importlib.import_module(module_name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one subcommand and return its exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 2
    return int(handler(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
