"""Free text: read it (language, indicators), act on danger, answer from the content."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot import LANGUAGES
from bot import escalation as bot_escalation
from bot.callbacks import Callback
from bot.i18n import native_name, translator
from bot.reading import read_message
from handlers import check, escalation
from handlers.common import current_turn, keyboard, language_keyboard, reply
from handlers.faq import answer_question


async def on_text(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
    """Keep the message (encrypted), then pass it to the operator or answer it."""
    turn = current_turn()
    message = update.effective_message
    user = turn.user
    assert user is not None and message is not None and message.text is not None
    reading = read_message(message.text, user.language, user.language_hint)
    case = await bot_escalation.case_to_relay(turn, user)
    await turn.repos.messages.add(
        user,
        "in",
        text=message.text,
        language=reading.detection.lang,
        case_id=case.id if case is not None else None,
    )
    if case is not None:
        await escalation.relay_text(update, case, message.text, reading.screening)
        return
    if user.language is None and reading.language in LANGUAGES:
        user.language_hint = reading.language  # the first words preselect the choice

    risk = reading.screening.risk
    if risk == "urgent":
        await escalation.urgent(update, reading.screening)
    else:
        await answer_question(turn, update, message.text, reading.language)
        if risk == "high":
            await escalation.offer_person(update)
        if reading.ask_danger and user.state != check.STATE:
            # The lexicons found no emergency, the danger reader suspects one: the person's
            # answer decides, and "yes" takes the urgent path at once.
            await check.begin(turn, update)

    if reading.offer_switch_to is not None:
        await offer_switch(update, reading.offer_switch_to)
    elif user.language is None and user.state == "new":
        # Offered once; /language offers it again whenever the person wants.
        turn.repos.users.set_state(user, "idle")
        choose = turn.t.gettext("Choose your language:")
        await reply(update, choose, language_keyboard(turn.language))


async def offer_switch(update: Update, language: str) -> None:
    """Ask, in the other language, whether to continue in it; never switch silently."""
    turn = current_turn()
    question = translator(language).gettext("Shall we continue in English?")
    buttons = keyboard(
        [
            [
                (native_name(language), Callback("switch", language)),
                (native_name(turn.language), Callback("keep", "lang")),
            ]
        ]
    )
    await reply(update, question, buttons)
