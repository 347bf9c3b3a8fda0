"""How operators see a case: the topic's name and the case card.

Operators see a case alias (``#0123``), never the person's Telegram name, username or id. The
card shows why the case was opened (the rule and the words that triggered each indicator), the
guided check's answers and the last messages, so whoever takes it needs no other screen.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Protocol

TOPIC_NAME_LIMIT = 128
"""Telegram's limit on a forum topic's name."""

MESSAGE_PREVIEW = 300
"""Characters of each recent message shown on the card (a card must stay under 4096)."""


class Gettext(Protocol):
    def gettext(self, message: str) -> str: ...


@dataclass(frozen=True)
class CaseView:
    """What the card shows of a case, decrypted, and nothing else."""

    id: int
    language: str | None
    risk: str
    reason: str | None
    status: str
    indicators: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """Indicator codes, each with the words that triggered it."""
    guessed: frozenset[str] = frozenset()
    """Codes only the indicator reader found: its word is a guess, not a matched phrase."""
    guided: tuple[tuple[str, str], ...] = ()
    """The guided check's questions and answers (yes, no, skip)."""
    last_messages: tuple[str, ...] = ()
    operator: str | None = None
    outcome: str | None = None


def alias(case_id: int) -> str:
    """The name operators use for a case: ``#0123``."""
    return f"#{case_id:04d}"


def topic_name(case: CaseView) -> str:
    """``#0123 · KY · URGENT · documents_retained, threats``, within Telegram's limit."""
    parts = [alias(case.id), (case.language or "?").upper(), case.risk.upper()]
    codes = ", ".join(dict.fromkeys(code for code, _ in case.indicators))
    if codes:
        parts.append(codes)
    name = " · ".join(parts)
    if case.status == "closed":
        name = "✅ " + name
    if len(name) > TOPIC_NAME_LIMIT:
        name = name[: TOPIC_NAME_LIMIT - 1] + "…"
    return name


def card_text(case: CaseView, t: Gettext) -> str:
    """The case card (HTML): everything an operator needs to pick the case up."""
    why, indicators = t.gettext("Why"), t.gettext("Indicators")
    guided, last, status = (
        t.gettext("Guided check"),
        t.gettext("Last messages"),
        t.gettext("Status"),
    )
    lines = [
        f"<b>{alias(case.id)}</b> · {(case.language or '?').upper()} · <b>{case.risk.upper()}</b>",
        f"{why}: <code>{html.escape(case.reason or '-')}</code>",
    ]
    if case.indicators:
        lines.append("")
        lines.append(f"<b>{indicators}</b>")
        guess = t.gettext("guessed from similar messages: check the text")
        for code, words in _merged(case.indicators):
            quoted = ", ".join(f"«{html.escape(word)}»" for word in words)
            line = f"• {code}" + (f": {quoted}" if quoted else "")
            lines.append(line + (f" <i>({guess})</i>" if code in case.guessed else ""))
    if case.guided:
        lines.append("")
        lines.append(f"<b>{guided}</b>")
        lines.extend(f"• {html.escape(question)}: {answer}" for question, answer in case.guided)
    if case.last_messages:
        lines.append("")
        lines.append(f"<b>{last}</b>")
        lines.extend(f"› {html.escape(_preview(text))}" for text in case.last_messages)
    lines.append("")
    lines.append(f"<b>{status}</b>: {status_line(case, t)}")
    return "\n".join(lines)


def status_line(case: CaseView, t: Gettext) -> str:
    if case.status == "closed":
        return t.gettext("closed") + f" ({html.escape(case.outcome or '-')})"
    if case.status == "assigned" and case.operator:
        return t.gettext("taken by {name}").format(name=html.escape(case.operator))
    return t.gettext("waiting for an operator")


def _merged(
    indicators: tuple[tuple[str, tuple[str, ...]], ...],
) -> list[tuple[str, list[str]]]:
    """One line per indicator code, with every distinct triggering word."""
    merged: dict[str, list[str]] = {}
    for code, words in indicators:
        known = merged.setdefault(code, [])
        known.extend(word for word in words if word not in known)
    return list(merged.items())


def _preview(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MESSAGE_PREVIEW else text[: MESSAGE_PREVIEW - 1] + "…"
