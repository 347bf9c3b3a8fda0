"""Webhook mode: delivery with the secret header, and redelivery after a non-2xx answer."""

import asyncio
from collections.abc import AsyncIterator

import pytest
from aiohttp import web
from telegram import Bot, Update
from telegram.ext import Application, ContextTypes, MessageHandler, filters

from bot.sandbox import RunningEmulator
from bot.sandbox.client import SandboxClient
from tests.conftest import serving

SECRET = "s3cret-Token_1"


class Receiver:
    """A webhook endpoint that accepts only one secret and can be told to fail."""

    def __init__(self) -> None:
        self.expected_secret = SECRET
        self.fail_next = 0
        self.attempts: list[int] = []
        self.processed: list[int] = []
        self.url = ""

    async def handle(self, request: web.Request) -> web.Response:
        update = await request.json()
        self.attempts.append(update["update_id"])
        if request.headers.get("X-Telegram-Bot-Api-Secret-Token") != self.expected_secret:
            return web.Response(status=403)
        if self.fail_next:
            self.fail_next -= 1
            return web.Response(status=500)
        self.processed.append(update["update_id"])
        return web.Response(text="ok")


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    hook = Receiver()
    app = web.Application()
    app.router.add_post("/hook", hook.handle)
    async with serving(app) as url:
        hook.url = f"{url}/hook"
        yield hook


async def eventually(check, timeout: float = 5.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not check():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("condition not reached in time")
        await asyncio.sleep(0.02)


async def test_delivery_with_the_right_secret(
    bot: Bot, user: dict, sandbox: SandboxClient, receiver: Receiver
):
    assert await bot.set_webhook(receiver.url, secret_token=SECRET)
    sent = [await sandbox.send_text(user["id"], f"m{i}") for i in range(3)]
    await eventually(lambda: len(receiver.processed) == 3)
    assert receiver.attempts == receiver.processed  # each delivered once, in order
    assert receiver.processed == sorted(receiver.processed)
    info = await bot.get_webhook_info()
    assert info.url == receiver.url and info.pending_update_count == 0
    assert info.last_error_date is None
    assert len(sent) == 3


async def test_wrong_secret_is_refused_and_redelivered(
    bot: Bot, user: dict, sandbox: SandboxClient, receiver: Receiver
):
    receiver.expected_secret = "another-secret"
    await bot.set_webhook(receiver.url, secret_token=SECRET)
    await sandbox.send_text(user["id"], "hello")
    await eventually(lambda: len(receiver.attempts) >= 2)
    assert receiver.processed == []
    assert len(set(receiver.attempts)) == 1  # the same update_id again
    info = await bot.get_webhook_info()
    assert info.pending_update_count == 1
    assert info.last_error_message == "Wrong response from the webhook: 403 Forbidden"
    receiver.expected_secret = SECRET
    await eventually(lambda: len(receiver.processed) == 1)
    assert receiver.processed[0] == receiver.attempts[0]


async def test_server_error_causes_redelivery_of_the_same_update(
    bot: Bot, user: dict, sandbox: SandboxClient, receiver: Receiver
):
    receiver.fail_next = 2
    await bot.set_webhook(receiver.url, secret_token=SECRET)
    await sandbox.send_text(user["id"], "first")
    await sandbox.send_text(user["id"], "second")
    await eventually(lambda: len(receiver.processed) == 2)
    first_id = receiver.processed[0]
    assert receiver.attempts == [first_id, first_id, first_id, first_id + 1]


async def test_delete_webhook_returns_to_polling(bot: Bot, user: dict, sandbox: SandboxClient):
    await bot.set_webhook("http://127.0.0.1:9/unreachable", secret_token=SECRET)
    await sandbox.send_text(user["id"], "queued")
    await asyncio.sleep(0.2)
    info = await bot.get_webhook_info()
    assert info.pending_update_count == 1 and info.last_error_message
    assert await bot.delete_webhook()
    [update] = await bot.get_updates()
    assert update.message.text == "queued"
    assert (await bot.get_webhook_info()).url == ""


async def test_bad_secret_token_is_rejected(bot: Bot):
    with pytest.raises(Exception, match="Secret token contains unallowed characters"):
        await bot.set_webhook("http://127.0.0.1:9/hook", secret_token="no spaces allowed")


async def test_ptb_application_behind_an_aiohttp_webhook(
    emulator: RunningEmulator, user: dict, sandbox: SandboxClient
):
    """The custom-webhook pattern: aiohttp checks the secret, PTB processes the update."""

    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await update.message.reply_text(f"echo: {update.message.text}")

    application = (
        Application.builder()
        .token(emulator.token)
        .base_url(emulator.api_base_url)
        .updater(None)
        .build()
    )
    application.add_handler(MessageHandler(filters.TEXT, echo))

    async def webhook(request: web.Request) -> web.Response:
        if request.headers.get("X-Telegram-Bot-Api-Secret-Token") != SECRET:
            return web.Response(status=403)
        await application.process_update(Update.de_json(await request.json(), application.bot))
        return web.Response()

    app = web.Application()
    app.router.add_post("/tg", webhook)
    async with serving(app) as url, application:
        await application.bot.set_webhook(f"{url}/tg", secret_token=SECRET)
        await sandbox.send_text(user["id"], "salam")
        [reply] = await sandbox.wait_for_messages(user["id"], count=1, timeout=10)
        assert reply["text"] == "echo: salam"
