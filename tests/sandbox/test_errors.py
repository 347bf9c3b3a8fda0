"""Telegram's refusals, as PTB raises them: exception class and message."""

import aiohttp
import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, Conflict, EndPointNotFound, Forbidden, InvalidToken

from bot.sandbox import RunningEmulator
from bot.sandbox.client import SandboxClient


def ptb_message(description: str) -> str:
    """What PTB makes of a Telegram description (it strips 'Bad Request: ' and capitalizes)."""
    return BadRequest(description).message


KEYBOARD = InlineKeyboardMarkup([[InlineKeyboardButton("Yes", callback_data="yes")]])


async def test_wrong_token_is_unauthorized(emulator: RunningEmulator):
    wrong = Bot("999:WRONG", base_url=emulator.api_base_url)
    with pytest.raises(InvalidToken, match="was rejected by the server"):
        await wrong.initialize()
    async with aiohttp.ClientSession() as http:
        response = await http.get(f"{emulator.api_base_url}999:WRONG/getMe")
        assert response.status == 401
        assert await response.json() == {
            "ok": False,
            "error_code": 401,
            "description": "Unauthorized",
        }


async def test_unknown_method_is_404_and_recorded(bot: Bot, sandbox: SandboxClient):
    with pytest.raises(EndPointNotFound, match="Endpoint 'sendDice' not found"):
        await bot.do_api_request("sendDice", api_kwargs={"chat_id": 1})
    assert await sandbox.unknown_methods() == ["sendDice"]
    [call] = await sandbox.calls("senddice")
    assert call["status"] == 404


async def test_unknown_chat(bot: Bot):
    with pytest.raises(BadRequest) as error:
        await bot.send_message(424242, "hello")
    assert error.value.message == "Chat not found"


async def test_blocked_user(bot: Bot, user: dict, sandbox: SandboxClient):
    await sandbox.block(user["id"])
    with pytest.raises(Forbidden) as error:
        await bot.send_message(user["id"], "hello")
    assert error.value.message == "Forbidden: bot was blocked by the user"
    await sandbox.unblock(user["id"])
    assert (await bot.send_message(user["id"], "back")).text == "back"


async def test_message_too_long_counts_after_entity_parsing(bot: Bot, user: dict):
    exactly = "<b>" + "a" * 4096 + "</b>"
    assert len((await bot.send_message(user["id"], exactly, parse_mode="HTML")).text) == 4096
    with pytest.raises(BadRequest, match="Message is too long"):
        await bot.send_message(user["id"], "a" * 4097)


async def test_empty_text(bot: Bot, user: dict):
    with pytest.raises(BadRequest, match="Message text is empty"):
        await bot.send_message(user["id"], "   ")


async def test_caption_too_long(bot: Bot, user: dict):
    with pytest.raises(BadRequest, match="Message caption is too long"):
        await bot.send_photo(user["id"], b"img", caption="c" * 1025)


async def test_callback_data_over_64_bytes(bot: Bot, user: dict):
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data="ы" * 33)]])
    with pytest.raises(BadRequest, match="Button_data_invalid"):
        await bot.send_message(user["id"], "pick", reply_markup=markup)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a<br>b", 'Unsupported start tag "br" at byte offset 1'),
        ("<b>open", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<b>x</i>", 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ("a < b", "Unclosed start tag at byte offset 2"),
    ],
)
async def test_html_parse_errors(bot: Bot, user: dict, text: str, expected: str):
    with pytest.raises(BadRequest) as error:
        await bot.send_message(user["id"], text, parse_mode="HTML")
    assert error.value.message == ptb_message(f"Bad Request: can't parse entities: {expected}")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Price 5.00", "Character '.' is reserved and must be escaped with the preceding '\\'"),
        ("a-b", "Character '-' is reserved and must be escaped with the preceding '\\'"),
        ("*bold", "Can't find end of Bold entity at byte offset 0"),
        ("ok `code", "Can't find end of Code entity at byte offset 3"),
    ],
)
async def test_markdown_v2_parse_errors(bot: Bot, user: dict, text: str, expected: str):
    with pytest.raises(BadRequest) as error:
        await bot.send_message(user["id"], text, parse_mode="MarkdownV2")
    assert error.value.message == ptb_message(f"Bad Request: can't parse entities: {expected}")


async def test_wire_text_is_telegrams_own(emulator: RunningEmulator, user: dict):
    url = f"{emulator.api_base_url}{emulator.token}/sendMessage"
    async with aiohttp.ClientSession() as http:
        response = await http.post(
            url, json={"chat_id": user["id"], "text": "1.5", "parse_mode": "MarkdownV2"}
        )
        body = await response.json()
    assert response.status == 400
    assert body == {
        "ok": False,
        "error_code": 400,
        "description": "Bad Request: can't parse entities: Character '.' is reserved and must "
        "be escaped with the preceding '\\'",
    }


async def test_html_escapes_are_fine(bot: Bot, user: dict):
    message = await bot.send_message(user["id"], "a &lt; b &amp; c", parse_mode="HTML")
    assert message.text == "a < b & c"


async def test_thread_id_outside_a_forum(
    bot: Bot, user: dict, group: dict, sandbox: SandboxClient
):
    with pytest.raises(BadRequest, match="Message thread not found"):
        await bot.send_message(user["id"], "x", message_thread_id=5)
    with pytest.raises(BadRequest, match="Message thread not found"):
        await bot.send_message(group["id"], "x", message_thread_id=999)
    plain = await sandbox.create_group("Plain", forum=False)
    with pytest.raises(BadRequest, match="Message thread not found"):
        await bot.send_message(plain["id"], "x", message_thread_id=1)
    with pytest.raises(BadRequest, match="The chat is not a forum"):
        await bot.create_forum_topic(plain["id"], "Case")


async def test_edit_errors(bot: Bot, user: dict, sandbox: SandboxClient):
    message = await bot.send_message(user["id"], "same", reply_markup=KEYBOARD)
    with pytest.raises(BadRequest) as error:
        await bot.edit_message_text("same", user["id"], message.message_id, reply_markup=KEYBOARD)
    assert error.value.message.startswith("Message is not modified: specified new message content")
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_reply_markup(user["id"], message.message_id, reply_markup=KEYBOARD)
    with pytest.raises(BadRequest, match="Message to edit not found"):
        await bot.edit_message_text("x", user["id"], 9999)
    typed = await sandbox.send_text(user["id"], "mine")
    with pytest.raises(BadRequest, match="Message can't be edited"):
        await bot.edit_message_text("x", user["id"], typed["message_id"])


async def test_delete_errors_and_the_48_hour_rule(bot: Bot, user: dict, sandbox: SandboxClient):
    with pytest.raises(BadRequest, match="Message to delete not found"):
        await bot.delete_message(user["id"], 9999)
    old = await bot.send_message(user["id"], "old")
    recent = await bot.send_message(user["id"], "recent")
    await sandbox.advance_clock(47 * 3600)
    assert await bot.delete_message(user["id"], recent.message_id)
    await sandbox.advance_clock(3600)
    with pytest.raises(BadRequest, match="Message can't be deleted"):
        await bot.delete_message(user["id"], old.message_id)


async def test_answer_unknown_or_old_query(bot: Bot, user: dict, sandbox: SandboxClient):
    expected = ptb_message(
        "Bad Request: query is too old and response timeout expired or query ID is invalid"
    )
    with pytest.raises(BadRequest) as error:
        await bot.answer_callback_query("123")
    assert error.value.message == expected
    message = await bot.send_message(user["id"], "Pick", reply_markup=KEYBOARD)
    query_id = await sandbox.press_button(user["id"], message.message_id, text="Yes")
    await sandbox.advance_clock(3600)
    with pytest.raises(BadRequest, match="Query is too old"):
        await bot.answer_callback_query(query_id)
    second = await sandbox.press_button(user["id"], message.message_id, data="yes")
    assert await bot.answer_callback_query(second)
    with pytest.raises(BadRequest, match="Query is too old"):
        await bot.answer_callback_query(second)


async def test_copy_and_forward_errors(bot: Bot, user: dict, group: dict):
    with pytest.raises(BadRequest, match="Message to copy not found"):
        await bot.copy_message(user["id"], group["id"], 777)
    with pytest.raises(BadRequest, match="Message to forward not found"):
        await bot.forward_message(user["id"], group["id"], 777)
    topic = await bot.create_forum_topic(group["id"], "Case")
    with pytest.raises(BadRequest, match="Message can't be copied"):
        await bot.copy_message(user["id"], group["id"], topic.message_thread_id)


async def test_reply_to_missing_message(bot: Bot, user: dict):
    with pytest.raises(BadRequest, match="Message to be replied not found"):
        await bot.send_message(user["id"], "x", reply_to_message_id=555)
    message = await bot.send_message(
        user["id"], "x", reply_parameters={"message_id": 555, "allow_sending_without_reply": True}
    )
    assert message.reply_to_message is None


async def test_get_file_unknown(bot: Bot):
    with pytest.raises(BadRequest, match="Invalid file_id"):
        await bot.get_file("nope")


async def test_topic_errors(bot: Bot, group: dict):
    topic = await bot.create_forum_topic(group["id"], "Case")
    with pytest.raises(BadRequest, match="Topic_not_modified"):
        await bot.reopen_forum_topic(group["id"], topic.message_thread_id)
    with pytest.raises(BadRequest, match="Message thread not found"):
        await bot.close_forum_topic(group["id"], 12345)


async def test_left_group_is_forbidden(bot: Bot, group: dict):
    await bot.leave_chat(group["id"])
    with pytest.raises(Forbidden, match="bot is not a member of the supergroup chat"):
        await bot.send_message(group["id"], "still here?")


async def test_unsupported_parse_mode(bot: Bot, user: dict):
    with pytest.raises(BadRequest, match="Unsupported parse_mode"):
        await bot.send_message(user["id"], "x", parse_mode="BBCode")


async def test_get_updates_while_webhook_is_set(bot: Bot):
    await bot.set_webhook("http://127.0.0.1:9/hook")
    with pytest.raises(Conflict, match="can't use getUpdates method while webhook is active"):
        await bot.get_updates()
