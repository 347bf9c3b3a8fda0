"""Interface text in every language, from the gettext catalogs in ``locales/``.

Catalogs are read from the ``.po`` files translators edit and compiled in memory once, so a
deployment never serves a stale ``.mo``. Each update picks its translator explicitly (no global
``install()``): several chats in different languages are handled at the same time.
"""

from __future__ import annotations

import functools
import io
from pathlib import Path

from babel import Locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from bot import LANGUAGES
from bot.config import PROJECT_ROOT

LOCALES_DIR: Path = PROJECT_ROOT / "locales"
DOMAIN = "messages"


def catalog_path(language: str) -> Path:
    """The ``.po`` file of one language."""
    return LOCALES_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


@functools.cache
def translator(language: str) -> Translations:
    """The translations of ``language`` (one of :data:`bot.LANGUAGES`)."""
    if language not in LANGUAGES:
        raise ValueError(f"no catalog for language {language!r}")
    with catalog_path(language).open("rb") as file:
        catalog = read_po(file, locale=language, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


def native_name(language: str) -> str:
    """The language's own name for itself, as a button label ("Қазақша", "Oʻzbekcha")."""
    return NATIVE_NAMES[language]


# How each language names itself on a button. Babel's CLDR names are lowercase nouns
# ("қазақ тілі"); people expect the adverb form Telegram apps and keyboards use.
NATIVE_NAMES: dict[str, str] = {
    "kk": "Қазақша",
    "ru": "Русский",
    "uz": "Oʻzbekcha",
    "ky": "Кыргызча",
    "en": "English",
}


def language_from_telegram(language_code: str | None) -> str | None:
    """Map Telegram's IETF ``language_code`` ("uz-Cyrl", "kk", "ru-RU") to one of ours."""
    if not language_code:
        return None
    try:
        locale = Locale.parse(language_code, sep="-")
    except (ValueError, TypeError):
        return None
    return locale.language if locale.language in LANGUAGES else None
