"""An async client of the emulator's control API, for tests, benchmarks and demos.

    async with SandboxClient(emulator.url) as sandbox:
        user = await sandbox.create_user("Aigerim", language_code="kk")
        await sandbox.send_text(user["id"], "/start")
        [reply] = await sandbox.wait_for_messages(user["id"], count=1)

Objects come back as the Telegram JSON the emulator serves (dicts), so what a test asserts
on is exactly what the bot produced.
"""

from __future__ import annotations

import asyncio
import base64
import time
from collections.abc import Callable, Iterable
from types import TracebackType
from typing import Any, Literal

import aiohttp

JSON = dict[str, Any]
Message = dict[str, Any]
FaultKind = Literal["429", "500", "502", "delay", "drop"]


class SandboxClientError(RuntimeError):
    """The control API refused a request (400/404 with a reason)."""


class SandboxClient:
    """Typed helpers over `/_sandbox/…`; use as an async context manager or call close()."""

    def __init__(self, base_url: str, *, session: aiohttp.ClientSession | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self._session = session
        self._owns_session = session is None

    async def __aenter__(self) -> SandboxClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.close()

    async def close(self) -> None:
        """Close the HTTP session if this client opened it."""
        if self._session is not None and self._owns_session:
            await self._session.close()
        self._session = None

    @property
    def session(self) -> aiohttp.ClientSession:
        """The HTTP session, opened on first use."""
        if self._session is None:
            self._session = aiohttp.ClientSession()
        return self._session

    async def _call(
        self, http_method: str, path: str, body: JSON | None = None, **query: Any
    ) -> Any:
        params = {k: str(v) for k, v in query.items() if v is not None}
        async with self.session.request(
            http_method, f"{self.base_url}/_sandbox/{path}", json=body, params=params
        ) as response:
            data = await response.json()
            if response.status >= 400:
                raise SandboxClientError(data.get("error") or f"HTTP {response.status}")
            return data

    # -- setup ------------------------------------------------------------------------------

    async def info(self) -> JSON:
        """Bot identity, token, URLs, switches."""
        return await self._call("GET", "info")

    async def reset(self) -> None:
        """Forget every user, chat, update, fault and call."""
        await self._call("POST", "reset")

    async def create_user(
        self,
        first_name: str,
        *,
        user_id: int | None = None,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = None,
        hides_forwards: bool = False,
    ) -> JSON:
        """Create a user with their private chat; returns the Telegram `User`."""
        body = {
            "id": user_id,
            "first_name": first_name,
            "last_name": last_name,
            "username": username,
            "language_code": language_code,
            "hides_forwards": hides_forwards,
        }
        return await self._call("POST", "users", body)

    async def users(self) -> list[JSON]:
        """Every user except the bot."""
        return (await self._call("GET", "users"))["users"]

    async def create_group(
        self,
        title: str = "Operators",
        *,
        chat_id: int | None = None,
        forum: bool = True,
        members: Iterable[int] = (),
        admins: Iterable[int] = (),
    ) -> JSON:
        """Create a (forum) supergroup where the bot is an administrator."""
        body = {
            "id": chat_id,
            "title": title,
            "forum": forum,
            "members": list(members),
            "admins": list(admins),
        }
        return await self._call("POST", "groups", body)

    async def add_member(self, chat_id: int, user_id: int, *, status: str = "member") -> JSON:
        """Add a user to a group."""
        return await self._call(
            "POST", f"groups/{chat_id}/members", {"user_id": user_id, "status": status}
        )

    async def chat(self, chat_id: int) -> JSON:
        """A chat with its members, topics and blocked flag."""
        return await self._call("GET", f"chats/{chat_id}")

    async def topics(self, chat_id: int) -> list[JSON]:
        """The forum topics of a group."""
        return (await self.chat(chat_id)).get("topics", [])

    # -- what users do ----------------------------------------------------------------------

    async def _send(self, kind: str, user_id: int, body: JSON) -> Message:
        payload = {"user_id": user_id, **{k: v for k, v in body.items() if v is not None}}
        return (await self._call("POST", f"send/{kind}", payload))["message"]

    async def send_text(
        self,
        user_id: int,
        text: str,
        *,
        chat_id: int | None = None,
        thread_id: int | None = None,
        reply_to: int | None = None,
    ) -> Message:
        """The user writes text (in their private chat unless chat_id/thread_id say otherwise)."""
        body = {
            "text": text,
            "chat_id": chat_id,
            "message_thread_id": thread_id,
            "reply_to_message_id": reply_to,
        }
        return await self._send("text", user_id, body)

    async def send_photo(
        self,
        user_id: int,
        content: bytes | None = None,
        *,
        caption: str | None = None,
        chat_id: int | None = None,
        thread_id: int | None = None,
    ) -> Message:
        """The user sends a photo (a small PNG unless content is given)."""
        body = {
            "content_base64": _b64(content),
            "caption": caption,
            "chat_id": chat_id,
            "message_thread_id": thread_id,
        }
        return await self._send("photo", user_id, body)

    async def send_document(
        self,
        user_id: int,
        content: bytes | None = None,
        *,
        file_name: str = "document.pdf",
        mime_type: str = "application/pdf",
        caption: str | None = None,
        chat_id: int | None = None,
        thread_id: int | None = None,
    ) -> Message:
        """The user sends a document."""
        body = {
            "content_base64": _b64(content),
            "file_name": file_name,
            "mime_type": mime_type,
            "caption": caption,
            "chat_id": chat_id,
            "message_thread_id": thread_id,
        }
        return await self._send("document", user_id, body)

    async def send_voice(
        self,
        user_id: int,
        content: bytes | None = None,
        *,
        duration: int = 3,
        chat_id: int | None = None,
        thread_id: int | None = None,
    ) -> Message:
        """The user sends a voice message."""
        body = {
            "content_base64": _b64(content),
            "duration": duration,
            "chat_id": chat_id,
            "message_thread_id": thread_id,
        }
        return await self._send("voice", user_id, body)

    async def send_location(
        self,
        user_id: int,
        latitude: float,
        longitude: float,
        *,
        chat_id: int | None = None,
        thread_id: int | None = None,
    ) -> Message:
        """The user shares a location."""
        body = {
            "latitude": latitude,
            "longitude": longitude,
            "chat_id": chat_id,
            "message_thread_id": thread_id,
        }
        return await self._send("location", user_id, body)

    async def send_sticker(self, user_id: int, emoji: str = "👍") -> Message:
        """The user sends a sticker."""
        return await self._send("sticker", user_id, {"emoji": emoji})

    async def send_forward(
        self,
        user_id: int,
        text: str,
        *,
        origin_user_id: int | None = None,
        origin_name: str | None = None,
    ) -> Message:
        """The user forwards a text from someone (a user id, or a hidden sender's name)."""
        body = {"text": text, "origin_user_id": origin_user_id, "origin_name": origin_name}
        return await self._send("forward", user_id, body)

    async def send_batch(self, items: list[JSON]) -> list[JSON]:
        """Many sends in one request; each item is a send body plus "kind"."""
        return (await self._call("POST", "send/batch", {"items": items}))["results"]

    async def edit_text(self, user_id: int, chat_id: int, message_id: int, text: str) -> Message:
        """The user edits their message; the bot receives edited_message."""
        body = {"user_id": user_id, "chat_id": chat_id, "message_id": message_id, "text": text}
        return (await self._call("POST", "edit", body))["message"]

    async def press_button(
        self,
        user_id: int,
        message: Message | int,
        *,
        data: str | None = None,
        text: str | None = None,
        chat_id: int | None = None,
        forged: bool = False,
    ) -> str:
        """Press an inline button by callback data or label; returns the callback query id.

        `forged=True` sends `data` even if no button carries it (a tampering client)."""
        if isinstance(message, dict):
            chat_id = message["chat"]["id"]
            message_id = message["message_id"]
        else:
            message_id = message
        body = {
            "user_id": user_id,
            "chat_id": chat_id or user_id,
            "message_id": message_id,
            "data": data,
            "button_text": text,
            "forged": forged,
        }
        return (await self._call("POST", "press", body))["callback_query_id"]

    async def callback_answer(self, query_id: str) -> JSON | None:
        """How the bot answered a press (None while unanswered)."""
        return (await self._call("GET", f"callbacks/{query_id}"))["answer"]

    async def block(self, user_id: int, *, notify: bool = True) -> None:
        """The user blocks the bot (`notify=False`: without telling it via my_chat_member)."""
        await self._call("POST", f"users/{user_id}/block", {"notify": notify})

    async def unblock(self, user_id: int) -> None:
        """The user unblocks the bot."""
        await self._call("POST", f"users/{user_id}/unblock", {})

    # -- reading ----------------------------------------------------------------------------

    async def messages(
        self,
        chat_id: int,
        *,
        since: int = 0,
        thread_id: int | None = None,
        from_bot: bool | None = None,
    ) -> list[Message]:
        """Messages of a chat with message_id > since; from_bot filters by sender."""
        data = await self._call(
            "GET", f"chats/{chat_id}/messages", since=since, thread_id=thread_id
        )
        messages: list[Message] = data["messages"]
        if from_bot is not None:
            messages = [m for m in messages if m["from"]["is_bot"] is from_bot]
        return messages

    async def reply_keyboard(self, chat_id: int) -> JSON | None:
        """The reply keyboard the bot last set in a chat."""
        return (await self._call("GET", f"chats/{chat_id}/messages", since=2**62))[
            "reply_keyboard"
        ]

    async def wait_for_messages(
        self,
        chat_id: int,
        *,
        count: int = 1,
        predicate: Callable[[Message], bool] | None = None,
        since: int = 0,
        thread_id: int | None = None,
        from_bot: bool | None = True,
        timeout: float = 5.0,
        interval: float = 0.05,
    ) -> list[Message]:
        """Poll until at least `count` matching messages exist; TimeoutError otherwise."""
        deadline = time.monotonic() + timeout
        found: list[Message] = []
        while True:
            messages = await self.messages(
                chat_id, since=since, thread_id=thread_id, from_bot=from_bot
            )
            found = [m for m in messages if predicate is None or predicate(m)]
            if len(found) >= count:
                return found
            if time.monotonic() >= deadline:
                raise TimeoutError(
                    f"chat {chat_id}: {len(found)} of {count} expected messages after {timeout} s"
                )
            await asyncio.sleep(interval)

    async def calls(self, method: str | None = None, *, since: int = 0) -> list[JSON]:
        """The Bot API call log (optionally one method)."""
        return (await self._call("GET", "calls", method=method, since=since))["calls"]

    async def unknown_methods(self) -> list[str]:
        """Bot API methods the bot called that the emulator does not implement."""
        return (await self._call("GET", "calls", since=2**62))["unknown_methods"]

    async def pending_updates(self) -> list[JSON]:
        """Updates not yet confirmed by the bot."""
        return (await self._call("GET", "updates"))["updates"]

    # -- faults, clock, switches ------------------------------------------------------------

    async def inject_fault(
        self,
        kind: FaultKind,
        *,
        count: int | None = 1,
        share: float | None = None,
        methods: Iterable[str] | None = None,
        retry_after: int = 1,
        delay: float = 0.5,
    ) -> JSON:
        """Fail the next `count` calls (or a `share` of calls), optionally only some methods."""
        body = {
            "kind": kind,
            "count": None if share is not None else count,
            "share": share,
            "methods": list(methods) if methods is not None else None,
            "retry_after": retry_after,
            "delay": delay,
        }
        return await self._call("POST", "faults", body)

    async def clear_faults(self) -> None:
        """Remove every injected fault."""
        await self._call("DELETE", "faults")

    async def advance_clock(self, seconds: float) -> int:
        """Move the fake clock forward; returns the new Unix time."""
        return (await self._call("POST", "clock/advance", {"seconds": seconds}))["now"]

    async def set_rate_limits(self, enabled: bool) -> None:
        """Switch Telegram's flood limits on or off."""
        await self._call("POST", "rate-limits", {"enabled": enabled})


def _b64(content: bytes | None) -> str | None:
    return base64.b64encode(content).decode() if content is not None else None
