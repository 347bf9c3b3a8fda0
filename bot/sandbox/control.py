"""The control API under `/_sandbox/…`: what tests, benchmarks and the chat page drive.

It plays the other side of every chat: users write, press buttons, block the bot; operators
write in topics. It also injects faults, exposes the call log and moves the fake clock.
All bodies and answers are JSON; refused requests answer 400 with {"error": "..."}.
"""

from __future__ import annotations

import base64
import binascii
import json
import struct
import zlib
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from aiohttp import web

from bot.sandbox.rules import RateLimiter
from bot.sandbox.state import JSON, Chat, FaultRule, SandboxError, SandboxState

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
STATIC_DIR = Path(__file__).parent / "static"
SEND_KINDS = ("text", "photo", "voice", "document", "location", "sticker", "forward")


def _tiny_png() -> bytes:
    """A valid 8×8 teal PNG, used when a photo is "sent" without content."""
    raw = b"".join(b"\x00" + b"\x1f\x8a\x8a" * 8 for _ in range(8))

    def chunk(kind: bytes, payload: bytes) -> bytes:
        body = kind + payload
        return struct.pack(">I", len(payload)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 8, 8, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


DEFAULT_PHOTO = _tiny_png()


def _ok(data: Any, status: int = 200) -> web.Response:
    return web.Response(
        body=json.dumps(data, ensure_ascii=False).encode(),
        status=status,
        content_type="application/json",
    )


def _refuse(message: str, status: int = 400) -> web.Response:
    return _ok({"error": message}, status=status)


def _guard(handler: Handler) -> Handler:
    """Turn a SandboxError, a bad id or a malformed body into a 400 with the reason."""

    async def wrapped(request: web.Request) -> web.StreamResponse:
        try:
            return await handler(request)
        except SandboxError as error:
            return _refuse(str(error))
        except (KeyError, ValueError, TypeError) as error:
            return _refuse(f"bad request: {error}")

    wrapped.__name__ = handler.__name__
    wrapped.__doc__ = handler.__doc__
    return wrapped


async def _body(request: web.Request) -> JSON:
    if not request.can_read_body:
        return {}
    data = await request.json()
    if not isinstance(data, dict):
        raise SandboxError("the body must be a JSON object")
    return data


def _opt_int(data: JSON, name: str) -> int | None:
    value = data.get(name)
    return None if value is None or value == "" else int(value)


def _content_bytes(data: JSON, default: bytes) -> bytes:
    encoded = data.get("content_base64")
    if not encoded:
        return default
    try:
        return base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        raise SandboxError("content_base64 is not valid base64") from None


def chat_summary(state: SandboxState, chat: Chat) -> JSON:
    """A chat as the control API shows it: who is in it, its topics, whether it blocked us."""
    data: JSON = dict(chat.to_json())
    data["blocked"] = chat.blocked
    data["version"] = chat.version
    data["message_count"] = len(chat.messages)
    if not chat.is_private:
        data["members"] = [
            {**state.users[user_id].to_json(), "status": status}
            for user_id, status in chat.members.items()
            if user_id in state.users
        ]
        data["topics"] = [
            {**topic.to_json(), "closed": topic.closed} for topic in chat.topics.values()
        ]
    elif chat.user is not None:
        data["user"] = chat.user.to_json()
    return data


class ControlApi:
    """Handlers for `/_sandbox/…` and the static chat page."""

    def __init__(
        self, state: SandboxState, limiter: RateLimiter, api_info: Callable[[], JSON]
    ) -> None:
        self.state = state
        self.limiter = limiter
        self.api_info = api_info

    def routes(self) -> list[web.RouteDef]:
        """Every control route plus the page at `/`."""
        g = _guard
        return [
            web.get("/", self.index),
            web.static("/static", STATIC_DIR),
            web.get("/_sandbox/info", g(self.info)),
            web.post("/_sandbox/reset", g(self.reset)),
            web.get("/_sandbox/users", g(self.list_users)),
            web.post("/_sandbox/users", g(self.create_user)),
            web.post("/_sandbox/users/{user_id}/block", g(self.block)),
            web.post("/_sandbox/users/{user_id}/unblock", g(self.unblock)),
            web.get("/_sandbox/chats", g(self.list_chats)),
            web.get("/_sandbox/chats/{chat_id}", g(self.get_chat)),
            web.get("/_sandbox/chats/{chat_id}/messages", g(self.messages)),
            web.post("/_sandbox/groups", g(self.create_group)),
            web.post("/_sandbox/groups/{chat_id}/members", g(self.add_member)),
            web.post("/_sandbox/send/batch", g(self.send_batch)),
            web.post("/_sandbox/send/{kind}", g(self.send)),
            web.post("/_sandbox/edit", g(self.edit)),
            web.post("/_sandbox/press", g(self.press)),
            web.get("/_sandbox/callbacks/{query_id}", g(self.callback)),
            web.get("/_sandbox/faults", g(self.list_faults)),
            web.post("/_sandbox/faults", g(self.add_fault)),
            web.delete("/_sandbox/faults", g(self.clear_faults)),
            web.get("/_sandbox/calls", g(self.calls)),
            web.get("/_sandbox/updates", g(self.updates)),
            web.get("/_sandbox/clock", g(self.clock)),
            web.post("/_sandbox/clock/advance", g(self.advance_clock)),
            web.post("/_sandbox/rate-limits", g(self.set_rate_limits)),
            web.get("/_sandbox/files/{file_id}", g(self.file)),
        ]

    async def index(self, request: web.Request) -> web.StreamResponse:
        """The chat page."""
        return web.FileResponse(STATIC_DIR / "index.html")

    async def info(self, request: web.Request) -> web.Response:
        """Bot identity, token, URLs and switches."""
        state = self.state
        data = self.api_info()
        data.update(
            bot=state.bot.to_json(),
            token=state.bot_token,
            rate_limits=state.rate_limits,
            webhook=state.webhook.url if state.webhook else None,
            pending_updates=len(state.updates),
            version=state.version,
        )
        return _ok(data)

    async def reset(self, request: web.Request) -> web.Response:
        """Forget everything (the bot identity and the switches stay)."""
        self.state.reset()
        self.limiter.reset()
        return _ok({"ok": True})

    # -- users and chats --------------------------------------------------------------------

    async def list_users(self, request: web.Request) -> web.Response:
        """Every user except the bot."""
        users = [u.to_json() for u in self.state.users.values() if not u.is_bot]
        return _ok({"users": users})

    async def create_user(self, request: web.Request) -> web.Response:
        """Create a user (and their private chat with the bot)."""
        data = await _body(request)
        user = self.state.create_user(
            str(data.get("first_name") or ""),
            user_id=_opt_int(data, "id"),
            last_name=data.get("last_name"),
            username=data.get("username"),
            language_code=data.get("language_code"),
            hides_forwards=bool(data.get("hides_forwards")),
        )
        return _ok(user.to_json(), status=201)

    async def _set_blocked(self, request: web.Request, blocked: bool) -> web.Response:
        body = await _body(request)
        notify = bool(body.get("notify", True))
        update = self.state.set_blocked(int(request.match_info["user_id"]), blocked, notify=notify)
        return _ok({"blocked": blocked, "update": update})

    async def block(self, request: web.Request) -> web.Response:
        """The user blocks the bot: sends to them fail with 403; the bot gets my_chat_member.

        Body (optional): {"notify": false} withholds the my_chat_member update.
        """
        return await self._set_blocked(request, True)

    async def unblock(self, request: web.Request) -> web.Response:
        """The user unblocks the bot."""
        return await self._set_blocked(request, False)

    async def list_chats(self, request: web.Request) -> web.Response:
        """Every chat with its members and topics."""
        chats = [chat_summary(self.state, chat) for chat in self.state.chats.values()]
        return _ok({"chats": chats, "version": self.state.version})

    async def get_chat(self, request: web.Request) -> web.Response:
        """One chat."""
        chat = self.state.get_chat(int(request.match_info["chat_id"]))
        return _ok(chat_summary(self.state, chat))

    async def create_group(self, request: web.Request) -> web.Response:
        """Create a supergroup (a forum unless "forum": false) with the bot as administrator."""
        data = await _body(request)
        chat = self.state.create_group(
            str(data.get("title") or "Operators"),
            chat_id=_opt_int(data, "id"),
            forum=bool(data.get("forum", True)),
            members=[int(u) for u in data.get("members", [])],
            admins=[int(u) for u in data.get("admins", [])],
        )
        return _ok(chat_summary(self.state, chat), status=201)

    async def add_member(self, request: web.Request) -> web.Response:
        """Add a user to a group."""
        data = await _body(request)
        chat_id = int(request.match_info["chat_id"])
        self.state.add_member(chat_id, int(data["user_id"]), status=data.get("status", "member"))
        return _ok(chat_summary(self.state, self.state.get_chat(chat_id)))

    async def messages(self, request: web.Request) -> web.Response:
        """Messages a chat shows, with ids above ?since=, optionally one ?thread_id=.

        With ?if_version=N the answer is {"unchanged": true} while the chat is unchanged,
        which keeps the page's polling cheap.
        """
        chat = self.state.get_chat(int(request.match_info["chat_id"]))
        query = request.query
        if query.get("if_version") and int(query["if_version"]) == chat.version:
            return _ok({"unchanged": True, "version": chat.version})
        thread = query.get("thread_id")
        messages = self.state.messages_since(
            chat.id, int(query.get("since", 0)), int(thread) if thread else None
        )
        return _ok(
            {
                "chat": chat_summary(self.state, chat),
                "messages": messages,
                "reply_keyboard": chat.reply_keyboard,
                "version": chat.version,
            }
        )

    # -- what users do ----------------------------------------------------------------------

    def _send_one(self, kind: str, data: JSON) -> JSON:
        if kind not in SEND_KINDS:
            raise SandboxError(f"kind must be one of {', '.join(SEND_KINDS)}")
        state = self.state
        content = self._content(kind, data)
        message, update = state.user_message(
            int(data["user_id"]),
            content,
            chat_id=_opt_int(data, "chat_id"),
            thread_id=_opt_int(data, "message_thread_id"),
            reply_to_message_id=_opt_int(data, "reply_to_message_id"),
        )
        return {"message": message, "update_id": update["update_id"]}

    def _content(self, kind: str, data: JSON) -> JSON:
        state = self.state
        content: JSON = {}
        if kind in ("text", "forward"):
            text = str(data.get("text") or "")
            if not text.strip():
                raise SandboxError("text is empty")
            content["text"] = text
        if kind == "forward":
            content["forward_origin"] = self._origin(data)
        elif kind == "photo":
            content["photo"] = state.photo_sizes(
                _content_bytes(data, DEFAULT_PHOTO), mime_type=data.get("mime_type") or "image/png"
            )
        elif kind == "document":
            content["document"] = state.document_json(
                _content_bytes(data, b"%PDF-1.4\n%sandbox\n"),
                file_name=str(data.get("file_name") or "document.pdf"),
                mime_type=data.get("mime_type") or "application/pdf",
            )
        elif kind == "voice":
            content["voice"] = state.voice_json(
                _content_bytes(data, b"OggS\x00sandbox"), duration=int(data.get("duration", 3))
            )
        elif kind == "sticker":
            content["sticker"] = state.sticker_json(str(data.get("emoji") or "👍"))
        elif kind == "location":
            content["location"] = {
                "latitude": float(data["latitude"]),
                "longitude": float(data["longitude"]),
            }
        if kind in ("photo", "document", "voice") and data.get("caption"):
            content["caption"] = str(data["caption"])
        return content

    def _origin(self, data: JSON) -> JSON:
        date = int(data.get("origin_date") or self.state.clock.now())
        origin_user_id = _opt_int(data, "origin_user_id")
        if origin_user_id is not None:
            origin = self.state.get_user(origin_user_id)
            if origin.hides_forwards:
                return {"type": "hidden_user", "date": date, "sender_user_name": origin.full_name}
            return {"type": "user", "date": date, "sender_user": origin.to_json()}
        name = str(data.get("origin_name") or "Hidden sender")
        return {"type": "hidden_user", "date": date, "sender_user_name": name}

    async def send(self, request: web.Request) -> web.Response:
        """A user sends a text, photo, voice, document, location, sticker or a forward."""
        data = await _body(request)
        return _ok(self._send_one(request.match_info["kind"], data), status=201)

    async def send_batch(self, request: web.Request) -> web.Response:
        """Several sends in one request: {"items": [{"kind": "text", ...}, ...]}."""
        data = await _body(request)
        results = [self._send_one(str(item.get("kind", "text")), item) for item in data["items"]]
        return _ok({"results": results}, status=201)

    async def edit(self, request: web.Request) -> web.Response:
        """A user edits their text message: the bot gets edited_message."""
        data = await _body(request)
        update = self.state.user_edit(
            int(data["user_id"]), int(data["chat_id"]), int(data["message_id"]), str(data["text"])
        )
        return _ok({"message": update["edited_message"], "update_id": update["update_id"]})

    async def press(self, request: web.Request) -> web.Response:
        """A user presses an inline button, found by "data" or by its label "button_text"
        ("forged": true sends "data" even without such a button)."""
        data = await _body(request)
        user_id = int(data["user_id"])
        query = self.state.press_button(
            user_id,
            int(data.get("chat_id") or user_id),
            int(data["message_id"]),
            data=data.get("data"),
            text=data.get("button_text"),
            forged=bool(data.get("forged")),
        )
        return _ok({"callback_query_id": query.id, "data": query.data}, status=201)

    async def callback(self, request: web.Request) -> web.Response:
        """Whether and how the bot answered a button press."""
        query = self.state.callbacks.get(request.match_info["query_id"])
        if query is None:
            return _refuse("no such callback query", status=404)
        return _ok({"id": query.id, "data": query.data, "answer": query.answer})

    # -- faults, log, clock, switches -------------------------------------------------------

    async def list_faults(self, request: web.Request) -> web.Response:
        """Active fault rules."""
        return _ok({"faults": [rule.to_json() for rule in self.state.faults]})

    async def add_fault(self, request: web.Request) -> web.Response:
        """Inject a fault: {"kind": "429"|"500"|"502"|"delay"|"drop", "count"|"share", ...}."""
        data = await _body(request)
        methods = data.get("methods")
        rule = self.state.add_fault(
            FaultRule(
                kind=str(data.get("kind", "")),
                remaining=_opt_int(data, "count"),
                share=float(data["share"]) if data.get("share") is not None else None,
                methods=frozenset(str(m).lower() for m in methods) if methods else None,
                retry_after=int(data.get("retry_after", 1)),
                delay=float(data.get("delay", 0.5)),
            )
        )
        return _ok(rule.to_json(), status=201)

    async def clear_faults(self, request: web.Request) -> web.Response:
        """Remove every fault rule."""
        self.state.faults.clear()
        return _ok({"faults": []})

    async def calls(self, request: web.Request) -> web.Response:
        """The Bot API call log: ?method= filters (case-insensitive), ?since=seq pages."""
        method = request.query.get("method", "").lower()
        since = int(request.query.get("since", 0))
        calls = [
            record.to_json()
            for record in self.state.calls
            if record.seq > since and (not method or record.method == method)
        ]
        return _ok({"calls": calls, "unknown_methods": list(self.state.unknown_methods)})

    async def updates(self, request: web.Request) -> web.Response:
        """Updates queued for the bot and not yet confirmed."""
        return _ok({"updates": list(self.state.updates)})

    async def clock(self, request: web.Request) -> web.Response:
        """The fake clock."""
        return _ok({"now": self.state.clock.now(), "offset": self.state.clock.offset})

    async def advance_clock(self, request: web.Request) -> web.Response:
        """Move the fake clock forward by {"seconds": N}."""
        data = await _body(request)
        now = self.state.clock.advance(float(data["seconds"]))
        return _ok({"now": now, "offset": self.state.clock.offset})

    async def set_rate_limits(self, request: web.Request) -> web.Response:
        """Switch flood limits on or off: {"enabled": bool}."""
        data = await _body(request)
        self.state.rate_limits = bool(data["enabled"])
        self.limiter.reset()
        return _ok({"rate_limits": self.state.rate_limits})

    async def file(self, request: web.Request) -> web.StreamResponse:
        """Raw content of a file by file_id (the page shows photos with it)."""
        stored = self.state.files.get(request.match_info["file_id"])
        if stored is None:
            return _refuse("no such file", status=404)
        return web.Response(
            body=stored.content, content_type=stored.mime_type or "application/octet-stream"
        )
