"""SQLite checkpoints on a worker thread, never in a commit on the event loop.

In WAL mode a commit appends to the write-ahead log, and by default the commit that finds the
log over 1,000 pages also copies it back into the database file and syncs that file to disk
(a checkpoint). The bot's statements run on the event loop's thread (:mod:`db.sqlite_driver`),
so such a commit held up every chat for as long as the disk took: about 6 ms on a quiet disk,
and much longer when another program keeps the disk busy. So the bot's connections never
checkpoint (``wal_autocheckpoint=0``, set in :mod:`db.session`), and the service runs
:func:`keep_checkpointing` instead: every second, on a connection of its own, in a thread of
its own (the sqlite3 module lets go of the interpreter while SQLite works). The checkpoint is
PASSIVE: it copies only what no reader still needs and waits for no lock, so writers go on
while it runs, and the next writer starts the log from its beginning once it is all copied.

A process that opens the database for a moment (``senim faq import``, migrations) needs no
checkpointer: SQLite checkpoints when the last connection to a database closes, and while the
service runs, its checkpointer copies what such a process wrote.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from concurrent.futures import ThreadPoolExecutor
from functools import partial

from sqlalchemy.engine import make_url

CHECKPOINT_SECONDS = 1.0

logger = logging.getLogger(__name__)


def _checkpoint(connection: sqlite3.Connection) -> None:
    """One PASSIVE checkpoint; what a reader still needs is left for the next one."""
    connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()


async def keep_checkpointing(url: str, every: float = CHECKPOINT_SECONDS) -> None:
    """Checkpoint the SQLite database at ``url`` every ``every`` seconds until cancelled."""
    database = make_url(url).database
    if not database or database == ":memory:":
        return
    loop = asyncio.get_running_loop()
    # A thread of its own: the connection is opened, used and closed there, one call after
    # another, so a cancelled wait never closes it under a checkpoint still running.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="sqlite-checkpoints") as thread:
        connection = await loop.run_in_executor(
            thread, partial(sqlite3.connect, database, timeout=0)
        )
        try:
            while True:
                await asyncio.sleep(every)
                try:
                    await loop.run_in_executor(thread, _checkpoint, connection)
                except sqlite3.Error as error:
                    # The log waits for the next try; nothing is lost meanwhile.
                    logger.warning("SQLite checkpoint failed (%s); trying again", error)
        finally:
            thread.submit(connection.close)
