"""Engines and sessions for SQLite (embedded default) and PostgreSQL."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

READ_ONLY = "senim_read_only"
"""Execution option of sessions that only read (see :func:`read_session_factory`)."""


def create_engine(url: str, *, pool_size: int = 10, echo: bool = False) -> AsyncEngine:
    """Create the engine for ``url``, tuned for the dialect."""
    if url.startswith("sqlite"):
        engine = create_async_engine(url, echo=echo, connect_args={"timeout": 30})
        _tune_sqlite(engine)
        return engine
    return create_async_engine(
        url, echo=echo, pool_size=pool_size, max_overflow=pool_size, pool_pre_ping=True
    )


def _tune_sqlite(engine: AsyncEngine) -> None:
    """WAL lets readers run beside the one writer; BEGIN IMMEDIATE takes the write lock at the
    start of a transaction, so two transactions never deadlock upgrading a read lock to a write
    lock (they queue on busy_timeout instead)."""

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Any) -> None:
        if connection.get_execution_options().get(READ_ONLY):
            connection.exec_driver_sql("BEGIN")  # a WAL reader: never waits for the writer
        else:
            connection.exec_driver_sql("BEGIN IMMEDIATE")


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions that keep loaded values after commit (handlers read them after committing)."""
    return async_sessionmaker(engine, expire_on_commit=False)


def read_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions that only read: on SQLite they do not take the write lock, so looking for work
    never queues behind a writer (PostgreSQL readers never wait anyway)."""
    return async_sessionmaker(
        engine.execution_options(**{READ_ONLY: True}), expire_on_commit=False
    )
