"""The small pattern language of the lexicon files, compiled to regular expressions.

NGO staff write ``забра+ ... паспорт*`` rather than regular expressions:

- words are separated by spaces and must follow each other (commas and dashes may sit between);
- ``a|b|c`` offers alternatives for one word;
- ``stem*`` matches any word that starts with the stem (suffixes of agglutinative languages);
- ``stem+`` is for verbs: any ending except a negative one (``ал+`` matches ``алды`` but not
  ``алмады``), so "did not take" is not read as "took";
- ``a_b`` is two words inside one alternative (``алып_қой+|тартып_ал+``);
- ``...`` allows up to three other words in between, not across a comma or a sentence end;
- ``~`` allows any words in between, commas included, within one sentence (use sparingly:
  "дочери 15 лет, её заставляют работать");
- ``~~`` is ``~`` across at most one sentence end, for ``unless`` words that join a story to
  the question asked about it next ("видел в тиктоке, дворников бьют. Это правда?");
- ``#`` is a number written in digits.

Patterns are folded with :func:`bot.text.fold` exactly as the text is, so ``қ`` and ``к`` (or
``oʻ`` and ``o'``) are the same letter on both sides.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.text import fold

GAP_WORDS = 3
WORD = r"\w+(?:'\w+)*"
# Between two words of one clause: spaces and punctuation, never a sentence end.
SEPARATOR = r"[^\w.!?;\n]+"
# A gap does not cross a comma either: "паспорт продлил, хозяин забрал телефон" is two facts.
_GAP_SEPARATOR = r"[^\w.!?;,\n]+"
GAP = rf"(?:{_GAP_SEPARATOR}{WORD}){{0,{GAP_WORDS}}}{_GAP_SEPARATOR}"
LONG_GAP = r"[^.!?;\n]*?[^\w.!?;\n]"
# One sentence end may sit inside it ("бьют.Правда?" typed without a space too); the next
# word must start a word.
NEXT_SENTENCE_GAP = r"[^.!?;\n]*?(?:[.!?;\n]+[^.!?;\n]*?)?(?<!\w)"
_GAPS = {"...": GAP, "~": LONG_GAP, "~~": NEXT_SENTENCE_GAP}
NUMBER = "#"
_CONTINUATION = r"(?:\w|'(?=\w))*"
_WORD_START = r"(?<!\w)(?<!\w')"
_WORD_END = r"(?!\w)(?!'\w)"


class PatternError(ValueError):
    """A lexicon pattern that cannot be compiled; the message says which and why."""


@dataclass(frozen=True, slots=True)
class Anchor:
    """A literal that must occur as a word (``exact``) or word start for a pattern to match."""

    text: str
    exact: bool


@dataclass(frozen=True, slots=True)
class CompiledPattern:
    """A pattern ready to run, with the literals used to decide cheaply whether to run it."""

    source: str
    regex: re.Pattern[str]
    anchors: tuple[Anchor, ...]
    words: frozenset[str]
    anchor_first: bool
    """Whether a match starts at the anchor word (not when the pattern starts with ``#``)."""
    later_anchors: tuple[tuple[Anchor, ...], ...] = ()
    """The literals of each word after the anchor word (``#`` aside), one tuple of
    alternatives a word: each word must occur for a match, a second cheap check."""


def compile_pattern(source: str, negative_suffix: str = "") -> CompiledPattern:
    """Compile one pattern; ``negative_suffix`` is the language's negative verb ending regex
    (already folded), used by ``+`` words. Capture groups hold what follows each ``+`` stem."""
    tokens = fold(source).split(" ")
    if not tokens or tokens == [""]:
        raise PatternError("empty pattern")
    if tokens[0] in _GAPS or tokens[-1] in _GAPS:
        raise PatternError(f"{source!r}: '...', '~' and '~~' must sit between two words")
    parts: list[str] = []
    anchors: tuple[Anchor, ...] = ()
    later_anchors: list[tuple[Anchor, ...]] = []
    words: set[str] = set()
    previous_gap = True
    for token in tokens:
        if token in _GAPS:
            if previous_gap:
                raise PatternError(f"{source!r}: two gaps in a row")
            parts.append(_GAPS[token])
            previous_gap = True
            continue
        if not previous_gap:
            parts.append(SEPARATOR)
        previous_gap = False
        alternatives = [alt for alt in token.split("|") if alt]
        if not alternatives:
            raise PatternError(f"{source!r}: empty alternative")
        compiled = [_compile_alternative(alt, negative_suffix, source) for alt in alternatives]
        parts.append("(?:" + "|".join(compiled) + ")")
        for alt in alternatives:
            words.update(part.rstrip("*+") for part in alt.split("_"))
        if token == NUMBER:
            continue
        if not anchors:
            anchors = tuple(_anchor(alt) for alt in alternatives)
        else:
            later_anchors.append(tuple(_anchor(alt) for alt in alternatives))
        later_anchors.extend(_joined_anchors(alternatives))
    if not anchors:
        raise PatternError(f"{source!r}: needs at least one word besides '#'")
    regex = re.compile(_WORD_START + "".join(parts))
    return CompiledPattern(
        source, regex, anchors, frozenset(words), tokens[0] != NUMBER, tuple(later_anchors)
    )


def _compile_alternative(alternative: str, negative_suffix: str, source: str) -> str:
    return SEPARATOR.join(
        _compile_word(word, negative_suffix, source) for word in alternative.split("_")
    )


def _compile_word(word: str, negative_suffix: str, source: str) -> str:
    if word == NUMBER:
        return r"\d+" + _WORD_END
    stem = word.rstrip("*+")
    pieces = stem.split("-")
    if not all(re.fullmatch(WORD, piece) for piece in pieces):
        raise PatternError(f"{source!r}: {word!r} is not a word, stem or '#'")
    # Uzbek ʻ is often left out altogether ("qoydi" for "qoʻydi"), so it is optional; the
    # hyphen of "үй-бүлө" is often a space or nothing.
    literal = r"[-\s]?".join(re.escape(piece) for piece in pieces).replace("'", "'?")
    if word.endswith("+"):
        guard = f"(?!{negative_suffix})" if negative_suffix else ""
        return f"{literal}{guard}({_CONTINUATION})"
    if word.endswith("*"):
        return literal + _CONTINUATION
    return literal + _WORD_END


def _joined_anchors(alternatives: list[str]) -> list[tuple[Anchor, ...]]:
    """The literals of the second, third… words that every alternative joins with ``_``: in
    "не_платят|не_дают" the anchor word is "не", in nearly every Russian message, and the
    pattern need not run unless "платят" or "дают" occurs too."""
    joined = [alt.split("_") for alt in alternatives]
    found = []
    for position in range(1, min(len(words) for words in joined)):
        pieces = [words[position] for words in joined]
        if NUMBER not in pieces:
            found.append(tuple(_anchor(piece) for piece in pieces))
    return found


def _anchor(alternative: str) -> Anchor:
    first = alternative.split("_", 1)[0]
    if first == NUMBER:
        raise PatternError(f"{alternative!r}: an alternative may not start with '#'")
    if "-" in first:  # "үй-бүлө", "үй бүлө" and "үйбүлө" all start with the word "үй…"
        return Anchor(first.split("-", 1)[0], exact=False)
    return Anchor(first.rstrip("*+"), exact=not first.endswith(("*", "+")))


def compile_word_set(sources: list[str]) -> re.Pattern[str] | None:
    """One regex matching any of several patterns (negation words, hypothetical markers)."""
    if not sources:
        return None
    return re.compile("|".join(f"(?:{compile_pattern(s).regex.pattern})" for s in sources))
