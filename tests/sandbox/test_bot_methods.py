"""Every implemented Bot API method, driven by PTB's own Bot over real HTTP."""

import json

import aiohttp
from telegram import (
    Bot,
    BotCommand,
    ChatMemberAdministrator,
    ChatMemberLeft,
    ChatMemberMember,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    MessageOriginUser,
    ReplyKeyboardMarkup,
)
from telegram.constants import ChatAction, ParseMode

from bot.sandbox import RunningEmulator
from bot.sandbox.client import SandboxClient

KEYBOARD = InlineKeyboardMarkup([[InlineKeyboardButton("Yes", callback_data="yes")]])


async def test_get_me_comes_from_the_token(bot: Bot, emulator: RunningEmulator):
    me = await bot.get_me()
    assert me.id == int(emulator.token.split(":")[0])
    assert me.is_bot is True
    assert me.username == "senim_sandbox_bot"


async def test_send_message_returns_a_real_message(bot: Bot, user: dict):
    first = await bot.send_message(
        user["id"], "<b>Salem</b>, <i>dos</i>", parse_mode=ParseMode.HTML
    )
    second = await bot.send_message(user["id"], "again", reply_markup=KEYBOARD)
    assert first.text == "Salem, dos"
    assert [(e.type, e.offset, e.length) for e in first.entities] == [
        ("bold", 0, 5),
        ("italic", 7, 3),
    ]
    assert first.from_user.is_bot and first.chat.id == user["id"]
    assert second.message_id == first.message_id + 1
    assert second.reply_markup == KEYBOARD


async def test_markdown_v2_entities_and_escapes(bot: Bot, user: dict):
    message = await bot.send_message(
        user["id"],
        r"*Bold* and _it_ cost 5\.00 \- [site](https://example.org)",
        parse_mode="MarkdownV2",
    )
    assert message.text == "Bold and it cost 5.00 - site"
    types = [entity.type for entity in message.entities]
    assert types == ["bold", "italic", "text_link"]
    assert message.entities[2].url == "https://example.org"


async def test_entity_offsets_are_utf16(bot: Bot, user: dict):
    message = await bot.send_message(user["id"], "😀 <b>ok</b>", parse_mode="HTML")
    assert message.entities[0].offset == 3  # the emoji is two UTF-16 code units


async def test_reply_parameters_and_legacy_reply_to(bot: Bot, user: dict):
    original = await bot.send_message(user["id"], "question")
    modern = await bot.send_message(
        user["id"], "a", reply_parameters={"message_id": original.message_id}
    )
    legacy = await bot.send_message(user["id"], "b", reply_to_message_id=original.message_id)
    assert modern.reply_to_message.message_id == original.message_id
    assert legacy.reply_to_message.text == "question"


async def test_reply_keyboard_is_kept_on_the_chat(bot: Bot, user: dict, sandbox: SandboxClient):
    markup = ReplyKeyboardMarkup([["Қазақша", "Русский"]], resize_keyboard=True)
    message = await bot.send_message(user["id"], "Choose", reply_markup=markup)
    assert message.reply_markup is None  # Telegram shows only inline keyboards on messages
    keyboard = await sandbox.reply_keyboard(user["id"])
    assert keyboard["keyboard"][0][1]["text"] == "Русский"


async def test_edit_text_and_markup(bot: Bot, user: dict, sandbox: SandboxClient):
    message = await bot.send_message(user["id"], "v1", reply_markup=KEYBOARD)
    edited = await bot.edit_message_text(
        "v2", user["id"], message.message_id, reply_markup=KEYBOARD
    )
    assert edited.text == "v2" and edited.edit_date is not None
    new_markup = InlineKeyboardMarkup([[InlineKeyboardButton("No", callback_data="no")]])
    edited = await bot.edit_message_reply_markup(
        user["id"], message.message_id, reply_markup=new_markup
    )
    assert edited.reply_markup == new_markup
    edited = await bot.edit_message_text("v3", user["id"], message.message_id)
    assert edited.reply_markup is None  # an edit without markup removes the keyboard
    [stored] = await sandbox.messages(user["id"], from_bot=True)
    assert stored["text"] == "v3"


async def test_edit_caption(bot: Bot, user: dict):
    photo = await bot.send_photo(user["id"], b"\x89PNG-bytes", caption="old")
    edited = await bot.edit_message_caption(user["id"], photo.message_id, caption="new")
    assert edited.caption == "new"


async def test_delete_message(bot: Bot, user: dict, sandbox: SandboxClient):
    message = await bot.send_message(user["id"], "to delete")
    assert await bot.delete_message(user["id"], message.message_id) is True
    assert await sandbox.messages(user["id"]) == []


async def test_answer_callback_query(bot: Bot, user: dict, sandbox: SandboxClient):
    message = await bot.send_message(user["id"], "Pick", reply_markup=KEYBOARD)
    query_id = await sandbox.press_button(user["id"], message.message_id, data="yes")
    [update] = await bot.get_updates()
    assert update.callback_query.id == query_id
    assert update.callback_query.data == "yes"
    assert update.callback_query.message.message_id == message.message_id
    assert await bot.answer_callback_query(query_id, text="Saved", show_alert=True)
    answer = await sandbox.callback_answer(query_id)
    assert answer["text"] == "Saved" and answer["show_alert"] is True


async def test_copy_message_from_topic_to_user(
    bot: Bot, user: dict, operator: dict, group: dict, sandbox: SandboxClient
):
    topic = await bot.create_forum_topic(group["id"], "Case 1")
    reply = await sandbox.send_text(
        operator["id"], "We can help", chat_id=group["id"], thread_id=topic.message_thread_id
    )
    copied = await bot.copy_message(user["id"], group["id"], reply["message_id"])
    [received] = await sandbox.messages(user["id"], from_bot=True)
    assert received["message_id"] == copied.message_id
    assert received["text"] == "We can help"
    assert received["from"]["is_bot"] is True  # no trace of the operator
    assert "forward_origin" not in received


async def test_forward_message_carries_its_origin(
    bot: Bot, user: dict, group: dict, sandbox: SandboxClient
):
    sent = await sandbox.send_text(user["id"], "help me")
    forwarded = await bot.forward_message(group["id"], user["id"], sent["message_id"])
    assert forwarded.text == "help me"
    assert isinstance(forwarded.forward_origin, MessageOriginUser)
    assert forwarded.forward_origin.sender_user.id == user["id"]


async def test_media_uploads_and_file_download(bot: Bot, user: dict):
    photo = await bot.send_photo(
        user["id"], b"\x89PNG-photo", caption="<b>pic</b>", parse_mode="HTML"
    )
    assert photo.caption == "pic" and photo.caption_entities[0].type == "bold"
    assert len(photo.photo) == 2
    document = await bot.send_document(user["id"], b"%PDF-1.4 rights", filename="rights.pdf")
    assert document.document.file_name == "rights.pdf"
    voice = await bot.send_voice(user["id"], b"OggS-voice", duration=4)
    assert voice.voice.duration == 4
    location = await bot.send_location(user["id"], latitude=43.25, longitude=76.95)
    assert location.location.latitude == 43.25
    for file_id, content in (
        (photo.photo[-1].file_id, b"\x89PNG-photo"),
        (document.document.file_id, b"%PDF-1.4 rights"),
        (voice.voice.file_id, b"OggS-voice"),
    ):
        telegram_file = await bot.get_file(file_id)
        assert bytes(await telegram_file.download_as_bytearray()) == content
    again = await bot.send_photo(user["id"], photo.photo[-1].file_id)  # resend by file_id
    assert again.photo[0].file_size == len(b"\x89PNG-photo")


async def test_user_sent_photo_can_be_downloaded(bot: Bot, user: dict, sandbox: SandboxClient):
    await sandbox.send_photo(user["id"], b"user-photo-bytes", caption="passport")
    [update] = await bot.get_updates()
    assert update.message.caption == "passport"
    telegram_file = await update.message.photo[-1].get_file()
    assert bytes(await telegram_file.download_as_bytearray()) == b"user-photo-bytes"


async def test_forum_topics_lifecycle(bot: Bot, group: dict, sandbox: SandboxClient):
    topic = await bot.create_forum_topic(group["id"], "Case 7")
    assert topic.name == "Case 7" and topic.icon_color
    message = await bot.send_message(
        group["id"], "new case", message_thread_id=topic.message_thread_id
    )
    assert message.is_topic_message and message.message_thread_id == topic.message_thread_id
    assert await bot.edit_forum_topic(group["id"], topic.message_thread_id, name="Case 7 (urgent)")
    assert await bot.close_forum_topic(group["id"], topic.message_thread_id)
    assert await bot.reopen_forum_topic(group["id"], topic.message_thread_id)
    [listed] = await sandbox.topics(group["id"])
    assert listed["name"] == "Case 7 (urgent)" and listed["closed"] is False
    services = [m for m in await sandbox.messages(group["id"]) if "text" not in m]
    kinds = [next(k for k in m if k.startswith("forum_topic")) for m in services]
    assert kinds == [
        "forum_topic_created",
        "forum_topic_edited",
        "forum_topic_closed",
        "forum_topic_reopened",
    ]


async def test_commands(bot: Bot):
    commands = [BotCommand("start", "Start"), BotCommand("help", "Help")]
    assert await bot.set_my_commands(commands)
    assert await bot.set_my_commands([BotCommand("start", "Бастау")], language_code="kk")
    assert [c.command for c in await bot.get_my_commands()] == ["start", "help"]
    assert [c.description for c in await bot.get_my_commands(language_code="kk")] == ["Бастау"]
    assert await bot.delete_my_commands()
    assert await bot.get_my_commands() == ()


async def test_get_chat_and_members(
    bot: Bot, user: dict, operator: dict, group: dict, sandbox: SandboxClient
):
    private = await bot.get_chat(user["id"])
    assert private.type == "private" and private.username == "aigerim_k"
    forum = await bot.get_chat(group["id"])
    assert forum.is_forum and forum.title == "Operators"
    me = await bot.get_chat_member(group["id"], bot.id)
    assert isinstance(me, ChatMemberAdministrator) and me.can_manage_topics
    assert isinstance(
        await bot.get_chat_member(group["id"], operator["id"]), ChatMemberAdministrator
    )
    assert isinstance(await bot.get_chat_member(group["id"], user["id"]), ChatMemberMember)
    stranger = await sandbox.create_user("Stranger")
    assert isinstance(await bot.get_chat_member(group["id"], stranger["id"]), ChatMemberLeft)


async def test_leave_chat(bot: Bot, group: dict, sandbox: SandboxClient):
    assert await bot.leave_chat(group["id"])
    chat = await sandbox.chat(group["id"])
    assert {m["id"]: m["status"] for m in chat["members"]}[bot.id] == "left"


async def test_send_chat_action(bot: Bot, user: dict):
    assert await bot.send_chat_action(user["id"], ChatAction.TYPING)


async def test_chat_id_may_be_a_username(bot: Bot, user: dict):
    message = await bot.send_message("@aigerim_k", "by username")
    assert message.chat.id == user["id"]


async def test_json_form_and_get_requests_are_all_accepted(emulator: RunningEmulator, user: dict):
    url = f"{emulator.api_base_url}{emulator.token}"
    markup = {"inline_keyboard": [[{"text": "A", "callback_data": "a"}]]}
    async with aiohttp.ClientSession() as http:
        as_json = await http.post(
            f"{url}/SENDMESSAGE",
            json={"chat_id": user["id"], "text": "json", "reply_markup": markup},
        )
        as_form = await http.post(
            f"{url}/sendMessage",
            data={"chat_id": str(user["id"]), "text": "form", "reply_markup": json.dumps(markup)},
        )
        as_get = await http.get(
            f"{url}/sendmessage", params={"chat_id": user["id"], "text": "get"}
        )
        bodies = [await r.json() for r in (as_json, as_form, as_get)]
    assert [b["result"]["text"] for b in bodies] == ["json", "form", "get"]
    assert bodies[1]["result"]["reply_markup"] == markup
    assert all(b["ok"] for b in bodies)


async def test_call_log_records_methods(bot: Bot, user: dict, sandbox: SandboxClient):
    await bot.send_message(user["id"], "logged")
    [call] = await sandbox.calls("sendMessage")
    assert call["params"]["text"] == "logged" and call["status"] == 200


async def test_copy_photo_with_a_new_caption(
    bot: Bot, user: dict, group: dict, sandbox: SandboxClient
):
    sent = await sandbox.send_photo(user["id"], b"evidence", caption="original")
    copied = await bot.copy_message(
        group["id"],
        user["id"],
        sent["message_id"],
        caption="<i>from case 4</i>",
        parse_mode="HTML",
    )
    [stored] = await sandbox.messages(group["id"], since=copied.message_id - 1)
    assert stored["caption"] == "from case 4"
    assert stored["caption_entities"][0]["type"] == "italic"
    assert stored["photo"][-1]["file_id"] == sent["photo"][-1]["file_id"]
