"""A local emulator of the Telegram Bot API, with a control API and a web chat page.

Tests, benchmarks and the no-token demo run the real bot against it over HTTP (PTB's
``base_url``), so nothing ever reaches Telegram. ``start_emulator()`` embeds it in a running
event loop; ``python -m bot.sandbox`` runs it alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from aiohttp import web

from bot.sandbox.api import BotApi
from bot.sandbox.control import ControlApi
from bot.sandbox.rules import RateLimiter
from bot.sandbox.state import DEFAULT_BOT_TOKEN, DEFAULT_BOT_USERNAME, JSON, SandboxState
from bot.sandbox.webhook import WebhookDelivery

__all__ = [
    "DEFAULT_BOT_TOKEN",
    "DEFAULT_BOT_USERNAME",
    "RunningEmulator",
    "SandboxState",
    "build_app",
    "start_emulator",
]

_STATE_KEY = web.AppKey("sandbox_state", SandboxState)
_DELIVERY_KEY = web.AppKey("sandbox_webhook", WebhookDelivery)
_BASE_URL_KEY = web.AppKey("sandbox_base_url", list)


def build_app(state: SandboxState) -> web.Application:
    """The aiohttp application serving the Bot API, the control API and the page."""
    app = web.Application(client_max_size=60 * 1024 * 1024)
    limiter = RateLimiter()
    api = BotApi(state, limiter)
    delivery = WebhookDelivery(state)
    api.webhook_changed = delivery.changed
    base_url: list[str] = [""]

    def api_info() -> JSON:
        url = base_url[0]
        return {
            "url": url,
            "api_base_url": f"{url}/bot",
            "file_base_url": f"{url}/file/bot",
            "methods": sorted(api.methods),
        }

    control = ControlApi(state, limiter, api_info)
    app.add_routes(api.routes())
    app.add_routes(control.routes())
    app[_STATE_KEY] = state
    app[_DELIVERY_KEY] = delivery
    app[_BASE_URL_KEY] = base_url

    async def stop_delivery(_: web.Application) -> None:
        await delivery.stop()

    app.on_cleanup.append(stop_delivery)
    return app


@dataclass
class RunningEmulator:
    """An emulator listening on a port; pass ``api_base_url`` to PTB's ``base_url``."""

    url: str
    state: SandboxState
    runner: web.AppRunner

    @property
    def api_base_url(self) -> str:
        """What PTB's ``base_url`` expects (it appends the token)."""
        return f"{self.url}/bot"

    @property
    def file_base_url(self) -> str:
        """What PTB's ``base_file_url`` expects."""
        return f"{self.url}/file/bot"

    @property
    def token(self) -> str:
        """The only token the emulator accepts."""
        return self.state.bot_token

    async def stop(self) -> None:
        """Stop serving and the webhook delivery task."""
        await self.runner.cleanup()


async def start_emulator(
    host: str = "127.0.0.1",
    port: int = 0,
    *,
    rate_limits: bool = True,
    bot_token: str = DEFAULT_BOT_TOKEN,
    bot_username: str = DEFAULT_BOT_USERNAME,
    seed: int = 0,
) -> RunningEmulator:
    """Start the emulator in the running event loop; port 0 picks a free port."""
    state = SandboxState(bot_token, bot_username=bot_username, seed=seed, rate_limits=rate_limits)
    app = build_app(state)
    runner = web.AppRunner(app, access_log=None, handle_signals=False)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    bound_port = runner.addresses[0][1] if runner.addresses else port
    url = f"http://{host}:{bound_port}"
    app[_BASE_URL_KEY][0] = url
    return RunningEmulator(url=url, state=state, runner=runner)
