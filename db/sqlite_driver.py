"""SQLite connections that run their statements on the event loop's own thread.

aiosqlite gives each connection a thread and makes every call a trip to it and back through
the event loop, and SQLAlchemy's asyncio adapter makes up to four such calls per statement
(open a cursor, execute, fetch, close). In a burst each trip waited its turn in the loop: the
one writer connection was held 5–6 ms per transaction on average, while a sampling profile
found the writer's thread at work a few percent of the time. The trips, not SQLite, set how many
updates a second the bot could handle.

The statements here are short (a row or a few, through indexes), so they run where they are
called, in one step each: open, execute, read to the end, close. One wait could be long, for a
lock another process holds (`senim faq import`, say), and it does not block the loop: SQLite is
told not to wait (busy_timeout 0), and a statement that finds the database locked is tried
again after an asynchronous pause, for as long as the engine allows. A statement that touches
many rows holds up the loop while it runs, as it held up every writer before; the retention
purge therefore erases in batches (bot/retention.py).

The connection is aiosqlite's, and SQLAlchemy's aiosqlite dialect drives it as usual; only the
queue to its thread is replaced, by one that makes each call at once.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable, Iterable
from functools import partial
from typing import Any

import aiosqlite
from sqlalchemy.engine import make_url

FIRST_PAUSE_SECONDS = 0.001
LONGEST_PAUSE_SECONDS = 0.05
"""The pauses between tries on a locked database double from the first to the longest."""

_Outcome = tuple[Any, int, int | None, list[Any]]
"""What a statement leaves: its description, row count, last row id, and rows."""


class _RunAtOnce:
    """Stands in for aiosqlite's queue to its thread: each call is made as it is queued."""

    @staticmethod
    def put_nowait(item: tuple[asyncio.Future[Any] | None, Callable[[], Any]]) -> None:
        future, function = item
        try:
            result = function()
        except BaseException as error:
            if future is None:
                raise
            future.set_exception(error)
        else:
            if future is not None:
                future.set_result(result)


class InlineConnection(aiosqlite.Connection):
    """An aiosqlite connection without its thread."""

    def __init__(self, connector: Callable[[], sqlite3.Connection], busy_seconds: float) -> None:
        super().__init__(connector, iter_chunk_size=64)
        self._tx = _RunAtOnce()  # type: ignore[assignment]
        self._busy_seconds = busy_seconds

    def __await__(self) -> Any:
        return self._connect().__await__()  # aiosqlite would start its thread first

    async def _execute(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Make the call; while the database is locked, pause and try again."""
        if not self._running or self._connection is None:
            raise ValueError("Connection closed")
        pause, waited = FIRST_PAUSE_SECONDS, 0.0
        while True:
            try:
                return fn(*args, **kwargs)
            except sqlite3.OperationalError as error:
                if error.sqlite_errorcode != sqlite3.SQLITE_BUSY or waited >= self._busy_seconds:
                    raise
            await asyncio.sleep(pause)
            waited += pause
            pause = min(pause * 2, LONGEST_PAUSE_SECONDS)

    def cursor(self) -> InlineCursor:  # type: ignore[override]
        return InlineCursor(self)


class InlineCursor:
    """What SQLAlchemy uses of an aiosqlite cursor; a statement runs whole in ``execute``."""

    arraysize = 1

    def __init__(self, connection: InlineConnection) -> None:
        self._connection = connection
        self._rows: list[Any] = []
        self.description: Any = None
        self.rowcount = -1
        self.lastrowid: int | None = None

    async def __aenter__(self) -> InlineCursor:
        return self

    async def __aexit__(self, *_exc: object) -> None:
        return None

    async def execute(self, operation: str, parameters: Any = ()) -> InlineCursor:
        self._keep(await self._connection._execute(self._run, operation, parameters, many=False))
        return self

    async def executemany(self, operation: str, parameters: Iterable[Any]) -> InlineCursor:
        rows = list(parameters)  # a locked database means a second try, from the start
        self._keep(await self._connection._execute(self._run, operation, rows, many=True))
        return self

    def _run(self, operation: str, parameters: Any, *, many: bool) -> _Outcome:
        cursor = self._connection._conn.cursor()
        try:
            if many:
                cursor.executemany(operation, parameters)
            else:
                cursor.execute(operation, parameters)
            rows = cursor.fetchall() if cursor.description else []
            return cursor.description, cursor.rowcount, cursor.lastrowid, rows
        finally:
            cursor.close()

    def _keep(self, outcome: _Outcome) -> None:
        self.description, self.rowcount, self.lastrowid, self._rows = outcome

    async def fetchone(self) -> Any:
        return self._rows.pop(0) if self._rows else None

    async def fetchmany(self, size: int | None = None) -> list[Any]:
        count = self.arraysize if size is None else size
        taken, self._rows = self._rows[:count], self._rows[count:]
        return taken

    async def fetchall(self) -> list[Any]:
        taken, self._rows = self._rows, []
        return taken

    async def close(self) -> None:
        self._rows = []


def inline_connector(url: str, *, busy_seconds: float) -> Callable[[], Any]:
    """An engine's ``async_creator`` for the SQLite database at ``url``: each connection waits
    up to ``busy_seconds`` for a lock another process holds."""
    database = make_url(url).database or ":memory:"
    # timeout=0 is busy_timeout 0: SQLite returns "locked" at once, and the wait is ours.
    # isolation_level=None: the sqlite3 module opens no transactions of its own; writers begin
    # theirs (IMMEDIATE) in the engine's "begin" event, and readers stay in autocommit.
    connect = partial(sqlite3.connect, database, timeout=0, isolation_level=None)

    async def create() -> InlineConnection:
        return await InlineConnection(connect, busy_seconds)

    return create
