"""``screen(text, lang)``: which indicators a message shows, with evidence, and how urgent."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from bot.screening.cache import WordCache
from bot.screening.indicator_reader import LANGUAGES, MIN_WORDS, load_reader
from bot.screening.lexicon import (
    CUES,
    HELP_IN_DANGER,
    HELP_REQUEST,
    MINOR,
    Lexicon,
    LexiconPattern,
    load_lexicons,
)
from bot.screening.model import (
    INDICATORS,
    READER_EVIDENCE,
    Evidence,
    Indicator,
    Screening,
    Suppressed,
)
from bot.screening.patterns import Anchor, CompiledPattern
from bot.screening.reader import suspects_danger
from bot.screening.risk import THREAT_OF_VIOLENCE, assess
from bot.screening.situation import tells_no_situation
from bot.text import FoldTable, unmix_scripts

_WORD_RE = re.compile(r"\w+(?:'\w+)*")
_CLAUSE_BREAK = re.compile(r"[.!?;,\n]")
_SENTENCE_BREAK = re.compile(r"[.!?\n]")
# The fold, then the look-alike letters seen in Kyrgyz web text (domain-facts §4.1).
_FOLD = FoldTable(then=str.maketrans({"ɵ": "о", "ʏ": "у"}))
# kk/ky/uz speakers mix Russian clauses into their messages, so Russian is screened with them.
_SCREENED_WITH: dict[str, tuple[str, ...]] = {
    "ru": ("ru",),
    "kk": ("kk", "ru"),
    "ky": ("ky", "ru"),
    "uz": ("uz", "ru"),
    "en": ("en",),
}
_ALL = ("ru", "kk", "ky", "uz", "en")
_TURKIC = frozenset({"kk", "ky", "uz"})
READ_LANGUAGES = frozenset({*LANGUAGES, None, "und"})
NO_SITUATION = "no_situation"
"""Why findings were taken back: the situation reader read no one's situation in the message."""
# Indicators that make a plain plea for help an emergency: the person is held or threatened.
_COERCION = frozenset({"restricted_movement", "threats", "isolation", "violence"})


@dataclass(frozen=True, slots=True)
class _Entry:
    """Something the index can find: a lexicon pattern, or a marker word of some kind."""

    kind: str  # "pattern", or a marker kind of Lexicon.markers ("negation", "work"…)
    lang: str
    compiled: CompiledPattern
    pattern: LexiconPattern | None


@dataclass(frozen=True, slots=True)
class _Lookup:
    """Entries of one kind (the patterns, or the markers), found by the words of a message."""

    entries: tuple[_Entry, ...]
    first: _AnchorTable
    """Entries by the literals of their anchor word."""
    later: _AnchorTable
    """Requirements by their literals: each is a later word of one or more entries."""
    requires: tuple[int, ...]
    """The requirements of each entry, one bit each, all of which must occur for it to
    match."""
    word_hits: WordCache[tuple[tuple[int, ...], int]] = field(
        init=False, repr=False, compare=False
    )
    """The entries each word can start, and the requirements it meets (as bits), once per
    word seen."""

    def __post_init__(self) -> None:
        hits = WordCache(
            lambda word: (self.first.hits(word), sum(1 << n for n in self.later.hits(word)))
        )
        object.__setattr__(self, "word_hits", hits)

    @classmethod
    def build(cls, entries: list[_Entry]) -> _Lookup:
        # One requirement for each distinct later word: "паспорт*" follows the anchor word of
        # dozens of patterns, and a message that has it meets them all with one bit.
        later: dict[tuple[Anchor, ...], int] = {}
        requires = tuple(
            _bits({later.setdefault(word, len(later)) for word in entry.compiled.later_anchors})
            for entry in entries
        )
        return cls(
            entries=tuple(entries),
            first=_AnchorTable.build((n, e.compiled.anchors) for n, e in enumerate(entries)),
            later=_AnchorTable.build((n, word) for word, n in later.items()),
            requires=requires,
        )

    def candidates(self, words: list[tuple[int, int, str]]) -> dict[int, list[int]]:
        """Entries whose anchor word occurs (with where), keeping only those whose later words
        all occur too: most entries then never run their regex at all. The later words are
        gathered first, as bits of one integer, so an entry is dropped before any position is
        noted for it."""
        word_hits = self.word_hits
        hits = [(start, word_hits[word]) for start, _, word in words]  # each word looked up once
        met = 0
        for _, (_, meets) in hits:
            met |= meets
        unmet = ~met
        requires = self.requires
        found: dict[int, list[int]] = {}
        for start, (starts, _) in hits:
            for number in starts:
                if requires[number] & unmet:
                    continue
                positions = found.get(number)
                if positions is None:
                    found[number] = [start]
                else:
                    positions.append(start)
        return found


def _bits(numbers: set[int]) -> int:
    """One bit for each number: a word written twice in a pattern ("паспорт* @things
    @things") is one requirement, and adding its bit twice would carry into another's."""
    return sum(1 << number for number in numbers)


@dataclass(frozen=True, slots=True)
class _Index:
    """What the lexicons of one set of languages can find in a message."""

    patterns: _Lookup
    markers: _Lookup
    """Negation, hypothetical, work and ``unless`` words: looked up only when a finding is
    weighed, see :class:`_Context`."""
    lexicons: dict[str, Lexicon]
    conditional_suffixes: tuple[re.Pattern[str], ...]
    """The lexicons' conditional endings (kk, ky, uz), see :func:`_hypothetical`."""
    conditional_words: tuple[re.Pattern[str], ...]


def languages_for(lang: str | None) -> tuple[str, ...]:
    """Lexicons used for a message in ``lang``; all of them when the language is unknown."""
    return _SCREENED_WITH.get(lang or "und", _ALL)


def screen(text: str, lang: str | None = None, *, read: bool = True) -> Screening:
    """Screen one message. ``lang`` is kk, ky, uz, ru or en; ``None`` or ``und`` uses every
    lexicon (sound for code-switched text). Spans index into ``text``. ``read=False`` leaves
    out the indicator reader: the lexicons alone, as the benchmark also reports them."""
    index = _index(languages_for(lang))
    normalized, offsets = _normalize(text)
    context = _scan(index, _fold(normalized))
    found: dict[str, list[tuple[Evidence, LexiconPattern]]] = {}
    cues: list[tuple[str, Evidence]] = []
    pleas: list[tuple[int, int]] = []  # where a plea stands, in the folded text
    minors: list[tuple[Evidence, LexiconPattern]] = []
    suppressed: list[Suppressed] = []
    for pattern, match in context.matches:
        evidence = _evidence(text, offsets, match, pattern)
        why = _discount(context, index.lexicons[pattern.lang], pattern, match)
        if why:
            suppressed.append(Suppressed(pattern.code, why, evidence))
        elif pattern.code in CUES:
            cues.append((pattern.code, evidence))
            if pattern.code == MINOR:
                minors.append((evidence, pattern))
            else:
                pleas.append(match.span())
        else:
            found.setdefault(pattern.code, []).append((evidence, pattern))
    known = found.keys() | {item.code for item in suppressed}
    # A story about others (a video, the news, hearsay) that the lexicons set aside: the reader
    # would read its words as the writer's own situation.
    story = next(
        (
            item.why
            for item in suppressed
            if item.why in index.lexicons[item.evidence.lang].unless_about_others
        ),
        None,
    )
    added = _read(context, text, offsets, known, lang, pleas) if read and story is None else {}
    if story is not None and not found:
        # Nothing of the writer's own is left, so a plea after the story ("ularni kim
        # qutqaradi", who will save them?) is about the people in it too.
        suppressed.extend(Suppressed(code, story, evidence) for code, evidence in cues)
        cues = []
    # A minor next to another indicator is a child involved (and, by the risk rules, in
    # danger), even where the words about the child name no coercion.
    if minors and (found.keys() | added.keys()) - {"child_involved"}:
        found.setdefault("child_involved", minors)
    indicators = tuple(
        _indicator(code, found[code]) if code in found else added[code]
        for code in INDICATORS
        if code in found or code in added
    )
    hits = [pattern for items in found.values() for _, pattern in items]
    work = any(p.work for p in hits) or (bool(indicators) and context.has_marker("work"))
    urgent = {p.urgent for p in hits if p.urgent}
    codes = {i.code for i in indicators}
    kinds = {code for code, _ in cues}
    if HELP_IN_DANGER in kinds or (HELP_REQUEST in kinds and codes & _COERCION):
        urgent.add(HELP_IN_DANGER)  # "помогите" from someone held or threatened is one
    if "threats" in added and suspects_danger(text):
        # A threat only the reader found may be of the police or of no pay; where the danger
        # reader suspected danger too, blind rounds 16 to 28 labelled every such message urgent
        # (docs/screening.md, "Two readers agree").
        urgent.add(THREAT_OF_VIOLENCE)
    risk, reason = assess(codes, urgent, work)
    # Only a concern: a high risk offers a person, and a real report taken back would lose it.
    # Only a longer message, as for the indicator reader: in "работодатель не заплатил что
    # делать" the question words outweigh the report.
    if read and risk == "concern" and len(context.words) >= MIN_WORDS and tells_no_situation(text):
        suppressed.extend(
            Suppressed(item.code, NO_SITUATION, evidence)
            for item in indicators
            for evidence in item.evidence
        )
        indicators, risk, reason = (), "none", f"none:{NO_SITUATION}"
    return Screening(
        lang=lang if lang in _SCREENED_WITH else "und",
        risk=risk,
        reason=reason,
        indicators=indicators,
        cues=tuple(evidence for _, evidence in cues),
        suppressed=tuple(suppressed),
    )


def _read(
    context: _Context,
    text: str,
    offsets: list[int] | None,
    known: Collection[str],
    lang: str | None,
    pleas: list[tuple[int, int]],
) -> dict[str, Indicator]:
    """What the indicator reader adds: indicators the lexicons neither found nor set aside
    (as negated, hypothetical, a joke…). Beside a plea the lexicons found ("спасите",
    "qutqaringlar") it adds nothing on the strength of the plea and no restricted movement:
    the plea already makes the message urgent, and the reader read "help, they took our
    phones" as restricted movement in every such reading of blind rounds 48 to 50
    (docs/screening.md)."""
    if lang not in READ_LANGUAGES:
        return {}
    readings = load_reader().read([word for _, _, word in context.words], known)
    if not readings:
        return {}
    added: dict[str, Indicator] = {}
    for reading in readings:
        start, end, _ = context.words[reading.word]
        if pleas and (
            reading.code == "restricted_movement"
            or any(first <= start < last for first, last in pleas)
        ):
            continue
        if offsets is not None:
            start, end = offsets[start], offsets[end]
        evidence = Evidence(start, end, text[start:end], READER_EVIDENCE, lang or "und")
        added[reading.code] = Indicator(reading.code, reading.probability, (evidence,))
    return added


def folded_words(text: str) -> list[str]:
    """The words of a message as screening reads them (the indicator reader learns from
    these)."""
    return _WORD_RE.findall(_fold(_normalize(text)[0]))


def _fold(normalized: str) -> str:
    """The text patterns are matched against, aligned with ``normalized`` character for
    character."""
    return unmix_scripts(normalized.translate(_FOLD))


@lru_cache(maxsize=16)
def _index(langs: tuple[str, ...]) -> _Index:
    lexicons = load_lexicons()
    patterns: list[_Entry] = []
    markers: list[_Entry] = []
    for lang in langs:
        lexicon = lexicons[lang]
        patterns.extend(_Entry("pattern", lang, p.compiled, p) for p in lexicon.patterns)
        for kind, compiled in lexicon.markers.items():
            markers.extend(_Entry(kind, lang, item, None) for item in compiled)
    chosen = [lexicons[lang] for lang in langs]
    return _Index(
        patterns=_Lookup.build(patterns),
        markers=_Lookup.build(markers),
        lexicons={lang: lexicons[lang] for lang in langs},
        conditional_suffixes=tuple(
            lex.conditional_suffix for lex in chosen if lex.conditional_suffix
        ),
        conditional_words=tuple(lex.conditional_word for lex in chosen if lex.conditional_word),
    )


@dataclass(frozen=True, slots=True)
class _AnchorTable:
    """Entries by the literal a word must equal (``exact``) or start with (``prefix``)."""

    exact: dict[str, tuple[int, ...]]
    prefix: dict[str, tuple[int, ...]]
    prefix_lengths: tuple[int, ...]

    @classmethod
    def build(cls, items: Iterable[tuple[int, tuple[Anchor, ...]]]) -> _AnchorTable:
        exact: dict[str, list[int]] = {}
        prefix: dict[str, list[int]] = {}
        for number, anchors in items:
            for anchor in anchors:
                table = exact if anchor.exact else prefix
                for form in {anchor.text, anchor.text.replace("'", "")}:
                    table.setdefault(form, []).append(number)
        return cls(
            exact={key: tuple(value) for key, value in exact.items()},
            prefix={key: tuple(value) for key, value in prefix.items()},
            prefix_lengths=tuple(sorted({len(key) for key in prefix})),
        )

    def hits(self, word: str) -> tuple[int, ...]:
        found = list(self.exact.get(word, ()))
        size = len(word)
        for length in self.prefix_lengths:
            if length > size:
                break
            found.extend(self.prefix.get(word[:length], ()))
        return tuple(sorted(set(found)))


class _Context:
    """One message, scanned: its words, the pattern matches, and where the markers stand.

    Markers (negation, hypothetical, work and ``unless`` words) are looked for only when a
    match or the risk rules ask about them, and then one kind at a time: most messages match
    nothing, and a match asks about a few of the many kinds."""

    def __init__(self, index: _Index, folded: str, words: list[tuple[int, int, str]]) -> None:
        self.index = index
        self.folded = folded
        self.words = words
        self.starts = [start for start, _, _ in words]
        self.matches: list[tuple[LexiconPattern, re.Match[str]]] = []
        self.marker_ends: dict[tuple[str, int], int] = {}
        """Where the longest ``unless`` marker of a kind that starts at a position ends (only
        those are checked for a negator after them)."""
        self._candidates: dict[str, list[tuple[_Entry, list[int]]]] | None = None
        self._markers: dict[str, dict[str, list[int]]] = {}
        """Kind → lexicon → where its markers start, for the kinds asked about so far."""

    def marker_starts(self, kind: str, lang: str) -> list[int]:
        """Markers of ``kind`` that apply to a pattern of ``lang``.

        When several lexicons screen one message, a marker counts whichever lexicon it comes
        from: Kazakh "жоқ" negates a Kyrgyz or Uzbek pattern matching the same words, and
        "если" makes a Kazakh clause hypothetical. Russian and English negators stay with their
        own patterns, because Kazakh "не" means "what" ("не істеймін?").
        """
        found: list[int] = []
        negation = kind.startswith("negation")
        for marker_lang, starts in self._markers_of(kind).items():
            shared = lang in _TURKIC and marker_lang in _TURKIC
            if negation and marker_lang != lang and not shared:
                continue
            found.extend(starts)
        return found

    def has_marker(self, kind: str) -> bool:
        """Whether a marker of ``kind`` stands anywhere in the message, in any lexicon."""
        return bool(self._markers_of(kind))

    def _markers_of(self, kind: str) -> dict[str, list[int]]:
        found = self._markers.get(kind)
        if found is not None:
            return found
        if self._candidates is None:
            self._candidates = {}
            entries = self.index.markers.entries
            for number, positions in self.index.markers.candidates(self.words).items():
                entry = entries[number]
                self._candidates.setdefault(entry.kind, []).append((entry, positions))
        found = self._markers[kind] = {}
        for entry, positions in self._candidates.get(kind, ()):
            matches = _run(entry.compiled, self.folded, positions)
            if not matches:
                continue
            found.setdefault(entry.lang, []).extend(m.start() for m in matches)
            if kind.startswith("unless:"):
                for match in matches:
                    key = (kind, match.start())
                    self.marker_ends[key] = max(match.end(), self.marker_ends.get(key, 0))
        return found


def _scan(index: _Index, folded: str) -> _Context:
    """Run only the patterns whose anchor word occurs, and only where it occurs."""
    words = _words(folded)
    context = _Context(index, folded, words)
    entries = index.patterns.entries
    for number, positions in index.patterns.candidates(words).items():
        entry = entries[number]
        pattern = entry.pattern
        assert pattern is not None  # this lookup holds the patterns only
        for match in _run(entry.compiled, folded, positions):
            context.matches.append((pattern, match))
    return context


def _words(folded: str) -> list[tuple[int, int, str]]:
    """Each word of the folded text, with where it starts and ends."""
    return [(m.start(), m.end(), m.group()) for m in _WORD_RE.finditer(folded)]


def _run(compiled: CompiledPattern, folded: str, positions: list[int]) -> list[re.Match[str]]:
    if not compiled.anchor_first:
        return list(compiled.regex.finditer(folded))
    match_at = compiled.regex.match
    found = []
    for position in positions:
        match = match_at(folded, position)
        if match is not None:
            found.append(match)
    return found


def _discount(
    context: _Context, lexicon: Lexicon, pattern: LexiconPattern, match: re.Match[str]
) -> str | None:
    """Why a match does not describe the person's situation, or ``None`` if it does."""
    if not pattern.has_negation and _negated(context, lexicon, match.start(), match.end()):
        return "negated"
    # Checked before the urgent rule: "могут не выпустить на границе" is an exit ban, not
    # someone held, and calling it an emergency would send the wrong help. A list counts in
    # the match's clause, in its whole sentence (`scope: sentence`), or anywhere after it
    # (`scope: later`).
    for name in pattern.unless:
        kind = f"unless:{name}"
        markers = [
            start
            for start in _true_markers(context, lexicon, context.marker_starts(kind, lexicon.lang))
            # "Не по своей воле", "өз еркіммен емес": against one's will is no own choice.
            if not _negated(
                context, lexicon, start, context.marker_ends[(kind, start)], within=False
            )
        ]
        scope = lexicon.unless_scope(name)
        if scope == "later":
            near = _later(match, markers)
        else:
            reach = _SENTENCE_BREAK if scope == "sentence" else _CLAUSE_BREAK
            near = _beside(context, match, markers, reach)
        if near:
            return name
    if pattern.urgent or pattern.conditional_ok:
        return None  # a missed emergency is worse than a false alarm; threats are conditional
    if _hypothetical(context, lexicon, match):
        return "hypothetical"
    return None


def _negated(
    context: _Context, lexicon: Lexicon, start: int, end: int, *, within: bool = True
) -> bool:
    """Whether the words ``folded[start:end]`` are negated in their clause. ``within`` is for
    a match ("паспорт никто не забирал"): negators among its words count. A reason to discount
    one may hold its own ("никто не заставляет"), so for it only a negator right beside it
    counts: in "уйти не могу пока не закрою долг" the first "не" is the verb's."""
    markers = context.marker_starts("negation", lexicon.lang)
    # Turkic "жоқ", "емес"… negate what stands before them: in "ақша жоқ үйге жібермейді"
    # the "жоқ" belongs to the money, not to the verb that follows it.
    after_only = context.marker_starts("negation_after", lexicon.lang)
    if not markers and not after_only:
        return False
    before, after = lexicon.negation_before, lexicon.negation_after
    if not within:
        before, after = min(before, 1), min(after, 1)
    first, last = _clause_window(context, start, end, before, after)
    if within:
        return any(first <= m < last for m in markers) or any(
            start <= m < last for m in after_only
        )
    return any(first <= m < start or end <= m < last for m in markers) or any(
        end <= m < last for m in after_only
    )


def _beside(
    context: _Context, match: re.Match[str], markers: list[int], breaks: re.Pattern[str]
) -> bool:
    """Whether a marker stands in the stretch of text around ``match`` that ``breaks`` bound:
    its clause (:data:`_CLAUSE_BREAK`) or its sentence (:data:`_SENTENCE_BREAK`)."""
    if not markers:
        return False
    folded = context.folded
    start = max((m.end() for m in breaks.finditer(folded, 0, match.start())), default=0)
    after = breaks.search(folded, match.end())
    end = after.start() if after else len(folded)
    return any(start <= marker < end for marker in markers)


def _later(match: re.Match[str], markers: list[int]) -> bool:
    """Whether a marker stands after the start of ``match``, anywhere further on: news told
    after a trouble can end it, news told before it cannot."""
    return any(marker > match.start() for marker in markers)


def _clause_window(
    context: _Context, start: int, end: int, before: int, after: int
) -> tuple[int, int]:
    """``start``–``end`` widened by up to ``before`` and ``after`` words, within the clause."""
    words, folded = context.words, context.folded
    first = bisect_left(context.starts, start)
    for number in range(first - 1, max(first - 1 - before, -1), -1):
        if _CLAUSE_BREAK.search(folded, words[number][1], start):
            break
        start = words[number][0]
    following = bisect_left(context.starts, end)
    for number in range(following, min(following + after, len(words))):
        if _CLAUSE_BREAK.search(folded, end, words[number][0]):
            break
        end = words[number][1]
    return start, end


def _hypothetical(context: _Context, lexicon: Lexicon, match: re.Match[str]) -> bool:
    for suffix in context.index.conditional_suffixes:
        for ending in match.groups():
            if ending and suffix.match(ending):
                return True
    # Only for a Turkic pattern: after a Russian match, "все" is not a Kazakh conditional.
    if lexicon.conditional_word is not None and _conditional_verb(context, match):
        return True
    # "Имеет ли право держать паспорт?" asks about the law; "забрал паспорт, разве он имеет
    # право?" tells a fact and then asks, so such questions count only in the match's clause.
    in_clause, in_sentence = (
        _true_markers(context, lexicon, context.marker_starts(kind, lexicon.lang))
        for kind in ("hypothetical_clause", "hypothetical")
    )
    return _beside(context, match, in_clause, _CLAUSE_BREAK) or _beside(
        context, match, in_sentence, _SENTENCE_BREAK
    )


def _true_markers(context: _Context, lexicon: Lexicon, markers: list[int]) -> list[int]:
    """``markers`` without those that only look hypothetical: "если честно" (honestly) and
    "если что" (just in case) start with "if" and ask nothing, in any list that holds "если"."""
    if not markers:
        return markers
    not_markers = context.marker_starts("hypothetical_not", lexicon.lang)
    if not not_markers:
        return markers
    return [marker for marker in markers if marker not in not_markers]


def _conditional_verb(context: _Context, match: re.Match[str]) -> bool:
    """Whether the matched verb is in the conditional further on: at the end of what a ``+``
    verb adds ("паспортун алып коюшса", if they take her passport), or on the auxiliary right
    after the match in the same clause ("айлықты бермей қойса", if he does not pay). A word
    the pattern spells out is not looked at: "келсек" (when we came) is how deception is told."""
    patterns = context.index.conditional_words
    if not patterns:
        return False
    candidates = [ending for ending in match.groups() if ending]
    following = bisect_left(context.starts, match.end())
    if following < len(context.words):
        start, _, word = context.words[following]
        if not _CLAUSE_BREAK.search(context.folded, match.end(), start):
            candidates.append(word)
    return any(pattern.search(word) for pattern in patterns for word in candidates)


def _indicator(code: str, items: list[tuple[Evidence, LexiconPattern]]) -> Indicator:
    evidence: list[Evidence] = []
    for item, _ in sorted(items, key=lambda pair: (pair[0].start, -pair[0].end)):
        if evidence and item.start < evidence[-1].end:
            continue  # overlapping matches of one indicator: keep the first, longest
        evidence.append(item)
    confidence = max(pattern.confidence for _, pattern in items)
    if len(evidence) > 1:
        confidence = min(0.99, confidence + 0.05 * (len(evidence) - 1))
    return Indicator(code, round(confidence, 2), tuple(evidence))


def _evidence(
    text: str, offsets: list[int] | None, match: re.Match[str], pattern: LexiconPattern
) -> Evidence:
    start, end = match.span()
    if offsets is not None:
        start, end = offsets[start], offsets[end]
    return Evidence(start, end, text[start:end], pattern.id, pattern.lang)


def _normalize(text: str) -> tuple[str, list[int] | None]:
    """NFC text, and (only when that changed it) where each NFC character came from."""
    if unicodedata.is_normalized("NFC", text):
        return text, None
    pieces: list[str] = []
    offsets: list[int] = []
    cluster_start = 0
    for position in range(1, len(text) + 1):
        if position == len(text) or unicodedata.combining(text[position]) == 0:
            piece = unicodedata.normalize("NFC", text[cluster_start:position])
            pieces.append(piece)
            offsets.extend([cluster_start] * len(piece))
            cluster_start = position
    offsets.append(len(text))
    return "".join(pieces), offsets


def pattern_verdicts(pattern: LexiconPattern, text: str) -> list[str | None]:
    """For each place ``pattern`` matches ``text``: ``None`` if it counts, else why not
    ("negated", "hypothetical"). An empty list where the index would not run it (its anchor
    word or a later word is missing), so the lexicon examples, checked with this, check the
    index too."""
    index = _index((pattern.lang,))
    context = _scan(index, _fold(_normalize(text)[0]))
    entries = index.patterns.entries
    if all(entries[n].pattern is not pattern for n in index.patterns.candidates(context.words)):
        return []
    lexicon = index.lexicons[pattern.lang]
    return [
        _discount(context, lexicon, pattern, match)
        for match in pattern.compiled.regex.finditer(context.folded)
    ]
