"""The training corpus, its deterministic dev split, and the spelling variants trained on.

The dev split is chosen by a hash of each sentence, so every run, test and benchmark agrees on
it without a copy of it being kept. The Cyrillic Uzbek file is a line-by-line transliteration of
the Latin one, so a line pair is split by the Latin line: a sentence never sits in training in
one script and in dev in the other.
"""

from __future__ import annotations

import hashlib
import os
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from bot.langid.translit import latinize_varied
from bot.text import russify

PROJECT_ROOT = Path(__file__).resolve().parents[2]

# One in DEV_MODULUS sentences goes to dev.
DEV_MODULUS = 10

CORPUS_FILES: dict[str, str] = {
    "kk": "kk.txt",
    "ky": "ky.txt",
    "uz": "uz.txt",
    "uz_cyrl": "uz_cyrl.txt",
    "ru": "ru.txt",
    "en": "en.txt",
    "tr": "tr.txt",
    "tg": "tg.txt",
}

# Tajik letters a Russian keyboard lacks (bot.text.russify covers Kazakh, Kyrgyz and Uzbek).
_TAJIK_KEYBOARD = str.maketrans({"ӣ": "и", "ӯ": "у", "ҷ": "ч"})

_KEY_DROP_RE = re.compile(r"[\W_]+")
_UZ_APOSTROPHE_RE = re.compile(r"(?<=[OoGg])['`´‘’ʻʼ]")


@dataclass(frozen=True)
class Sentence:
    """One corpus line with the file it came from (``uz_cyrl`` is labelled ``uz``)."""

    source: str
    text: str

    @property
    def lang(self) -> str:
        return "uz" if self.source == "uz_cyrl" else self.source


def corpus_dir() -> Path | None:
    """Find the corpus: ``$SENIM_CORPORA/lid`` or ``../shared/corpora/lid`` beside the project."""
    candidates = []
    if os.environ.get("SENIM_CORPORA"):
        base = Path(os.environ["SENIM_CORPORA"])
        candidates += [base / "lid", base]
    candidates.append(PROJECT_ROOT.parent / "shared" / "corpora" / "lid")
    for candidate in candidates:
        if (candidate / "kk.txt").is_file():
            return candidate
    return None


def split_key(text: str) -> str:
    """Case- and punctuation-insensitive key, so near-identical lines land on the same side."""
    return _KEY_DROP_RE.sub("", text.casefold())


def is_dev(key_text: str) -> bool:
    """Whether a sentence belongs to the dev split (10 %, by a hash of its key)."""
    digest = hashlib.sha1(split_key(key_text).encode("utf-8")).digest()  # noqa: S324 - not security
    return int.from_bytes(digest[:4], "big") % DEV_MODULUS == 0


def read_lines(directory: Path, source: str) -> list[str]:
    """Non-empty stripped lines of one corpus file."""
    path = directory / CORPUS_FILES[source]
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def split_sentences(directory: Path, dev: bool) -> Iterator[Sentence]:
    """Yield the training (``dev=False``) or dev (``dev=True``) sentences of every file."""
    uz_latin = read_lines(directory, "uz")
    for source in CORPUS_FILES:
        lines = read_lines(directory, source)
        # uz_cyrl line i is the transliteration of uz line i; split the pair together.
        keys = uz_latin if source == "uz_cyrl" and len(lines) == len(uz_latin) else lines
        for key, line in zip(keys, lines, strict=True):
            if is_dev(key) == dev:
                yield Sentence(source, line)


def russify_all(text: str) -> str:
    """Spell Kazakh, Kyrgyz, Uzbek or Tajik Cyrillic as typed on a Russian keyboard."""
    return russify(text.lower()).translate(_TAJIK_KEYBOARD)


def drop_uzbek_apostrophes(text: str) -> str:
    """Write ``oʻ gʻ`` as plain ``o g``, as many people type Uzbek in a hurry."""
    return _UZ_APOSTROPHE_RE.sub("", text)


def line_rng(text: str) -> random.Random:
    """A random generator seeded by the line itself, so variants are reproducible."""
    return random.Random(hashlib.sha1(text.encode("utf-8")).hexdigest())  # noqa: S324


# Which training texts feed which profile: profile name -> (source file, variant).
# Variants: "as_written", "russified" (Russian keyboard), "latin" (typed in Latin letters),
# "no_apostrophe" (Uzbek Latin without the okina).
PROFILE_RECIPES: dict[str, tuple[tuple[str, str], ...]] = {
    "kk": (("kk", "as_written"),),
    "ky": (("ky", "as_written"),),
    "uz_cyrl": (("uz_cyrl", "as_written"),),
    "ru": (("ru", "as_written"),),
    "tg": (("tg", "as_written"),),
    "kk_rukb": (("kk", "russified"),),
    "ky_rukb": (("ky", "russified"),),
    "uz_rukb": (("uz_cyrl", "russified"),),
    "tg_rukb": (("tg", "russified"),),
    "en": (("en", "as_written"),),
    "uz": (("uz", "as_written"), ("uz", "no_apostrophe")),
    "uz_latn": (("uz_cyrl", "latin"),),
    "tr": (("tr", "as_written"),),
    "kk_latn": (("kk", "latin"),),
    "ky_latn": (("ky", "latin"),),
    "ru_latn": (("ru", "latin"),),
    "tg_latn": (("tg", "latin"),),
}


def make_variant(text: str, variant: str) -> str:
    """Respell one training line as the named variant."""
    if variant == "as_written":
        return text
    if variant == "russified":
        return russify_all(text)
    if variant == "latin":
        return latinize_varied(text, line_rng(text))
    if variant == "no_apostrophe":
        return drop_uzbek_apostrophes(text)
    raise ValueError(f"unknown variant {variant!r}")
