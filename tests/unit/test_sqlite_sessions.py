"""SQLite connections: statements run on the loop's thread, and a locked database is waited
for without stopping the loop; a turn's session reads beside the writer until it writes.

Checkpoints happen on a thread of their own, not in a commit on the loop.

SQLite only by nature: these are the embedded database's own connections.
"""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.crypto import Vault, generate_secret
from db import migrate
from db.checkpoints import keep_checkpointing
from db.repositories import Repositories
from db.session import create_engine, create_read_engine, session_factory, turn_session_factory
from db.sqlite_driver import inline_connector

VAULT = Vault.from_secret(generate_secret())


@pytest.fixture
async def database(tmp_path: Path) -> Path:
    path = tmp_path / "senim.sqlite3"
    await asyncio.to_thread(migrate.upgrade, f"sqlite+aiosqlite:///{path}")
    return path


@pytest.fixture
async def engines(database: Path) -> AsyncIterator[tuple[AsyncEngine, AsyncEngine]]:
    url = f"sqlite+aiosqlite:///{database}"
    writer = create_engine(url)
    reader = create_read_engine(url, writer)
    try:
        yield writer, reader
    finally:
        await writer.dispose()
        await reader.dispose()


def hold_write_lock(database: Path) -> sqlite3.Connection:
    """Another process's view: a connection of its own holding the write lock."""
    other = sqlite3.connect(database, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    return other


async def ticks_while(work: asyncio.Future[object]) -> int:
    """How often a 10 ms ticker got to run while ``work`` was under way."""
    ticks = 0
    while not work.done():
        await asyncio.sleep(0.01)
        ticks += 1
    return ticks


async def test_a_locked_database_is_waited_for_without_stopping_the_loop(
    database: Path, engines: tuple[AsyncEngine, AsyncEngine]
) -> None:
    writer, _reader = engines
    other = hold_write_lock(database)
    asyncio.get_running_loop().call_later(0.3, other.commit)

    async def write() -> None:
        async with session_factory(writer)() as session, session.begin():
            await Repositories(session, VAULT).users.get_or_create(42)

    started = time.monotonic()
    work = asyncio.ensure_future(write())
    ticks = await ticks_while(work)
    await work
    assert time.monotonic() - started >= 0.25, "the write waited for the other's commit"
    assert ticks >= 10, "the loop kept running while the write waited"
    other.close()


async def test_a_lock_held_too_long_fails_the_statement(database: Path) -> None:
    url = f"sqlite+aiosqlite:///{database}"
    connect = inline_connector(url, busy_seconds=0.2)
    connection = await connect()
    other = hold_write_lock(database)
    try:
        started = time.monotonic()
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            await connection.cursor().execute("BEGIN IMMEDIATE")
        assert 0.2 <= time.monotonic() - started < 2
    finally:
        other.rollback()
        other.close()
        await connection.close()


async def test_statements_return_rows_counts_and_ids(
    engines: tuple[AsyncEngine, AsyncEngine],
) -> None:
    writer, _reader = engines
    async with writer.begin() as connection:
        await connection.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)"))
        inserted = await connection.execute(
            text("INSERT INTO t (v) VALUES (:v)"), [{"v": "a"}, {"v": "b"}, {"v": "c"}]
        )
        assert inserted.rowcount == 3
        returned = await connection.execute(text("INSERT INTO t (v) VALUES ('d') RETURNING id"))
        assert returned.scalar_one() == 4
        changed = await connection.execute(text("UPDATE t SET v = 'x' WHERE id < 3"))
        assert changed.rowcount == 2
        rows = await connection.execute(text("SELECT id, v FROM t ORDER BY id"))
        assert rows.all() == [(1, "x"), (2, "x"), (3, "c"), (4, "d")]


async def test_a_turn_reads_beside_the_writer_until_it_writes(
    database: Path, engines: tuple[AsyncEngine, AsyncEngine]
) -> None:
    writer, reader = engines
    async with session_factory(writer)() as session, session.begin():
        await Repositories(session, VAULT).users.get_or_create(7)
    turns = turn_session_factory(writer, reader)

    other = hold_write_lock(database)
    try:
        async with turns() as session:
            # A plain session would begin IMMEDIATE here and wait for the other's lock.
            user = await asyncio.wait_for(Repositories(session, VAULT).users.get(7), 2)
            assert user is not None
            await session.rollback()
    finally:
        other.rollback()
        other.close()

    async with turns() as session, session.begin():
        repos = Repositories(session, VAULT)
        await repos.users.get_or_create(8)  # the first write: from here on, the writer
        assert await repos.users.get(8) is not None, "the turn reads what it wrote"


PAGES_OVER_AUTOCHECKPOINT = 1_200
"""SQLite's default checkpoints in the commit that finds more than 1,000 pages in the log."""


async def fill_the_log(writer: AsyncEngine) -> None:
    """One commit of more pages than SQLite's default would leave in the log."""
    async with writer.begin() as connection:
        await connection.execute(text("CREATE TABLE filler (payload BLOB)"))
        for _ in range(PAGES_OVER_AUTOCHECKPOINT):
            await connection.execute(text("INSERT INTO filler VALUES (randomblob(4000))"))


def rows_in_the_file_itself(database: Path, tmp_path: Path) -> int:
    """Filler rows in the database file, without what is still only in its log (0 when the
    copy caught a checkpoint half-way)."""
    copy = tmp_path / "file-only.sqlite3"
    copy.write_bytes(database.read_bytes())
    with contextlib.closing(sqlite3.connect(copy)) as connection:
        try:
            if not connection.execute(
                "SELECT 1 FROM sqlite_master WHERE name = 'filler'"
            ).fetchone():
                return 0
            return int(connection.execute("SELECT count(*) FROM filler").fetchone()[0])
        except sqlite3.DatabaseError:
            return 0


async def test_a_commit_leaves_its_log_for_the_checkpointer(
    database: Path, engines: tuple[AsyncEngine, AsyncEngine], tmp_path: Path
) -> None:
    writer, _reader = engines
    await fill_the_log(writer)
    assert rows_in_the_file_itself(database, tmp_path) == 0, "the commit did not checkpoint"


async def test_the_checkpointer_copies_the_log_into_the_file(
    database: Path, engines: tuple[AsyncEngine, AsyncEngine], tmp_path: Path
) -> None:
    writer, _reader = engines
    await fill_the_log(writer)
    checkpoints = asyncio.create_task(
        keep_checkpointing(f"sqlite+aiosqlite:///{database}", every=0.01)
    )
    try:
        for _ in range(200):
            if rows_in_the_file_itself(database, tmp_path) == PAGES_OVER_AUTOCHECKPOINT:
                break
            await asyncio.sleep(0.01)
        assert rows_in_the_file_itself(database, tmp_path) == PAGES_OVER_AUTOCHECKPOINT
    finally:
        checkpoints.cancel()
        await asyncio.gather(checkpoints, return_exceptions=True)
