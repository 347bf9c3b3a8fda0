"""Rights information: the topics menu, entries, feedback, the directory, free-text answers."""

from __future__ import annotations

import html
from typing import Any

from babel.dates import format_date
from telegram import Update
from telegram.ext import ContextTypes

from bot.callbacks import Callback
from bot.faq.content import Entry, Translation
from bot.faq.library import EMERGENCY_SLUG
from bot.i18n import translator
from handlers.common import Turn, current_turn, keyboard, reply

FALLBACK_LANGUAGES = ("ru", "en")
"""Shown when an entry lacks the user's language (publishing refuses that, but be safe)."""


def translation_of(entry: Entry, language: str) -> Translation:
    """An entry's text in ``language``, or the closest there is."""
    for candidate in (language, *FALLBACK_LANGUAGES):
        if candidate in entry.translations:
            return entry.translations[candidate]
    return next(iter(entry.translations.values()))


def talk_button(turn: Turn) -> tuple[str, Callback]:
    return (turn.t.gettext("Talk to a person"), Callback("person", "ask"))


def menu_button(turn: Turn) -> tuple[str, Callback]:
    return (turn.t.gettext("Menu"), Callback("menu", "main"))


def main_menu(turn: Turn) -> tuple[str, dict[str, Any]]:
    """The topics menu. Emergency help comes first, so it is two taps from anywhere."""
    library, language = turn.library, turn.language
    rows: list[list[tuple[str, Callback]]] = []
    emergency = library.entry(EMERGENCY_SLUG)
    if emergency is not None:
        title = translation_of(emergency, language).title
        rows.append([(f"🆘 {title}", Callback("entry", EMERGENCY_SLUG))])
    for topic in library.topics():
        title = topic.title.get(language) or topic.title.get("ru", topic.id)
        rows.append([(title, Callback("topic", topic.id))])
    rows.append([(turn.t.gettext("Check your situation"), Callback("check", "start"))])
    rows.append([(turn.t.gettext("Organisations that help"), Callback("dir", "cities"))])
    rows.append([talk_button(turn)])
    return turn.t.gettext("What would you like to know? Choose a topic:"), keyboard(rows)


def entry_message(
    turn: Turn, entry: Entry, *, long: bool = False, language: str | None = None
) -> tuple[str, dict[str, Any]]:
    """An entry's answer with its source and date, and what to do next (in ``language``, or
    the turn's)."""
    language = language or turn.language
    library, t = turn.library, translator(language)
    translation = translation_of(entry, language)
    body = translation.long if long and translation.long else translation.short
    parts = [f"<b>{html.escape(translation.title)}</b>", html.escape(body)]
    if entry.needs_verification:
        parts.append(
            t.gettext(
                "Some details here are still being checked with our partner organisation. "
                "A person can confirm them for you."
            )
        )
    sources = "; ".join(library.source_titles(entry))
    if entry.checked_on is not None:
        checked = format_date(entry.checked_on, format="long", locale=language)
        parts.append(
            "<i>"
            + html.escape(
                t.gettext("Source: %(sources)s. Checked on %(date)s.")
                % {"sources": sources, "date": checked}
            )
            + "</i>"
        )
    rows: list[list[tuple[str, Callback]]] = []
    if translation.long and not long:
        rows.append([(t.gettext("Read more"), Callback("more", entry.slug))])
    rows.append(
        [
            (t.gettext("👍 This helped"), Callback("good", entry.slug)),
            (t.gettext("👎 It did not"), Callback("bad", entry.slug)),
        ]
    )
    rows.append([talk_button(turn)])
    rows.append([(t.gettext("Back"), Callback("topic", entry.topic)), menu_button(turn)])
    return "\n\n".join(parts), keyboard(rows)


async def show_menu(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
    """/menu."""
    text, buttons = main_menu(current_turn())
    await reply(update, text, buttons)


async def show_emergency(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
    """/emergency: what to do in danger, from anywhere."""
    turn = current_turn()
    entry = turn.library.entry(EMERGENCY_SLUG)
    if entry is None:
        await reply(update, turn.t.gettext("If you are in danger now, call 112."))
        return
    text, buttons = entry_message(turn, entry)
    await reply(update, text, buttons)


async def on_menu_button(update: Update, callback: Callback) -> None:
    """menu / topic / entry / more buttons: show what was asked for."""
    turn = current_turn()
    await acknowledge(update)
    if callback.action == "menu":
        text, buttons = main_menu(turn)
    elif callback.action == "topic":
        topic = turn.library.topic(callback.argument)
        if topic is None:
            text, buttons = main_menu(turn)
        else:
            text, buttons = topic_menu(turn, topic.id)
    else:
        entry = turn.library.entry(callback.argument)
        if entry is None:  # unpublished since the button was drawn
            text, buttons = main_menu(turn)
        else:
            text, buttons = entry_message(turn, entry, long=callback.action == "more")
    await reply(update, text, buttons)


def topic_menu(turn: Turn, topic_id: str) -> tuple[str, dict[str, Any]]:
    topic = turn.library.topic(topic_id)
    assert topic is not None
    rows = [
        [(translation_of(entry, turn.language).title, Callback("entry", entry.slug))]
        for entry in turn.library.entries_in(topic_id)
    ]
    rows.append([menu_button(turn)])
    title = topic.title.get(turn.language) or topic.title.get("ru", topic.id)
    return f"<b>{html.escape(title)}</b>", keyboard(rows)


async def on_feedback(update: Update, callback: Callback) -> None:
    """Store a "Was this helpful?" answer, with no link to the person."""
    turn = current_turn()
    if turn.library.entry(callback.argument) is not None:
        await turn.repos.content.add_feedback(
            callback.argument, turn.language, callback.action == "good"
        )
    await acknowledge(update, turn.t.gettext("Thank you! This helps us improve the answers."))


async def on_directory(update: Update, callback: Callback) -> None:
    """The service directory: first the cities, then one city's organisations."""
    turn = current_turn()
    await acknowledge(update)
    cities = turn.library.content.directory.cities
    if callback.argument == "cities" or callback.argument not in cities:
        rows = [
            [
                (
                    city.names.get(turn.language) or city.names.get("ru", city.id),
                    Callback("dir", city.id),
                )
            ]
            for city in cities.values()
        ]
        rows.append([menu_button(turn)])
        await reply(update, turn.t.gettext("Choose your city:"), keyboard(rows))
        return
    await reply(update, directory_text(turn, callback.argument), keyboard([[menu_button(turn)]]))


def directory_text(turn: Turn, city_id: str) -> str:
    """The organisations that help in a city, and those that help everywhere."""
    language, t = turn.language, turn.t
    lines = []
    for service in turn.library.services_in(city_id):
        name = service.name.get(language) or service.name.get("ru", service.id)
        about = service.about.get(language) or service.about.get("ru", "")
        block = [f"<b>{html.escape(name)}</b>", html.escape(about)]
        block += [html.escape(contact.value) for contact in service.contacts]
        if service.needs_verification:
            block.append(t.gettext("(details not yet confirmed)"))
        lines.append("\n".join(part for part in block if part))
    if not lines:
        return t.gettext("No organisation is listed for this city yet.")
    return "\n\n".join(lines)


async def answer_question(turn: Turn, update: Update, text: str, language: str) -> None:
    """Answer free text from the content: the best entry, a choice of three, or the menu."""
    mode, hits = turn.library.search(text, language)
    if mode == "answer":
        entry = turn.library.entry(hits[0].slug)
        assert entry is not None
        reply_text, buttons = entry_message(turn, entry)
        await reply(update, reply_text, buttons)
        return
    if mode == "choose":
        rows = [
            [(translation_of(entry, turn.language).title, Callback("entry", hit.slug))]
            for hit in hits
            if (entry := turn.library.entry(hit.slug)) is not None
        ]
        rows.append([talk_button(turn)])
        rows.append([menu_button(turn)])  # emergency help stays two taps away
        await reply(update, turn.t.gettext("Is it one of these?"), keyboard(rows))
        return
    rows = [[menu_button(turn)], [talk_button(turn)]]
    await reply(
        update,
        turn.t.gettext(
            "I could not find an answer to that. Try other words, choose a topic, "
            "or talk to a person."
        ),
        keyboard(rows),
    )


async def acknowledge(update: Update, text: str = "") -> None:
    """Stop the pressed button's spinner."""
    query = update.callback_query
    if query is not None and update.effective_chat is not None:
        await current_turn().outbox.answer_callback(update.effective_chat.id, query.id, text)
