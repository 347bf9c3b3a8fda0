"""The person's side of escalation: asking for a person, the urgent path, and the relay."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from telegram import Update
from telegram.ext import ContextTypes

from bot import escalation
from bot.callbacks import Callback
from bot.faq.library import EMERGENCY_SLUG
from bot.reading import read_message
from bot.screening import Screening, combine
from db.models import Case
from handlers.common import Turn, current_turn, keyboard, reply
from handlers.faq import acknowledge, entry_message, talk_button

RECENT_SCREENED = 10
"""The person's last messages screened again when they ask for a person: a conversation's risk
is the highest of its messages, and the operator sees what was noticed in them."""


async def on_talk_to_person(update: Update, _callback: Callback) -> None:
    """Open (or keep) a case for the hotline team: the "Talk to a person" button."""
    turn = current_turn()
    user = turn.user
    assert user is not None
    await acknowledge(update)
    texts = await turn.repos.messages.recent_texts(user.id, "in", RECENT_SCREENED)
    screenings = [
        read_message(text, user.language, user.language_hint).screening for text in texts
    ]
    risk = combine(s.risk for s in screenings)
    case = await open_case(turn, reason="user:talk_to_person", risk=risk, screenings=screenings)
    await tell_waiting(update, case)


async def tell_waiting(update: Update, case: Case) -> None:
    """The expected wait, what to do in danger, and how to go back to the bot."""
    turn = current_turn()
    wait = await escalation.expected(turn, case)
    await reply(update, escalation.waiting_text(wait, turn.language), end_keyboard(turn))


def end_keyboard(turn: Turn) -> dict[str, Any]:
    return keyboard([[(turn.t.gettext("End the conversation"), Callback("end", "case"))]])


async def urgent(update: Update, screening: Screening) -> None:
    """Someone may be in danger now: emergency help first, then a person, at once."""
    turn = current_turn()
    await open_case(turn, reason=screening.reason, risk="urgent", screenings=[screening])
    await send_urgent_help(update)


async def send_urgent_help(update: Update) -> None:
    """The emergency numbers and what to do now, then the promise of a person.

    The case is already open when this is called."""
    turn = current_turn()
    emergency = turn.library.entry(EMERGENCY_SLUG)
    if emergency is not None:
        text, buttons = entry_message(turn, emergency)
        await reply(update, text, buttons)
    await reply(
        update,
        turn.t.gettext(
            "I have alerted the hotline team. A person will answer you here as soon as "
            "possible. If you can, call <b>112</b> now: the call is free from any phone."
        ),
    )


async def offer_person(update: Update) -> None:
    """What the person describes is serious: offer a person, without pressure or blame."""
    turn = current_turn()
    await reply(
        update,
        turn.t.gettext(
            "What you describe is serious, and it is not your fault. A person from the hotline "
            "can help you, confidentially. Would you like to talk to them?"
        ),
        keyboard([[talk_button(turn)]]),
    )


async def open_case(
    turn: Turn,
    *,
    reason: str,
    risk: str,
    screenings: Sequence[Screening] = (),
    guided_answers: dict[str, str] | None = None,
    indicator_codes: tuple[str, ...] = (),
) -> Case:
    """Open the user's case (or raise the open one's risk); the operators are told."""
    assert turn.user is not None
    indicators = [{"code": code, "words": []} for code in indicator_codes]
    for screening in screenings:
        indicators.extend(
            {"code": i.code, "words": [e.words for e in i.evidence], "guess": i.guessed}
            for i in screening.indicators
        )
    case, _created = await escalation.open_case(
        turn,
        turn.user,
        reason=reason,
        risk=risk,
        indicators=indicators or None,
        guided_answers=guided_answers,
    )
    return case


async def relay_text(update: Update, case: Case, text: str, screening: Screening) -> None:
    """The person talks to an operator: their words go to the case's thread.

    What they write is still screened: new findings go on the card, and danger now still gets
    the emergency numbers at once."""
    turn = current_turn()
    was_urgent = case.risk == "urgent"
    if screening.indicators:
        await open_case(turn, reason=screening.reason, risk=screening.risk, screenings=[screening])
    await escalation.relay_text_from_user(turn, case, text)
    if screening.risk == "urgent" and not was_urgent:
        await send_urgent_help(update)


async def relay_media(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> bool:
    """A photo, voice note, document or location for the operator; False when no case is
    open (the bot then answers it as usual)."""
    turn = current_turn()
    message = update.effective_message
    assert turn.user is not None and message is not None
    case = await escalation.case_to_relay(turn, turn.user)
    if case is None:
        return False
    await turn.repos.messages.add(turn.user, "in", kind=_kind(message), case_id=case.id)
    await escalation.relay_media_from_user(turn, case, message.chat_id, message.message_id)
    return True


def _kind(message: object) -> str:
    for kind in ("photo", "voice", "document", "video", "audio", "location", "video_note"):
        if getattr(message, kind, None):
            return kind
    return "other"


async def end_conversation(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
    """/end: stop talking to the operator and go back to the bot."""
    await _end(update)


async def on_end_button(update: Update, _callback: Callback) -> None:
    await acknowledge(update)
    await _end(update)


async def _end(update: Update) -> None:
    turn = current_turn()
    assert turn.user is not None
    case = await turn.repos.cases.open_case_of(turn.user)
    if case is None:
        await reply(
            update, turn.t.gettext("You are talking to the bot. Send /help to see what I can do.")
        )
        return
    await escalation.end_by_user(turn, case)
    await reply(
        update,
        turn.t.gettext(
            "The conversation with the person has ended. You are talking to the bot again: "
            "send /menu for answers, or press “Talk to a person” whenever you need someone."
        ),
    )
