"""Settings: ``config.yaml``, overridden by ``SENIM_<SECTION>_<KEY>`` environment variables.

Secrets are read only from the environment, so a config file can be shared or committed without
leaking anything. A wrong setting stops start-up with one line that names the key and says what is
expected; values of secrets never appear in that line.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONFIG_PATH = PROJECT_ROOT / "config.yaml"

SECRET_ENV: dict[str, str] = {
    "bot_token": "TELEGRAM_BOT_TOKEN",
    "database_url": "SENIM_DATABASE_URL",
    "secret_key": "SENIM_SECRET_KEY",
    "webhook_secret": "SENIM_WEBHOOK_SECRET",
}

_WEBHOOK_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")

SECRET_RULES: dict[str, str] = {
    "webhook_secret": "expected 1-256 characters of A-Z a-z 0-9 _ -",
}


class ConfigError(Exception):
    """A setting is missing or wrong; the message is one line for whoever starts Senim."""


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TelegramSettings(_Section):
    mode: Literal["polling", "webhook"] = "polling"
    api_base_url: str = Field("https://api.telegram.org/bot", pattern=r"^https?://")
    file_base_url: str = Field("https://api.telegram.org/file/bot", pattern=r"^https?://")
    poll_timeout: int = Field(25, ge=0, le=50)
    # Telegram only posts to https; plain http is accepted for the local emulator.
    webhook_url: str = Field("", pattern=r"^(https?://.+)?$")
    request_timeout: float = Field(15, gt=0, le=120)


class WebSettings(_Section):
    host: str = "127.0.0.1"
    port: int = Field(8090, ge=0, le=65535)


class DatabaseSettings(_Section):
    pool_size: int = Field(20, ge=1, le=200)
    echo: bool = False


class DispatcherSettings(_Section):
    concurrency: int = Field(32, ge=1, le=1024)
    max_attempts: int = Field(5, ge=1, le=100)


class SenderSettings(_Section):
    rate_limits: bool = True
    private_per_second: float = Field(1.0, gt=0)
    private_burst: int = Field(3, ge=1)
    group_per_minute: int = Field(20, ge=1)
    group_urgent_reserve: int = Field(10, ge=0)
    global_per_second: int = Field(30, ge=1)
    global_urgent_reserve: int = Field(5, ge=0)
    max_attempts: int = Field(10, ge=1, le=1000)
    max_backoff_seconds: float = Field(300, gt=0)

    @model_validator(mode="after")
    def _check_reserve(self) -> SenderSettings:
        if self.group_urgent_reserve >= self.group_per_minute:
            raise ValueError("group_urgent_reserve must be below group_per_minute")
        if self.global_urgent_reserve >= self.global_per_second:
            raise ValueError("global_urgent_reserve must be below global_per_second")
        return self


class LimitSettings(_Section):
    flood_messages: int = Field(20, ge=1)
    flood_window_seconds: int = Field(60, ge=1)


class PrivacySettings(_Section):
    retention_days: int = Field(90, ge=1, le=3650)


class LanguageSettings(_Section):
    default: Literal["kk", "ru", "uz", "ky", "en"] = "ru"


RiskName = Literal["none", "concern", "high", "urgent"]


class OperatorSettings(_Section):
    group_chat_id: int = Field(0, le=0)
    allow_list: list[int] = []
    supervisors: list[int] = []
    on_call: list[int] = []
    timezone: str = "Asia/Almaty"
    working_days: list[int] = Field([1, 2, 3, 4, 5], min_length=1)
    working_hours: str = Field("09:00-18:00", pattern=r"^\d{2}:\d{2}-\d{2}:\d{2}$")
    minutes_per_case: float = Field(15, gt=0)
    reannounce_minutes: dict[RiskName, float] = {
        "urgent": 5,
        "high": 15,
        "concern": 30,
        "none": 60,
    }
    reopen_hours: float = Field(48, ge=0)
    watch_seconds: float = Field(10, gt=0)
    outcomes: list[str] = Field(
        [
            "referred_ngo",
            "information_given",
            "shelter",
            "police_with_consent",
            "consular_help",
            "no_contact",
            "duplicate",
            "other",
        ],
        min_length=1,
    )
    language: Literal["kk", "ru", "uz", "ky", "en"] = "en"

    @field_validator("timezone")
    @classmethod
    def _check_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError("an IANA time zone such as Asia/Almaty") from None
        return value

    @field_validator("working_days")
    @classmethod
    def _check_days(cls, value: list[int]) -> list[int]:
        if any(day < 1 or day > 7 for day in value):
            raise ValueError("days are numbered 1 (Monday) to 7 (Sunday)")
        return value

    @field_validator("outcomes")
    @classmethod
    def _check_outcomes(cls, value: list[str]) -> list[str]:
        if any(not re.fullmatch(r"[a-z][a-z_]{1,31}", code) for code in value):
            raise ValueError("outcome codes are lower-case letters and underscores")
        return value

    def is_operator(self, telegram_user_id: int) -> bool:
        """Whether this member of the group may act on cases (everyone, without an allow-list)."""
        allowed = set(self.allow_list) | set(self.supervisors)
        return not self.allow_list or telegram_user_id in allowed

    def role_of(self, telegram_user_id: int) -> str:
        return "supervisor" if telegram_user_id in self.supervisors else "operator"


class SandboxSettings(_Section):
    host: str = "127.0.0.1"
    port: int = Field(8080, ge=0, le=65535)
    rate_limits: bool = True


class LoggingSettings(_Section):
    level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"


class Settings(_Section):
    """Every setting of a running Senim; built once at start-up by :func:`load_settings`."""

    data_dir: Path = Path("./data")
    telegram: TelegramSettings = TelegramSettings()
    web: WebSettings = WebSettings()
    database: DatabaseSettings = DatabaseSettings()
    dispatcher: DispatcherSettings = DispatcherSettings()
    sender: SenderSettings = SenderSettings()
    limits: LimitSettings = LimitSettings()
    privacy: PrivacySettings = PrivacySettings()
    languages: LanguageSettings = LanguageSettings()
    operators: OperatorSettings = OperatorSettings()
    sandbox: SandboxSettings = SandboxSettings()
    logging: LoggingSettings = LoggingSettings()

    bot_token: SecretStr | None = None
    database_url: SecretStr | None = None
    secret_key: SecretStr | None = None
    webhook_secret: SecretStr | None = None

    @field_validator("webhook_secret")
    @classmethod
    def _check_webhook_secret(cls, value: SecretStr | None) -> SecretStr | None:
        # Telegram accepts only these characters in X-Telegram-Bot-Api-Secret-Token.
        if value is not None and not _WEBHOOK_SECRET.fullmatch(value.get_secret_value()):
            raise ValueError("bad webhook secret")
        return value

    @property
    def sandboxed(self) -> bool:
        """True when no bot token is given: Senim then talks to its own local emulator."""
        return self.bot_token is None

    def sqlalchemy_url(self) -> str:
        """The database URL: ``SENIM_DATABASE_URL``, or SQLite inside the data folder.

        The sandbox keeps a file of its own, so trying Senim out never mixes with a deployment's
        data (which is encrypted under another key)."""
        if self.database_url is not None:
            return self.database_url.get_secret_value()
        name = "sandbox.sqlite3" if self.sandboxed else "senim.sqlite3"
        return f"sqlite+aiosqlite:///{(self.data_dir / name).resolve()}"


def load_settings(
    config_path: Path | None = None, environ: Mapping[str, str] | None = None
) -> Settings:
    """Read the config file, apply environment overrides and secrets, and validate the result."""
    environ = os.environ if environ is None else environ
    path = Path(environ.get("SENIM_CONFIG", "")) if config_path is None else config_path
    if not str(path) or str(path) == ".":
        path = DEFAULT_CONFIG_PATH
    raw = _read_yaml(path)
    for key in SECRET_ENV:
        if key in raw:
            raise ConfigError(
                f"{key}: secrets are not read from {path.name}; "
                f"set the environment variable {SECRET_ENV[key]} instead"
            )
    raw = _apply_environment(raw, environ)
    for key, variable in SECRET_ENV.items():
        if environ.get(variable):
            raw[key] = environ[variable]
    try:
        return Settings.model_validate(raw)
    except ValidationError as error:
        raise ConfigError(_one_line(error)) from None


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"config file not found: {path}") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise ConfigError(f"{path.name}: not valid YAML{where}") from None
    if loaded is None:
        return {}
    if not isinstance(loaded, dict):
        raise ConfigError(f"{path.name}: expected a mapping of settings at the top level")
    return loaded


def _apply_environment(raw: dict[str, Any], environ: Mapping[str, str]) -> dict[str, Any]:
    """Overlay ``SENIM_<SECTION>_<KEY>`` variables onto the file's values."""
    merged: dict[str, Any] = {
        name: dict(value) if isinstance(value, dict) else value for name, value in raw.items()
    }
    for name, field in Settings.model_fields.items():
        if name in SECRET_ENV:
            continue
        section_model = field.annotation
        if isinstance(section_model, type) and issubclass(section_model, _Section):
            for key in section_model.model_fields:
                variable = f"SENIM_{name}_{key}".upper()
                if variable in environ:
                    section = merged.setdefault(name, {})
                    if not isinstance(section, dict):
                        raise ConfigError(f"{name}: expected a mapping of settings")
                    section[key] = _environment_value(
                        section_model.model_fields[key].annotation, environ[variable]
                    )
        else:
            variable = f"SENIM_{name}".upper()
            if variable in environ:
                merged[name] = environ[variable]
    return merged


def _environment_value(annotation: Any, value: str) -> Any:
    """Lists and mappings come from the environment as YAML/JSON (``[1, 2]``, ``{a: 1}``)."""
    origin = getattr(annotation, "__origin__", None)
    if origin in (list, dict):
        try:
            return yaml.safe_load(value)
        except yaml.YAMLError:
            return value  # validation then names the key and what it expects
    return value


def _one_line(error: ValidationError) -> str:
    first = error.errors()[0]
    key = ".".join(str(part) for part in first["loc"])
    message = first["msg"]
    if first["type"] == "extra_forbidden":
        return f"{key}: unknown setting (see config.yaml for the settings there are)"
    if key in SECRET_ENV:
        # The rejected value is a secret: name the variable, never echo what it holds.
        return f"{SECRET_ENV[key]}: {SECRET_RULES.get(key, 'not a valid value')}"
    value = first.get("input")
    shown = f" (got {value!r})" if isinstance(value, str | int | float | bool) else ""
    return f"{key}: {message[0].lower()}{message[1:]}{shown}"
