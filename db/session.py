"""Engines and sessions for SQLite (embedded default) and PostgreSQL."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, Select, event
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import Session, SessionTransaction

from db.sqlite_driver import inline_connector

WAIT_SECONDS = 60
"""How long a transaction waits for SQLite's one writer connection or lock before failing."""


def create_engine(url: str, *, pool_size: int = 20, echo: bool = False) -> AsyncEngine:
    """The engine that writes to ``url``.

    SQLite lets one transaction write at a time. A writer that finds the lock taken pauses and
    tries again, and under load most of the time went to those pauses; so the engine keeps a
    single connection, and transactions wait for it in the pool's queue, which hands it over
    the moment it is free."""
    if url.startswith("sqlite"):
        engine = _sqlite_engine(url, echo=echo, pool_size=1)
        _tune_sqlite(engine, begin="BEGIN IMMEDIATE")
        return engine
    # A fixed set of connections: ones opened beyond it were closed again as soon as they were
    # returned, and under load the server spent its time starting new backends.
    # No ping before each use: asyncpg's ping is three round trips (it pings inside a
    # transaction), a tenth of the bot's CPU under load. A connection the server dropped fails
    # its next statement instead; SQLAlchemy then replaces the pool's connections, and the
    # work that failed is retried like any other failure (the database is the queue).
    return create_async_engine(url, echo=echo, pool_size=pool_size, max_overflow=0)


def create_read_engine(url: str, writer: AsyncEngine, *, pool_size: int = 20) -> AsyncEngine:
    """The engine of sessions that only read, each statement on its own (autocommit).

    Looking for work is one SELECT at a time and needs no snapshot across statements, so a
    reader opens no transaction: that saves the BEGIN and ROLLBACK round trips around every
    look, which the pools make many times a second. On SQLite the readers are WAL
    readers on connections of their own, so looking for work never waits for the writer;
    PostgreSQL readers never wait anyway, and share the writer's pool."""
    if not url.startswith("sqlite"):
        return writer.execution_options(isolation_level="AUTOCOMMIT")
    engine = _sqlite_engine(url, echo=writer.echo, pool_size=pool_size)
    _tune_sqlite(engine, begin=None)
    return engine


def _sqlite_engine(url: str, *, echo: bool, pool_size: int) -> AsyncEngine:
    """SQLAlchemy's aiosqlite dialect over connections that run statements on the loop's
    thread (see :mod:`db.sqlite_driver`)."""
    return create_async_engine(
        url,
        echo=echo,
        async_creator=inline_connector(url, busy_seconds=WAIT_SECONDS),
        pool_size=pool_size,
        max_overflow=0,
        pool_timeout=WAIT_SECONDS,
    )


SQLITE_WRITERS_IN_FLIGHT = 4
"""Writing transactions worth starting at once on SQLite (see :func:`writers_in_flight`)."""


def writers_in_flight(url: str, configured: int) -> int:
    """How many writing transactions a pool of workers should have under way at once.

    SQLite has one writer: beyond a few, more transactions only wait for it, and so does
    everything else that writes, such as the calls the sender records as made. With 32 updates
    under way, the card of an urgent case waited a second for its new topic to be recorded;
    with 4 it does not, and updates per second are the same."""
    return min(configured, SQLITE_WRITERS_IN_FLIGHT) if url.startswith("sqlite") else configured


def _tune_sqlite(engine: AsyncEngine, *, begin: str | None) -> None:
    """WAL lets readers run beside the one writer. Writers begin IMMEDIATE: they take the write
    lock at the start, so two transactions never deadlock upgrading a read lock to a write lock
    (another process, such as `senim faq import`, makes them wait instead). With
    ``begin=None`` no transaction is opened: each statement commits on its own."""

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        # Checkpoints run on a thread of their own (db/checkpoints.py), not in a commit.
        cursor.execute("PRAGMA wal_autocheckpoint=0")
        cursor.close()

    if begin is None:
        return

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql(begin)


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions that keep loaded values after commit (handlers read them after committing)."""
    return async_sessionmaker(engine, expire_on_commit=False)


def turn_session_factory(
    writer: AsyncEngine, reader: AsyncEngine
) -> async_sessionmaker[AsyncSession]:
    """Sessions for work that reads a lot before it writes, such as handling an update.

    On SQLite such a session reads on a reader connection until it first writes, and from then
    on uses the writer (see :class:`ReadsUntilItWrites`). Elsewhere it is a plain session."""
    if writer.dialect.name != "sqlite":
        return session_factory(writer)
    return async_sessionmaker(
        writer,
        expire_on_commit=False,
        sync_session_class=ReadsUntilItWrites,
        reader=reader.sync_engine,
    )


class ReadsUntilItWrites(Session):
    """A session that takes SQLite's one writer connection only when it first writes.

    A transaction on the writer holds the database's write lock from its first statement to its
    commit, and every other writer waits that long. A turn used to take it to load the user, and
    held it while it screened the text; now it takes it at its first write.

    Until the first write, each SELECT runs on a WAL reader and sees what is committed at that
    moment; from the first write on, every statement (reads too) runs on the writer, so the
    session reads what it wrote. That is PostgreSQL's READ COMMITTED, which the same code
    already runs under there."""

    def __init__(self, *args: Any, reader: Engine, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._reader = reader
        self._writing = False

    def get_bind(self, mapper: Any = None, clause: Any = None, **kwargs: Any) -> Any:
        if not self._writing and not self._flushing and isinstance(clause, Select):
            return self._reader
        self._writing = True
        return super().get_bind(mapper, clause=clause, **kwargs)


@event.listens_for(ReadsUntilItWrites, "after_transaction_end")
def _read_again(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:
        assert isinstance(session, ReadsUntilItWrites)
        session._writing = False
