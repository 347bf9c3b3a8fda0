"""Alembic, driven from Python: ``senim db upgrade`` and the embedded default's start-up."""

from __future__ import annotations

import asyncio
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection

from db.session import create_engine

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config(database_url: str) -> Config:
    """An Alembic configuration for ``database_url`` without an alembic.ini file."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def upgrade(database_url: str, revision: str = "head") -> None:
    """Apply every migration up to ``revision``. Blocking: call it from a thread in async code."""
    command.upgrade(alembic_config(database_url), revision)


def is_current(database_url: str) -> bool:
    """True when the database is at the newest migration. Blocking, like :func:`upgrade`."""
    config = alembic_config(database_url)
    heads = set(ScriptDirectory.from_config(config).get_heads())
    found: set[str] = set()

    def _read(connection: Connection) -> None:
        found.update(MigrationContext.configure(connection).get_current_heads())

    async def _check() -> None:
        engine = create_engine(database_url)
        async with engine.connect() as connection:
            await connection.run_sync(_read)
        await engine.dispose()

    asyncio.run(_check())
    return found == heads


def make_revision(database_url: str, message: str) -> None:
    """Write a new migration from the difference between the models and the database."""
    command.revision(alembic_config(database_url), message=message, autogenerate=True)
