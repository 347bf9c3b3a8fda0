"""Every interface string exists in every language; a gap fails here, not in a chat."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from bot import LANGUAGES
from bot.i18n import LOCALES_DIR, catalog_path, translator

ROOT = Path(__file__).resolve().parents[2]
PLURALS = {"ru": 3, "kk": 2, "ky": 2, "uz": 2, "en": 2}


def read(language: str):
    with catalog_path(language).open("rb") as file:
        return read_po(file, locale=language)


def template_ids() -> set[str]:
    with (LOCALES_DIR / "messages.pot").open("rb") as file:
        template = read_po(file)
    return {
        message.id if isinstance(message.id, str) else message.id[0]
        for message in template
        if message.id
    }


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalog_is_complete_and_not_fuzzy(language: str) -> None:
    catalog = read(language)
    assert catalog.num_plurals == PLURALS[language]
    ids = set()
    for message in catalog:
        if not message.id:
            continue
        key = message.id if isinstance(message.id, str) else message.id[0]
        ids.add(key)
        assert not message.fuzzy, f"{language}: fuzzy translation of {key!r}"
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert len(strings) == (PLURALS[language] if message.pluralizable else 1), key
        assert all(s.strip() for s in strings), f"{language}: missing translation of {key!r}"
        for placeholder in ("%(days)s", "/help", "/delete", "<b>", "<i>"):
            if placeholder in key:
                assert all(placeholder in s for s in strings), (
                    f"{language}: {placeholder} lost in {key!r}"
                )
    assert ids == template_ids(), f"{language}: catalog and template differ; run `make messages`"


def test_template_is_up_to_date(tmp_path: Path) -> None:
    fresh = tmp_path / "messages.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg",
         "--no-location", "--sort-output", "-o", str(fresh), "."],
        cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip
    with fresh.open("rb") as file:
        current = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(file) if m.id}
    assert current == template_ids(), "strings changed in the code; run `make messages`"


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        (1, "1 день"),
        (3, "3 дня"),
        (5, "5 дней"),
        (11, "11 дней"),
        (21, "21 день"),
        (90, "90 дней"),
    ],
)
def test_russian_plural_forms(days: int, expected: str) -> None:
    text = translator("ru").ngettext(
        "Your messages are erased %(days)s day after your conversation ends.",
        "Your messages are erased %(days)s days after your conversation ends.",
        days,
    ) % {"days": days}
    assert expected in text


def test_each_language_names_itself_in_the_confirmation() -> None:
    confirmations = {
        lang: translator(lang).gettext("Done! I will answer in English.") for lang in LANGUAGES
    }
    assert "қазақша" in confirmations["kk"]
    assert "на русском" in confirmations["ru"]
    assert "oʻzbekcha" in confirmations["uz"]
    assert "кыргызча" in confirmations["ky"]
    assert len(set(confirmations.values())) == len(LANGUAGES)
