"""The chat page in headless Chromium against a tiny PTB echo bot polling the emulator."""

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import Application, CallbackQueryHandler, ContextTypes, MessageHandler, filters

from bot.sandbox import RunningEmulator
from bot.sandbox.client import SandboxClient

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TIMEOUT_MS = 10_000


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Thanks", callback_data="thanks")]])
    await update.message.reply_text(f"echo: {update.message.text}", reply_markup=keyboard)


async def pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await update.callback_query.answer("Noted")
    await update.callback_query.edit_message_text(f"pressed: {update.callback_query.data}")


@pytest.fixture
async def echo_bot(emulator: RunningEmulator) -> AsyncIterator[Application]:
    application = (
        Application.builder().token(emulator.token).base_url(emulator.api_base_url).build()
    )
    application.add_handler(MessageHandler(filters.TEXT, echo))
    application.add_handler(CallbackQueryHandler(pressed))
    async with application:
        await application.start()
        await application.updater.start_polling(poll_interval=0, timeout=1)
        yield application
        await application.updater.stop()
        await application.stop()


@pytest.fixture
def chromium() -> Path:
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is not installed")
    return CHROMIUM


@pytest.fixture
async def browser_page(emulator: RunningEmulator, chromium: Path):
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=str(chromium), args=CHROMIUM_ARGS
        )
        page = await browser.new_page(viewport={"width": 390, "height": 844})  # a phone
        page.set_default_timeout(TIMEOUT_MS)
        await page.goto(emulator.url + "/")
        yield page
        await browser.close()


async def test_round_trip_through_the_page(
    echo_bot: Application, browser_page, sandbox: SandboxClient
):
    page = browser_page
    await page.fill("#new-persona-name", "Dilnoza")
    await page.fill("#new-persona-lang", "uz")
    await page.click("#create-persona")
    await page.wait_for_function("document.querySelector('#persona-select').value !== ''")
    [persona] = await sandbox.users()
    assert persona["first_name"] == "Dilnoza" and persona["language_code"] == "uz"

    await page.fill("#composer-text", "Assalomu alaykum")
    await page.click("#send-button")
    reply = page.locator("#messages .msg.from-bot", has_text="echo: Assalomu alaykum")
    await reply.wait_for()

    await reply.locator("button.inline-button", has_text="Thanks").click()
    await page.locator("#messages .msg.from-bot", has_text="pressed: thanks").wait_for()
    await page.locator("#toast", has_text="Noted").wait_for()
    [bot_message] = await sandbox.messages(persona["id"], from_bot=True)
    assert bot_message["text"] == "pressed: thanks" and "edit_date" in bot_message


async def test_operator_answers_in_a_topic(
    emulator: RunningEmulator, browser_page, sandbox: SandboxClient
):
    """The operator panel lists topics and posts into the chosen one as an operator."""
    page = browser_page
    operator = await sandbox.create_user("Operator Asel", language_code="ru")
    group = await sandbox.create_group("Senim operators", admins=[operator["id"]])
    from telegram import Bot

    async with Bot(emulator.token, base_url=emulator.api_base_url) as bot:
        topic = await bot.create_forum_topic(group["id"], "Case 12")
        await bot.send_message(
            group["id"], "New case opened", message_thread_id=topic.message_thread_id
        )
    await page.click("#tab-ops")
    topic_button = page.locator("#topics button", has_text="Case 12")
    await topic_button.click()
    await page.locator("#ops-messages .msg", has_text="New case opened").wait_for()
    await page.fill("#ops-text", "Hello, I am here to help")
    await page.click("#ops-send")
    [answer] = await sandbox.wait_for_messages(
        group["id"], thread_id=topic.message_thread_id, from_bot=False, timeout=5
    )
    assert answer["text"] == "Hello, I am here to help"
    assert answer["from"]["id"] == operator["id"]
