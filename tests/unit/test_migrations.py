"""The migrations build exactly the schema the models describe, and can be undone."""

from __future__ import annotations

import asyncio
from typing import Any

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine

from db import migrate
from db.models import Base


async def _differences(database_url: str) -> list[Any]:
    def compare(connection: Connection) -> list[Any]:
        return compare_metadata(MigrationContext.configure(connection), Base.metadata)

    engine = create_async_engine(database_url)
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(compare)
    finally:
        await engine.dispose()


async def test_the_migrated_schema_is_the_models_schema(database_url: str) -> None:
    assert await _differences(database_url) == []


async def test_the_latest_migration_can_be_undone_and_applied_again(database_url: str) -> None:
    config = migrate.alembic_config(database_url)
    await asyncio.to_thread(command.downgrade, config, "-1")
    assert await _differences(database_url) != []
    await asyncio.to_thread(command.upgrade, config, "head")
    assert await _differences(database_url) == []
