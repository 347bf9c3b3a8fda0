"""``senim db …``: schema migrations."""

from __future__ import annotations

import argparse

from bot.commands import load_or_exit
from db import migrate


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add ``db upgrade`` and ``db revision``."""
    db = subparsers.add_parser("db", help="database schema migrations")
    actions = db.add_subparsers(title="actions", metavar="ACTION", required=True)
    upgrade = actions.add_parser("upgrade", help="apply every pending migration")
    upgrade.set_defaults(handler=_upgrade)
    revision = actions.add_parser("revision", help="write a migration from changed models")
    revision.add_argument("-m", "--message", required=True)
    revision.set_defaults(handler=_revision)


def _upgrade(_args: argparse.Namespace) -> int:
    settings = load_or_exit()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    migrate.upgrade(settings.sqlalchemy_url())
    print("database is up to date")
    return 0


def _revision(args: argparse.Namespace) -> int:
    migrate.make_revision(load_or_exit().sqlalchemy_url(), args.message)
    return 0
