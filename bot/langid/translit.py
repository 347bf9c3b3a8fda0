"""Cyrillic typed in Latin letters, the way people without a Cyrillic keyboard write.

There is no one standard: the same person writes ``қ`` as ``q`` or ``k`` and ``ш`` as ``sh``.
Training uses :func:`latinize_varied`, which picks one spelling per letter for each line (a line
is one writer), so the Latin-typed profiles see every common habit. The benchmark uses the single
:func:`latinize_plain` scheme.
"""

from __future__ import annotations

import random

# The first option of each letter is the plain scheme.
LATIN_OPTIONS: dict[str, tuple[str, ...]] = {
    "а": ("a",), "б": ("b",), "в": ("v", "w"), "г": ("g",), "д": ("d",), "е": ("e", "ye"),
    "ё": ("yo", "e", "jo", "io"), "ж": ("zh", "j", "z"), "з": ("z",), "и": ("i", "y"),
    "й": ("y", "i", "j"), "к": ("k",), "л": ("l",), "м": ("m",), "н": ("n",), "о": ("o",),
    "п": ("p",), "р": ("r",), "с": ("s",), "т": ("t",), "у": ("u", "y", "w"), "ф": ("f",),
    "х": ("h", "kh", "x"), "ц": ("ts", "c", "s"), "ч": ("ch", "c"), "ш": ("sh", "w", "s"),
    "щ": ("sch", "shch", "sh"), "ъ": ("", "'"), "ы": ("y", "i", "ı"), "ь": ("", "'"),
    "э": ("e",), "ю": ("yu", "iu", "ju", "u"), "я": ("ya", "ia", "ja", "a"),
    "ә": ("a", "ae", "ä", "á", "e"), "ғ": ("g", "gh", "ğ", "g'"), "қ": ("q", "k"),
    "ң": ("ng", "n", "ñ"), "ө": ("o", "oe", "ö", "ó"), "ұ": ("u", "ū", "ú"),
    "ү": ("u", "ue", "ü", "ú"), "һ": ("h",), "і": ("i", "ı"), "ў": ("o'", "u", "o"),
    "ҳ": ("h", "x"), "ӣ": ("i",), "ӯ": ("u",), "ҷ": ("j", "dj", "ch"),
}  # fmt: skip

_PLAIN_TABLE = str.maketrans({letter: options[0] for letter, options in LATIN_OPTIONS.items()})


def latinize_plain(text: str) -> str:
    """Transliterate Cyrillic into plain Latin letters (ш→sh, қ→q, ы→y, ү→u); lower-cases."""
    return text.lower().translate(_PLAIN_TABLE)


def latinize_varied(text: str, rng: random.Random) -> str:
    """Transliterate with one randomly chosen habit per letter, plain spellings twice as likely."""
    table = {}
    for letter, options in LATIN_OPTIONS.items():
        weighted = (options[0], *options)
        table[letter] = rng.choice(weighted)
    return text.lower().translate(str.maketrans(table))
