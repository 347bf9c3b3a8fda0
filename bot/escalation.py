"""Escalation: cases, their threads in the operators' group, and the relay between the two.

Everything here runs inside a turn (one transaction): case changes, audit events and the Bot API
calls they cause commit together, so a restart at any point loses nothing and repeats nothing.
Calls about a case go to the case's own thread (a forum topic, or replies to the case card where
topics are off); the sender fills in the topic and card ids once Telegram has answered.

The person is never named to operators (they see the case alias), and operators are never named
to the person (they see "Operator").
"""

from __future__ import annotations

import html
from datetime import datetime
from typing import Any

from babel.dates import format_datetime
from babel.support import Translations

from bot.callbacks import Callback
from bot.cases import CaseView, alias, card_text, expected_wait, reannounce_at, topic_name
from bot.cases.policy import ENDED_BY_USER, ERASED_BY_USER, OPEN_STATUSES, may_reopen
from bot.cases.schedule import Hours, Wait
from bot.i18n import translator
from bot.outbox import CARD, TOPIC
from bot.turn import Turn
from db.models import Case, Operator, User, utcnow

CAPTIONED_KINDS = frozenset({"photo", "document", "voice", "video", "audio", "animation"})
"""Media whose copy can carry a caption (a location or a sticker cannot)."""


def staff_chat(turn: Turn) -> int | None:
    """The operators' group, or None while it is not configured."""
    return turn.settings.operators.group_chat_id or None


def hours(turn: Turn) -> Hours:
    settings = turn.settings.operators
    return Hours.parse(settings.timezone, settings.working_days, settings.working_hours)


def actor_of(operator: Operator) -> str:
    return f"operator:{operator.id}"


# -- opening ---------------------------------------------------------------------------------


async def open_case(
    turn: Turn,
    user: User,
    *,
    reason: str,
    risk: str,
    indicators: list[dict[str, Any]] | None = None,
    guided_answers: dict[str, str] | None = None,
) -> tuple[Case, bool]:
    """Open the user's case (or raise the open one's risk), audit it and tell the operators.

    Returns the case and whether it is new."""
    case, created, raised = await turn.repos.cases.open_or_raise(
        user,
        reason=reason,
        risk=risk,
        language=turn.language,
        indicators=indicators,
        guided_answers=guided_answers,
    )
    actor = "user" if reason.startswith("user:") else "system"
    if created:
        case.reannounce_at = reannounce_at(
            utcnow(), case.risk, turn.settings.operators.reannounce_minutes
        )
        await turn.repos.audit.record(actor, "case_opened", case.id, reason)
        await announce(turn, case)
    elif raised:
        await turn.repos.audit.record(actor, "risk_raised", case.id, reason)
        await refresh_thread(turn, case, ping=case.risk == "urgent")
    elif indicators:
        await refresh_thread(turn, case)
    return case, created


async def to_thread(
    turn: Turn,
    case: Case,
    method: str,
    params: dict[str, Any],
    *,
    on_sent: str | None = None,
    batchable: bool = False,
) -> None:
    """Queue one call about the case in the operators' group (nothing while no group is set):
    in the case's lane, urgent cases first."""
    group = staff_chat(turn)
    if group is None:
        return
    await turn.outbox.call(
        group,
        method,
        params,
        case_id=case.id,
        on_sent=on_sent,
        urgent=case.risk == "urgent",
        batchable=batchable,
    )


async def announce(turn: Turn, case: Case) -> None:
    """Open the case's thread: a topic named after the case, and the case card in it."""
    if staff_chat(turn) is None:
        return  # no group: nothing to render
    view = await turn.repos.cases.view(case)
    await to_thread(turn, case, "createForumTopic", {"name": topic_name(view)}, on_sent="topic")
    card = _card(turn, case, view)
    if case.risk == "urgent":
        card["text"] += "\n\n" + on_call_line(turn, staff_t(turn).gettext("Urgent case:"))
    await to_thread(
        turn, case, "sendMessage", {**card, "message_thread_id": TOPIC}, on_sent="card"
    )


async def refresh_thread(turn: Turn, case: Case, *, ping: bool = False) -> None:
    """Bring the topic's name and the card up to date (after a take, a close, a raised risk)."""
    if staff_chat(turn) is None:
        return  # no group: nothing to render
    view = await turn.repos.cases.view(case)
    await to_thread(
        turn, case, "editForumTopic", {"message_thread_id": TOPIC, "name": topic_name(view)}
    )
    await to_thread(turn, case, "editMessageText", {**_card(turn, case, view), "message_id": CARD})
    if ping:
        await post_in_thread(
            turn, case, on_call_line(turn, staff_t(turn).gettext("This case is now urgent."))
        )


def _card(turn: Turn, case: Case, view: CaseView) -> dict[str, Any]:
    """The case card's text and buttons, as message parameters."""
    return {
        "text": card_text(view, staff_t(turn)),
        "parse_mode": "HTML",
        "reply_markup": card_keyboard(turn, case),
    }


async def post_in_thread(
    turn: Turn, case: Case, text: str, *, batchable: bool = False, **params: Any
) -> None:
    """A message from the bot in the case's thread (HTML)."""
    await to_thread(
        turn,
        case,
        "sendMessage",
        {"text": text, "parse_mode": "HTML", "message_thread_id": TOPIC, **params},
        batchable=batchable,
    )


def card_keyboard(turn: Turn, case: Case) -> dict[str, Any]:
    t = staff_t(turn)
    row = []
    if case.status == "waiting":
        row.append(_button(t.gettext("Take"), Callback("take", str(case.id))))
    if case.status != "closed":
        row.append(_button(t.gettext("Close"), Callback("close", str(case.id))))
    return {"inline_keyboard": [row] if row else []}


def outcome_keyboard(turn: Turn, case: Case) -> dict[str, Any]:
    """One button per configured outcome, and one to go back to the card.

    Outcome codes are at most 32 characters (the settings check), so every button's data fits
    Telegram's 64 bytes; :meth:`Callback.encode` would refuse one that did not."""
    buttons = [
        _button(code, Callback("out", f"{case.id}-{code}"))
        for code in turn.settings.operators.outcomes
    ]
    rows = [buttons[index : index + 2] for index in range(0, len(buttons), 2)]
    rows.append([_button(staff_t(turn).gettext("« Back"), Callback("card", str(case.id)))])
    return {"inline_keyboard": rows}


def _button(label: str, callback: Callback) -> dict[str, str]:
    return {"text": label, "callback_data": callback.encode()}


def on_call_line(turn: Turn, lead: str) -> str:
    """A line that mentions the on-call operators (Telegram notifies them)."""
    label = html.escape(staff_t(turn).gettext("on call"))
    mentions = " ".join(
        f'<a href="tg://user?id={user_id}">{label}</a>'
        for user_id in turn.settings.operators.on_call
    )
    return f"🚨 {html.escape(lead)} {mentions}".rstrip()


def staff_t(turn: Turn) -> Translations:
    """The translations operators read (``operators.language``)."""
    return translator(turn.settings.operators.language)


# -- the person's side -----------------------------------------------------------------------


async def case_to_relay(turn: Turn, user: User) -> Case | None:
    """The case the person's next message belongs to: the open one, or a recently closed one,
    which their writing reopens."""
    if user.latest_case_id is None:
        return None  # never had a case, as most people who write
    latest = await turn.repos.cases.get(user.latest_case_id)
    if latest is not None and latest.status in OPEN_STATUSES:
        return latest
    if latest is None or not may_reopen(
        latest.closed_at, latest.outcome, utcnow(), turn.settings.operators.reopen_hours
    ):
        return None
    latest.status, latest.outcome, latest.closed_at = "waiting", None, None
    latest.operator_id = None
    latest.reannounce_at = reannounce_at(
        utcnow(), latest.risk, turn.settings.operators.reannounce_minutes
    )
    await turn.repos.audit.record("user", "case_reopened", latest.id)
    await to_thread(turn, latest, "reopenForumTopic", {"message_thread_id": TOPIC})
    await refresh_thread(turn, latest)
    await post_in_thread(
        turn, latest, html.escape(staff_t(turn).gettext("The person wrote again: reopened."))
    )
    return latest


async def relay_text_from_user(turn: Turn, case: Case, text: str) -> None:
    """The person's text, into the case's thread. Bursts merge into one message when the
    group's rate limit is reached (the sender does that), so none is lost."""
    await post_in_thread(
        turn, case, f"<b>{alias(case.id)}</b> › {html.escape(text)}", batchable=True
    )


async def relay_media_from_user(turn: Turn, case: Case, chat_id: int, message_id: int) -> None:
    """A photo, voice note, document or location, copied into the case's thread."""
    await to_thread(
        turn,
        case,
        "copyMessage",
        {"from_chat_id": chat_id, "message_id": message_id, "message_thread_id": TOPIC},
    )


def waiting_text(wait: Wait, language: str) -> str:
    """What a person waiting for an operator is told, in their language."""
    t = translator(language)
    if wait.open_now:
        first = t.gettext(
            "A person from the hotline will answer you here, in this chat. The wait is about "
            "%(minutes)s minutes. They will not see your Telegram name."
        ) % {"minutes": wait.minutes}
    else:
        assert wait.reopens_at is not None
        when = format_datetime(wait.reopens_at, "EEEE HH:mm", locale=language)
        first = t.gettext(
            "The hotline team is not at work now. A person will answer you here when they are "
            "back: %(when)s. They will not see your Telegram name."
        ) % {"when": when}
    return (
        first
        + "\n\n"
        + t.gettext("If you are in danger now, call <b>112</b>.")
        + "\n"
        + t.gettext("To stop talking to the person and go back to the bot, send /end.")
    )


async def expected(turn: Turn, case: Case) -> Wait:
    ahead = await turn.repos.cases.waiting_before(case)
    return expected_wait(utcnow(), hours(turn), ahead, turn.settings.operators.minutes_per_case)


async def end_by_user(turn: Turn, case: Case, *, erased: bool = False) -> None:
    """The person ends the conversation with the operator (or erases their data)."""
    await _close(turn, case, ERASED_BY_USER if erased else ENDED_BY_USER, actor="user")
    t = staff_t(turn)
    notice = (
        t.gettext("The person erased their data and left the conversation.")
        if erased
        else t.gettext("The person ended the conversation.")
    )
    await post_in_thread(turn, case, html.escape(notice))


# -- the operators' side ---------------------------------------------------------------------


async def take(turn: Turn, case: Case, operator: Operator) -> str | None:
    """Assign the case to the operator; returns why not (already taken, closed) or None."""
    t = staff_t(turn)
    if case.status == "closed":
        return t.gettext("This case is closed.")
    if case.operator_id == operator.id:
        return None
    if not await turn.repos.cases.assign_if_free(case, operator.id):
        holder = await turn.repos.operators.get(case.operator_id) if case.operator_id else None
        name = holder.display_name if holder is not None else "?"
        return t.gettext("Already taken by {name}.").format(name=name)
    await turn.repos.audit.record(actor_of(operator), "took", case.id)
    await refresh_thread(turn, case)
    return None


async def close(turn: Turn, case: Case, operator: Operator, outcome: str) -> str | None:
    """Close the case with an outcome; returns why not, or None."""
    t = staff_t(turn)
    if outcome not in turn.settings.operators.outcomes:
        return t.gettext("Choose an outcome: {codes}").format(
            codes=", ".join(turn.settings.operators.outcomes)
        )
    if case.status == "closed":
        return t.gettext("This case is closed.")
    if case.operator_id not in (None, operator.id) and operator.role != "supervisor":
        return t.gettext("Only the operator who took this case or a supervisor can close it.")
    await _close(turn, case, outcome, actor=actor_of(operator))
    user = await _user_of(turn, case)
    if user is not None and not user.unreachable:
        language = case.language or turn.settings.languages.default
        await turn.outbox.send_message(
            turn.repos.users.chat_id(user),
            translator(language).gettext(
                "The hotline team has finished this conversation. If you need help again, write "
                "here at any time: a person will see it."
            ),
        )
    return None


async def _close(turn: Turn, case: Case, outcome: str, *, actor: str) -> None:
    case.status, case.outcome, case.closed_at = "closed", outcome, utcnow()
    case.reannounce_at = None
    await turn.repos.audit.record(actor, "closed", case.id, outcome)
    await refresh_thread(turn, case)
    await to_thread(turn, case, "closeForumTopic", {"message_thread_id": TOPIC})


async def relay_to_user(
    turn: Turn,
    case: Case,
    operator: Operator,
    *,
    text: str | None = None,
    copy: tuple[int, int, str, str | None] | None = None,
) -> str | None:
    """What an operator wrote in the thread, to the person, as "Operator" and nothing more.

    ``copy`` is (group chat id, message id, kind, caption) for media. Returns why nothing was
    sent, for the operator to see, or None."""
    user, refusal = await _answering(turn, case, operator)
    if user is None:
        return refusal
    language = case.language or turn.settings.languages.default
    label = "👤 <b>" + html.escape(translator(language).gettext("Operator")) + "</b>"
    chat_id = turn.repos.users.chat_id(user)
    if text is not None:
        row_id = await turn.repos.messages.add(
            user, "operator", text=text, language=language, case_id=case.id
        )
        await turn.outbox.send_message(
            chat_id, f"{label}\n{html.escape(text)}", message_row_id=row_id, case_id=case.id
        )
    elif copy is not None:
        group, message_id, kind, caption = copy
        await turn.repos.messages.add(user, "operator", kind=kind, case_id=case.id)
        params: dict[str, Any] = {"from_chat_id": group, "message_id": message_id}
        if kind in CAPTIONED_KINDS:
            params["caption"] = label + (f"\n{html.escape(caption)}" if caption else "")
            params["parse_mode"] = "HTML"
        else:
            await turn.outbox.send_message(chat_id, label, case_id=case.id)
        await turn.outbox.call(chat_id, "copyMessage", params, case_id=case.id)
    await turn.repos.audit.record(
        actor_of(operator), "replied", case.id, "media" if copy else None
    )
    return None


async def _answering(turn: Turn, case: Case, operator: Operator) -> tuple[User | None, str | None]:
    """The person an operator's answer goes to, or why it cannot go (for the operator).

    Answering a waiting case takes it, and the first answer is timed."""
    t = staff_t(turn)
    if case.status == "closed":
        return None, t.gettext("This case is closed: nothing was sent to the person.")
    user = await _user_of(turn, case)
    if user is None:
        return None, t.gettext("The person erased their data: nothing was sent.")
    if user.unreachable:
        return None, t.gettext("The person has blocked the bot: nothing was sent.")
    if case.status == "waiting":
        await take(turn, case, operator)
    if case.first_reply_at is None:
        case.first_reply_at = utcnow()
    return user, None


async def send_canned(
    turn: Turn, case: Case, operator: Operator, slug: str, text: str, markup: dict[str, Any]
) -> str | None:
    """A prepared answer (an entry of the rights content, in the person's language)."""
    user, refusal = await _answering(turn, case, operator)
    if user is None:
        return refusal
    await turn.outbox.send_message(
        turn.repos.users.chat_id(user), text, reply_markup=markup, case_id=case.id
    )
    await turn.repos.audit.record(actor_of(operator), "replied", case.id, f"entry:{slug}")
    return None


async def note(turn: Turn, case: Case, operator: Operator, text: str) -> None:
    """An internal note: kept with the case (encrypted), never sent to the person."""
    user = await _user_of(turn, case)
    if user is not None:
        await turn.repos.messages.add(user, "note", text=text, case_id=case.id)
    await turn.repos.audit.record(actor_of(operator), "noted", case.id)


async def show_card(turn: Turn, case: Case, operator: Operator) -> None:
    """Post the current case card in the thread again, and record who looked."""
    view = await turn.repos.cases.view(case)
    await post_in_thread(
        turn, case, card_text(view, staff_t(turn)), reply_markup=card_keyboard(turn, case)
    )
    await turn.repos.audit.record(actor_of(operator), "viewed", case.id)


async def mark_urgent(turn: Turn, case: Case, operator: Operator) -> None:
    """An operator judges the case urgent: the on-call operators are pinged at once."""
    if case.risk == "urgent":
        return
    case.risk, case.reason = "urgent", "operator:urgent"
    await turn.repos.audit.record(actor_of(operator), "marked_urgent", case.id)
    await refresh_thread(turn, case, ping=True)


async def reannounce_due(turn: Turn, now: datetime) -> int:
    """Announce again every waiting case whose time has come; returns how many.

    Out of working hours only urgent cases ping (the on-call operators); the others wait for
    the next opening."""
    working = hours(turn)
    minutes = turn.settings.operators.reannounce_minutes
    count = 0
    for case in await turn.repos.cases.due_for_reannounce(now):
        if case.risk != "urgent" and not working.is_open(now):
            case.reannounce_at = working.next_opening(now)
            continue
        waited = int((now - case.opened_at).total_seconds() // 60)
        lead = (
            staff_t(turn)
            .gettext("{alias} has waited {minutes} min for an operator.")
            .format(alias=alias(case.id), minutes=waited)
        )
        await post_in_thread(turn, case, on_call_line(turn, lead))
        case.reannounce_at = reannounce_at(now, case.risk, minutes)
        await turn.repos.audit.record("system", "reannounced", case.id)
        count += 1
    return count


async def _user_of(turn: Turn, case: Case) -> User | None:
    return await turn.repos.users.by_id(case.user_id) if case.user_id is not None else None
