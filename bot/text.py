"""Text folding shared by language identification, screening and FAQ search.

Migrants type on whatever keyboard the phone has. Most phones in the region carry a Russian
layout, so Kazakh ``қ`` arrives as ``к``, ``ә`` as ``а``, and Uzbek ``oʻ`` arrives with any of five
apostrophes. Matching code folds both the text and its patterns the same way, so one pattern
serves every spelling.
"""

from __future__ import annotations

import re
import unicodedata

# Kazakh, Kyrgyz and Uzbek Cyrillic letters that a Russian keyboard lacks, mapped to what people
# type instead. Kazakh "і" is typed as Russian "и" far more often than as Latin "i".
RUSSIAN_KEYBOARD: dict[str, str] = {
    "ә": "а", "ғ": "г", "қ": "к", "ң": "н", "ө": "о", "ұ": "у", "ү": "у", "һ": "х", "і": "и",
    "ў": "у", "ҳ": "х",
}  # fmt: skip

# Every character seen standing for the Uzbek okina (oʻ gʻ) or the tutuq belgisi (maʼno).
APOSTROPHES: str = "'`´‘’ʻʼʹ′"

_APOSTROPHE_RE = re.compile(f"[{re.escape(APOSTROPHES)}]")
_SPACE_RE = re.compile(r"\s+")
_RUSSIFY_TABLE = str.maketrans(RUSSIAN_KEYBOARD)


def unify_apostrophes(text: str) -> str:
    """Replace every apostrophe-like character with ASCII ``'``."""
    return _APOSTROPHE_RE.sub("'", text)


def russify(text: str) -> str:
    """Spell Kazakh, Kyrgyz and Uzbek Cyrillic as if typed on a Russian keyboard."""
    return text.translate(_RUSSIFY_TABLE)


def fold(text: str) -> str:
    """Fold text for matching: NFC, case-folded, Russian-keyboard spelling, ``ё``→``е``,
    one kind of apostrophe, single spaces."""
    text = unicodedata.normalize("NFC", text).casefold()
    text = russify(text).replace("ё", "е")
    return _SPACE_RE.sub(" ", unify_apostrophes(text)).strip()


def fold_aligned(text: str) -> str:
    """Fold like :func:`fold`, but one character in, one character out.

    Use it where a match must point back into the original text (screening evidence): the span
    of a match in the folded string is the span of the same words in ``text``. Whitespace is not
    collapsed and NFC is not applied, since both change lengths; callers normalise to NFC first.
    """
    return "".join(_fold_char(char) for char in text)


def _fold_char(char: str) -> str:
    lowered = char.lower()
    if len(lowered) != 1:  # "İ".lower() is two characters; keep alignment instead
        lowered = char
    if lowered.isspace():
        return " "
    if lowered == "ё":
        return "е"
    if lowered in APOSTROPHES:
        return "'"
    return RUSSIAN_KEYBOARD.get(lowered, lowered)


# Uzbek Cyrillic to the official Latin alphabet (1995, revised). "е" is "ye" at the start of a word
# and after a vowel; "ц" and "ь" occur only in Russian loans.
_UZBEK_LATIN: dict[str, str] = {
    "а": "a", "б": "b", "в": "v", "г": "g", "ғ": "gʻ", "д": "d", "е": "e", "ё": "yo", "ж": "j",
    "з": "z", "и": "i", "й": "y", "к": "k", "қ": "q", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ў": "oʻ", "ф": "f", "х": "x", "ҳ": "h",
    "ц": "ts", "ч": "ch", "ш": "sh", "щ": "sh", "ъ": "ʼ", "ь": "", "ы": "i", "э": "e", "ю": "yu",
    "я": "ya",
}  # fmt: skip
_UZBEK_VOWELS = frozenset("аеёиоуўэюяaeiou")


def uzbek_to_latin(text: str) -> str:
    """Transliterate Uzbek Cyrillic into the Latin alphabet; other characters pass through."""
    out: list[str] = []
    previous = ""
    for char in text:
        lower = char.lower()
        latin = _UZBEK_LATIN.get(lower)
        if latin is None:
            out.append(char)
        else:
            if lower == "е" and (not previous.isalpha() or previous.lower() in _UZBEK_VOWELS):
                latin = "ye"
            out.append(latin.capitalize() if char != lower else latin)
        previous = char
    return "".join(out)


# Lower-case letters that look the same in Latin and Cyrillic, in the same order.
_LATIN_TWINS = "aeopcyx"
_CYRILLIC_TWINS = "аеорсух"
_MIXED_SCRIPT_RE = re.compile(r"[a-z][а-яё]|[а-яё][a-z]")
_WORD_RE = re.compile(r"\w+")
_TO_LATIN = str.maketrans(_CYRILLIC_TWINS, _LATIN_TWINS)
_TO_CYRILLIC = str.maketrans(_LATIN_TWINS, _CYRILLIC_TWINS)


def unmix_scripts(folded: str) -> str:
    """Read look-alike letters in the script of the rest of their word: "xоjayin" typed with a
    Cyrillic "о", "пaспорт" with a Latin "a". Phones switch layouts mid-word and autocorrect
    swaps twins; on screen they look the same, but a pattern spelt in one script misses them.
    One character in, one out; expects lower-case, folded text."""
    if not _MIXED_SCRIPT_RE.search(folded):
        return folded
    return _WORD_RE.sub(_unmix_word, folded)


def _unmix_word(match: re.Match[str]) -> str:
    word = match.group()
    latin = sum("a" <= char <= "z" for char in word)
    cyrillic = sum("а" <= char <= "я" for char in word)
    if latin > cyrillic:
        return word.translate(_TO_LATIN)
    if cyrillic > latin:
        return word.translate(_TO_CYRILLIC)
    return word


class FoldTable(dict[int, str]):
    """:func:`fold_aligned` as a ``str.translate`` table, optionally followed by ``then``.

    Screening folds every message, so this is its hot path: one ``translate`` call, and a
    character's fold is computed in Python only the first time it is seen (emoji and other
    characters outside the Basic Multilingual Plane included), then read from C.
    """

    _LIMIT = 100_000
    """Folds kept at most: a message of every code point cannot grow the table without end."""

    def __init__(self, then: dict[int, str] | None = None) -> None:
        super().__init__()
        self._then = then or {}

    def __missing__(self, code: int) -> str:
        folded = _fold_char(chr(code)).translate(self._then)
        if len(self) < self._LIMIT:
            self[code] = folded
        return folded
