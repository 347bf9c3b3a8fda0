"""The operators' group: case threads, commands and buttons, turned into escalation calls.

In a case's topic (or in reply to its messages where topics are off), what an operator writes
goes to the person as "Operator"; ``/note`` stays internal; ``/take``, ``/close <outcome>``,
``/urgent``, ``/reply <entry>`` and ``/card`` act on the case. Every action is audited by the
service.
"""

from __future__ import annotations

import html
import re

from telegram import Message, Update
from telegram.ext import ContextTypes

from bot import escalation
from bot.callbacks import Callback
from bot.outbox import CARD
from db.models import Case, Operator
from handlers.common import current_turn
from handlers.faq import entry_message

ALIAS = re.compile(r"(?:✅ )?#(\d+) ·")
"""A case topic's name begins with the case alias (closed ones with a tick)."""

MEDIA_KINDS = ("photo", "voice", "document", "video", "audio", "animation", "location")


async def case_of(message: Message) -> Case | None:
    """The case a message in the group belongs to: by its topic, or by what it replies to."""
    repos = current_turn().repos
    replied = message.reply_to_message
    if message.is_topic_message and message.message_thread_id is not None:
        case = await repos.cases.by_topic(message.message_thread_id)
        created = replied.forum_topic_created if replied is not None else None
        by_bot = replied is not None and replied.from_user is not None and replied.from_user.is_bot
        if case is None and created is not None and by_bot:
            # A topic the bot made but the database does not know: the bot stopped between
            # Telegram creating it and recording it (and made another). Its name says the case.
            match = ALIAS.match(created.name)
            case = await repos.cases.get(int(match.group(1))) if match else None
        return case
    if replied is not None:
        case = await repos.cases.by_card(replied.message_id)
        if case is None:
            case_id = await repos.outbox.case_of_group_message(replied.message_id)
            case = await repos.cases.get(case_id) if case_id is not None else None
        return case
    return None


async def answer(update: Update, text: str) -> None:
    """A short answer to the operator, in the thread they wrote in."""
    message = update.effective_message
    assert message is not None
    params = {}
    if message.is_topic_message and message.message_thread_id is not None:
        params["message_thread_id"] = message.message_thread_id
    await current_turn().outbox.send_message(message.chat_id, html.escape(text), **params)


async def _case_and_operator(update: Update) -> tuple[Case, Operator] | None:
    turn = current_turn()
    message = update.effective_message
    assert message is not None and turn.operator is not None
    case = await case_of(message)
    if case is None:
        await answer(
            update, escalation.staff_t(turn).gettext("Use this command in a case's topic.")
        )
        return None
    return case, turn.operator


async def on_message(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
    """An operator wrote in a case's thread: to the person, as "Operator"."""
    message = update.effective_message
    assert message is not None
    found = await case_of(message)
    turn = current_turn()
    if found is None:
        if message.is_topic_message:
            await answer(
                update,
                escalation.staff_t(turn).gettext(
                    "This topic is not linked to a case: nothing was sent to anyone."
                ),
            )
        return  # elsewhere: operators talking among themselves
    assert turn.operator is not None
    if message.text is not None:
        refusal = await escalation.relay_to_user(turn, found, turn.operator, text=message.text)
    else:
        kind = next((kind for kind in MEDIA_KINDS if getattr(message, kind)), None)
        if kind is None:
            refusal = escalation.staff_t(turn).gettext(
                "This kind of message cannot be sent to the person."
            )
        else:
            refusal = await escalation.relay_to_user(
                turn,
                found,
                turn.operator,
                copy=(message.chat_id, message.message_id, kind, message.caption),
            )
    if refusal is not None:
        await answer(update, refusal)


async def edited(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
    """An operator changed a message in a case's thread. What was sent stays as it was sent:
    say so, so that a correction goes out as a new message instead of being taken as done."""
    message = update.effective_message
    assert message is not None
    if await case_of(message) is None:
        return  # elsewhere: operators talking among themselves
    await answer(
        update,
        escalation.staff_t(current_turn()).gettext(
            "Edits are not passed on: the person sees the first version. "
            "Send the correction as a new message."
        ),
    )


async def note(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/note <text>: kept with the case for colleagues, never sent."""
    found = await _case_and_operator(update)
    if found is None:
        return
    text = " ".join(context.args or [])
    if not text:
        await answer(update, escalation.staff_t(current_turn()).gettext("Usage: /note <text>"))
        return
    await escalation.note(current_turn(), *found, text)


async def take(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
    found = await _case_and_operator(update)
    if found is not None:
        refusal = await escalation.take(current_turn(), *found)
        if refusal is not None:
            await answer(update, refusal)


async def close(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/close <outcome>."""
    found = await _case_and_operator(update)
    if found is not None:
        outcome = (context.args or [""])[0]
        refusal = await escalation.close(current_turn(), *found, outcome)
        if refusal is not None:
            await answer(update, refusal)


async def urgent(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
    found = await _case_and_operator(update)
    if found is not None:
        await escalation.mark_urgent(current_turn(), *found)


async def canned_reply(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/reply <entry>: an entry of the rights content, sent in the person's language."""
    found = await _case_and_operator(update)
    if found is None:
        return
    turn = current_turn()
    case, operator = found
    slug = (context.args or [""])[0]
    entry = turn.library.entry(slug)
    if entry is None:
        known = ", ".join(sorted(turn.library.content.entries))
        await answer(
            update,
            escalation.staff_t(turn)
            .gettext("Usage: /reply <entry>. Entries: {slugs}")
            .format(slugs=known),
        )
        return
    language = case.language or turn.settings.languages.default
    text, markup = entry_message(turn, entry, language=language)
    refusal = await escalation.send_canned(turn, case, operator, slug, text, markup)
    if refusal is not None:
        await answer(update, refusal)


async def show_card(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
    """/card: the case card again, up to date, at the bottom of the topic (audited as a view)."""
    found = await _case_and_operator(update)
    if found is not None:
        await escalation.show_card(current_turn(), *found)


async def staff_help(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
    """/help in the group: what operators can do."""
    await answer(
        update,
        escalation.staff_t(current_turn()).gettext(
            "In a case's topic: what you write is sent to the person as “Operator”, without "
            "your name. /note <text> stays internal. /take takes the case, /close <outcome> "
            "closes it, /urgent marks it urgent, /reply <entry> sends an answer from the "
            "content in the person's language, /card shows the case card again."
        ),
    )


async def on_button(update: Update, callback: Callback) -> None:
    """Take, Close, an outcome, or back to the card: buttons on a case card."""
    turn = current_turn()
    query = update.callback_query
    assert query is not None and update.effective_chat is not None
    t = escalation.staff_t(turn)
    case_id, _, outcome = callback.argument.partition("-")
    case = await turn.repos.cases.get(int(case_id)) if case_id.isdigit() else None
    if case is None or turn.operator is None:
        await turn.outbox.answer_callback(
            update.effective_chat.id, query.id, t.gettext("This button no longer works.")
        )
        return
    refusal: str | None = None
    if callback.action == "take":
        refusal = await escalation.take(turn, case, turn.operator)
    elif callback.action == "close":
        await escalation.to_thread(
            turn,
            case,
            "editMessageReplyMarkup",
            {"message_id": CARD, "reply_markup": escalation.outcome_keyboard(turn, case)},
        )
    elif callback.action == "out":
        refusal = await escalation.close(turn, case, turn.operator, outcome)
    else:  # "card": back from the outcomes
        await escalation.refresh_thread(turn, case)
    await turn.outbox.answer_callback(update.effective_chat.id, query.id, refusal or "")
