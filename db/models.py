"""Tables. Texts, raw updates and chat ids are stored only as ciphertext (``*_enc`` columns);
chat ids are looked up through their keyed hash (``chat_key``). See :mod:`bot.crypto`."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
    func,
    select,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, column_property, mapped_column


def utcnow() -> datetime:
    """The current time, timezone-aware, in UTC."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A UTC timestamp that comes back timezone-aware from SQLite as well as PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored; use bot time helpers in UTC")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


CHAT_KEY = String(64)
"""A hex HMAC-SHA256 of a Telegram chat id."""


class Base(DeclarativeBase):
    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(table_name)s_%(column_0_N_name)s",
            "uq": "uq_%(table_name)s_%(column_0_N_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )


class User(Base):
    """A person writing to the bot. No name, username or phone number is ever stored."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    chat_key: Mapped[str] = mapped_column(CHAT_KEY, unique=True)
    chat_id_enc: Mapped[bytes] = mapped_column(LargeBinary)
    language: Mapped[str | None] = mapped_column(String(8))
    """The language the user chose; None until they choose."""
    language_hint: Mapped[str | None] = mapped_column(String(8))
    """A guess used to preselect the choice: Telegram's language_code or the first message."""
    state: Mapped[str] = mapped_column(String(32), default="new")
    """Where the conversation stands (a value of :class:`bot.conversation.State`)."""
    state_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    """Data of the current state (the guided check's answers so far), encrypted."""
    unreachable: Mapped[bool] = mapped_column(Boolean, default=False)
    """The user blocked the bot; nothing is sent until they write again."""
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    """To the hour: retention counts idle time in days (see handlers/guard.py)."""


class Case(Base):
    """A conversation handed to the hotline's operators."""

    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(16), default="waiting")
    risk: Mapped[str] = mapped_column(String(16), default="none")
    reason: Mapped[str | None] = mapped_column(String(64))
    """Which rule opened the case, e.g. ``urgent:violence`` or ``user:talk_to_person``."""
    language: Mapped[str | None] = mapped_column(String(8))
    indicators_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    """Indicator codes with the words that triggered them (the words are the user's text)."""
    guided_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    """The guided check's answers, when the case came from it."""
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    topic_id: Mapped[int | None] = mapped_column(BigInteger)
    """The case's forum topic in the operators' group, once Telegram has created it."""
    card_message_id: Mapped[int | None] = mapped_column(BigInteger)
    """The case card's message in the group (the thread's root where topics are off)."""
    outcome: Mapped[str | None] = mapped_column(String(32))
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    first_reply_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reannounce_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    """When a case still waiting is announced again; the timer lives here, not in memory."""

    __table_args__ = (Index(None, "status", "reannounce_at"), Index(None, "topic_id"))


# The user's latest case comes with the user, in the same statement: most people who write
# never had a case, and their messages then need no look at the cases table. It is the value
# when the user was loaded; a case opened later in the same transaction does not show in it.
User.latest_case_id = column_property(
    select(func.max(Case.id))
    .where(Case.user_id == User.id)
    .correlate_except(Case)
    .scalar_subquery()
)


class Message(Base):
    """One message of a conversation, in either direction."""

    __tablename__ = "messages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id", ondelete="SET NULL"))
    direction: Mapped[str] = mapped_column(String(16))
    """``in`` from the user, ``out`` from the bot, ``operator``, or ``note`` (internal)."""
    kind: Mapped[str] = mapped_column(String(16), default="text")
    text_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    language: Mapped[str | None] = mapped_column(String(8))
    telegram_message_id: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Operator(Base):
    """A hotline operator or NGO editor."""

    __tablename__ = "operators"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    telegram_key: Mapped[str | None] = mapped_column(CHAT_KEY, unique=True)
    display_name: Mapped[str] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(16), default="operator")
    password_hash: Mapped[str | None] = mapped_column(String(256))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class InboxUpdate(Base):
    """A Telegram update, stored before it is acknowledged and handled from here.

    The unique ``update_id`` makes a redelivered update a no-op. The payload is wiped once the
    update has been handled; the row stays as proof that it was.
    """

    __tablename__ = "inbox"

    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    lane: Mapped[str] = mapped_column(CHAT_KEY)
    """The chat the update belongs to (keyed hash); updates of one lane are handled in order."""
    priority: Mapped[int] = mapped_column(Integer, default=1)
    """0 when the text reads as urgent: its chat is handled first when many are waiting."""
    payload_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    """``pending``, ``done``, or ``failed`` after too many attempts."""
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    not_before: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    error: Mapped[str | None] = mapped_column(String(128))
    """The exception's class name only: error messages may quote user text."""
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    processed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (Index(None, "status", "lane", "update_id"),)


class OutboxMessage(Base):
    """One Bot API call to make, written in the same transaction as the change that caused it."""

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    lane: Mapped[str] = mapped_column(CHAT_KEY)
    """The receiving chat (keyed hash); calls to one chat are made in ``id`` order."""
    chat_id_enc: Mapped[bytes] = mapped_column(LargeBinary)
    is_group: Mapped[bool] = mapped_column(Boolean, default=False)
    method: Mapped[str] = mapped_column(String(32))
    payload_enc: Mapped[bytes] = mapped_column(LargeBinary)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    """``pending``, ``sent``, ``failed`` (Telegram refused it) or ``dead`` (user unreachable)."""
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    not_before: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    error: Mapped[str | None] = mapped_column(String(256))
    message_row_id: Mapped[int | None] = mapped_column(
        ForeignKey("messages.id", ondelete="SET NULL")
    )
    """The conversation message this call delivers, to record Telegram's message id on it."""
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id", ondelete="SET NULL"))
    """The case whose thread in the operators' group this call posts to or changes."""
    on_sent: Mapped[str | None] = mapped_column(String(16))
    """What to record from Telegram's answer: ``topic`` (the case's topic) or ``card``."""
    priority: Mapped[int] = mapped_column(Integer, default=1)
    """0 for urgent cases: their chats are served first when many are waiting."""
    batchable: Mapped[bool] = mapped_column(Boolean, default=False)
    """A relayed text that may be merged with the next ones when the group's limit is near."""
    telegram_message_id: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (Index(None, "status", "lane", "id"),)


class AuditEvent(Base):
    """Who did what to which case, and when. Holds no message text and no personal data."""

    __tablename__ = "audit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor: Mapped[str] = mapped_column(String(64))
    """``operator:<id>``, ``user``, or ``system``."""
    action: Mapped[str] = mapped_column(String(32))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id", ondelete="SET NULL"))
    detail: Mapped[str | None] = mapped_column(String(256))


class ContentRevision(Base):
    """One published state of the rights content, whole: what the bot served, and when.

    The newest revision is what the bot serves; a running bot notices a newer one within
    seconds. Earlier revisions stay as the history (and can be published again)."""

    __tablename__ = "content_revisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor: Mapped[str] = mapped_column(String(64))
    """Who published it: ``seed``, ``cli``, or ``operator:<id>``."""
    note: Mapped[str | None] = mapped_column(String(256))
    document: Mapped[str] = mapped_column(Text)
    """The content set as JSON (:mod:`bot.faq.snapshot`)."""


class Feedback(Base):
    """An anonymous "Was this helpful?" answer: which entry, which language, yes or no."""

    __tablename__ = "feedback"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), index=True)
    language: Mapped[str] = mapped_column(String(8))
    helpful: Mapped[bool] = mapped_column(Boolean)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
