"""The migrant's side of escalation: asking for a person, and the urgent path."""

from __future__ import annotations

from telegram import Update

from bot.callbacks import Callback
from bot.faq.library import EMERGENCY_SLUG
from bot.screening import Screening
from handlers.common import Turn, current_turn, keyboard, reply
from handlers.faq import acknowledge, entry_message, talk_button


async def on_talk_to_person(update: Update, _callback: Callback) -> None:
    """Open (or keep) a case for the hotline team: the "Talk to a person" button."""
    turn = current_turn()
    await acknowledge(update)
    await open_case(turn, reason="user:talk_to_person", risk="none")
    await reply(
        update,
        turn.t.gettext(
            "I have passed your request to the hotline team. A person will answer you here, in "
            "this chat, as soon as they can. They will not see your Telegram name.\n\n"
            "If you are in danger now, call <b>112</b>."
        ),
    )


async def urgent(update: Update, screening: Screening) -> None:
    """Someone may be in danger now: emergency help first, then a person, at once."""
    turn = current_turn()
    await open_case(turn, reason=screening.reason, risk="urgent", screening=screening)
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
    turn: Turn, *, reason: str, risk: str, screening: Screening | None = None
) -> None:
    """Open the user's case (or raise the open one's risk) and audit it."""
    assert turn.user is not None
    indicators = (
        [{"code": i.code, "words": [e.words for e in i.evidence]} for i in screening.indicators]
        if screening is not None
        else None
    )
    case, created = await turn.repos.cases.open_or_raise(
        turn.user, reason=reason, risk=risk, language=turn.language, indicators=indicators
    )
    await turn.repos.audit.record(
        "system" if screening is not None else "user",
        "case_opened" if created else "case_updated",
        case.id,
        reason,
    )
