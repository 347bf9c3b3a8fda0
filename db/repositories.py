"""Repositories: every query Senim makes. Services and handlers call these, never SQL.

Values that are secret (texts, chat ids, raw updates) are encrypted here on the way in and
decrypted on the way out, so no caller can forget to.
"""

from __future__ import annotations

import functools
import itertools
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Select,
    String,
    all_,
    bindparam,
    delete,
    func,
    literal_column,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import set_committed_value

from bot.cases import CaseView
from bot.cases.policy import OPEN_STATUSES
from bot.crypto import Vault
from bot.screening.model import risk_rank
from db.models import (
    AuditEvent,
    Case,
    ContentRevision,
    Feedback,
    InboxUpdate,
    Message,
    Operator,
    OutboxMessage,
    User,
    utcnow,
)

UPDATE_PURPOSE = "inbox.payload"
OUTBOX_PURPOSE = "outbox.payload"
CHAT_PURPOSE = "chat_id"
TEXT_PURPOSE = "message.text"
STATE_PURPOSE = "user.state"


class Repositories:
    """The repositories of one session (one transaction), sharing its vault.

    Each is made when first used: the queue's short sessions use one of nine."""

    def __init__(self, session: AsyncSession, vault: Vault) -> None:
        self.session = session
        self._vault = vault

    @functools.cached_property
    def users(self) -> UserRepository:
        return UserRepository(self.session, self._vault)

    @functools.cached_property
    def messages(self) -> MessageRepository:
        return MessageRepository(self.session, self._vault)

    @functools.cached_property
    def inbox(self) -> InboxRepository:
        return InboxRepository(self.session, self._vault)

    @functools.cached_property
    def outbox(self) -> OutboxRepository:
        return OutboxRepository(self.session, self._vault)

    @functools.cached_property
    def audit(self) -> AuditRepository:
        return AuditRepository(self.session)

    @functools.cached_property
    def content(self) -> ContentRepository:
        return ContentRepository(self.session)

    @functools.cached_property
    def cases(self) -> CaseRepository:
        return CaseRepository(self.session, self._vault)

    @functools.cached_property
    def operators(self) -> OperatorRepository:
        return OperatorRepository(self.session, self._vault)

    @functools.cached_property
    def retention(self) -> RetentionRepository:
        return RetentionRepository(self.session)


class UserRepository:
    def __init__(self, session: AsyncSession, vault: Vault) -> None:
        self._session = session
        self._vault = vault

    async def get(self, chat_id: int) -> User | None:
        """The user writing from this private chat, if known."""
        key = self._vault.chat_key(chat_id)
        return await self._session.scalar(select(User).where(User.chat_key == key))

    async def get_or_create(self, chat_id: int) -> User:
        """The user writing from this private chat, created on first contact."""
        user = await self.get(chat_id)
        if user is None:
            user = User(
                chat_key=self._vault.chat_key(chat_id),
                chat_id_enc=self._vault.encrypt(str(chat_id), CHAT_PURPOSE),
            )
            self._session.add(user)
            await self._session.flush()
            set_committed_value(user, "latest_case_id", None)  # new: no case, and no query
        return user

    async def by_id(self, user_id: int) -> User | None:
        return await self._session.get(User, user_id)

    def chat_id(self, user: User) -> int:
        """The Telegram chat id of a user, decrypted for sending."""
        return int(self._vault.decrypt(user.chat_id_enc, CHAT_PURPOSE))

    def state_data(self, user: User) -> dict[str, Any] | None:
        """The decrypted data of the user's current state."""
        if user.state_enc is None:
            return None
        return json.loads(self._vault.decrypt(user.state_enc, STATE_PURPOSE))

    def set_state(self, user: User, state: str, data: dict[str, Any] | None = None) -> None:
        """Move the user's conversation to ``state`` with its data (encrypted)."""
        user.state = state
        user.state_enc = (
            None if data is None else self._vault.encrypt(json.dumps(data), STATE_PURPOSE)
        )

    async def set_unreachable(self, lane: str, unreachable: bool) -> None:
        """Record that the user of this chat blocked (or unblocked) the bot."""
        await self._session.execute(
            update(User).where(User.chat_key == lane).values(unreachable=unreachable)
        )

    async def erase(self, user: User) -> None:
        """Delete a user and, by cascade, every message they wrote or received.

        Their cases stay, for the hotline's counts (status, risk, dates), but lose what came from
        the person: the words that raised a flag and the guided check's answers."""
        await self._session.execute(
            update(Case)
            .where(Case.user_id == user.id)
            .values(indicators_enc=None, guided_enc=None)
        )
        await self._session.execute(delete(Message).where(Message.user_id == user.id))
        await self._session.execute(
            delete(OutboxMessage).where(
                OutboxMessage.lane == user.chat_key, OutboxMessage.status != "pending"
            )
        )
        await self._session.delete(user)


class MessageRepository:
    def __init__(self, session: AsyncSession, vault: Vault) -> None:
        self._session = session
        self._vault = vault

    async def add(
        self,
        user: User,
        direction: str,
        kind: str = "text",
        text: str | None = None,
        language: str | None = None,
        case_id: int | None = None,
    ) -> int:
        """Store one conversation message, its text encrypted; returns its row id."""
        row = {
            "user_id": user.id,
            "direction": direction,
            "kind": kind,
            "text_enc": None if text is None else self._vault.encrypt(text, TEXT_PURPOSE),
            "language": language,
            "case_id": case_id,
        }
        return int(await self._session.scalar(_ADD_MESSAGE, row))

    def text(self, message: Message) -> str | None:
        """The decrypted text of a stored message."""
        if message.text_enc is None:
            return None
        return self._vault.decrypt(message.text_enc, TEXT_PURPOSE)

    async def recent_texts(self, user_id: int, direction: str, limit: int) -> list[str]:
        """The user's last texts in one direction, oldest first, decrypted."""
        rows = await self._session.scalars(
            select(Message.text_enc)
            .where(
                Message.user_id == user_id,
                Message.direction == direction,
                Message.text_enc.is_not(None),
            )
            .order_by(Message.id.desc())
            .limit(limit)
        )
        return [self._vault.decrypt(row, TEXT_PURPOSE) for row in reversed(list(rows))]

    async def count_for(self, user: User) -> int:
        """How many messages of this user are stored."""
        count = await self._session.scalar(
            select(func.count()).select_from(Message).where(Message.user_id == user.id)
        )
        return int(count or 0)


@dataclass(frozen=True)
class PendingUpdate:
    """An update taken from the inbox for handling."""

    update_id: int
    lane: str
    payload: dict[str, Any]
    attempts: int


class InboxRepository:
    def __init__(self, session: AsyncSession, vault: Vault) -> None:
        self._session = session
        self._vault = vault

    async def add(
        self, update_id: int, lane: str, payload: dict[str, Any], *, urgent: bool = False
    ) -> bool:
        """Store an update unless it is already there; True when it was new."""
        values = {
            "update_id": update_id,
            "lane": lane,
            "priority": 0 if urgent else 1,
            "payload_enc": self._vault.encrypt(json.dumps(payload), UPDATE_PURPOSE),
            "status": "pending",
            "attempts": 0,
            "not_before": utcnow(),
            "received_at": utcnow(),
        }
        dialect = self._session.get_bind().dialect.name
        result = await self._session.execute(_store_update_query(dialect), values)
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def ready(
        self, limit: int, exclude: Iterable[str], batch: int
    ) -> dict[str, list[PendingUpdate]]:
        """Chats whose oldest pending update may be handled now, each with its first ``batch``
        due updates, in order; ``exclude`` are chats already being worked on."""
        lanes = await _ready_rows(self._session, InboxUpdate, limit, exclude, batch)
        return {lane: self._pending(rows) for lane, rows in lanes.items()}

    async def next_in_lane(self, lane: str, limit: int) -> list[PendingUpdate]:
        """A chat's oldest pending updates, in order, up to the first that is not due yet."""
        return self._pending(await _due_in_lane(self._session, InboxUpdate, lane, limit))

    def _pending(self, rows: Iterable[Any]) -> list[PendingUpdate]:
        due = []
        for row in rows:
            if row.payload_enc is None:
                break
            payload = json.loads(self._vault.decrypt(row.payload_enc, UPDATE_PURPOSE))
            due.append(PendingUpdate(row.update_id, row.lane, payload, row.attempts))
        return due

    async def mark_done(self, update_id: int) -> None:
        """Mark an update handled and wipe its payload: the handled result is what is kept."""
        await self._session.execute(_MARK_DONE, {"row_id": update_id, "done_at": utcnow()})

    async def mark_failed_attempt(
        self, update_id: int, error: str, retry_at: datetime | None
    ) -> None:
        """Count a failed attempt; ``retry_at=None`` parks the update as failed for good."""
        values: dict[str, Any] = {"attempts": InboxUpdate.attempts + 1, "error": error[:128]}
        if retry_at is None:
            values["status"] = "failed"
        else:
            values["not_before"] = retry_at
        await self._session.execute(
            update(InboxUpdate).where(InboxUpdate.update_id == update_id).values(**values)
        )

    async def count_by_status(self) -> dict[str, int]:
        """How many updates are in each status; for health checks and benchmarks."""
        rows = await self._session.execute(
            select(InboxUpdate.status, func.count()).group_by(InboxUpdate.status)
        )
        return {status: int(count) for status, count in rows.all()}


@dataclass(frozen=True)
class OutgoingCall:
    """An outbox row, decrypted, ready to be made."""

    id: int
    lane: str
    chat_id: int
    is_group: bool
    method: str
    params: dict[str, Any]
    attempts: int
    message_row_id: int | None
    case_id: int | None = None
    on_sent: str | None = None
    batchable: bool = False
    urgent: bool = False


@dataclass(frozen=True)
class DueCalls:
    """A chat's calls that may be made now, in order."""

    calls: list[OutgoingCall]
    blocked: bool
    """The user of this chat is known to have blocked the bot."""


@dataclass(frozen=True)
class SentCall:
    """A call Telegram accepted (or one that turned out to be needless), with its answer."""

    call: OutgoingCall
    result: dict[str, Any] | None = None
    merged: Sequence[int] = ()
    """Rows whose texts went out inside this call's message."""

    @property
    def message_id(self) -> int | None:
        """The id of the message Telegram made, where the call made one."""
        return (self.result or {}).get("message_id")


# Core statements run once per batch with many parameter sets (executemany): no rowcount
# check, so a message row erased meanwhile is simply not updated. Parameters named like a
# column set that column.
_MARK_SENT = (
    update(OutboxMessage.__table__)
    .where(OutboxMessage.__table__.c.id == bindparam("row_id"))
    .values(status="sent")
)
_MESSAGE_DELIVERED = update(Message.__table__).where(Message.__table__.c.id == bindparam("row_id"))


class OutboxRepository:
    def __init__(self, session: AsyncSession, vault: Vault) -> None:
        self._session = session
        self._vault = vault

    async def add(
        self,
        chat_id: int,
        method: str,
        params: dict[str, Any],
        *,
        message_row_id: int | None = None,
        case_id: int | None = None,
        on_sent: str | None = None,
        urgent: bool = False,
        batchable: bool = False,
    ) -> None:
        """Queue one Bot API call to ``chat_id``; it is made after the transaction commits.

        Calls about a case in the operators' group get a lane of their own (ordered within the
        case), so one busy case never holds up another's card; the group's rate limit is still
        shared, and urgent cases are served first.
        """
        in_case_thread = case_id is not None and chat_id < 0
        row = {
            "lane": self._vault.key_of(f"{chat_id}/{case_id}")
            if in_case_thread
            else self._vault.chat_key(chat_id),
            "chat_id_enc": self._vault.encrypt(str(chat_id), CHAT_PURPOSE),
            "is_group": chat_id < 0,
            "method": method,
            "payload_enc": self._vault.encrypt(json.dumps(params), OUTBOX_PURPOSE),
            "message_row_id": message_row_id,
            "case_id": case_id,
            "on_sent": on_sent,
            "priority": 0 if urgent else 1,
            "batchable": batchable,
        }
        await self._session.execute(_QUEUE_CALL, row)

    async def ready(self, limit: int, exclude: Iterable[str], batch: int) -> dict[str, DueCalls]:
        """Chats whose oldest pending call may be made now, each with its first ``batch`` due
        calls, in order; ``exclude`` are chats already being worked on."""
        lanes = await _ready_rows(self._session, OutboxMessage, limit, exclude, batch)
        return {lane: self._due(rows) for lane, rows in lanes.items()}

    async def next_in_lane(self, lane: str, limit: int) -> DueCalls:
        """A chat's oldest pending calls, in order, up to the first that is not due yet; and,
        in the same statement, whether the chat's user blocked the bot."""
        return self._due(await _due_in_lane(self._session, OutboxMessage, lane, limit))

    def _due(self, rows: list[Any]) -> DueCalls:
        return DueCalls(
            [self._call_of(row) for row in rows], any(row.lane_blocked for row in rows)
        )

    def _call_of(self, row: Any) -> OutgoingCall:
        return OutgoingCall(
            id=row.id,
            lane=row.lane,
            chat_id=int(self._vault.decrypt(row.chat_id_enc, CHAT_PURPOSE)),
            is_group=row.is_group,
            method=row.method,
            params=json.loads(self._vault.decrypt(row.payload_enc, OUTBOX_PURPOSE)),
            attempts=row.attempts,
            message_row_id=row.message_row_id,
            case_id=row.case_id,
            on_sent=row.on_sent,
            batchable=row.batchable,
            urgent=row.priority == 0,
        )

    async def mark_sent(self, sent: Sequence[SentCall]) -> None:
        """Record calls (and the calls merged into them) as made, and what Telegram answered
        where it is needed later: the message id, a new topic's id, a case card's id.

        One statement per table for any number of calls: the sender records the calls made at
        the same moment together."""
        now = utcnow()
        await self._session.execute(
            _MARK_SENT,
            [
                {"row_id": row_id, "sent_at": now, "telegram_message_id": item.message_id}
                for item in sent
                for row_id in (item.call.id, *item.merged)
            ],
        )
        delivered = [
            {"row_id": item.call.message_row_id, "telegram_message_id": item.message_id}
            for item in sent
            if item.call.message_row_id is not None and item.message_id is not None
        ]
        if delivered:
            await self._session.execute(_MESSAGE_DELIVERED, delivered)
        for item in sent:
            call, result = item.call, item.result
            if call.case_id is None or result is None:
                continue
            if call.on_sent == "topic" and "message_thread_id" in result:
                await self._session.execute(
                    update(Case)
                    .where(Case.id == call.case_id)
                    .values(topic_id=result["message_thread_id"])
                )
            elif call.on_sent == "card" and item.message_id is not None:
                await self._session.execute(
                    update(Case)
                    .where(Case.id == call.case_id)
                    .values(card_message_id=item.message_id)
                )

    async def case_of_group_message(self, telegram_message_id: int) -> int | None:
        """The case a message the bot posted in the operators' group belongs to."""
        return await self._session.scalar(
            select(OutboxMessage.case_id)
            .where(
                OutboxMessage.is_group.is_(True),
                OutboxMessage.telegram_message_id == telegram_message_id,
                OutboxMessage.case_id.is_not(None),
            )
            .limit(1)
        )

    async def postpone(self, call_id: int, until: datetime, *, count_attempt: bool) -> None:
        """Try a call again later (``count_attempt=False`` for rate limits, which are not
        failures)."""
        values: dict[str, Any] = {"not_before": until}
        if count_attempt:
            values["attempts"] = OutboxMessage.attempts + 1
        await self._session.execute(
            update(OutboxMessage).where(OutboxMessage.id == call_id).values(**values)
        )

    async def mark_failed(self, call_id: int, error: str) -> None:
        """Telegram refused the call for good; keep the row for operators to see."""
        await self._session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == call_id)
            .values(status="failed", error=error[:256], attempts=OutboxMessage.attempts + 1)
        )

    async def mark_lane_dead(self, lane: str, error: str) -> int:
        """Stop every pending call to a chat that blocked the bot; returns how many."""
        result = await self._session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.lane == lane, OutboxMessage.status == "pending")
            .values(status="dead", error=error[:256])
        )
        return int(result.rowcount)  # type: ignore[attr-defined]

    async def count_by_status(self) -> dict[str, int]:
        """How many calls are in each status; for health checks and benchmarks."""
        rows = await self._session.execute(
            select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)
        )
        return {status: int(count) for status, count in rows.all()}


class AuditRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def record(
        self, actor: str, action: str, case_id: int | None = None, detail: str | None = None
    ) -> None:
        """Append one audit event."""
        self._session.add(AuditEvent(actor=actor, action=action, case_id=case_id, detail=detail))

    async def recent(self, limit: int = 100) -> Sequence[AuditEvent]:
        """The newest audit events first."""
        return list(
            await self._session.scalars(
                select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit)
            )
        )


INDICATORS_PURPOSE = "case.indicators"
GUIDED_PURPOSE = "case.guided"


class CaseRepository:
    def __init__(self, session: AsyncSession, vault: Vault) -> None:
        self._session = session
        self._vault = vault

    async def get(self, case_id: int) -> Case | None:
        return await self._session.get(Case, case_id)

    async def open_case_of(self, user: User) -> Case | None:
        """The user's case that operators have not closed, if any."""
        return await self._session.scalar(
            select(Case)
            .where(Case.user_id == user.id, Case.status.in_(OPEN_STATUSES))
            .order_by(Case.id.desc())
            .limit(1)
        )

    async def by_topic(self, topic_id: int) -> Case | None:
        """The case whose forum topic this is."""
        return await self._session.scalar(select(Case).where(Case.topic_id == topic_id).limit(1))

    async def by_card(self, message_id: int) -> Case | None:
        return await self._session.scalar(
            select(Case).where(Case.card_message_id == message_id).limit(1)
        )

    async def open_or_raise(
        self,
        user: User,
        *,
        reason: str,
        risk: str,
        language: str,
        indicators: list[dict[str, Any]] | None = None,
        guided_answers: dict[str, str] | None = None,
    ) -> tuple[Case, bool, bool]:
        """Open a case for the user, or raise the risk of the one already open.

        Returns the case, whether it is new, and whether its risk went up. A case's risk only
        goes up: a calmer message later does not make an urgent case less urgent.
        """
        case = await self.open_case_of(user)
        created = case is None
        if case is None:
            case = Case(user_id=user.id, status="waiting", risk="none", language=language)
            self._session.add(case)
        raised = created or risk_rank(risk) > risk_rank(case.risk)
        if risk_rank(risk) >= risk_rank(case.risk):
            case.risk = risk
            case.reason = reason
        if indicators:
            known = self.indicators(case)
            case.indicators_enc = self._vault.encrypt(
                json.dumps(known + indicators), INDICATORS_PURPOSE
            )
        if guided_answers is not None:
            case.guided_enc = self._vault.encrypt(json.dumps(guided_answers), GUIDED_PURPOSE)
        await self._session.flush()
        return case, created, raised

    def indicators(self, case: Case) -> list[dict[str, Any]]:
        """The indicators recorded on a case, with the words that triggered them."""
        if case.indicators_enc is None:
            return []
        return json.loads(self._vault.decrypt(case.indicators_enc, INDICATORS_PURPOSE))

    def guided_answers(self, case: Case) -> dict[str, str]:
        if case.guided_enc is None:
            return {}
        return json.loads(self._vault.decrypt(case.guided_enc, GUIDED_PURPOSE))

    async def waiting_before(self, case: Case) -> int:
        """How many cases wait for an operator and were opened before this one."""
        count = await self._session.scalar(
            select(func.count())
            .select_from(Case)
            .where(Case.status == "waiting", Case.id < case.id)
        )
        return int(count or 0)

    async def due_for_reannounce(self, now: datetime, limit: int = 50) -> list[Case]:
        """Waiting cases whose re-announce time has come."""
        return list(
            await self._session.scalars(
                select(Case)
                .where(Case.status == "waiting", Case.reannounce_at <= now)
                .order_by(Case.reannounce_at)
                .limit(limit)
            )
        )

    async def assign_if_free(self, case: Case, operator_id: int) -> bool:
        """Give a waiting case to an operator; False when someone else has it (or it is closed).

        One conditional UPDATE, so two operators pressing "Take" at once cannot both win."""
        result = await self._session.execute(
            update(Case)
            .where(Case.id == case.id, Case.status == "waiting")
            .values(status="assigned", operator_id=operator_id, reannounce_at=None)
        )
        await self._session.refresh(case)
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def thread_of(self, case_id: int) -> tuple[int | None, int | None]:
        """The case's topic id and card message id, as far as Telegram has answered."""
        row = (
            await self._session.execute(
                select(Case.topic_id, Case.card_message_id).where(Case.id == case_id)
            )
        ).one_or_none()
        return (row[0], row[1]) if row is not None else (None, None)

    async def view(self, case: Case, *, last_messages: int = 5) -> CaseView:
        """The case as its card shows it (decrypted)."""
        operator = (
            await self._session.get(Operator, case.operator_id)
            if case.operator_id is not None
            else None
        )
        texts: list[str] = []
        if case.user_id is not None and last_messages:
            texts = await MessageRepository(self._session, self._vault).recent_texts(
                case.user_id, "in", last_messages
            )
        indicators = self.indicators(case)
        # A code only the indicator reader found, however often: a guess to check.
        guessed = {item["code"] for item in indicators if item.get("guess")} - {
            item["code"] for item in indicators if not item.get("guess")
        }
        return CaseView(
            id=case.id,
            language=case.language,
            risk=case.risk,
            reason=case.reason,
            status=case.status,
            indicators=tuple((item["code"], tuple(item.get("words", ()))) for item in indicators),
            guessed=frozenset(guessed),
            guided=tuple(self.guided_answers(case).items()),
            last_messages=tuple(texts),
            operator=operator.display_name if operator is not None else None,
            outcome=case.outcome,
        )


class OperatorRepository:
    def __init__(self, session: AsyncSession, vault: Vault) -> None:
        self._session = session
        self._vault = vault

    async def get(self, operator_id: int) -> Operator | None:
        return await self._session.get(Operator, operator_id)

    async def from_telegram(self, telegram_user_id: int, name: str, role: str) -> Operator:
        """The operator behind a Telegram account in the group, registered on first action.

        The account id is kept only as a keyed hash; the name is the operator's own first name,
        shown to colleagues and never to users."""
        key = self._vault.chat_key(telegram_user_id)
        operator = await self._session.scalar(select(Operator).where(Operator.telegram_key == key))
        if operator is None:
            operator = Operator(telegram_key=key, display_name=name[:64] or "?", role=role)
            self._session.add(operator)
            await self._session.flush()
        elif operator.role != role:
            operator.role = role
        return operator


class RetentionRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def purge(self, cutoff: datetime, batch: int) -> dict[str, int]:
        """Erase what the privacy notice promises to erase, for activity older than ``cutoff``:
        up to ``batch`` users, handled updates and made calls, so that one transaction stays
        short. Call again while a count reaches ``batch``.

        A user silent since before ``cutoff`` and without a case the operators still hold is
        erased with their messages, as on /delete (their closed cases keep only the counts).
        Handled updates and made calls older than ``cutoff`` go too (their encrypted payloads
        can hold message texts). Returns how many rows of each.
        """
        open_cases = select(Case.user_id).where(Case.status != "closed", Case.user_id.is_not(None))
        idle_users = (
            select(User.id)
            .where(User.last_seen_at < cutoff, User.id.not_in(open_cases))
            .limit(batch)
        )
        idle = list(await self._session.scalars(idle_users))
        messages = await self._session.execute(delete(Message).where(Message.user_id.in_(idle)))
        await self._session.execute(
            update(Case)
            .where(Case.user_id.in_(idle))
            .values(user_id=None, indicators_enc=None, guided_enc=None)
        )
        users = await self._session.execute(delete(User).where(User.id.in_(idle)))
        handled = select(InboxUpdate.update_id).where(
            InboxUpdate.status == "done", InboxUpdate.processed_at < cutoff
        )
        inbox = await self._session.execute(
            delete(InboxUpdate).where(
                InboxUpdate.update_id.in_(list(await self._session.scalars(handled.limit(batch))))
            )
        )
        made = select(OutboxMessage.id).where(
            OutboxMessage.status != "pending", OutboxMessage.created_at < cutoff
        )
        outbox = await self._session.execute(
            delete(OutboxMessage).where(
                OutboxMessage.id.in_(list(await self._session.scalars(made.limit(batch))))
            )
        )
        return {
            "users": int(users.rowcount),  # type: ignore[attr-defined]
            "messages": int(messages.rowcount),  # type: ignore[attr-defined]
            "inbox": int(inbox.rowcount),  # type: ignore[attr-defined]
            "outbox": int(outbox.rowcount),  # type: ignore[attr-defined]
        }


class ContentRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def latest_revision(self) -> int | None:
        """The id of the newest content revision; None before any was published."""
        return await self._session.scalar(select(func.max(ContentRevision.id)))

    async def load(self, revision: int) -> dict[str, Any]:
        """The content document of one revision."""
        row = await self._session.get(ContentRevision, revision)
        if row is None:
            raise LookupError(f"no content revision {revision}")
        return json.loads(row.document)

    async def publish(self, document: dict[str, Any], actor: str, note: str | None = None) -> int:
        """Store a new revision; running bots switch to it. Returns its id."""
        row = ContentRevision(actor=actor, note=note, document=json.dumps(document))
        self._session.add(row)
        await self._session.flush()
        return row.id

    async def add_feedback(self, slug: str, language: str, helpful: bool) -> None:
        """Record one anonymous "Was this helpful?" answer."""
        self._session.add(Feedback(slug=slug, language=language, helpful=helpful))

    async def feedback_counts(self) -> dict[tuple[str, bool], int]:
        """How many yes and no answers each entry received."""
        rows = await self._session.execute(
            select(Feedback.slug, Feedback.helpful, func.count()).group_by(
                Feedback.slug, Feedback.helpful
            )
        )
        return {(slug, helpful): int(count) for slug, helpful, count in rows.all()}


async def _ready_rows(
    session: AsyncSession,
    model: type[InboxUpdate] | type[OutboxMessage],
    limit: int,
    exclude: Iterable[str],
    batch: int,
) -> dict[str, list[Any]]:
    """Up to ``limit`` lanes whose oldest pending row is due (a later row never overtakes an
    earlier one), by priority (lowest first), then oldest first; each with its first ``batch``
    pending rows, in order, up to the first that is not due yet.

    Reading the rows with the lanes spares each lane a statement of its own: most lanes hold
    one or two rows, and the next look finds whatever arrives meanwhile."""
    dialect = session.get_bind().dialect.name
    now = utcnow()
    parameters = {
        "now": now,
        "limit": limit,
        "batch": batch,
        "excluded": _lane_list(dialect, exclude),
    }
    lanes: dict[str, list[Any]] = {}
    for row in await session.execute(_ready_rows_query(model, dialect), parameters):
        lanes.setdefault(row.lane, []).append(row)
    return {lane: _until_not_due(rows, now) for lane, rows in lanes.items()}


async def _due_in_lane(
    session: AsyncSession, model: type[InboxUpdate] | type[OutboxMessage], lane: str, limit: int
) -> list[Any]:
    """A lane's oldest pending rows, in order, up to the first that is not due yet."""
    rows = await session.execute(_due_in_lane_query(model), {"lane": lane, "limit": limit})
    return _until_not_due(rows, utcnow())


def _until_not_due(rows: Iterable[Any], now: datetime) -> list[Any]:
    """A lane's rows up to the first that is not due yet: a later row never overtakes it."""
    return list(itertools.takewhile(lambda row: row.not_before <= now, rows))


# The queue's statements run many times a second. They are built once, on the tables rather
# than the mapped classes: building a statement and the ORM's work around it (entities, the
# identity map, the unit of work) cost more than the database takes to answer.


def _queue_order(model: type[InboxUpdate] | type[OutboxMessage]) -> str:
    """The column that orders a lane: Telegram's update id in, the row id out."""
    return "update_id" if model is InboxUpdate else "id"


@functools.cache
def _ready_rows_query(model: type[InboxUpdate] | type[OutboxMessage], dialect: str) -> Select[Any]:
    table = model.__table__
    order = table.c[_queue_order(model)]
    head = table.alias("head")
    oldest = (
        select(func.min(head.c[order.key]))
        .where(head.c.lane == table.c.lane, head.c.status == "pending")
        .scalar_subquery()
    )
    ready = (
        select(table.c.lane, table.c.priority.label("lane_priority"), order.label("lane_head"))
        .where(
            table.c.status == "pending",
            order == oldest,
            table.c.not_before <= bindparam("now"),
            _not_in_lane_list(table.c.lane, dialect),
        )
        .order_by(table.c.priority, order)
        .limit(bindparam("limit"))
        .subquery("ready")
    )
    place = func.row_number().over(partition_by=table.c.lane, order_by=order).label("place")
    rows = (
        select(*_lane_columns(model), ready.c.lane_priority, ready.c.lane_head, place)
        .join_from(table, ready, table.c.lane == ready.c.lane)
        .where(table.c.status == "pending")
        .subquery("rows")
    )
    return (
        select(rows)
        .where(rows.c.place <= bindparam("batch"))
        .order_by(rows.c.lane_priority, rows.c.lane_head, rows.c[order.key])
    )


@functools.cache
def _due_in_lane_query(model: type[InboxUpdate] | type[OutboxMessage]) -> Select[Any]:
    table = model.__table__
    return (
        select(*_lane_columns(model))
        .where(table.c.lane == bindparam("lane"), table.c.status == "pending")
        .order_by(table.c[_queue_order(model)])
        .limit(bindparam("limit"))
    )


def _lane_columns(model: type[InboxUpdate] | type[OutboxMessage]) -> list[Any]:
    """A queue's columns; for calls out, also whether the chat's user blocked the bot."""
    table = model.__table__
    columns: list[Any] = list(table.c)
    if model is OutboxMessage:
        users = User.__table__
        blocked = select(users.c.unreachable).where(users.c.chat_key == table.c.lane)
        columns.append(blocked.scalar_subquery().label("lane_blocked"))
    return columns


def _not_in_lane_list(lane: Any, dialect: str) -> Any:
    """``lane`` is not one of the ``excluded`` parameter's lanes: one parameter however many
    lanes are being worked on, so the statement stays the same and stays prepared."""
    if dialect == "postgresql":
        return lane != all_(bindparam("excluded", type_=postgresql.ARRAY(String)))
    listed = select(literal_column("value")).select_from(func.json_each(bindparam("excluded")))
    return lane.not_in(listed)


def _lane_list(dialect: str, lanes: Iterable[str]) -> list[str] | str:
    """The ``excluded`` parameter: an array on PostgreSQL, a JSON list for SQLite."""
    return list(lanes) if dialect == "postgresql" else json.dumps(list(lanes))


_MARK_DONE = (
    update(InboxUpdate.__table__)
    .where(InboxUpdate.__table__.c.update_id == bindparam("row_id"))
    .values(status="done", payload_enc=None, error=None, processed_at=bindparam("done_at"))
)
_QUEUE_CALL = OutboxMessage.__table__.insert()
_ADD_MESSAGE = Message.__table__.insert().returning(Message.__table__.c.id)


@functools.cache
def _store_update_query(dialect: str) -> Any:
    """INSERT … ON CONFLICT DO NOTHING in the dialect: a redelivered update changes nothing."""
    module = postgresql if dialect == "postgresql" else sqlite
    return module.insert(InboxUpdate.__table__).on_conflict_do_nothing()
