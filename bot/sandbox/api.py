"""The Bot API routes: `/bot{token}/{method}` and `/file/bot{token}/{file_path}`.

Each method validates like Telegram, mutates the in-memory state and returns Telegram JSON in
Telegram's envelope with the matching HTTP status, so PTB raises the same exceptions it would
raise in production.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import web
from aiohttp.web_request import FileField

from bot.sandbox import rules
from bot.sandbox.state import (
    CALLBACK_ANSWER_WINDOW_SECONDS,
    DELETE_WINDOW_SECONDS,
    JSON,
    TOPIC_ICON_COLORS,
    Chat,
    FaultRule,
    SandboxState,
    Topic,
    Webhook,
)

log = logging.getLogger(__name__)

Params = dict[str, Any]
Method = Callable[[Params], Awaitable[Any]]

NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)
QUERY_TOO_OLD = "Bad Request: query is too old and response timeout expired or query ID is invalid"
POLL_CONFLICT = (
    "Conflict: terminated by other getUpdates request; make sure that only one bot instance "
    "is running"
)
WEBHOOK_CONFLICT = (
    "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete "
    "the webhook first"
)
_CONTENT_KEYS = (
    "text",
    "entities",
    "photo",
    "document",
    "voice",
    "sticker",
    "location",
    "caption",
    "caption_entities",
)
_SERVICE_KEYS = frozenset(
    {"forum_topic_created", "forum_topic_edited", "forum_topic_closed", "forum_topic_reopened"}
)
_ACCEPTED_GIFTS = {
    "unlimited_gifts": False,
    "limited_gifts": False,
    "unique_gifts": False,
    "premium_subscription": False,
    "gifts_from_channels": False,
}


class ApiError(Exception):
    """A Bot API error: HTTP status, Telegram's description, optional retry_after."""

    def __init__(self, code: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.retry_after = retry_after


def bad_request(description: str) -> ApiError:
    """A 400 with Telegram's 'Bad Request: …' text."""
    return ApiError(400, f"Bad Request: {description}")


def envelope_error(error: ApiError) -> web.Response:
    """Telegram's error envelope with the HTTP status PTB maps to an exception class."""
    body: JSON = {"ok": False, "error_code": error.code, "description": error.description}
    if error.retry_after is not None:
        body["parameters"] = {"retry_after": error.retry_after}
    return json_response(body, status=error.code)


def json_response(body: Any, status: int = 200) -> web.Response:
    """A compact JSON response (no aiohttp dumps indirection on the hot path)."""
    return web.Response(
        body=json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode(),
        status=status,
        content_type="application/json",
    )


# -- parameter access: JSON bodies carry native types, forms carry strings -----------------


def _int(params: Params, name: str, *, required: bool = False) -> int | None:
    value = params.get(name)
    if value is None or value == "":
        if required:
            raise bad_request(f"{name} is empty")
        return None
    if isinstance(value, bool):
        raise bad_request(f"invalid {name} specified")
    try:
        return int(value)
    except (TypeError, ValueError):
        raise bad_request(f"invalid {name} specified") from None


def _float(params: Params, name: str) -> float:
    value = params.get(name)
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise bad_request(f"{name} is empty") from None


def _str(params: Params, name: str) -> str | None:
    value = params.get(name)
    if value is None or isinstance(value, FileField):
        return None
    return value if isinstance(value, str) else str(value)


def _bool(params: Params, name: str) -> bool:
    value = params.get(name)
    if isinstance(value, str):
        return value.lower() in ("true", "1")
    return bool(value)


def _json(params: Params, name: str, what: str | None = None) -> Any:
    value = params.get(name)
    if not isinstance(value, str):
        return value
    if value == "":
        return None
    try:
        return json.loads(value)
    except ValueError:
        raise bad_request(f"can't parse {what or name} JSON object") from None


def _loggable(params: Params) -> Params:
    """Params for the call log: uploaded files become a short description, not bytes."""
    if not any(isinstance(v, FileField) for v in params.values()):
        return params
    return {
        k: (f"<file {v.filename}>" if isinstance(v, FileField) else v) for k, v in params.items()
    }


async def read_params(request: web.Request) -> Params:
    """Query string plus JSON, urlencoded or multipart body, as Telegram accepts them all."""
    params: Params = dict(request.query) if request.query_string else {}
    if request.method != "POST" or not request.can_read_body:
        return params
    if request.content_type == "application/json":
        try:
            body = json.loads(await request.read() or b"{}")
        except ValueError:
            raise bad_request("can't parse JSON body") from None
        if not isinstance(body, dict):
            raise bad_request("JSON body must be an object")
        params.update(body)
    elif request.content_type == "application/x-www-form-urlencoded":
        # parse_qsl straight from the body: the hot path of PTB's calls, cheaper than post().
        body_text = (await request.read()).decode("utf-8", "replace")
        params.update(parse_qsl(body_text, keep_blank_values=True))
    else:
        form = await request.post()
        for key in form:
            params[key] = form[key]
    return params


class _Poll:
    """One waiting getUpdates call; a newer call supersedes it (Telegram answers 409)."""

    __slots__ = ("event", "superseded")

    def __init__(self) -> None:
        self.event = asyncio.Event()
        self.superseded = False


class BotApi:
    """Bot API method implementations over one SandboxState."""

    def __init__(self, state: SandboxState, limiter: rules.RateLimiter) -> None:
        self.state = state
        self.limiter = limiter
        self.webhook_changed: Callable[[], Awaitable[None]] | None = None
        self._poll: _Poll | None = None
        self.methods: dict[str, Method] = {
            name.removeprefix("m__"): getattr(self, name)
            for name in dir(self)
            if name.startswith("m__")
        }
        state.add_update_listener(self._wake_poll)

    def _wake_poll(self) -> None:
        if self._poll is not None:
            self._poll.event.set()

    def routes(self) -> list[web.RouteDef]:
        """The Bot API and file download routes."""
        return [
            web.route("*", "/bot{token}/{method}", self.handle),
            web.get("/file/bot{token}/{path:.+}", self.download),
        ]

    # -- dispatch ---------------------------------------------------------------------------

    async def handle(self, request: web.Request) -> web.StreamResponse:
        """Authenticate, log, inject faults, run the method and wrap its result."""
        state = self.state
        if request.match_info["token"] != state.bot_token:
            return envelope_error(ApiError(401, "Unauthorized"))
        method = request.match_info["method"].lower()
        try:
            params = await read_params(request)
        except ApiError as error:
            return envelope_error(error)
        record = state.log_call(method, _loggable(params))
        fault = state.pick_fault(method)
        if fault is not None:
            response = await self._apply_fault(request, fault.kind, fault)
            if response is not None:
                record.status = response.status
                record.description = f"injected fault: {fault.kind}"
                return response
        implementation = self.methods.get(method)
        if implementation is None:
            state.unknown_methods.append(request.match_info["method"])
            record.status = 404
            record.description = "Not Found"
            return envelope_error(ApiError(404, "Not Found"))
        try:
            result = await implementation(params)
        except ApiError as error:
            record.status = error.code
            record.description = error.description
            return envelope_error(error)
        state.version += 1
        if method == "setwebhook":
            return json_response({"ok": True, "result": True, "description": "Webhook was set"})
        return json_response({"ok": True, "result": result})

    async def _apply_fault(
        self, request: web.Request, kind: str, fault: FaultRule
    ) -> web.StreamResponse | None:
        if kind == "delay":
            await asyncio.sleep(fault.delay)
            return None
        if kind == "429":
            retry = fault.retry_after
            error = ApiError(429, f"Too Many Requests: retry after {retry}", retry_after=retry)
            return envelope_error(error)
        if kind == "500":
            return envelope_error(ApiError(500, "Internal Server Error"))
        if kind == "502":
            return envelope_error(ApiError(502, "Bad Gateway"))
        # "drop": the connection closes without a response, as a network failure looks.
        if request.transport is not None:
            request.transport.abort()
        return web.Response(status=499)

    async def download(self, request: web.Request) -> web.StreamResponse:
        """`/file/bot{token}/{file_path}` serves what getFile pointed to."""
        if request.match_info["token"] != self.state.bot_token:
            return envelope_error(ApiError(401, "Unauthorized"))
        stored = self.state.files_by_path.get(request.match_info["path"])
        if stored is None:
            return envelope_error(ApiError(404, "Not Found"))
        return web.Response(
            body=stored.content, content_type=stored.mime_type or "application/octet-stream"
        )

    # -- shared checks ----------------------------------------------------------------------

    def _chat(self, params: Params, name: str = "chat_id") -> Chat:
        value = params.get(name)
        if value is None or value == "":
            raise bad_request(f"{name} is empty")
        chat: Chat | None = None
        if isinstance(value, str) and value.startswith("@"):
            username = value[1:].lower()
            for user in self.state.users.values():
                if (user.username or "").lower() == username:
                    chat = self.state.chats.get(user.id)
                    break
        else:
            chat = self.state.chats.get(_int(params, name) or 0)
        if chat is None:
            raise bad_request("chat not found")
        if not chat.is_private and chat.members.get(self.state.bot.id) in (None, "left"):
            raise ApiError(403, "Forbidden: bot is not a member of the supergroup chat")
        return chat

    def _target(self, params: Params, method: str) -> tuple[Chat, int | None]:
        """The chat and topic a new message goes to, with Telegram's refusals."""
        chat = self._chat(params)
        if chat.blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        thread_id = _int(params, "message_thread_id")
        if thread_id is not None and (not chat.is_forum or thread_id not in chat.topics):
            raise bad_request("message thread not found")
        return chat, thread_id

    def _flood_check(self, chat: Chat) -> None:
        if not self.state.rate_limits:
            return
        retry = self.limiter.check(chat.id, is_group=not chat.is_private)
        if retry:
            raise ApiError(429, f"Too Many Requests: retry after {retry}", retry_after=retry)

    def _reply_to(self, params: Params, chat: Chat) -> JSON | None:
        reply = _json(params, "reply_parameters")
        if isinstance(reply, dict):
            message_id = reply.get("message_id")
            allow_missing = bool(reply.get("allow_sending_without_reply"))
            if reply.get("chat_id") not in (None, chat.id, str(chat.id)):
                source = self.state.chats.get(int(reply["chat_id"]))
                if source is None:
                    raise bad_request("chat not found")
                chat = source
        else:
            message_id = _int(params, "reply_to_message_id")
            allow_missing = _bool(params, "allow_sending_without_reply")
        if message_id is None:
            return None
        target = chat.messages.get(int(message_id))
        if target is None and not allow_missing:
            raise bad_request("message to be replied not found")
        return target

    def _markup(self, params: Params, chat: Chat) -> JSON | None:
        """The inline keyboard to attach; reply keyboards are remembered on the chat instead."""
        markup = _json(params, "reply_markup", "reply keyboard markup")
        if markup is None:
            return None
        if not isinstance(markup, dict):
            raise bad_request("can't parse reply keyboard markup JSON object")
        if "inline_keyboard" in markup:
            try:
                rules.check_inline_keyboard(markup)
            except ValueError as error:
                raise ApiError(400, str(error)) from None
            return {"inline_keyboard": markup["inline_keyboard"]}
        if "keyboard" in markup:
            chat.reply_keyboard = markup
        elif markup.get("remove_keyboard"):
            chat.reply_keyboard = None
        return None

    def _formatted(
        self, params: Params, name: str, entities_name: str, limit: int, too_long: str
    ) -> tuple[str | None, list[JSON]]:
        text = _str(params, name)
        if text is None:
            return None, []
        parse_mode = _str(params, "parse_mode")
        try:
            plain, entities = rules.parse_text(text, parse_mode)
        except rules.ParseError as error:
            raise bad_request(f"can't parse entities: {error}") from None
        except ValueError:
            raise bad_request("unsupported parse_mode") from None
        given = _json(params, entities_name)
        if isinstance(given, list):
            entities = given
        if rules.utf16_len(plain) > limit:
            raise bad_request(too_long)
        return plain, entities

    def _bot_message(
        self, params: Params, method: str, content: JSON, *, check_caption: bool = False
    ) -> JSON:
        """Validate the common parameters, store a message from the bot and return it."""
        chat, thread_id = self._target(params, method)
        if check_caption:
            caption, caption_entities = self._formatted(
                params,
                "caption",
                "caption_entities",
                rules.MAX_CAPTION_LENGTH,
                "message caption is too long",
            )
            if caption:
                content["caption"] = caption
                if caption_entities:
                    content["caption_entities"] = caption_entities
        markup = self._markup(params, chat)
        reply_to = self._reply_to(params, chat)
        self._flood_check(chat)
        message = self.state.new_message(
            chat, self.state.bot, thread_id=thread_id, reply_to=reply_to
        )
        message.update(content)
        if markup is not None:
            message["reply_markup"] = markup
        return self.state.store_message(chat, message)

    def _file_input(
        self, params: Params, name: str
    ) -> tuple[bytes, str | None, str | None] | JSON | str:
        """An uploaded file (bytes, name, mime), or an existing file_id/URL string."""
        value = params.get(name)
        if isinstance(value, FileField):
            return value.file.read(), value.filename, value.content_type
        if isinstance(value, str) and value.startswith("attach://"):
            attached = params.get(value.removeprefix("attach://"))
            if isinstance(attached, FileField):
                return attached.file.read(), attached.filename, attached.content_type
        if not value or not isinstance(value, str):
            raise bad_request(f"there is no {name} in the request")
        return value

    def _existing_file(self, value: str) -> bytes:
        """Content behind a file_id, or nothing for an URL (the sandbox has no internet)."""
        if value.startswith(("http://", "https://")):
            return b""
        stored = self.state.files.get(value)
        if stored is None:
            raise bad_request("wrong file identifier/HTTP URL specified")
        return stored.content

    def _message_in(self, chat: Chat, params: Params, missing: str) -> JSON:
        message_id = _int(params, "message_id", required=True)
        message = chat.messages.get(message_id or 0)
        if message is None:
            raise bad_request(missing)
        return message

    # -- identity and updates ---------------------------------------------------------------

    async def m__getme(self, params: Params) -> JSON:
        """getMe."""
        data = self.state.bot.to_json()
        data.update(
            can_join_groups=True,
            can_read_all_group_messages=False,
            supports_inline_queries=False,
            can_connect_to_business=False,
            has_main_web_app=False,
        )
        return data

    async def m__getupdates(self, params: Params) -> list[JSON]:
        """getUpdates with offset confirmation, limit, allowed_updates and long polling."""
        state = self.state
        if state.webhook is not None:
            raise ApiError(409, WEBHOOK_CONFLICT)
        offset = _int(params, "offset")
        limit = min(max(_int(params, "limit") or 100, 1), 100)
        timeout = max(_int(params, "timeout") or 0, 0)
        allowed = _json(params, "allowed_updates")
        if isinstance(allowed, list):
            state.allowed_updates = frozenset(allowed) if allowed else None
        if offset is not None and offset != 0:
            state.confirm_updates(offset)
        if self._poll is not None:
            self._poll.superseded = True
            self._poll.event.set()
        poll = _Poll()
        self._poll = poll
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        try:
            while True:
                if state.updates or timeout == 0:
                    return state.pending_updates(limit)
                remaining = deadline - loop.time()
                if remaining <= 0:
                    return []
                poll.event.clear()
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(remaining):
                        await poll.event.wait()
                if poll.superseded:
                    raise ApiError(409, POLL_CONFLICT)
        finally:
            if self._poll is poll:
                self._poll = None

    async def m__setwebhook(self, params: Params) -> bool:
        """setWebhook (an empty url removes it); plain http to loopback is allowed here."""
        url = _str(params, "url") or ""
        if not url:
            return await self.m__deletewebhook(params)
        if not url.startswith(("http://", "https://")):
            raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        secret = _str(params, "secret_token")
        if secret is not None and (
            not 1 <= len(secret) <= 256
            or not all(c.isascii() and (c.isalnum() or c in "_-") for c in secret)
        ):
            raise bad_request("secret token contains unallowed characters")
        allowed = _json(params, "allowed_updates")
        if _bool(params, "drop_pending_updates"):
            self.state.updates.clear()
        self.state.webhook = Webhook(
            url=url,
            secret_token=secret,
            max_connections=_int(params, "max_connections") or 40,
            allowed_updates=allowed if isinstance(allowed, list) else None,
        )
        if self._poll is not None:
            self._poll.superseded = True
            self._poll.event.set()
        if self.webhook_changed is not None:
            await self.webhook_changed()
        return True

    async def m__deletewebhook(self, params: Params) -> bool:
        """deleteWebhook, optionally dropping pending updates."""
        if _bool(params, "drop_pending_updates"):
            self.state.updates.clear()
        if self.state.webhook is not None:
            self.state.webhook = None
            if self.webhook_changed is not None:
                await self.webhook_changed()
        return True

    async def m__getwebhookinfo(self, params: Params) -> JSON:
        """getWebhookInfo."""
        hook = self.state.webhook
        info: JSON = {
            "url": hook.url if hook else "",
            "has_custom_certificate": False,
            "pending_update_count": len(self.state.updates),
        }
        if hook is not None:
            info["max_connections"] = hook.max_connections
            if hook.allowed_updates:
                info["allowed_updates"] = hook.allowed_updates
            if hook.last_error_date is not None:
                info["last_error_date"] = hook.last_error_date
                info["last_error_message"] = hook.last_error_message
        return info

    # -- sending ----------------------------------------------------------------------------

    async def m__sendmessage(self, params: Params) -> JSON:
        """sendMessage with parse modes, entities, keyboards, topics and replies."""
        text, entities = self._formatted(
            params, "text", "entities", rules.MAX_MESSAGE_LENGTH, "message is too long"
        )
        if not text or not text.strip():
            raise bad_request("message text is empty")
        content: JSON = {"text": text}
        if entities:
            content["entities"] = entities
        return self._bot_message(params, "sendmessage", content)

    async def m__sendphoto(self, params: Params) -> JSON:
        """sendPhoto (upload, file_id or URL)."""
        source = self._file_input(params, "photo")
        content = source[0] if isinstance(source, tuple) else self._existing_file(str(source))
        message = self._bot_message(
            params, "sendphoto", {"photo": self.state.photo_sizes(content)}, check_caption=True
        )
        return message

    async def m__senddocument(self, params: Params) -> JSON:
        """sendDocument."""
        source = self._file_input(params, "document")
        if isinstance(source, tuple):
            content, name, mime = source
        else:
            content, name, mime = self._existing_file(str(source)), "file", None
        document = self.state.document_json(content, file_name=name or "file", mime_type=mime)
        return self._bot_message(
            params, "senddocument", {"document": document}, check_caption=True
        )

    async def m__sendvoice(self, params: Params) -> JSON:
        """sendVoice."""
        source = self._file_input(params, "voice")
        content = source[0] if isinstance(source, tuple) else self._existing_file(str(source))
        voice = self.state.voice_json(content, duration=_int(params, "duration") or 1)
        return self._bot_message(params, "sendvoice", {"voice": voice}, check_caption=True)

    async def m__sendsticker(self, params: Params) -> JSON:
        """sendSticker."""
        self._file_input(params, "sticker")
        sticker = self.state.sticker_json(_str(params, "emoji") or "🙂")
        return self._bot_message(params, "sendsticker", {"sticker": sticker})

    async def m__sendlocation(self, params: Params) -> JSON:
        """sendLocation."""
        latitude, longitude = _float(params, "latitude"), _float(params, "longitude")
        if not -90 <= latitude <= 90 or not -180 <= longitude <= 180:
            raise bad_request("wrong coordinates")
        location = {"latitude": latitude, "longitude": longitude}
        return self._bot_message(params, "sendlocation", {"location": location})

    async def m__sendchataction(self, params: Params) -> bool:
        """sendChatAction: checked and accepted, nothing is shown."""
        self._target(params, "sendchataction")
        if not _str(params, "action"):
            raise bad_request("action is empty")
        return True

    def _source_message(self, params: Params, missing: str) -> JSON:
        source_chat = self._chat(params, "from_chat_id")
        message = self._message_in(source_chat, params, missing)
        if _SERVICE_KEYS.intersection(message):
            raise bad_request("message can't be copied")
        return message

    async def m__copymessage(self, params: Params) -> JSON:
        """copyMessage: the content without a link to the original; returns only MessageId."""
        original = self._source_message(params, "message to copy not found")
        content = {key: original[key] for key in _CONTENT_KEYS if key in original}
        new_caption = "caption" in params
        if new_caption:
            if not any(k in original for k in ("photo", "document", "voice")):
                raise bad_request("message caption can't be set for this message")
            content.pop("caption", None)
            content.pop("caption_entities", None)
        message = self._bot_message(params, "copymessage", content, check_caption=new_caption)
        if "reply_markup" not in params and "reply_markup" in original:
            message["reply_markup"] = original["reply_markup"]
        return {"message_id": message["message_id"]}

    async def m__forwardmessage(self, params: Params) -> JSON:
        """forwardMessage: the content with forward_origin."""
        original = self._source_message(params, "message to forward not found")
        content = {key: original[key] for key in _CONTENT_KEYS if key in original}
        content["forward_origin"] = self.state.forward_origin(original)
        return self._bot_message({**params, "reply_markup": None}, "forwardmessage", content)

    # -- editing and deleting ---------------------------------------------------------------

    def _editable(self, params: Params) -> tuple[Chat, JSON]:
        if params.get("inline_message_id"):
            raise bad_request("MESSAGE_ID_INVALID")
        chat = self._chat(params)
        message = self._message_in(chat, params, "message to edit not found")
        if message["from"]["id"] != self.state.bot.id or _SERVICE_KEYS.intersection(message):
            raise bad_request("message can't be edited")
        return chat, message

    def _apply_edit(self, chat: Chat, message: JSON, changes: JSON, markup: JSON | None) -> JSON:
        unchanged = all(message.get(k) == v for k, v in changes.items() if v is not None) and all(
            k in message or v is None for k, v in changes.items()
        )
        if unchanged and message.get("reply_markup") == markup:
            raise bad_request(NOT_MODIFIED.removeprefix("Bad Request: "))
        # A fresh dict: updates already queued (a pressed message) keep their version.
        message = dict(message)
        chat.messages[message["message_id"]] = message
        for key, value in changes.items():
            if value is None:
                message.pop(key, None)
            else:
                message[key] = value
        if markup is None:
            message.pop("reply_markup", None)
        else:
            message["reply_markup"] = markup
        message["edit_date"] = self.state.clock.now()
        chat.version += 1
        return message

    async def m__editmessagetext(self, params: Params) -> JSON:
        """editMessageText (drops the keyboard unless it is sent again, as Telegram does)."""
        chat, message = self._editable(params)
        text, entities = self._formatted(
            params, "text", "entities", rules.MAX_MESSAGE_LENGTH, "message is too long"
        )
        if not text or not text.strip():
            raise bad_request("message text is empty")
        if "text" not in message:
            raise bad_request("there is no text in the message to edit")
        markup = self._markup(params, chat)
        changes = {"text": text, "entities": entities or None}
        return self._apply_edit(chat, message, changes, markup)

    async def m__editmessagecaption(self, params: Params) -> JSON:
        """editMessageCaption."""
        chat, message = self._editable(params)
        caption, entities = self._formatted(
            params,
            "caption",
            "caption_entities",
            rules.MAX_CAPTION_LENGTH,
            "message caption is too long",
        )
        if not any(k in message for k in ("photo", "document", "voice")):
            raise bad_request("there is no caption in the message to edit")
        markup = self._markup(params, chat)
        changes = {"caption": caption or None, "caption_entities": entities or None}
        return self._apply_edit(chat, message, changes, markup)

    async def m__editmessagereplymarkup(self, params: Params) -> JSON:
        """editMessageReplyMarkup."""
        chat, message = self._editable(params)
        markup = self._markup(params, chat)
        return self._apply_edit(chat, message, {}, markup)

    async def m__deletemessage(self, params: Params) -> bool:
        """deleteMessage with the 48-hour rule; topic-creation messages stay."""
        chat = self._chat(params)
        message = self._message_in(chat, params, "message to delete not found")
        age = self.state.clock.now() - message["date"]
        if age >= DELETE_WINDOW_SECONDS or "forum_topic_created" in message:
            raise bad_request("message can't be deleted")
        del chat.messages[message["message_id"]]
        chat.version += 1
        return True

    async def m__answercallbackquery(self, params: Params) -> bool:
        """answerCallbackQuery: once per query, within the answer window."""
        query_id = _str(params, "callback_query_id") or ""
        query = self.state.callbacks.get(query_id)
        now = self.state.clock.now()
        if (
            query is None
            or query.answer is not None
            or now - query.date > CALLBACK_ANSWER_WINDOW_SECONDS
        ):
            raise ApiError(400, QUERY_TOO_OLD)
        text = _str(params, "text")
        if text is not None and len(text) > 200:
            raise bad_request("MESSAGE_TOO_LONG")
        query.answer = {
            "text": text,
            "show_alert": _bool(params, "show_alert"),
            "url": _str(params, "url"),
            "date": now,
        }
        self.state.chats[query.chat_id].version += 1
        return True

    # -- files ------------------------------------------------------------------------------

    async def m__getfile(self, params: Params) -> JSON:
        """getFile."""
        stored = self.state.files.get(_str(params, "file_id") or "")
        if stored is None:
            raise bad_request("invalid file_id")
        return stored.to_json()

    # -- forum topics -----------------------------------------------------------------------

    def _forum(self, params: Params) -> Chat:
        chat = self._chat(params)
        if not chat.is_forum:
            raise bad_request("the chat is not a forum")
        return chat

    def _topic_service(self, chat: Chat, thread_id: int, key: str, value: JSON) -> JSON:
        message = self.state.new_message(chat, self.state.bot, thread_id=thread_id)
        message[key] = value
        return self.state.store_message(chat, message)

    async def m__createforumtopic(self, params: Params) -> JSON:
        """createForumTopic: the topic id is the id of its service message."""
        chat = self._forum(params)
        name = _str(params, "name") or ""
        if not 1 <= len(name) <= rules.MAX_TOPIC_NAME_LENGTH:
            raise bad_request("TOPIC_TITLE_EMPTY" if not name else "TOPIC_TITLE_INVALID")
        color = _int(params, "icon_color")
        if color is None:
            color = TOPIC_ICON_COLORS[len(chat.topics) % len(TOPIC_ICON_COLORS)]
        elif color not in TOPIC_ICON_COLORS:
            raise bad_request("TOPIC_ICON_COLOR_INVALID")
        thread_id = chat.next_message_id
        topic = Topic(
            message_thread_id=thread_id,
            name=name,
            icon_color=color,
            icon_custom_emoji_id=_str(params, "icon_custom_emoji_id"),
        )
        chat.topics[thread_id] = topic
        message = self._topic_service(
            chat, thread_id, "forum_topic_created", {"name": name, "icon_color": color}
        )
        assert message["message_id"] == thread_id
        return topic.to_json()

    def _topic(self, chat: Chat, params: Params) -> Topic:
        thread_id = _int(params, "message_thread_id", required=True)
        topic = chat.topics.get(thread_id or 0)
        if topic is None:
            raise bad_request("message thread not found")
        return topic

    async def m__editforumtopic(self, params: Params) -> bool:
        """editForumTopic."""
        chat = self._forum(params)
        topic = self._topic(chat, params)
        name = _str(params, "name")
        emoji = _str(params, "icon_custom_emoji_id")
        if name is not None and not 1 <= len(name) <= rules.MAX_TOPIC_NAME_LENGTH:
            raise bad_request("TOPIC_TITLE_INVALID")
        if (name is None or name == topic.name) and (
            emoji is None or emoji == topic.icon_custom_emoji_id
        ):
            raise bad_request("TOPIC_NOT_MODIFIED")
        edited: JSON = {}
        if name is not None:
            topic.name = edited["name"] = name
        if emoji is not None:
            topic.icon_custom_emoji_id = edited["icon_custom_emoji_id"] = emoji
        self._topic_service(chat, topic.message_thread_id, "forum_topic_edited", edited)
        return True

    async def _set_topic_closed(self, params: Params, closed: bool) -> bool:
        chat = self._forum(params)
        topic = self._topic(chat, params)
        if topic.closed == closed:
            raise bad_request("TOPIC_NOT_MODIFIED")
        topic.closed = closed
        key = "forum_topic_closed" if closed else "forum_topic_reopened"
        self._topic_service(chat, topic.message_thread_id, key, {})
        return True

    async def m__closeforumtopic(self, params: Params) -> bool:
        """closeForumTopic."""
        return await self._set_topic_closed(params, True)

    async def m__reopenforumtopic(self, params: Params) -> bool:
        """reopenForumTopic."""
        return await self._set_topic_closed(params, False)

    # -- commands and chats -----------------------------------------------------------------

    def _commands_key(self, params: Params) -> str:
        scope = _json(params, "scope") or {"type": "default"}
        if not isinstance(scope, dict):
            raise bad_request("can't parse BotCommandScope JSON object")
        parts = [str(scope.get("type", "default")), str(scope.get("chat_id", ""))]
        parts.append(str(scope.get("user_id", "")))
        parts.append(_str(params, "language_code") or "")
        return "|".join(parts)

    async def m__setmycommands(self, params: Params) -> bool:
        """setMyCommands, per scope and language."""
        commands = _json(params, "commands")
        if not isinstance(commands, list) or len(commands) > 100:
            raise bad_request("can't parse commands JSON object")
        for command in commands:
            name = str(command.get("command", "")) if isinstance(command, dict) else ""
            if not 1 <= len(name) <= 32 or not all(
                c.isascii() and (c.islower() or c.isdigit() or c == "_") for c in name
            ):
                raise bad_request("BOT_COMMAND_INVALID")
            description = str(command.get("description", ""))
            if not 1 <= len(description) <= 256:
                raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
        self.state.commands[self._commands_key(params)] = commands
        return True

    async def m__getmycommands(self, params: Params) -> list[JSON]:
        """getMyCommands."""
        return self.state.commands.get(self._commands_key(params), [])

    async def m__deletemycommands(self, params: Params) -> bool:
        """deleteMyCommands."""
        self.state.commands.pop(self._commands_key(params), None)
        return True

    async def m__getchat(self, params: Params) -> JSON:
        """getChat: a ChatFullInfo."""
        chat = self._chat(params)
        info = dict(chat.to_json())
        info.update(
            accent_color_id=0,
            max_reaction_count=11,
            accepted_gift_types=_ACCEPTED_GIFTS,
        )
        return info

    def _member_json(self, chat: Chat, user_id: int) -> JSON:
        user = self.state.users.get(user_id)
        if user is None:
            raise bad_request("PARTICIPANT_ID_INVALID")
        if chat.is_private:
            if user_id == self.state.bot.id:
                status = "kicked" if chat.blocked else "member"
            elif user_id == chat.id:
                status = "member"
            else:
                raise bad_request("user not found")
        else:
            status = chat.members.get(user_id, "left")
        data: JSON = {"status": status, "user": user.to_json()}
        if status == "administrator":
            rights = (
                "can_manage_chat",
                "can_delete_messages",
                "can_manage_video_chats",
                "can_restrict_members",
                "can_promote_members",
                "can_change_info",
                "can_invite_users",
                "can_post_stories",
                "can_edit_stories",
                "can_delete_stories",
                "can_pin_messages",
                "can_manage_topics",
            )
            data.update(dict.fromkeys(rights, True))
            data.update(can_be_edited=False, is_anonymous=False)
        elif status == "kicked":
            data["until_date"] = 0
        return data

    async def m__getchatmember(self, params: Params) -> JSON:
        """getChatMember."""
        chat = self._chat(params)
        return self._member_json(chat, _int(params, "user_id", required=True) or 0)

    async def m__leavechat(self, params: Params) -> bool:
        """leaveChat: the bot leaves a group; later sends there are refused."""
        chat = self._chat(params)
        if chat.is_private:
            raise bad_request("chat member status can't be changed in private chats")
        chat.members[self.state.bot.id] = "left"
        chat.version += 1
        return True

    async def m__close(self, params: Params) -> bool:
        """close: accepted (the local server has nothing to hand over)."""
        return True

    async def m__logout(self, params: Params) -> bool:
        """logOut: accepted."""
        return True


def describe_methods(api: BotApi) -> list[str]:
    """The lower-case names of the methods the emulator implements."""
    return sorted(api.methods)
