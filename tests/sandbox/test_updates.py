"""Updates: what users do reaches the bot through getUpdates, with Telegram's semantics."""

import asyncio
import time

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, MessageOriginHiddenUser
from telegram.error import Conflict

from bot.sandbox.client import SandboxClient


async def test_offset_confirms_updates(bot: Bot, user: dict, sandbox: SandboxClient):
    for text in ("one", "two", "three"):
        await sandbox.send_text(user["id"], text)
    first = await bot.get_updates(limit=2)
    assert [u.message.text for u in first] == ["one", "two"]
    assert first[1].update_id == first[0].update_id + 1
    again = await bot.get_updates()
    assert len(again) == 3  # nothing is confirmed without a higher offset
    rest = await bot.get_updates(offset=first[1].update_id + 1)
    assert [u.message.text for u in rest] == ["three"]
    assert await bot.get_updates(offset=rest[0].update_id + 1) == ()


async def test_negative_offset_keeps_the_last_updates(
    bot: Bot, user: dict, sandbox: SandboxClient
):
    for text in ("a", "b", "c"):
        await sandbox.send_text(user["id"], text)
    assert [u.message.text for u in await bot.get_updates(offset=-1)] == ["c"]


async def test_long_poll_wakes_on_a_new_update(bot: Bot, user: dict, sandbox: SandboxClient):
    async def later() -> None:
        await asyncio.sleep(0.3)
        await sandbox.send_text(user["id"], "/start")

    started = time.monotonic()
    task = asyncio.create_task(later())
    updates = await bot.get_updates(timeout=5)
    await task
    assert 0.2 < time.monotonic() - started < 3
    assert updates[0].message.text == "/start"
    assert updates[0].message.entities[0].type == "bot_command"


async def test_long_poll_times_out_empty(bot: Bot):
    started = time.monotonic()
    assert await bot.get_updates(timeout=1) == ()
    assert 0.9 < time.monotonic() - started < 3


async def test_second_poll_terminates_the_first(bot: Bot, emulator):
    first = asyncio.create_task(bot.get_updates(timeout=5))
    await asyncio.sleep(0.2)
    async with Bot(emulator.token, base_url=emulator.api_base_url) as other_instance:
        second = asyncio.create_task(other_instance.get_updates(timeout=1))
        with pytest.raises(Conflict, match="terminated by other getUpdates request"):
            await first
        assert await second == ()


async def test_allowed_updates_filter(bot: Bot, user: dict, sandbox: SandboxClient):
    await bot.get_updates(allowed_updates=["callback_query"])
    await sandbox.send_text(user["id"], "ignored")
    message = await bot.send_message(
        user["id"],
        "Pick",
        reply_markup=InlineKeyboardMarkup([[InlineKeyboardButton("A", callback_data="a")]]),
    )
    await sandbox.press_button(user["id"], message.message_id, data="a")
    updates = await bot.get_updates()
    assert [u.callback_query.data for u in updates] == ["a"]
    await bot.get_updates(offset=updates[-1].update_id + 1, allowed_updates=[])
    await sandbox.send_text(user["id"], "seen")
    assert [u.message.text for u in await bot.get_updates()] == ["seen"]


async def test_every_kind_of_user_message(bot: Bot, user: dict, sandbox: SandboxClient):
    await sandbox.send_photo(user["id"], caption="payslip")
    await sandbox.send_voice(user["id"], duration=7)
    await sandbox.send_document(user["id"], b"%PDF", file_name="contract.pdf")
    await sandbox.send_location(user["id"], 43.238, 76.945)
    await sandbox.send_sticker(user["id"], "🙏")
    await sandbox.send_forward(user["id"], "job offer", origin_name="Recruiter")
    sent = await sandbox.send_text(user["id"], "first version")
    await sandbox.edit_text(user["id"], user["id"], sent["message_id"], "second version")
    updates = await bot.get_updates()
    messages = [u.message for u in updates[:-1]]
    assert messages[0].photo and messages[0].caption == "payslip"
    assert messages[1].voice.file_id and messages[1].voice.mime_type == "audio/ogg"
    assert messages[2].document.file_name == "contract.pdf"
    assert messages[3].location.latitude == pytest.approx(43.238)
    assert messages[4].sticker.emoji == "🙏"
    assert isinstance(messages[5].forward_origin, MessageOriginHiddenUser)
    assert messages[5].forward_origin.sender_user_name == "Recruiter"
    assert messages[6].text == "first version"
    edited = updates[-1].edited_message
    assert edited.text == "second version" and edited.edit_date is not None
    assert edited.message_id == sent["message_id"]


async def test_group_topic_messages_reach_the_bot(
    bot: Bot, user: dict, operator: dict, group: dict, sandbox: SandboxClient
):
    topic = await bot.create_forum_topic(group["id"], "Case 3")
    await sandbox.send_text(
        operator["id"], "I take it", chat_id=group["id"], thread_id=topic.message_thread_id
    )
    await sandbox.send_text(user["id"], "general chat", chat_id=group["id"])
    [in_topic, general] = await bot.get_updates()
    assert in_topic.message.chat.id == group["id"]
    assert in_topic.message.message_thread_id == topic.message_thread_id
    assert in_topic.message.is_topic_message is True
    assert in_topic.message.from_user.id == operator["id"]
    assert general.message.message_thread_id is None


async def test_block_and_unblock_emit_my_chat_member(bot: Bot, user: dict, sandbox: SandboxClient):
    await sandbox.block(user["id"])
    await sandbox.unblock(user["id"])
    [blocked, unblocked] = await bot.get_updates()
    assert blocked.my_chat_member.new_chat_member.status == "kicked"
    assert blocked.my_chat_member.old_chat_member.status == "member"
    assert blocked.my_chat_member.new_chat_member.user.id == bot.id
    assert unblocked.my_chat_member.new_chat_member.status == "member"


async def test_user_ids_given_or_generated(sandbox: SandboxClient):
    given = await sandbox.create_user("Given", user_id=555)
    generated = await sandbox.create_user("Generated")
    assert given["id"] == 555
    assert generated["id"] not in (555, 0)


async def test_writing_to_a_blocked_bot_unblocks_it(bot: Bot, user: dict, sandbox: SandboxClient):
    await sandbox.block(user["id"])
    await sandbox.send_text(user["id"], "/start")
    blocked, unblocked, message = await bot.get_updates()
    assert blocked.my_chat_member.new_chat_member.status == "kicked"
    assert unblocked.my_chat_member.new_chat_member.status == "member"
    assert message.message.text == "/start"
    assert (await sandbox.chat(user["id"]))["blocked"] is False
