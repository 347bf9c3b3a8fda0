"""The composition root: builds the service from settings and runs it until stopped."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import signal
import warnings
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from telegram import BotCommand
from telegram.error import TelegramError
from telegram.ext import Application
from telegram.warnings import PTBUserWarning

import handlers
from bot import LANGUAGES
from bot.case_watch import keep_watching
from bot.config import Settings
from bot.content_keeper import ContentKeeper
from bot.crypto import Vault, sandbox_secret
from bot.dispatcher import Dispatcher
from bot.i18n import translator
from bot.ingress import ALLOWED_UPDATES, Poller, webhook_handler
from bot.reading import warm_up
from bot.retention import keep_purging
from bot.sender import Sender
from bot.telegram_http import AiohttpRequest
from db import migrate
from db.checkpoints import keep_checkpointing
from db.session import create_engine, create_read_engine, session_factory, turn_session_factory

logger = logging.getLogger(__name__)

WEBHOOK_PATH = "/telegram/webhook"


class StartupError(Exception):
    """The service cannot start; the message says why in one line."""


@dataclass
class Service:
    """A running Senim: the parts tests and benchmarks may look at."""

    settings: Settings
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    vault: Vault
    application: Application  # type: ignore[type-arg]
    dispatcher: Dispatcher
    sender: Sender


def configure_logging(level: str) -> None:
    """Log to stderr. Libraries that would log tokens or update contents are kept quiet."""
    # The outbox stores calls by method name and makes them with Bot.do_api_request on purpose.
    warnings.filterwarnings("ignore", message="Please use 'Bot.", category=PTBUserWarning)
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # python-telegram-bot logs whole updates (with message texts) at DEBUG.
    logging.getLogger("telegram").setLevel(max(logging.INFO, logging.getLevelName(level)))
    logging.getLogger("aiohttp.access").setLevel(logging.WARNING)


def vault_for(settings: Settings) -> Vault:
    """The vault for this deployment; only the sandbox may make up its own key."""
    if settings.secret_key is not None:
        return Vault.from_secret(settings.secret_key.get_secret_value())
    if settings.sandboxed:
        return Vault.from_secret(sandbox_secret(settings.data_dir))
    raise StartupError(
        "SENIM_SECRET_KEY: required with a real bot token (`senim keygen` prints a new one)"
    )


async def prepare_database(settings: Settings) -> AsyncEngine:
    """Create the engine; migrate the embedded SQLite, check that PostgreSQL is migrated."""
    url = settings.sqlalchemy_url()
    if url.startswith("sqlite"):
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        await asyncio.to_thread(migrate.upgrade, url)
    elif not await asyncio.to_thread(migrate.is_current, url):
        raise StartupError("database: not migrated to the latest schema; run `senim db upgrade`")
    return create_engine(url, pool_size=settings.database.pool_size, echo=settings.database.echo)


def build_application(settings: Settings, token: str) -> Application:  # type: ignore[type-arg]
    """The python-telegram-bot Application, without its own updater: updates come from the
    inbox."""
    timeout = settings.telegram.request_timeout
    application = (
        Application.builder()
        .token(token)
        .base_url(settings.telegram.api_base_url)
        .base_file_url(settings.telegram.file_base_url)
        .request(
            AiohttpRequest(
                connection_pool_size=128,
                read_timeout=timeout,
                write_timeout=timeout,
                connect_timeout=timeout,
                pool_timeout=timeout,
            )
        )
        .get_updates_request(AiohttpRequest(read_timeout=settings.telegram.poll_timeout + 10))
        .updater(None)
        .build()
    )
    handlers.register(application, settings.operators.group_chat_id)
    return application


@contextlib.asynccontextmanager
async def running_service(settings: Settings) -> AsyncIterator[Service]:
    """Start every part of the service; stop them all on exit."""
    if settings.bot_token is None:
        raise StartupError("TELEGRAM_BOT_TOKEN: required (without it, use `senim sandbox`)")
    vault = vault_for(settings)
    engine = await prepare_database(settings)
    sessions = session_factory(engine)
    read_engine = create_read_engine(
        settings.sqlalchemy_url(), engine, pool_size=settings.database.pool_size
    )
    readers = session_factory(read_engine)
    application = build_application(settings, settings.bot_token.get_secret_value())
    await application.initialize()
    sender = Sender(application.bot, sessions, vault, settings.sender, readers=readers)
    content = ContentKeeper(sessions, vault)
    await content.start()
    await asyncio.to_thread(warm_up)
    # What start-up built (the libraries, the screening indexes, the language profiles) lives
    # as long as the process: frozen, the collector's full passes no longer walk it, and a full
    # pass no longer holds up every chat for tens of milliseconds now and then. Start-up's own
    # garbage is collected first, or it would be kept for good.
    gc.collect()
    gc.freeze()
    dispatcher = Dispatcher(
        application, turn_session_factory(engine, read_engine), vault, settings, content,
        on_replies_queued=sender.wake, readers=readers,
    )  # fmt: skip
    service = Service(settings, engine, sessions, vault, application, dispatcher, sender)
    tasks = [
        asyncio.create_task(dispatcher.run(), name="dispatcher"),
        asyncio.create_task(sender.run(), name="sender"),
        asyncio.create_task(content.watch(), name="content"),
        asyncio.create_task(
            keep_purging(sessions, vault, settings.privacy.retention_days), name="retention"
        ),
        asyncio.create_task(
            keep_watching(sessions, vault, settings, content, sender.wake), name="case-watch"
        ),
    ]
    if engine.dialect.name == "sqlite":
        tasks.append(
            asyncio.create_task(keep_checkpointing(settings.sqlalchemy_url()), name="checkpoints")
        )
    if not settings.operators.group_chat_id:
        logger.warning(
            "operators.group_chat_id is not set: cases are kept, but no operator is told of them"
        )
    web_runner = await _start_web(service)
    if settings.telegram.mode == "polling":
        poller = Poller(
            application.bot, sessions, vault, dispatcher.wake,
            timeout=settings.telegram.poll_timeout,
        )  # fmt: skip
        tasks.append(asyncio.create_task(poller.run(), name="poller"))
    else:
        await _set_webhook(service)
    await _publish_commands(application)
    try:
        yield service
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await web_runner.cleanup()
        await application.shutdown()
        await engine.dispose()
        await read_engine.dispose()


async def _start_web(service: Service) -> web.AppRunner:
    """The HTTP server: health check, and the webhook route in webhook mode."""
    settings = service.settings
    app = web.Application(client_max_size=1024 * 1024)
    app.router.add_get("/healthz", _healthz)
    if settings.telegram.mode == "webhook":
        if settings.webhook_secret is None:
            raise StartupError("SENIM_WEBHOOK_SECRET: required in webhook mode")
        app.router.add_post(
            WEBHOOK_PATH,
            webhook_handler(
                service.sessions,
                service.vault,
                settings.webhook_secret.get_secret_value(),
                service.dispatcher.wake,
            ),
        )
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, settings.web.host, settings.web.port)
    await site.start()
    return runner


async def _healthz(_request: web.Request) -> web.Response:
    return web.Response(text="ok")


async def _set_webhook(service: Service) -> None:
    settings = service.settings
    if not settings.telegram.webhook_url:
        raise StartupError("telegram.webhook_url: required in webhook mode (an https:// URL)")
    assert settings.webhook_secret is not None
    await service.application.bot.set_webhook(
        url=settings.telegram.webhook_url,
        secret_token=settings.webhook_secret.get_secret_value(),
        allowed_updates=list(ALLOWED_UPDATES),
    )


async def _publish_commands(application: Application) -> None:  # type: ignore[type-arg]
    """Show the commands in Telegram's menu, in each user's app language."""
    for language in LANGUAGES:
        t = translator(language)
        commands = [
            BotCommand("start", t.gettext("Start again")),
            BotCommand("menu", t.gettext("Topics")),
            BotCommand("emergency", t.gettext("Help in an emergency")),
            BotCommand("check", t.gettext("Check your situation")),
            BotCommand("language", t.gettext("Change the language")),
            BotCommand("help", t.gettext("What I can do")),
            BotCommand("privacy", t.gettext("What I keep about you")),
            BotCommand("delete", t.gettext("Erase my data")),
        ]
        try:
            await application.bot.set_my_commands(commands, language_code=language)
        except TelegramError as error:  # a menu is a convenience; never a reason not to start
            logger.warning("setMyCommands (%s) failed: %s", language, type(error).__name__)


async def run_until_stopped(settings: Settings, ready: Callable[[], None] | None = None) -> None:
    """Run the service until SIGINT or SIGTERM; ``ready`` is called once it is up."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    async with running_service(settings):
        if ready is not None:
            ready()
        await stop.wait()
    logger.info("Senim stopped")
