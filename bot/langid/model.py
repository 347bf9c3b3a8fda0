"""Deterministic naive Bayes scoring over the trained langdetect profiles.

langdetect's own ``Detector`` samples n-grams at random and is slow, so the profiles are scored
directly: each profile's 3- to 5-gram counts become log-probabilities once, at first use, and a
message's score for a profile is the sum over its n-grams (naive Bayes). The letters a message
carries then move the scores (see :mod:`bot.langid.features`), and so may the conversation's
language. The same text always gets the same answer.
"""

from __future__ import annotations

import itertools
import json
import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from bot.langid import features

PROFILE_DIR = Path(__file__).resolve().parent / "profiles"

OUTPUT_LABELS: tuple[str, ...] = ("kk", "ky", "uz", "ru", "en")
UNDETERMINED = "und"

# Profile name -> language. Turkish and Tajik are catch-alls that the output reports as "und".
PROFILE_LANGS: dict[str, str] = {
    "kk": "kk", "kk_rukb": "kk", "kk_latn": "kk",
    "ky": "ky", "ky_rukb": "ky", "ky_latn": "ky",
    "uz": "uz", "uz_cyrl": "uz", "uz_rukb": "uz", "uz_latn": "uz",
    "ru": "ru", "ru_latn": "ru",
    "en": "en",
    "tr": "tr",
    "tg": "tg", "tg_rukb": "tg", "tg_latn": "tg",
}  # fmt: skip

# Which profiles compete for a message, by its script. Cyrillic is read both as written and as
# typed on a Russian keyboard (the *_rukb profiles, trained on russified text); all profiles of a
# script are scored over the same n-grams, so their scores compare.
CYRILLIC = ("kk", "ky", "uz_cyrl", "ru", "tg", "kk_rukb", "ky_rukb", "uz_rukb", "tg_rukb")
LATIN = ("en", "uz", "uz_latn", "tr", "kk_latn", "ky_latn", "ru_latn", "tg_latn")
RUSSIAN_KEYBOARD_PROFILES = frozenset({"kk_rukb", "ky_rukb", "uz_rukb", "tg_rukb"})

# An unseen gram counts as this share of the rarest gram the profile kept.
UNSEEN_SHARE = 0.1
# Weight of each n-gram order (1- to 5-grams). With 3- to 5-grams, the 1- and 2-grams changed
# no answer on the dev split, so they are not read (features.MIN_SCORED_ORDER).
ORDER_WEIGHTS = (0.0, 0.0, 1.0, 1.0, 1.0)
# Log-score cost of reading plain Cyrillic as Russian-keyboard typing rather than as written.
RUSSIAN_KEYBOARD_COST = 1.0
# Log-score cost of Turkish and Tajik: they are there to catch text in those languages, which
# Senim rarely sees, not to compete with Uzbek, Kazakh or Kyrgyz on every short message.
CATCH_ALL_COST = 2.0
CATCH_ALL_LANGS = frozenset({"tr", "tg"})
# Log-score cost of each letter missing from a language's alphabet (e.g. ә for Kyrgyz).
FOREIGN_LETTER_PENALTY = 20.0
# Log-score bonus per Uzbek oʻ/gʻ word in Latin text.
UZBEK_DIGRAPH_BONUS = 4.0
# Scores are sums over n-grams that are far from independent; this tempers them into
# probabilities.
TEMPERATURE = 0.07
# Prior: log-score bonus for the conversation's language on messages of up to PRIOR_FULL_WORDS
# words, fading to nothing at PRIOR_NONE_WORDS words.
PRIOR_BONUS = 6.0
PRIOR_FULL_WORDS = 3
PRIOR_NONE_WORDS = 8
# Fixed-point packing of costs (see pack_costs): 1/1000 nat resolution, 48-bit fields, which
# hold the cost of any message of up to MAX_CHARS characters.
COST_SCALE = 1000
COST_BITS = 48
MAX_CHARS = 4000
WORD_CACHE_SIZE = 100_000
# Fewer letters than this, or a confidence under MIN_CONFIDENCE, and the answer is "und".
MIN_LETTERS = 3
MIN_CONFIDENCE = 0.35


@dataclass(frozen=True)
class Detection:
    """The language of one message, how sure the detector is (0-1) and its script.

    ``script`` is "Cyrl", "Latn" or "Zyyy" (no letters of either: digits, emoji, other scripts).
    ``words`` is how many words were read, so callers can tell a one-word "ок" from a sentence.
    """

    lang: str
    confidence: float
    script: str
    words: int = 0


@dataclass(frozen=True)
class ProfileSet:
    """Log-probability tables of the profiles that compete for one kind of message."""

    names: tuple[str, ...]
    langs: tuple[str, ...]
    costs: tuple[float, ...]  # fixed log-cost of each profile's reading
    table: dict[str, int]  # gram -> packed costs (see pack_costs)
    word_cache: dict[str, int] = field(default_factory=dict, compare=False)


def load_profile(path: Path) -> dict:
    """One profile in langdetect's JSON format."""
    return json.loads(path.read_text(encoding="utf-8"))


def log_probabilities(profile: dict) -> tuple[dict[str, float], tuple[float, ...]]:
    """Per-gram weighted log-probabilities and the per-order floor for unseen grams.

    Training kept only the most frequent grams of each order, so an unseen gram was rarer than
    the rarest kept one: the floor is a share of that, which keeps a large profile (Kazakh)
    from being punished for the grams it pruned.
    """
    totals = profile["n_words"]
    rarest = [math.inf] * len(totals)
    table = {}
    for gram, count in profile["freq"].items():
        order = len(gram) - 1
        rarest[order] = min(rarest[order], count)
        if ORDER_WEIGHTS[order]:  # grams of an unweighted order are not scored at all
            table[gram] = ORDER_WEIGHTS[order] * math.log(count / totals[order])
    floors = tuple(
        ORDER_WEIGHTS[order] * math.log(UNSEEN_SHARE * min(rarest[order], total) / max(total, 1))
        for order, total in enumerate(totals)
    )
    return table, floors


def pack_costs(costs: list[float]) -> int:
    """Pack one gram's costs (negated log-probabilities), one per profile, into one integer.

    Each profile gets a COST_BITS-wide field of fixed-point cost, so the costs of all of a
    message's grams under all profiles add up in a single ``sum`` over integers; that keeps
    scoring at C speed without numpy.
    """
    packed = 0
    for index, cost in enumerate(costs):
        packed |= round(cost * COST_SCALE) << (COST_BITS * index)
    return packed


def unpack_scores(packed: int, count: int) -> list[float]:
    """The per-profile log-scores (negated summed costs) held in a packed sum."""
    mask = (1 << COST_BITS) - 1
    return [-((packed >> (COST_BITS * index)) & mask) / COST_SCALE for index in range(count)]


def build_set(names: tuple[str, ...], profile_dir: Path) -> ProfileSet:
    """Merge profiles into one table: gram -> packed costs under each profile."""
    tables = []
    for name in names:
        tables.append(log_probabilities(load_profile(profile_dir / f"{name}.json")))
    grams = set().union(*(table for table, _ in tables))
    merged = {
        gram: pack_costs([-table.get(gram, floors[len(gram) - 1]) for table, floors in tables])
        for gram in grams
    }
    langs = tuple(PROFILE_LANGS[name] for name in names)
    return ProfileSet(names, langs, tuple(profile_cost(name) for name in names), merged)


def profile_cost(name: str) -> float:
    """The fixed log-cost of reading a message with this profile."""
    cost = RUSSIAN_KEYBOARD_COST if name in RUSSIAN_KEYBOARD_PROFILES else 0.0
    if PROFILE_LANGS[name] in CATCH_ALL_LANGS:
        cost += CATCH_ALL_COST
    return cost


@lru_cache(maxsize=4)
def profile_sets(profile_dir: Path = PROFILE_DIR) -> dict[str, ProfileSet]:
    """The profiles of each script, loaded once."""
    return {"Cyrl": build_set(CYRILLIC, profile_dir), "Latn": build_set(LATIN, profile_dir)}


def reload_profiles() -> None:
    """Forget the loaded profiles (after training)."""
    profile_sets.cache_clear()


def ngram_scores(set_name: str, prepared: str) -> list[float]:
    """Sum of n-gram log-probabilities per profile of the named set.

    A gram that no profile of the set knows adds nothing: it is evidence for none of them.
    Each word's packed sum is kept (up to WORD_CACHE_SIZE words), since chat words repeat.
    """
    profile_set = profile_sets()[set_name]
    table, cache = profile_set.table, profile_set.word_cache
    packed = 0
    for word in prepared.split():
        word_sum = cache.get(word)
        if word_sum is None:
            word_sum = sum(map(table.get, features.scored_grams(word), itertools.repeat(0)))
            if len(cache) < WORD_CACHE_SIZE:
                cache[word] = word_sum
        packed += word_sum
    return unpack_scores(packed, len(profile_set.names))


def letter_evidence(langs: tuple[str, ...], prepared: str, script: str) -> list[float] | None:
    """Penalties for letters a language does not write; a bonus for Uzbek Latin digraphs.

    None when the message has no such letters (most messages), to skip the work.
    """
    if script == "Cyrl":
        special = features.SPECIAL_CYRILLIC_RE.findall(prepared)
        if not special:
            return None
        return [
            -FOREIGN_LETTER_PENALTY
            * sum(char not in features.CYRILLIC_ALPHABETS[lang] for char in special)
            for lang in langs
        ]
    if features.APOSTROPHE not in prepared:
        return None
    digraphs = len(features.UZBEK_DIGRAPH_RE.findall(prepared))
    return [UZBEK_DIGRAPH_BONUS * digraphs if lang == "uz" else 0.0 for lang in langs]


def prior_bonus(words: int) -> float:
    """How much the conversation's language counts for a message of ``words`` words."""
    if words <= PRIOR_FULL_WORDS:
        return PRIOR_BONUS
    if words >= PRIOR_NONE_WORDS:
        return 0.0
    return PRIOR_BONUS * (PRIOR_NONE_WORDS - words) / (PRIOR_NONE_WORDS - PRIOR_FULL_WORDS)


def softmax(scores: dict[str, float]) -> dict[str, float]:
    best = max(scores.values())
    weights = {lang: math.exp((score - best) * TEMPERATURE) for lang, score in scores.items()}
    total = sum(weights.values())
    return {lang: weight / total for lang, weight in weights.items()}


def language_scores(text: str, prior: str | None = None) -> tuple[dict[str, float], str, int]:
    """Posterior per language (tr and tg included), the script, and the word count."""
    prepared = features.prepare(text[:MAX_CHARS])
    cyrillic, latin, other = features.letter_counts(prepared)
    words = len(prepared.split())
    if cyrillic + latin == 0:
        return {}, "Zyyy", words
    script = "Latn" if latin > cyrillic else "Cyrl"
    if cyrillic + latin < MIN_LETTERS or other > cyrillic + latin:
        return {}, script, words
    profile_set = profile_sets()[script]
    scores = ngram_scores(script, prepared)
    evidence = letter_evidence(profile_set.langs, prepared, script)
    if evidence is not None:
        scores = [score + adjust for score, adjust in zip(scores, evidence, strict=True)]
    by_lang: dict[str, float] = {}
    for lang, score, cost in zip(profile_set.langs, scores, profile_set.costs, strict=True):
        by_lang[lang] = max(by_lang.get(lang, -math.inf), score - cost)
    if prior in OUTPUT_LABELS and prior in by_lang:
        by_lang[prior] += prior_bonus(words)
    return softmax(by_lang), script, words


def detect(text: str, prior: str | None = None) -> Detection:
    """Identify the language of ``text`` among kk, ky, uz, ru and en, or say ``und``.

    ``prior`` is the conversation's language; it decides short, ambiguous messages only.
    """
    posterior, script, words = language_scores(text, prior)
    if not posterior:
        return Detection(UNDETERMINED, 0.0, script, words)
    lang, confidence = max(posterior.items(), key=lambda item: (item[1], item[0]))
    if lang not in OUTPUT_LABELS or confidence < MIN_CONFIDENCE:
        return Detection(UNDETERMINED, round(confidence, 4), script, words)
    return Detection(lang, round(confidence, 4), script, words)
