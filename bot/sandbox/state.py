"""The emulator's world, kept in memory: users, chats, messages, topics, files, updates, faults.

Nothing here speaks HTTP. Objects are stored as the Telegram JSON they are served as, so a
Bot API call costs one dict build and one serialisation, never a conversion of the whole state.
"""

from __future__ import annotations

import random
import string
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from bot.sandbox.rules import user_entities

JSON = dict[str, Any]

DEFAULT_BOT_USERNAME = "senim_sandbox_bot"
DEFAULT_BOT_TOKEN = "7000000001:SANDBOX-senim-local-emulator-token"  # noqa: S105 (not a secret)

# Telegram omits these three from the default set of update types.
DEFAULT_EXCLUDED_UPDATES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
DELETE_WINDOW_SECONDS = 48 * 3600
CALLBACK_ANSWER_WINDOW_SECONDS = 15 * 60
CALL_LOG_LIMIT = 20_000
FAULT_KINDS = ("429", "500", "502", "delay", "drop")
TOPIC_ICON_COLORS = (0x6FB9F0, 0xFFD67E, 0xCB86DB, 0x8EEE98, 0xFF93B2, 0xFB6F5F)


class SandboxError(Exception):
    """A refused control-API request (bad ids, wrong chat kind); never a Bot API error."""


class Clock:
    """Wall-clock time plus an offset that tests move forward (the 48-hour rule, old queries)."""

    def __init__(self) -> None:
        self.offset = 0.0

    def now(self) -> int:
        """Unix time in whole seconds, as Telegram dates are."""
        return int(time.time() + self.offset)

    def advance(self, seconds: float) -> int:
        """Move the clock forward and return the new time."""
        if seconds < 0:
            raise SandboxError("the clock only moves forward")
        self.offset += seconds
        return self.now()


@dataclass
class User:
    """A Telegram user (a migrant, an operator) or the bot itself."""

    id: int
    first_name: str
    last_name: str | None = None
    username: str | None = None
    language_code: str | None = None
    is_bot: bool = False
    hides_forwards: bool = False

    def to_json(self) -> JSON:
        """The `User` object as the Bot API serves it."""
        data: JSON = {"id": self.id, "is_bot": self.is_bot, "first_name": self.first_name}
        if self.last_name:
            data["last_name"] = self.last_name
        if self.username:
            data["username"] = self.username
        if self.language_code:
            data["language_code"] = self.language_code
        return data

    @property
    def full_name(self) -> str:
        """First and last name, as forward headers show them."""
        return f"{self.first_name} {self.last_name}" if self.last_name else self.first_name


@dataclass
class Topic:
    """A forum topic; its id is the id of the service message that created it."""

    message_thread_id: int
    name: str
    icon_color: int
    closed: bool = False
    icon_custom_emoji_id: str | None = None

    def to_json(self) -> JSON:
        """The `ForumTopic` object."""
        data: JSON = {
            "message_thread_id": self.message_thread_id,
            "name": self.name,
            "icon_color": self.icon_color,
        }
        if self.icon_custom_emoji_id:
            data["icon_custom_emoji_id"] = self.icon_custom_emoji_id
        return data


@dataclass
class Chat:
    """A private chat with the bot or a (forum) supergroup the bot administers."""

    id: int
    type: str
    title: str | None = None
    is_forum: bool = False
    user: User | None = None
    members: dict[int, str] = field(default_factory=dict)
    messages: dict[int, JSON] = field(default_factory=dict)
    topics: dict[int, Topic] = field(default_factory=dict)
    next_message_id: int = 1
    blocked: bool = False
    version: int = 0
    reply_keyboard: JSON | None = None
    chat_json: JSON = field(default_factory=dict)

    @property
    def is_private(self) -> bool:
        """True for the one-to-one chat between a user and the bot."""
        return self.type == "private"

    def to_json(self) -> JSON:
        """The short `Chat` object embedded in every message (cached: it never changes)."""
        if not self.chat_json:
            data: JSON = {"id": self.id, "type": self.type}
            if self.is_private and self.user is not None:
                data["first_name"] = self.user.first_name
                if self.user.last_name:
                    data["last_name"] = self.user.last_name
                if self.user.username:
                    data["username"] = self.user.username
            else:
                data["title"] = self.title
                if self.is_forum:
                    data["is_forum"] = True
            self.chat_json = data
        return self.chat_json

    def take_message_id(self) -> int:
        """Message ids grow per chat, as in Telegram."""
        message_id = self.next_message_id
        self.next_message_id += 1
        return message_id


@dataclass
class StoredFile:
    """An uploaded or user-sent file that getFile and the download route can serve."""

    file_id: str
    file_unique_id: str
    file_path: str
    content: bytes
    mime_type: str | None = None
    file_name: str | None = None

    def to_json(self) -> JSON:
        """The `File` object returned by getFile."""
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": len(self.content),
            "file_path": self.file_path,
        }


@dataclass
class CallbackQuery:
    """A button press waiting for answerCallbackQuery."""

    id: str
    chat_id: int
    message_id: int
    user_id: int
    data: str | None
    date: int
    answer: JSON | None = None


@dataclass
class Webhook:
    """The webhook set by setWebhook; delivery itself lives in webhook.py."""

    url: str
    secret_token: str | None = None
    max_connections: int = 40
    allowed_updates: list[str] | None = None
    last_error_date: int | None = None
    last_error_message: str | None = None
    delivered: int = 0
    failed_attempts: int = 0


@dataclass
class FaultRule:
    """An injected failure: for the next `remaining` calls, or for a `share` of calls."""

    kind: str
    remaining: int | None = None
    share: float | None = None
    methods: frozenset[str] | None = None
    retry_after: int = 1
    delay: float = 0.0
    id: int = 0
    fired: int = 0

    def matches(self, method: str) -> bool:
        """Whether this rule covers a (lower-cased) method name."""
        return self.methods is None or method in self.methods

    def to_json(self) -> JSON:
        """The rule as the control API lists it."""
        return {
            "id": self.id,
            "kind": self.kind,
            "remaining": self.remaining,
            "share": self.share,
            "methods": sorted(self.methods) if self.methods is not None else None,
            "retry_after": self.retry_after,
            "delay": self.delay,
            "fired": self.fired,
        }


@dataclass
class CallRecord:
    """One Bot API call as the log shows it."""

    seq: int
    time: float
    method: str
    params: JSON
    status: int = 200
    description: str | None = None

    def to_json(self) -> JSON:
        """The record for the control API."""
        return {
            "seq": self.seq,
            "time": self.time,
            "method": self.method,
            "params": self.params,
            "status": self.status,
            "description": self.description,
        }


def bot_id_from_token(token: str) -> int:
    """Telegram tokens start with the bot's user id: '123456:ABC…' → 123456."""
    head, _, _ = token.partition(":")
    if not head.isdigit():
        raise ValueError("a bot token looks like '<bot id>:<secret>'")
    return int(head)


class SandboxState:
    """Everything the emulator knows; reset() empties it but keeps the bot identity."""

    def __init__(
        self,
        bot_token: str = DEFAULT_BOT_TOKEN,
        *,
        bot_username: str = DEFAULT_BOT_USERNAME,
        seed: int = 0,
        rate_limits: bool = True,
    ) -> None:
        self.bot_token = bot_token
        self.bot = User(
            id=bot_id_from_token(bot_token),
            first_name="Senim",
            username=bot_username,
            is_bot=True,
        )
        self.seed = seed
        self.rate_limits = rate_limits
        self.clock = Clock()
        self._update_listeners: list[Callable[[], None]] = []
        self.reset()

    def reset(self) -> None:
        """Forget every user, chat, update, file, fault and logged call."""
        self.rng = random.Random(self.seed)
        self.fault_rng = random.Random(self.seed + 1)
        self.users: dict[int, User] = {}
        self.chats: dict[int, Chat] = {}
        self.files: dict[str, StoredFile] = {}
        self.files_by_path: dict[str, StoredFile] = {}
        self.callbacks: dict[str, CallbackQuery] = {}
        self.updates: deque[JSON] = deque()
        self.next_update_id = self.rng.randint(100_000_000, 800_000_000)
        self.allowed_updates: frozenset[str] | None = None
        self.webhook: Webhook | None = None
        self.commands: dict[str, list[JSON]] = {}
        self.faults: list[FaultRule] = []
        self.next_fault_id = 1
        self.calls: deque[CallRecord] = deque(maxlen=CALL_LOG_LIMIT)
        self.next_call_seq = 1
        self.unknown_methods: list[str] = []
        self.next_user_id = 100_000_001
        self.next_group_id = -1_001_000_000_001
        self.clock.offset = 0.0
        self.users[self.bot.id] = self.bot
        self.version = 0
        self._notify_updates()

    # -- identities -------------------------------------------------------------------------

    def random_token(self, length: int = 24) -> str:
        """A deterministic (seeded) opaque identifier."""
        alphabet = string.ascii_letters + string.digits + "-_"
        return "".join(self.rng.choice(alphabet) for _ in range(length))

    def create_user(
        self,
        first_name: str,
        *,
        user_id: int | None = None,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = None,
        hides_forwards: bool = False,
    ) -> User:
        """Add a user and the private chat they have with the bot (they pressed Start)."""
        if user_id is None:
            while self.next_user_id in self.users:
                self.next_user_id += 1
            user_id = self.next_user_id
            self.next_user_id += 1
        if user_id <= 0:
            raise SandboxError("user ids are positive")
        if user_id in self.users:
            raise SandboxError(f"user {user_id} already exists")
        user = User(
            id=user_id,
            first_name=first_name or f"User {user_id}",
            last_name=last_name,
            username=username,
            language_code=language_code,
            hides_forwards=hides_forwards,
        )
        self.users[user_id] = user
        self.chats[user_id] = Chat(id=user_id, type="private", user=user)
        self.version += 1
        return user

    def get_user(self, user_id: int) -> User:
        """A user created through the control API."""
        user = self.users.get(user_id)
        if user is None or user.is_bot:
            raise SandboxError(f"no user {user_id}")
        return user

    def create_group(
        self,
        title: str,
        *,
        chat_id: int | None = None,
        forum: bool = True,
        members: Iterable[int] = (),
        admins: Iterable[int] = (),
    ) -> Chat:
        """Add a supergroup (a forum by default) where the bot is an administrator."""
        if chat_id is None:
            while self.next_group_id in self.chats:
                self.next_group_id -= 1
            chat_id = self.next_group_id
            self.next_group_id -= 1
        if chat_id >= 0:
            raise SandboxError("group ids are negative")
        if chat_id in self.chats:
            raise SandboxError(f"chat {chat_id} already exists")
        chat = Chat(id=chat_id, type="supergroup", title=title, is_forum=forum)
        chat.members[self.bot.id] = "administrator"
        self.chats[chat_id] = chat
        for user_id in members:
            self.add_member(chat_id, user_id)
        for user_id in admins:
            self.add_member(chat_id, user_id, status="administrator")
        self.version += 1
        return chat

    def add_member(self, chat_id: int, user_id: int, *, status: str = "member") -> None:
        """Put a user into a group."""
        chat = self.get_group(chat_id)
        self.get_user(user_id)
        chat.members[user_id] = status
        chat.version += 1

    def get_group(self, chat_id: int) -> Chat:
        """A group created through the control API."""
        chat = self.chats.get(chat_id)
        if chat is None or chat.is_private:
            raise SandboxError(f"no group {chat_id}")
        return chat

    def get_chat(self, chat_id: int) -> Chat:
        """Any chat the emulator knows, for the control API."""
        chat = self.chats.get(chat_id)
        if chat is None:
            raise SandboxError(f"no chat {chat_id}")
        return chat

    # -- messages ---------------------------------------------------------------------------

    def store_message(self, chat: Chat, message: JSON) -> JSON:
        """Keep a message (already carrying its message_id) and mark the chat as changed."""
        chat.messages[message["message_id"]] = message
        chat.version += 1
        return message

    def new_message(
        self,
        chat: Chat,
        sender: User,
        *,
        thread_id: int | None = None,
        reply_to: JSON | None = None,
    ) -> JSON:
        """The common head of every message: id, date, chat, sender, topic and reply."""
        message: JSON = {
            "message_id": chat.take_message_id(),
            "date": self.clock.now(),
            "chat": chat.to_json(),
            "from": sender.to_json(),
        }
        if thread_id is not None:
            message["message_thread_id"] = thread_id
            message["is_topic_message"] = True
            if reply_to is None:
                # As Telegram does: a message in a topic that replies to nothing else replies
                # to the topic's creation (the service message that carries its name).
                root = chat.messages.get(thread_id)
                if root is not None and "forum_topic_created" in root:
                    reply_to = root
        if reply_to is not None:
            quoted = {k: v for k, v in reply_to.items() if k != "reply_to_message"}
            message["reply_to_message"] = quoted
        return message

    def messages_since(
        self, chat_id: int, since: int = 0, thread_id: int | None = None
    ) -> list[JSON]:
        """Messages of a chat with an id above `since`, in id order, optionally one topic."""
        chat = self.get_chat(chat_id)
        if since <= 0:
            newer = list(chat.messages.values())
        else:
            # Ids grow with insertion order: walk back from the newest, stop at `since`.
            newer = []
            for message_id in reversed(chat.messages):
                if message_id <= since:
                    break
                newer.append(chat.messages[message_id])
            newer.reverse()
        if thread_id is None:
            return newer
        return [m for m in newer if m.get("message_thread_id") == thread_id]

    # -- files ------------------------------------------------------------------------------

    def store_file(
        self,
        content: bytes,
        *,
        folder: str,
        extension: str,
        mime_type: str | None = None,
        file_name: str | None = None,
    ) -> StoredFile:
        """Keep file content and give it Telegram-like ids and a download path."""
        file_id = "BQAC" + self.random_token(40)
        unique_id = "AgAD" + self.random_token(12)
        path = f"{folder}/file_{len(self.files)}.{extension}"
        stored = StoredFile(
            file_id=file_id,
            file_unique_id=unique_id,
            file_path=path,
            content=content,
            mime_type=mime_type,
            file_name=file_name,
        )
        self.files[file_id] = stored
        self.files_by_path[path] = stored
        return stored

    # -- updates ----------------------------------------------------------------------------

    def add_update_listener(self, listener: Callable[[], None]) -> None:
        """Call `listener` whenever an update is queued (wakes long polls and the webhook)."""
        self._update_listeners.append(listener)

    def _notify_updates(self) -> None:
        for listener in self._update_listeners:
            listener()

    def push_update(self, kind: str, payload: JSON) -> JSON:
        """Queue an update for the bot, unless its type is not wanted (as Telegram drops it)."""
        update = {"update_id": self.next_update_id, kind: payload}
        self.next_update_id += 1
        if not self.wants(kind):
            return update
        self.updates.append(update)
        self._notify_updates()
        return update

    def wants(self, kind: str) -> bool:
        """Whether an update type passes the allowed_updates the bot asked for."""
        allowed = self.allowed_updates
        if self.webhook is not None and self.webhook.allowed_updates:
            allowed = frozenset(self.webhook.allowed_updates)
        if allowed is None:
            return kind not in DEFAULT_EXCLUDED_UPDATES
        return kind in allowed

    def confirm_updates(self, offset: int) -> None:
        """Forget updates below `offset` (negative: keep only the last -offset updates)."""
        updates = self.updates
        if offset < 0:
            while len(updates) > -offset:
                updates.popleft()
            return
        while updates and updates[0]["update_id"] < offset:
            updates.popleft()

    def pending_updates(self, limit: int) -> list[JSON]:
        """The oldest unconfirmed updates, at most `limit`."""
        updates = self.updates
        if len(updates) <= limit:
            return list(updates)
        return [updates[i] for i in range(limit)]

    # -- faults and call log ----------------------------------------------------------------

    def add_fault(self, rule: FaultRule) -> FaultRule:
        """Register an injected failure."""
        if rule.kind not in FAULT_KINDS:
            raise SandboxError(f"fault kind must be one of {', '.join(FAULT_KINDS)}")
        if rule.remaining is None and rule.share is None:
            raise SandboxError("give a fault either 'count' or 'share'")
        if rule.share is not None and not 0 < rule.share <= 1:
            raise SandboxError("share is a fraction in (0, 1]")
        rule.id = self.next_fault_id
        self.next_fault_id += 1
        self.faults.append(rule)
        return rule

    def pick_fault(self, method: str) -> FaultRule | None:
        """The fault this call suffers, if any; counts down and drops exhausted rules."""
        if not self.faults:
            return None
        for rule in self.faults:
            if not rule.matches(method):
                continue
            if rule.remaining is not None:
                rule.remaining -= 1
                if rule.remaining <= 0:
                    self.faults.remove(rule)
                rule.fired += 1
                return rule
            if rule.share is not None and self.fault_rng.random() < rule.share:
                rule.fired += 1
                return rule
        return None

    def log_call(self, method: str, params: JSON) -> CallRecord:
        """Append a call to the (bounded) log; the caller fills in the outcome."""
        record = CallRecord(seq=self.next_call_seq, time=time.time(), method=method, params=params)
        self.next_call_seq += 1
        self.calls.append(record)
        return record

    # -- media objects ----------------------------------------------------------------------

    def photo_sizes(self, content: bytes, *, mime_type: str = "image/jpeg") -> list[JSON]:
        """A thumbnail and a full size, each with its own file id, as Telegram stores photos."""
        sizes = []
        for width, height in ((90, 67), (800, 600)):
            stored = self.store_file(
                content, folder="photos", extension="jpg", mime_type=mime_type
            )
            sizes.append(
                {
                    "file_id": stored.file_id,
                    "file_unique_id": stored.file_unique_id,
                    "file_size": len(content),
                    "width": width,
                    "height": height,
                }
            )
        return sizes

    def document_json(self, content: bytes, *, file_name: str, mime_type: str | None) -> JSON:
        """The `Document` object for uploaded content."""
        extension = file_name.rsplit(".", 1)[-1] if "." in file_name else "bin"
        stored = self.store_file(
            content,
            folder="documents",
            extension=extension,
            mime_type=mime_type,
            file_name=file_name,
        )
        data: JSON = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_name": file_name,
            "file_size": len(content),
        }
        if mime_type:
            data["mime_type"] = mime_type
        return data

    def voice_json(self, content: bytes, *, duration: int) -> JSON:
        """The `Voice` object (OGG/Opus, as Telegram clients record)."""
        stored = self.store_file(content, folder="voice", extension="oga", mime_type="audio/ogg")
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "duration": duration,
            "mime_type": "audio/ogg",
            "file_size": len(content),
        }

    def sticker_json(self, emoji: str) -> JSON:
        """A static regular sticker."""
        stored = self.store_file(b"RIFF\x00\x00\x00\x00WEBP", folder="stickers", extension="webp")
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": emoji,
            "file_size": len(stored.content),
        }

    def forward_origin(self, original: JSON) -> JSON:
        """The `MessageOrigin` a forward of `original` carries (hidden if the sender hides it)."""
        if "forward_origin" in original:
            return original["forward_origin"]
        sender = self.users.get(original["from"]["id"])
        if sender is not None and sender.hides_forwards:
            return {
                "type": "hidden_user",
                "date": original["date"],
                "sender_user_name": sender.full_name,
            }
        return {"type": "user", "date": original["date"], "sender_user": original["from"]}

    # -- what users do ----------------------------------------------------------------------

    def user_chat(self, user: User, chat_id: int | None, thread_id: int | None) -> Chat:
        """The chat a user writes in: their private chat by default, or a group they are in."""
        if chat_id is None or chat_id == user.id:
            if thread_id is not None:
                raise SandboxError("private chats have no topics")
            return self.chats[user.id]
        chat = self.get_chat(chat_id)
        if chat.is_private:
            raise SandboxError("a user can only write in their own private chat")
        if chat.members.get(user.id) in (None, "left", "kicked"):
            raise SandboxError(f"user {user.id} is not a member of chat {chat_id}")
        if thread_id is not None and thread_id not in chat.topics:
            raise SandboxError(f"chat {chat_id} has no topic {thread_id}")
        return chat

    def user_message(
        self,
        user_id: int,
        content: JSON,
        *,
        chat_id: int | None = None,
        thread_id: int | None = None,
        reply_to_message_id: int | None = None,
    ) -> tuple[JSON, JSON]:
        """A user posts a message; returns (message, update). Blocked chats still store it."""
        user = self.get_user(user_id)
        chat = self.user_chat(user, chat_id, thread_id)
        if chat.blocked:
            # Writing to a blocked bot means pressing "Restart" first, which unblocks it.
            self.set_blocked(user_id, False)
        reply_to = None
        if reply_to_message_id is not None:
            reply_to = chat.messages.get(reply_to_message_id)
            if reply_to is None:
                raise SandboxError(f"no message {reply_to_message_id} in chat {chat.id}")
            if thread_id is None and "message_thread_id" in reply_to:
                thread_id = reply_to["message_thread_id"]
        message = self.new_message(chat, user, thread_id=thread_id, reply_to=reply_to)
        message.update(content)
        if "text" in message and "entities" not in message:
            entities = user_entities(message["text"])
            if entities:
                message["entities"] = entities
        self.store_message(chat, message)
        update = self.push_update("message", message)
        return message, update

    def user_edit(self, user_id: int, chat_id: int, message_id: int, text: str) -> JSON:
        """A user edits one of their text messages; the bot gets `edited_message`."""
        chat = self.get_chat(chat_id)
        message = chat.messages.get(message_id)
        if message is None or message["from"]["id"] != user_id:
            raise SandboxError(f"user {user_id} has no message {message_id} in chat {chat_id}")
        if "text" not in message:
            raise SandboxError("only text messages can be edited here")
        # A fresh dict: updates already queued keep the version they were made with.
        message = {k: v for k, v in message.items() if k != "entities"}
        message["text"] = text
        chat.messages[message_id] = message
        entities = user_entities(text)
        if entities:
            message["entities"] = entities
        message["edit_date"] = self.clock.now()
        chat.version += 1
        return self.push_update("edited_message", message)

    def press_button(
        self,
        user_id: int,
        chat_id: int,
        message_id: int,
        *,
        data: str | None = None,
        text: str | None = None,
        forged: bool = False,
    ) -> CallbackQuery:
        """A user presses an inline button (found by callback_data or by its label).

        With `forged`, `data` is sent as is, whether or not such a button exists: what a
        modified client could send, to test that the bot validates callback data.
        """
        user = self.get_user(user_id)
        chat = self.get_chat(chat_id)
        message = chat.messages.get(message_id)
        if message is None:
            raise SandboxError(f"no message {message_id} in chat {chat_id}")
        if forged:
            if data is None:
                raise SandboxError("a forged press needs its data")
            button: JSON | None = {"callback_data": data}
        else:
            button = _find_button(message, data=data, text=text)
        if button is None:
            raise SandboxError(f"message {message_id} has no such inline button")
        if "callback_data" not in button:
            raise SandboxError("that button opens a link; it sends no callback query")
        query = CallbackQuery(
            id=str(self.rng.randint(10**17, 10**19)),
            chat_id=chat_id,
            message_id=message_id,
            user_id=user.id,
            data=button["callback_data"],
            date=self.clock.now(),
        )
        self.callbacks[query.id] = query
        payload = {
            "id": query.id,
            "from": user.to_json(),
            "message": message,
            "chat_instance": str(abs(hash((chat_id, self.seed))) % 10**18),
            "data": query.data,
        }
        self.push_update("callback_query", payload)
        return query

    def set_blocked(self, user_id: int, blocked: bool, *, notify: bool = True) -> JSON | None:
        """A user blocks or unblocks the bot; Telegram tells the bot with `my_chat_member`.

        `notify=False` leaves the update out, as for a bot that does not ask for it: the bot
        then learns of the block only from a refused call.
        """
        user = self.get_user(user_id)
        chat = self.chats[user.id]
        if chat.blocked == blocked:
            return None
        chat.blocked = blocked
        chat.version += 1
        old, new = ("member", "kicked") if blocked else ("kicked", "member")
        payload = {
            "chat": chat.to_json(),
            "from": user.to_json(),
            "date": self.clock.now(),
            "old_chat_member": _member_json(self.bot, old),
            "new_chat_member": _member_json(self.bot, new),
        }
        return self.push_update("my_chat_member", payload) if notify else None


def _member_json(user: User, status: str) -> JSON:
    data: JSON = {"status": status, "user": user.to_json()}
    if status == "kicked":
        data["until_date"] = 0
    return data


def _find_button(message: JSON, *, data: str | None, text: str | None) -> JSON | None:
    markup = message.get("reply_markup") or {}
    for row in markup.get("inline_keyboard", []):
        for button in row:
            if data is not None and button.get("callback_data") == data:
                return button
            if data is None and text is not None and button.get("text") == text:
                return button
    return None
