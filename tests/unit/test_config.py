from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import ConfigError, load_settings

ROOT = Path(__file__).resolve().parents[2]


def test_defaults_come_from_config_yaml() -> None:
    settings = load_settings(environ={})
    assert settings.telegram.mode == "polling"
    assert settings.sandbox.port == 8080
    assert settings.sandboxed
    assert settings.sqlalchemy_url().startswith("sqlite+aiosqlite:///")


def test_environment_overrides_the_file() -> None:
    settings = load_settings(
        environ={"SENIM_WEB_PORT": "9100", "SENIM_LANGUAGES_DEFAULT": "kk", "SENIM_DATA_DIR": "/x"}
    )
    assert settings.web.port == 9100
    assert settings.languages.default == "kk"
    assert settings.data_dir == Path("/x")


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"SENIM_TELEGRAM_MODE": "push"}, "telegram.mode: input should be 'polling' or 'webhook'"),
        ({"SENIM_WEB_PORT": "eighty"}, "web.port: input should be a valid integer"),
        ({"SENIM_OPERATORS_GROUP_CHAT_ID": "5"}, "operators.group_chat_id:"),
        (
            {"SENIM_WEBHOOK_SECRET": "has spaces"},
            "SENIM_WEBHOOK_SECRET: expected 1-256 characters",
        ),
    ],
)
def test_a_wrong_setting_names_the_key(environ: dict[str, str], expected: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings(environ=environ)
    assert str(caught.value).startswith(expected)
    assert "\n" not in str(caught.value)


def test_secrets_are_refused_in_the_file(tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_text("bot_token: '123:abc'\n")
    with pytest.raises(ConfigError, match="TELEGRAM_BOT_TOKEN"):
        load_settings(config, environ={})


def test_unknown_settings_are_refused(tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_text("web:\n  prot: 80\n")
    with pytest.raises(ConfigError, match=r"web\.prot: unknown setting"):
        load_settings(config, environ={})


def test_secrets_are_never_printed() -> None:
    settings = load_settings(
        environ={"TELEGRAM_BOT_TOKEN": "123:very-secret-token", "SENIM_SECRET_KEY": "k" * 44}
    )
    assert "very-secret-token" not in repr(settings)
    assert "very-secret-token" not in str(settings.model_dump())


def test_a_wrong_setting_stops_start_up_with_one_line(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot", "run"],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
        env={"PATH": "/usr/bin:/bin", "SENIM_TELEGRAM_MODE": "push",
             "TELEGRAM_BOT_TOKEN": "123:secret-token-value"},
    )  # fmt: skip
    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [
        "senim: configuration error: telegram.mode: input should be 'polling' or 'webhook' "
        "(got 'push')"
    ]
    assert "secret-token-value" not in result.stderr + result.stdout
