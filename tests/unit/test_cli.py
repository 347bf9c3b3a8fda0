from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sqlalchemy import create_engine, inspect

ROOT = Path(__file__).resolve().parents[2]


def senim(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], cwd=ROOT, capture_output=True, text=True,
        timeout=120, env=env,
    )  # fmt: skip


def test_help_lists_every_subcommand() -> None:
    result = senim("--help")
    assert result.returncode == 0
    for command in ("run", "sandbox", "keygen", "db"):
        assert f"    {command} " in result.stdout


def test_db_upgrade_creates_the_schema(tmp_path: Path) -> None:
    result = senim("db", "upgrade", env={"PATH": "/usr/bin:/bin", "SENIM_DATA_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    tables = set(
        inspect(create_engine(f"sqlite:///{tmp_path / 'sandbox.sqlite3'}")).get_table_names()
    )
    assert {"users", "cases", "messages", "operators", "inbox", "outbox", "audit"} <= tables


def test_keygen_prints_a_usable_key() -> None:
    from bot.crypto import decode_secret

    result = senim("keygen")
    assert result.returncode == 0
    assert len(decode_secret(result.stdout.strip())) == 32


def test_a_real_token_without_a_secret_key_does_not_start(tmp_path: Path) -> None:
    result = senim("run", env={"PATH": "/usr/bin:/bin", "SENIM_DATA_DIR": str(tmp_path),
                               "TELEGRAM_BOT_TOKEN": "123:abc"})  # fmt: skip
    assert result.returncode != 0
    assert result.stderr.strip().endswith(
        "SENIM_SECRET_KEY: required with a real bot token (`senim keygen` prints a new one)"
    )
