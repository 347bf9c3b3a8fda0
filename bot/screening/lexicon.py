"""Loading the lexicon files (``lexicon/<lang>.yaml``) into compiled, indexed patterns."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from bot.screening.model import INDICATORS
from bot.screening.patterns import CompiledPattern, PatternError, compile_pattern, compile_word_set
from bot.screening.risk import URGENT_REASONS
from bot.text import fold

LEXICON_DIR = Path(__file__).with_name("lexicon")
LEXICON_LANGUAGES: tuple[str, ...] = ("ru", "kk", "ky", "uz", "en")
HELP_IN_DANGER = "help_in_danger"
"""Not an indicator: an explicit call for help from someone in danger, which is urgent alone."""
HELP_REQUEST = "help_request"
"""Not an indicator: a plain plea ("помогите"), urgent only next to a sign of coercion."""
MINOR = "minor"
"""Not an indicator: the writer or someone they speak of is under 18. Next to any indicator it
becomes ``child_involved``, urgent: for children, exploitation alone is enough (Delphi lists)."""
CUES: tuple[str, ...] = (HELP_IN_DANGER, HELP_REQUEST, MINOR)
UNLESS_SCOPES = ("clause", "sentence", "later")
"""Where an ``unless`` list counts, narrowest first: the match's clause, its sentence, or
anywhere after the match (see :attr:`Lexicon.unless_later`)."""


@dataclass(frozen=True, slots=True)
class Examples:
    """Sentences a pattern must find (``match``) and must not count (``no_match``)."""

    match: tuple[str, ...]
    no_match: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class LexiconPattern:
    """One pattern of a lexicon file, with what a match of it means."""

    id: str
    lang: str
    code: str
    compiled: CompiledPattern
    confidence: float
    urgent: str | None
    work: bool
    conditional_ok: bool
    has_negation: bool
    examples: Examples
    unless: tuple[str, ...] = ()
    """Names of the lexicon's ``unless`` word lists: one of them in the same clause means the
    match is about something else, and the name is reported as the reason."""


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Everything screening needs for one language."""

    lang: str
    patterns: tuple[LexiconPattern, ...]
    negation_before: int
    negation_after: int
    conditional_suffix: re.Pattern[str] | None
    """The conditional ending at the start of what a ``+`` verb adds ("қой+" in "қойса")."""
    conditional_word: re.Pattern[str] | None
    """A whole word that ends in the conditional, with at most a person ending after it
    ("коюшса", "қойсаң"): the verb of a compound, or the auxiliary that follows the match."""
    markers: dict[str, tuple[CompiledPattern, ...]]
    """Word patterns by kind: ``negation``, ``negation_after`` (post-positive negators, which
    cancel only what stands before them), ``hypothetical``, ``hypothetical_clause`` (questions
    that count only in the match's own clause), ``hypothetical_not`` (phrases that begin with a
    hypothetical marker and are none: "если честно", honestly), ``work`` (work context) and
    ``unless:<name>`` for each list of ``unless`` words."""
    unless_in_sentence: frozenset[str] = frozenset()
    """Names of the ``unless`` lists that count anywhere in the match's sentence; the others
    count only in its clause (or, for :attr:`unless_later`, further on)."""
    unless_later: frozenset[str] = frozenset()
    """Names of the ``unless`` lists that count anywhere after the match, in its sentence or a
    later one: news told after the trouble ("…then he paid it all") overrides it, news told
    before it ("he paid it all last year; now he is late again") does not."""
    unless_about_others: frozenset[str] = frozenset()
    """Names of the ``unless`` lists that mark a story about others (a video, the news,
    hearsay): when one sets a match aside, the indicator reader does not read the message."""

    def unless_scope(self, name: str) -> str:
        """Where the ``unless`` list ``name`` counts: one of :data:`UNLESS_SCOPES`."""
        if name in self.unless_later:
            return "later"
        return "sentence" if name in self.unless_in_sentence else "clause"


class LexiconError(ValueError):
    """A lexicon file that does not follow the format in docs/screening.md."""


def load_lexicon(path: Path) -> Lexicon:
    """Read and compile one lexicon file."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    try:
        return _build(data, path.stem)
    except (PatternError, KeyError, TypeError) as error:
        raise LexiconError(f"{path.name}: {error}") from error


@lru_cache(maxsize=8)
def load_lexicons(directory: Path = LEXICON_DIR) -> dict[str, Lexicon]:
    """Every lexicon in ``directory``, compiled once per process."""
    return {lang: load_lexicon(directory / f"{lang}.yaml") for lang in LEXICON_LANGUAGES}


def _build(data: dict[str, Any], lang: str) -> Lexicon:
    if data.get("lang") != lang:
        raise LexiconError(f"'lang' must be {lang!r}")
    data = _expand_word_sets(data)
    negation = data.get("negation") or {}
    hypothetical = data.get("hypothetical") or {}
    negative_suffix = _folded_regex(negation.get("verb_suffix", ""))
    negation_words = list(negation.get("words", []))
    postpositive = list(negation.get("postpositive", []))
    negation_re = compile_word_set(negation_words + postpositive)
    # "hech_kim" is two words: a pattern holds it as part of an alternative, not as a word.
    phrases = tuple(word for word in negation_words if "_" in word)
    unless, scopes, about_others = _unless_lists(data.get("unless") or {})
    conditional = _folded_regex(hypothetical.get("verb_suffix", ""))
    conditional_word = f"(?:{conditional}){_PERSON_ENDING}$" if conditional else ""
    patterns: list[LexiconPattern] = []
    groups = dict(data.get("indicators") or {})
    for cue in CUES:
        if data.get(cue):
            groups[cue] = data[cue]
    for code, group in groups.items():
        if code not in INDICATORS and code not in CUES:
            raise LexiconError(f"unknown indicator code {code!r}")
        patterns.extend(_group_patterns(lang, code, group, negative_suffix, negation_re, phrases))
    for pattern in patterns:
        unknown = set(pattern.unless) - set(unless)
        if unknown:
            raise LexiconError(f"{pattern.id}: unknown 'unless' list {sorted(unknown)}")
    return Lexicon(
        lang=lang,
        patterns=tuple(patterns),
        negation_before=int(negation.get("before", 2)),
        negation_after=int(negation.get("after", 1)),
        conditional_suffix=re.compile(conditional) if conditional else None,
        conditional_word=re.compile(conditional_word) if conditional_word else None,
        markers={
            "negation": _compile_all(negation_words),
            "negation_after": _compile_all(postpositive),
            "hypothetical": _compile_all(hypothetical.get("markers", [])),
            "hypothetical_clause": _compile_all(hypothetical.get("clause_markers", [])),
            "hypothetical_not": _compile_all(hypothetical.get("not_markers", [])),
            "work": _compile_all(data.get("work_context", [])),
            **{f"unless:{name}": _compile_all(words) for name, words in unless.items()},
        },
        unless_in_sentence=frozenset(n for n, scope in scopes.items() if scope == "sentence"),
        unless_later=frozenset(n for n, scope in scopes.items() if scope == "later"),
        unless_about_others=about_others,
    )


_SET_NAME = re.compile(r"(?<![\w@])@(\w+)([*+]?)")
# Keys whose values are not patterns: examples are messages, and a word set is expanded once.
_NOT_PATTERNS = frozenset({"examples", "word_sets", "lang", "id"})


def _expand_word_sets(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` with each ``@name`` in a pattern or a marker replaced by the alternatives that
    ``word_sets`` gives that name, so a long list of forms is written once ("долг|долга|…",
    without "долго", for a long time) and every pattern that uses it stays the same."""
    sets = {str(name): str(words) for name, words in (data.get("word_sets") or {}).items()}
    for name, words in sets.items():
        if not words or " " in words or "@" in words:
            raise LexiconError(f"word set {name!r}: one word's alternatives, without '@'")

    def expand(value: Any) -> Any:
        if isinstance(value, str):
            return _SET_NAME.sub(lambda found: _word_set(sets, *found.groups()), value)
        if isinstance(value, list):
            return [expand(item) for item in value]
        if isinstance(value, dict):
            return {
                key: item if key in _NOT_PATTERNS else expand(item) for key, item in value.items()
            }
        return value

    return {key: value for key, value in expand(data).items() if key != "word_sets"}


def _word_set(sets: dict[str, str], name: str, ending: str) -> str:
    if name not in sets:
        raise LexiconError(f"unknown word set '@{name}'")
    if ending:
        raise LexiconError(f"'@{name}{ending}': a word set takes no '*' or '+'")
    return sets[name]


def _unless_lists(
    data: dict[str, Any],
) -> tuple[dict[str, list[str]], dict[str, str], frozenset[str]]:
    """The ``unless`` lists, the scope of each (``clause``, ``sentence`` or ``later``), and
    which of them mark a story about others.

    A list is either its words (they count in the match's clause) or ``{scope: sentence,
    about_others: true, words: [...]}`` (both keys optional): "қарыз жазып қойды, айлықтан
    ұстап қалады" names the debt one clause before the pay it is taken from. ``scope: later``
    is for news told after the trouble, such as pay put right.
    """
    lists: dict[str, list[str]] = {}
    scopes: dict[str, str] = {}
    about_others: set[str] = set()
    for name, value in data.items():
        scope = "clause"
        if isinstance(value, dict):
            scope = value.get("scope", "clause")
            if scope not in UNLESS_SCOPES:
                raise LexiconError(f"unless list {name!r}: unknown scope {scope!r}")
            if value.get("about_others", False) is True:
                about_others.add(str(name))
            value = value["words"]
        scopes[str(name)] = scope
        lists[str(name)] = list(value)
    return lists, scopes, frozenset(about_others)


def _group_patterns(
    lang: str,
    code: str,
    group: dict[str, Any],
    negative_suffix: str,
    negation_re: re.Pattern[str] | None,
    negation_phrases: tuple[str, ...],
) -> list[LexiconPattern]:
    result = []
    default_confidence = float(group.get("confidence", 0.8))
    for number, item in enumerate(group["patterns"], start=1):
        compiled = compile_pattern(item["pattern"], negative_suffix)
        urgent = item.get("urgent", group.get("urgent"))
        if urgent is not None and urgent not in URGENT_REASONS:
            raise LexiconError(f"{item['pattern']!r}: unknown urgent reason {urgent!r}")
        examples = item.get("examples") or {}
        has_negation = (
            negation_re is not None and any(negation_re.fullmatch(w) for w in compiled.words)
        ) or any(phrase in item["pattern"] for phrase in negation_phrases)
        result.append(
            LexiconPattern(
                id=item.get("id") or f"{lang}.{code}.{number}",
                lang=lang,
                code=code,
                compiled=compiled,
                confidence=float(item.get("confidence", default_confidence)),
                urgent=urgent,
                work=bool(item.get("work", group.get("work", False))),
                conditional_ok=bool(
                    item.get("conditional_ok", group.get("conditional_ok", False))
                ),
                has_negation=has_negation,
                examples=Examples(
                    tuple(examples.get("match", [])), tuple(examples.get("no_match", []))
                ),
                unless=_names(item.get("unless", group.get("unless"))),
            )
        )
    return result


def _names(value: str | list[str] | None) -> tuple[str, ...]:
    """``unless: travel_ban`` or ``unless: [travel_ban, tax]``."""
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


def _compile_all(sources: list[str]) -> tuple[CompiledPattern, ...]:
    return tuple(compile_pattern(source) for source in sources)


# Person endings that may follow a conditional: "қойсам" (if I), "қойсаң" (if you), "qo'ysak".
_PERSON_ENDING = "(?:м|н|к|ныз|низ|ндар|нар|ныздар|m|k|q|ng|ngiz|ngizlar)?"


def _folded_regex(source: str) -> str:
    """Suffix regexes are written in plain letters; fold them like the text."""
    return fold(source) if source else ""
