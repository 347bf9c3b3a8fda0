"""Telegram's rules that the bot depends on: limits, parse modes and flood control.

Error texts are Telegram's own (as returned by api.telegram.org and tdlib's entity parser),
so that the bot's error handling is exercised against the strings it will really see.
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from html import unescape
from typing import Any

JSON = dict[str, Any]

MAX_MESSAGE_LENGTH = 4096
MAX_CAPTION_LENGTH = 1024
MAX_CALLBACK_DATA_BYTES = 64
MAX_TOPIC_NAME_LENGTH = 128

# Methods that post a new message and therefore count against flood limits.
SENDING_METHODS = frozenset(
    {
        "sendmessage",
        "sendphoto",
        "senddocument",
        "sendvoice",
        "sendlocation",
        "sendsticker",
        "copymessage",
        "forwardmessage",
    }
)


class ParseError(ValueError):
    """Text that Telegram refuses with "can't parse entities: …"."""


def utf16_len(text: str) -> int:
    """Telegram measures offsets and lengths in UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def _byte_offset(text: str, index: int) -> int:
    return len(text[:index].encode("utf-8"))


# -- HTML -----------------------------------------------------------------------------------

_HTML_TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
_TAG_RE = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)?([^<>]*)(>?)")
_ATTR_RE = re.compile(r"""([A-Za-z-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")


@dataclass
class _OpenTag:
    name: str
    entity_type: str
    start: int
    attrs: dict[str, str]


def parse_html(source: str) -> tuple[str, list[JSON]]:
    """Plain text and entities of an HTML-formatted message, or ParseError as Telegram words it."""
    out: list[str] = []
    out_len = 0
    entities: list[JSON] = []
    stack: list[_OpenTag] = []
    pos = 0
    while True:
        lt = source.find("<", pos)
        chunk = source[pos:] if lt < 0 else source[pos:lt]
        if chunk:
            plain = unescape(chunk)
            out.append(plain)
            out_len += utf16_len(plain)
        if lt < 0:
            break
        match = _TAG_RE.match(source, lt)
        if match is None or not match.group(4):
            raise ParseError(f"Unclosed start tag at byte offset {_byte_offset(source, lt)}")
        closing, name, rest = match.group(1), (match.group(2) or "").lower(), match.group(3)
        offset = _byte_offset(source, lt)
        if closing:
            if not stack:
                raise ParseError(f"Unexpected end tag at byte offset {offset}")
            opened = stack.pop()
            if name != opened.name:
                raise ParseError(
                    f'Unmatched end tag at byte offset {offset}, expected "</{opened.name}>", '
                    f'found "</{name}>"'
                )
            entity = _html_entity(opened, out_len)
            if entity is not None:
                entities.append(entity)
        else:
            if name not in _HTML_TAGS:
                raise ParseError(f'Unsupported start tag "{name}" at byte offset {offset}')
            attrs = {
                m.group(1).lower(): unescape(m.group(2) or m.group(3) or m.group(4) or "")
                for m in _ATTR_RE.finditer(rest)
            }
            if name == "span" and attrs.get("class") != "tg-spoiler":
                raise ParseError(f'Unsupported start tag "span" at byte offset {offset}')
            stack.append(_OpenTag(name, _HTML_TAGS[name], out_len, attrs))
        pos = match.end()
    if stack:
        raise ParseError(f'Can\'t find end tag corresponding to start tag "{stack[-1].name}"')
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return "".join(out), entities


def _html_entity(opened: _OpenTag, end: int) -> JSON | None:
    length = end - opened.start
    if length <= 0:
        return None
    entity: JSON = {"type": opened.entity_type, "offset": opened.start, "length": length}
    if opened.name == "a":
        href = opened.attrs.get("href", "")
        if not href:
            return None
        entity["url"] = href
    elif opened.name == "pre" and opened.attrs.get("language"):
        entity["language"] = opened.attrs["language"]
    elif opened.name == "blockquote" and "expandable" in opened.attrs:
        entity["type"] = "expandable_blockquote"
    return entity


# -- MarkdownV2 -----------------------------------------------------------------------------

_MDV2_RESERVED = set("_*[]()~`>#+-=|{}.!\\")
_MDV2_MARKERS = {"*": "bold", "_": "italic", "__": "underline", "~": "strikethrough"}
_MDV2_MARKERS["||"] = "spoiler"
_ENTITY_NAMES = {
    "bold": "Bold",
    "italic": "Italic",
    "underline": "Underline",
    "strikethrough": "Strikethrough",
    "spoiler": "Spoiler",
    "code": "Code",
    "pre": "Pre",
    "text_link": "TextUrl",
}


def parse_markdown_v2(source: str) -> tuple[str, list[JSON]]:
    """Plain text and entities of a MarkdownV2 message, or ParseError as Telegram words it."""
    out: list[str] = []
    out_len = 0
    entities: list[JSON] = []
    stack: list[tuple[str, int, int]] = []  # (marker, output offset, byte offset in source)
    i = 0
    n = len(source)

    def emit(text: str) -> None:
        nonlocal out_len
        out.append(text)
        out_len += utf16_len(text)

    while i < n:
        char = source[i]
        if char == "\\":
            if i + 1 < n and source[i + 1] in _MDV2_RESERVED:
                emit(source[i + 1])
                i += 2
                continue
            raise ParseError(
                "Character '\\' is reserved and must be escaped with the preceding '\\'"
            )
        if char == "`":
            i = _markdown_code(source, i, emit, entities, lambda: out_len)
            continue
        if char == "[":
            stack.append(("[", out_len, _byte_offset(source, i)))
            i += 1
            continue
        if char == "]" and stack and stack[-1][0] == "[":
            marker, start, byte_start = stack.pop()
            if not source.startswith("(", i + 1):
                raise ParseError(
                    "Character ']' is reserved and must be escaped with the preceding '\\'"
                )
            close = source.find(")", i + 2)
            if close < 0:
                raise ParseError(f"Can't find end of a URL at byte offset {byte_start}")
            url = source[i + 2 : close].replace("\\)", ")").replace("\\\\", "\\")
            if out_len > start:
                entities.append(
                    {"type": "text_link", "offset": start, "length": out_len - start, "url": url}
                )
            i = close + 1
            continue
        if char == ">" and (i == 0 or source[i - 1] == "\n"):
            i += 1  # blockquote line prefix: no entity needed by the bot, kept permissive
            continue
        marker = source[i : i + 2] if source[i : i + 2] in ("__", "||") else char
        if marker in _MDV2_MARKERS:
            if stack and stack[-1][0] == marker:
                _, start, _ = stack.pop()
                if out_len > start:
                    entities.append(
                        {"type": _MDV2_MARKERS[marker], "offset": start, "length": out_len - start}
                    )
            else:
                stack.append((marker, out_len, _byte_offset(source, i)))
            i += len(marker)
            continue
        if char in _MDV2_RESERVED:
            raise ParseError(
                f"Character '{char}' is reserved and must be escaped with the preceding '\\'"
            )
        emit(char)
        i += 1
    if stack:
        marker, _, byte_start = stack[-1]
        kind = "TextUrl" if marker == "[" else _ENTITY_NAMES[_MDV2_MARKERS[marker]]
        raise ParseError(f"Can't find end of {kind} entity at byte offset {byte_start}")
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return "".join(out), entities


def _markdown_code(
    source: str,
    start: int,
    emit: Callable[[str], None],
    entities: list[JSON],
    out_len: Callable[[], int],
) -> int:
    """Consume `code` or ```pre``` starting at `start`; return the index after it."""
    fence = "```" if source.startswith("```", start) else "`"
    close = start + len(fence)
    while True:
        close = source.find(fence, close)
        if close < 0:
            kind = "Pre" if fence == "```" else "Code"
            raise ParseError(
                f"Can't find end of {kind} entity at byte offset {_byte_offset(source, start)}"
            )
        if source[close - 1] != "\\":
            break
        close += 1
    body = source[start + len(fence) : close]
    language = None
    if fence == "```" and "\n" in body:
        first, rest = body.split("\n", 1)
        if first and " " not in first:
            language, body = first, rest
    body = re.sub(r"\\([`\\])", r"\1", body)
    offset = out_len()
    emit(body)
    if body:
        entity: JSON = {"type": "pre" if fence == "```" else "code", "offset": offset}
        entity["length"] = utf16_len(body)
        if language:
            entity["language"] = language
        entities.append(entity)
    return close + len(fence)


def parse_legacy_markdown(source: str) -> tuple[str, list[JSON]]:
    """Legacy Markdown: *bold*, _italic_, `code`, [text](url); permissive like Telegram's."""
    out: list[str] = []
    out_len = 0
    entities: list[JSON] = []
    pattern = re.compile(r"\*([^*]+)\*|_([^_]+)_|`([^`]+)`|\[([^\]]+)\]\(([^)]+)\)")
    pos = 0
    for match in pattern.finditer(source):
        before = source[pos : match.start()]
        out.append(before)
        out_len += utf16_len(before)
        inner = next(g for g in match.groups()[:4] if g is not None)
        kind = ("bold", "italic", "code", "text_link")[
            next(i for i, g in enumerate(match.groups()[:4]) if g is not None)
        ]
        entity: JSON = {"type": kind, "offset": out_len, "length": utf16_len(inner)}
        if kind == "text_link":
            entity["url"] = match.group(5)
        entities.append(entity)
        out.append(inner)
        out_len += utf16_len(inner)
        pos = match.end()
    out.append(source[pos:])
    return "".join(out), entities


def parse_text(text: str, parse_mode: str | None) -> tuple[str, list[JSON]]:
    """Apply a parse mode; raises ParseError or ValueError('unsupported parse_mode')."""
    if not parse_mode:
        return text, []
    mode = parse_mode.lower()
    if mode == "html":
        return parse_html(text)
    if mode == "markdownv2":
        return parse_markdown_v2(text)
    if mode == "markdown":
        return parse_legacy_markdown(text)
    raise ValueError("unsupported parse_mode")


_COMMAND_RE = re.compile(r"(?<![\w/])/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?")


def user_entities(text: str) -> list[JSON]:
    """Entities Telegram adds to what a user types: bot commands (PTB's CommandHandler needs
    them)."""
    entities = []
    for match in _COMMAND_RE.finditer(text):
        entities.append(
            {
                "type": "bot_command",
                "offset": utf16_len(text[: match.start()]),
                "length": utf16_len(match.group()),
            }
        )
    return entities


# -- keyboards ------------------------------------------------------------------------------


def check_inline_keyboard(markup: JSON) -> None:
    """Raise ValueError with Telegram's wording when an inline keyboard is invalid."""
    rows = markup.get("inline_keyboard")
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise ValueError("Bad Request: can't parse inline keyboard button: field is not an array")
    for row in rows:
        for button in row:
            if not isinstance(button, dict) or not button.get("text"):
                raise ValueError("Bad Request: can't parse inline keyboard button: Text is empty")
            data = button.get("callback_data")
            if data is not None and (
                not isinstance(data, str)
                or not data
                or len(data.encode("utf-8")) > MAX_CALLBACK_DATA_BYTES
            ):
                raise ValueError("Bad Request: BUTTON_DATA_INVALID")
            kinds = (
                "url",
                "callback_data",
                "web_app",
                "login_url",
                "switch_inline_query",
                "switch_inline_query_current_chat",
                "switch_inline_query_chosen_chat",
                "copy_text",
                "callback_game",
                "pay",
            )
            if not any(kind in button for kind in kinds):
                raise ValueError(
                    "Bad Request: can't parse inline keyboard button: "
                    "Text buttons are unallowed in the inline keyboard"
                )


# -- flood control --------------------------------------------------------------------------


class TokenBucket:
    """`capacity` tokens refilled at `rate` per second: bursts up to capacity, then `rate`."""

    __slots__ = ("capacity", "rate", "tokens", "updated")

    def __init__(self, capacity: float, rate: float, now: float) -> None:
        self.capacity = capacity
        self.rate = rate
        self.tokens = capacity
        self.updated = now

    def wait_time(self, now: float) -> float:
        """Seconds until one token is available (0 when one is available now)."""
        self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.rate)
        self.updated = now
        return 0.0 if self.tokens >= 1 else (1 - self.tokens) / self.rate

    def take(self) -> None:
        """Spend one token; call only after wait_time() returned 0."""
        self.tokens -= 1


@dataclass(frozen=True)
class FloodLimits:
    """Telegram's published flood limits (core.telegram.org/bots/faq, FloodLimit in PTB)."""

    private_burst: float = 4
    private_per_second: float = 1.0
    group_burst: float = 20
    group_per_minute: float = 20
    global_burst: float = 30
    global_per_second: float = 30


class RateLimiter:
    """Token buckets per private chat, per group and for the whole bot."""

    def __init__(self, limits: FloodLimits | None = None) -> None:
        self.limits = limits or FloodLimits()
        self.chats: dict[int, TokenBucket] = {}
        self.overall: TokenBucket | None = None

    def reset(self) -> None:
        """Refill every bucket."""
        self.chats.clear()
        self.overall = None

    def check(self, chat_id: int, *, is_group: bool, now: float | None = None) -> int:
        """0 if a message may be sent now (and count it), else Telegram's retry_after."""
        now = time.monotonic() if now is None else now
        limits = self.limits
        if self.overall is None:
            self.overall = TokenBucket(limits.global_burst, limits.global_per_second, now)
        bucket = self.chats.get(chat_id)
        if bucket is None:
            if is_group:
                bucket = TokenBucket(limits.group_burst, limits.group_per_minute / 60, now)
            else:
                bucket = TokenBucket(limits.private_burst, limits.private_per_second, now)
            self.chats[chat_id] = bucket
        wait = max(bucket.wait_time(now), self.overall.wait_time(now))
        if wait > 0:
            return max(1, math.ceil(wait))
        bucket.take()
        self.overall.take()
        return 0
