"""Fixtures every test package may use: a fresh database on SQLite or PostgreSQL.

``SENIM_TEST_DATABASE_URL`` (e.g. ``postgresql+asyncpg://root@127.0.0.1:5432/test``) runs the
suite on PostgreSQL: each test gets a database of its own, created from that server and dropped
afterwards. Without it, each test gets a SQLite file. With ``SENIM_REQUIRE_POSTGRES=1`` the run
fails at once if PostgreSQL cannot be reached, so CI cannot pass by silently using SQLite.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp import web
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

from db import migrate
from db.session import create_engine, session_factory

POSTGRES_URL = os.environ.get("SENIM_TEST_DATABASE_URL", "")


def pytest_sessionstart(session: pytest.Session) -> None:
    if os.environ.get("SENIM_REQUIRE_POSTGRES") != "1":
        return
    if not POSTGRES_URL.startswith("postgresql"):
        pytest.exit("SENIM_REQUIRE_POSTGRES=1 but SENIM_TEST_DATABASE_URL is not PostgreSQL", 1)

    async def probe() -> None:
        engine = create_async_engine(POSTGRES_URL)
        async with engine.connect() as connection:
            await connection.execute(text("select 1"))
        await engine.dispose()

    try:
        asyncio.run(probe())
    except Exception as error:
        pytest.exit(f"PostgreSQL required but not reachable: {type(error).__name__}", 1)


def pytest_report_header() -> str:
    return f"database: {'PostgreSQL' if POSTGRES_URL else 'SQLite'}"


@contextlib.asynccontextmanager
async def fresh_database(scratch: Path) -> AsyncIterator[str]:
    """An empty, migrated database (a SQLite file in ``scratch``, or a new PostgreSQL one)."""
    if not POSTGRES_URL:
        url = f"sqlite+aiosqlite:///{scratch / 'senim.sqlite3'}"
        await asyncio.to_thread(migrate.upgrade, url)
        yield url
        return
    name = f"senim_test_{uuid.uuid4().hex[:16]}"
    admin = create_async_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    async with admin.connect() as connection:
        await connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = f"{POSTGRES_URL.rsplit('/', 1)[0]}/{name}"
    try:
        await asyncio.to_thread(migrate.upgrade, url)
        yield url
    finally:
        async with admin.connect() as connection:
            await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await admin.dispose()


@pytest.fixture
async def database_url(tmp_path: Path) -> AsyncIterator[str]:
    """The URL of an empty, migrated database that only this test uses."""
    async with fresh_database(tmp_path) as url:
        yield url


@pytest.fixture
async def sessions(database_url: str) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    """Sessions on this test's own database, as the service opens them."""
    engine = create_engine(database_url)
    try:
        yield session_factory(engine)
    finally:
        await engine.dispose()


@contextlib.asynccontextmanager
async def serving(app: web.Application) -> AsyncIterator[str]:
    """Serve ``app`` on a free loopback port for the block; yields its base URL."""
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    port = runner.addresses[0][1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        await runner.cleanup()
