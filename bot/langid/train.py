"""Build the language profiles from the corpus (``senim langid train``).

Profiles are langdetect ``LangProfile`` objects filled through ``LangProfile.update`` and saved
in langdetect's JSON profile format, one file per profile in ``bot/langid/profiles/``. Training
is deterministic: the dev split is a hash, variants are seeded by the line, output is sorted.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from langdetect.utils.lang_profile import LangProfile
from langdetect.utils.ngram import NGram

from bot.langid.corpus import PROFILE_RECIPES, Sentence, make_variant, split_sentences
from bot.langid.features import MAX_ORDER, prepare, word_grams
from bot.langid.model import PROFILE_DIR, PROFILE_LANGS, reload_profiles
from bot.langid.sources import sources_markdown

# Most frequent n-grams kept per profile and order (1- to 5-grams); the long tail adds size
# and lookup time, not accuracy.
MAX_GRAMS_PER_ORDER = (2000, 6000, 12000, 12000, 12000)
# langdetect drops grams seen at most max(2, unigrams / 100,000) times, which is 24 for the
# Kazakh file; rare grams still tell close languages apart on short messages, so only grams
# seen once are dropped, and MAX_GRAMS_PER_ORDER bounds the size.
MIN_COUNT_DROPPED = 1
LESS_FREQ_RATIO = 10**12


class LongGramProfile(LangProfile):
    """A langdetect profile that also counts 4- and 5-grams of each word.

    langdetect's ``NGram`` (through ``LangProfile.update``) counts the 1- to 3-grams; the longer
    grams are added the same way, from the word padded with spaces.
    """

    def __init__(self, name: str) -> None:
        super().__init__(name, n_words=[0] * MAX_ORDER)
        self.MINIMUM_FREQ = MIN_COUNT_DROPPED
        self.LESS_FREQ_RATIO = LESS_FREQ_RATIO

    def add(self, gram: str | None) -> None:
        if gram is not None and 1 <= len(gram) <= MAX_ORDER:
            self.n_words[len(gram) - 1] += 1
            self.freq[gram] += 1

    def update(self, text: str | None) -> None:
        if not text:
            return
        super().update(text)
        for word in text.split():
            for gram in word_grams(word):
                if len(gram) > NGram.N_GRAM:
                    self.add(gram)


def build_profile(name: str, texts: Iterable[str]) -> LangProfile:
    """Count the n-grams of ``texts`` into a pruned langdetect profile."""
    profile = LongGramProfile(name)
    for text in texts:
        profile.update(f" {prepare(text)} ")
    totals = list(profile.n_words)
    profile.omit_less_freq()
    kept: dict[str, int] = {}
    for order, limit in enumerate(MAX_GRAMS_PER_ORDER, start=1):
        grams = [item for item in profile.freq.items() if len(item[0]) == order]
        grams.sort(key=lambda item: (-item[1], item[0]))
        kept.update(grams[:limit])
    # n_words keeps the counts before pruning, so a kept gram's probability stays its share of
    # all grams seen rather than of the kept ones.
    return LangProfile(name, kept, totals)


def profile_texts(name: str, sentences: list[Sentence]) -> list[str]:
    """The respelled training lines of one profile."""
    texts = []
    for source, variant in PROFILE_RECIPES[name]:
        texts += [make_variant(s.text, variant) for s in sentences if s.source == source]
    return texts


def profile_json(profile: LangProfile) -> str:
    """langdetect's profile JSON (``freq``, ``n_words``, ``name``), sorted for stable diffs."""
    data = {"freq": dict(sorted(profile.freq.items())), "n_words": profile.n_words}
    data["name"] = profile.name
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n"


def train(corpus: Path, out_dir: Path = PROFILE_DIR) -> dict[str, int]:
    """Train every profile from the training split of ``corpus``; return lines used per profile."""
    sentences = list(split_sentences(corpus, dev=False))
    out_dir.mkdir(parents=True, exist_ok=True)
    used = {}
    for name in PROFILE_RECIPES:
        texts = profile_texts(name, sentences)
        profile = build_profile(name, texts)
        (out_dir / f"{name}.json").write_text(profile_json(profile), encoding="utf-8")
        used[name] = len(texts)
    (out_dir / "SOURCES.md").write_text(sources_markdown(used, PROFILE_LANGS), encoding="utf-8")
    if out_dir.resolve() == PROFILE_DIR.resolve():
        reload_profiles()
    return used
