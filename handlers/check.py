"""The guided check, "Check your situation": questions with buttons, one at a time."""

from __future__ import annotations

import functools
import html

from telegram import Update
from telegram.ext import ContextTypes

from bot.callbacks import Callback
from bot.screening import GuidedCheck, GuidedResult, Question, default_check
from handlers import escalation
from handlers.common import Turn, current_turn, keyboard, reply
from handlers.faq import acknowledge, menu_button, talk_button, translation_of

STATE = "guided"


@functools.cache
def check() -> GuidedCheck:
    """The questions, loaded once."""
    return default_check()


async def start_check(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
    """/check: begin the guided check."""
    await begin(current_turn(), update)


async def on_start_button(update: Update, _callback: Callback) -> None:
    """The "Check your situation" button."""
    await acknowledge(update)
    await begin(current_turn(), update)


async def begin(turn: Turn, update: Update) -> None:
    """Ask the first question, "Are you in danger right now?", after one line of intro."""
    assert turn.user is not None
    state = check().start()
    turn.repos.users.set_state(turn.user, STATE, state)
    await reply(update, html.escape(check().intro[turn.language]))
    first = check().next_question(state)
    assert first is not None
    await _ask(turn, update, first)


async def _ask(turn: Turn, update: Update, question: Question) -> None:
    labels = check().answer_labels
    language = turn.language
    buttons = keyboard(
        [
            [
                (labels["yes"][language], Callback("yes", question.id)),
                (labels["no"][language], Callback("no", question.id)),
            ],
            [(labels["skip"][language], Callback("skip", question.id))],
        ]
    )
    await reply(update, html.escape(question.text[language]), buttons)


async def on_answer(update: Update, callback: Callback) -> None:
    """A yes / no / rather-not-say button."""
    turn = current_turn()
    user = turn.user
    assert user is not None
    state = turn.repos.users.state_data(user) if user.state == STATE else None
    current = check().next_question(state) if state is not None else None
    if state is None or current is None or current.id != callback.argument:
        # An old question's button, or the check was finished or left.
        await acknowledge(update, turn.t.gettext("This button no longer works."))
        return
    await acknowledge(update)
    state = check().answer(state, current.id, callback.action)
    result = check().result(state)
    if result.risk == "urgent":
        turn.repos.users.set_state(user, "idle")
        await _open_case(turn, result, state)
        await escalation.send_urgent_help(update)
        return
    following = check().next_question(state)
    if following is not None:
        turn.repos.users.set_state(user, STATE, state)
        await _ask(turn, update, following)
        return
    turn.repos.users.set_state(user, "idle")
    if result.risk == "high":
        await _open_case(turn, result, state)
    await _show_result(turn, update, result)


async def _open_case(turn: Turn, result: GuidedResult, state: dict) -> None:
    await escalation.open_case(
        turn,
        reason=f"guided:{result.reason}",
        risk=result.risk,
        guided_answers=dict(state["answers"]),
        indicator_codes=tuple(result.indicators),
    )


async def _show_result(turn: Turn, update: Update, result: GuidedResult) -> None:
    t, language = turn.t, turn.language
    if not result.indicators:
        text = t.gettext(
            "Thank you. From your answers I did not notice signs of forced labour. If something "
            "changes, or you are worried, you can always talk to a person."
        )
    else:
        noticed = "\n\n".join(
            "• " + html.escape(result.explanation(code, language)) for code in result.indicators
        )
        text = t.gettext("Thank you. Here is what I noticed:") + "\n\n" + noticed
        if result.risk == "high":
            text += "\n\n" + t.gettext(
                "I have told the hotline team. A person will answer you here, in this chat."
            )
    rows = [
        [(translation_of(entry, language).title, Callback("entry", slug))]
        for slug in result.faq_slugs[:4]
        if (entry := turn.library.entry(slug)) is not None
    ]
    rows.append([talk_button(turn)])
    rows.append([menu_button(turn)])
    await reply(update, text, keyboard(rows))
