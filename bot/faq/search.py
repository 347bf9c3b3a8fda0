"""Free-text search: which FAQ entries answer what a migrant typed?

Questions arrive short, with agglutinative suffixes (Kazakh ``паспортымды``), typed on a Russian
keyboard (``к`` for ``қ``), with any of five apostrophes in Uzbek ``oʻ``, in Uzbek Cyrillic, with
Russian words in the middle and with typos. Character n-grams inside words (TF-IDF,
``char_wb`` 2-5) over folded text cope with all of these at once: a suffix or a typo changes a
few n-grams of a word, not the word's identity. An editor's keyword found in the question counts
on its own as well. Each language is searched in its own texts; the Russian texts are consulted
too, at a lower weight, for the Russian words people mix in.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from scipy.sparse import csr_matrix, diags
from sklearn.feature_extraction.text import TfidfVectorizer

from bot import LANGUAGES
from bot.faq.content import SOURCE_LANGUAGE, ContentSet, Translation
from bot.text import fold, uzbek_to_latin

AnswerMode = Literal["answer", "choose", "none"]

# How much each field counts; they add up to 1 so the text similarity stays a cosine in [0, 1].
# Titles and keywords are written to be matched; the answer texts add the words of the situation.
FIELD_WEIGHTS: dict[str, float] = {"title": 0.25, "keywords": 0.35, "text": 0.40}

# A keyword found in the question (at least KEYWORD_CUTOFF of its n-gram weight present, so
# suffixes and typos are allowed) adds up to KEYWORD_WEIGHT to the score; the cosine the rest.
KEYWORD_WEIGHT = 0.3
KEYWORD_CUTOFF = 0.5
KEYWORD_MIN_LENGTH = 3

# Russian texts answer for Russian words inside another language, but a match there counts for
# less than one in the language the person writes.
FALLBACK_WEIGHT = 0.8

# answer_mode thresholds, tuned on tests/data/faq_questions.yaml (docs/faq.md has the figures).
NONE_BELOW = 0.10
"""Below this best score nothing fits: offer the menu and a person."""
ANSWER_FROM = 0.20
"""From this best score on, and with a clear lead, answer with the best entry alone."""
ANSWER_MARGIN = 0.06
"""The lead over the second entry that makes the best one a clear answer."""

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[a-z]")
_NON_WORD = re.compile(r"[^\w']+")

# Russian, Kazakh and Kyrgyz typed in Latin letters, as on a phone without a Cyrillic layout,
# spelt back in Cyrillic as folded text spells it (қ→к, ң→н, ...). Longest spellings first.
_CYRILLIZE = {
    "shch": "щ", "sch": "щ", "sh": "ш", "ch": "ч", "zh": "ж", "kh": "х", "ts": "ц", "ya": "я",
    "yu": "ю", "yo": "е", "ia": "я", "iu": "ю", "gh": "г", "a": "а", "b": "б", "c": "с", "d": "д",
    "e": "е", "f": "ф", "g": "г", "h": "х", "i": "и", "j": "ж", "k": "к", "l": "л", "m": "м",
    "n": "н", "o": "о", "p": "п", "q": "к", "r": "р", "s": "с", "t": "т", "u": "у", "v": "в",
    "w": "в", "x": "х", "y": "ы", "z": "з", "ä": "а", "ö": "о", "ü": "у", "ğ": "г", "ş": "ш",
    "ç": "ч", "ı": "ы", "ñ": "н", "ū": "у", "'": "",
}  # fmt: skip
_CYRILLIZE_RE = re.compile("|".join(sorted(map(re.escape, _CYRILLIZE), key=len, reverse=True)))
_CYRILLIC_LANGUAGES = frozenset({"kk", "ky", "ru"})


@dataclass(frozen=True)
class Hit:
    slug: str
    score: float


def normalize(text: str, lang: str) -> str:
    """Fold text so every spelling of a word meets the same n-grams.

    Uzbek is indexed in Latin: Cyrillic input is transliterated, and the okina is dropped
    because ``oʻ``/``gʻ`` are as often typed ``o``/``g``. Russian, Kazakh and Kyrgyz are indexed
    in Cyrillic: text typed wholly in Latin letters is spelt back in Cyrillic.
    """
    text = unicodedata.normalize("NFC", text)
    if lang == "uz" and _CYRILLIC.search(text):
        text = uzbek_to_latin(text)
    text = fold(text)
    if lang == "uz":
        text = text.replace("'", "")
    elif lang in _CYRILLIC_LANGUAGES and _LATIN.search(text) and not _CYRILLIC.search(text):
        text = _CYRILLIZE_RE.sub(lambda match: _CYRILLIZE[match.group()], text)
    return _NON_WORD.sub(" ", text).strip()


@dataclass(frozen=True)
class _Query:
    """A folded query: its TF-IDF weights (unit length) and which n-grams occur at all."""

    columns: np.ndarray
    weights: np.ndarray
    indicator: np.ndarray


class _Table:
    """One language's entries: the field-weighted TF-IDF rows of its slugs, and its keywords.

    Only the n-gram columns the language uses are kept, dense: a query then costs one small
    gather and dot product instead of a sparse matrix product.
    """

    def __init__(
        self,
        slugs: tuple[str, ...],
        matrix: csr_matrix,
        keyword_matrix: csr_matrix,
        keyword_rows: np.ndarray,
        keyword_strength: np.ndarray,
    ) -> None:
        self.slugs = slugs
        used = np.unique(matrix.indices)
        self._local = np.full(matrix.shape[1], -1, dtype=np.int64)
        self._local[used] = np.arange(len(used))
        self._dense = matrix[:, used].toarray()
        self._keyword_matrix = keyword_matrix
        self._keyword_rows = keyword_rows
        self._keyword_strength = keyword_strength

    def scores(self, query: _Query) -> np.ndarray:
        local = self._local[query.columns]
        present = local >= 0
        similarity = self._dense[:, local[present]] @ query.weights[present]
        return (1.0 - KEYWORD_WEIGHT) * similarity + KEYWORD_WEIGHT * self._keyword_hits(query)

    def _keyword_hits(self, query: _Query) -> np.ndarray:
        """Per entry, how much of its best keyword occurs in the question (0 below the cutoff).

        A cosine against the whole keyword list dilutes one hit among many hints; an editor's
        keyword found in the question is a strong sign by itself. Coverage is the share of the
        keyword's n-gram weight (idf) present in the question, so a suffix or a typo costs a
        few n-grams, not the match.
        """
        hits = np.zeros(len(self.slugs), dtype=np.float64)
        if self._keyword_matrix.shape[0] == 0:
            return hits
        coverage = self._keyword_matrix @ query.indicator
        strong = coverage >= KEYWORD_CUTOFF
        values = (coverage[strong] - KEYWORD_CUTOFF) / (1.0 - KEYWORD_CUTOFF)
        values = values * self._keyword_strength[strong]
        np.maximum.at(hits, self._keyword_rows[strong], values)
        return hits


class FaqIndex:
    """Search over the entries of a content set, per language."""

    def __init__(self, vectorizer: TfidfVectorizer, tables: dict[str, _Table]) -> None:
        self._analyze = vectorizer.build_analyzer()
        self._vocabulary: dict[str, int] = vectorizer.vocabulary_
        self._idf = vectorizer.idf_.astype(np.float32)
        self._unknown_idf = float(self._idf.max()) if len(self._idf) else 1.0
        self._tables = tables

    @classmethod
    def build(
        cls, content: ContentSet, *, statuses: Iterable[str] = ("draft", "published")
    ) -> FaqIndex:
        """Index title, keywords, short and long of every entry whose status is in ``statuses``."""
        wanted = set(statuses)
        rows: dict[str, list[tuple[str, dict[str, str]]]] = {lang: [] for lang in LANGUAGES}
        for slug, entry in sorted(content.entries.items()):
            if entry.status not in wanted:
                continue
            for lang, translation in entry.translations.items():
                rows[lang].append((slug, _field_texts(translation, lang)))
        fields = tuple(FIELD_WEIGHTS)
        corpus = [
            texts[name] for lang_rows in rows.values() for _, texts in lang_rows for name in fields
        ]
        # One vocabulary for all languages: a query is analysed once per spelling, not once
        # per language.
        vectorizer = TfidfVectorizer(
            analyzer="char_wb",
            ngram_range=(2, 5),
            sublinear_tf=True,
            lowercase=False,
            dtype=np.float32,
        )
        if not any(corpus):
            corpus.append("--")  # an index of nothing still answers (with nothing)
        everything = vectorizer.fit_transform(corpus).tocsr()
        tables: dict[str, _Table] = {}
        start = 0
        for lang, lang_rows in rows.items():
            if not lang_rows:
                continue
            count = len(lang_rows) * len(fields)
            block = everything[start : start + count]
            start += count
            # Rows are slug-major: field i of every slug is every len(fields)-th row from i.
            matrix = sum(
                block[offset :: len(fields)] * FIELD_WEIGHTS[name]
                for offset, name in enumerate(fields)
            )
            keywords = [
                (row, keyword)
                for row, (slug, _) in enumerate(lang_rows)
                for keyword in _keywords(content.entries[slug].translations[lang], lang)
            ]
            coverage, strength = _keyword_matrix(vectorizer, [keyword for _, keyword in keywords])
            tables[lang] = _Table(
                tuple(slug for slug, _ in lang_rows),
                matrix.tocsr(),
                coverage,
                np.array([row for row, _ in keywords], dtype=np.int64),
                strength,
            )
        return cls(vectorizer, tables)

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(self._tables)

    def search(self, text: str, lang: str | None, k: int = 3) -> list[Hit]:
        """The ``k`` best entries for ``text``, best first.

        ``lang`` is the language the person writes; None or ``und`` searches every language and
        keeps each entry's best score.
        """
        langs: Sequence[str] = (lang,) if lang in self._tables else self.languages
        best: dict[str, float] = {}
        queries: dict[str, _Query] = {}
        for search_lang in langs:
            self._score_into(best, queries, text, search_lang, 1.0)
            if search_lang != SOURCE_LANGUAGE and len(langs) == 1:
                self._score_into(best, queries, text, SOURCE_LANGUAGE, FALLBACK_WEIGHT)
        ranked = sorted(best.items(), key=lambda item: (-item[1], item[0]))
        return [Hit(slug, round(score, 4)) for slug, score in ranked[:k] if score > 0]

    def _score_into(
        self,
        best: dict[str, float],
        queries: dict[str, _Query],
        text: str,
        lang: str,
        weight: float,
    ) -> None:
        table = self._tables.get(lang)
        if table is None:
            return
        normalized = normalize(text, lang)
        if normalized not in queries:
            queries[normalized] = self._query(normalized)
        scores = table.scores(queries[normalized])
        for slug, score in zip(table.slugs, scores.tolist(), strict=True):
            weighted = score * weight
            if weighted > best.get(slug, 0.0):
                best[slug] = weighted

    def _query(self, normalized: str) -> _Query:
        """TF-IDF of the query with the fitted analyser, idf and sublinear tf.

        Unlike TfidfVectorizer.transform, n-grams the content never uses count towards the
        length (at the highest idf): a message mostly about something else then scores low
        everywhere instead of being scaled up by its few known n-grams.
        """
        columns: list[int] = []
        tfs: list[float] = []
        unknown = 0.0
        for gram, count in Counter(self._analyze(normalized)).items():
            tf = 1.0 + math.log(count)
            column = self._vocabulary.get(gram)
            if column is None:
                unknown += (tf * self._unknown_idf) ** 2
            else:
                columns.append(column)
                tfs.append(tf)
        column_array = np.array(columns, dtype=np.int64)
        weights = np.array(tfs, dtype=np.float32) * self._idf[column_array]
        length = math.sqrt(float(weights @ weights) + unknown)
        indicator = np.zeros(len(self._idf), dtype=np.float32)
        indicator[column_array] = 1.0
        return _Query(column_array, weights / length if length else weights, indicator)


def _keyword_matrix(
    vectorizer: TfidfVectorizer, keywords: list[str]
) -> tuple[csr_matrix, np.ndarray]:
    """Per keyword: idf weights over its n-grams summing to 1, and how distinctive it is.

    Distinctiveness is the keyword's mean n-gram idf relative to the highest idf, squared: a
    word spread across many answers ("хозяин", "телефон") should not decide by itself which
    one fits.
    """
    size = len(vectorizer.vocabulary_)
    if not keywords:
        return csr_matrix((0, size), dtype=np.float32), np.zeros(0)
    weights = vectorizer.transform(keywords).tocsr()
    weights.data = vectorizer.idf_[weights.indices].astype(np.float32)
    totals = np.asarray(weights.sum(axis=1)).ravel()
    mean_idf = totals / np.maximum(np.diff(weights.indptr), 1)
    strength = (mean_idf / vectorizer.idf_.max()) ** 2
    totals[totals == 0] = 1.0
    return csr_matrix(diags(1.0 / totals) @ weights, dtype=np.float32), strength


def _keywords(translation: Translation, lang: str) -> list[str]:
    folded = (normalize(keyword, lang) for keyword in translation.keywords)
    return [keyword for keyword in folded if len(keyword) >= KEYWORD_MIN_LENGTH]


def _field_texts(translation: Translation, lang: str) -> dict[str, str]:
    body = f"{translation.short}\n{translation.long or ''}"
    return {
        "title": normalize(translation.title, lang),
        "keywords": normalize(" ".join(translation.keywords), lang),
        "text": normalize(body, lang),
    }


def answer_mode(hits: Sequence[Hit]) -> AnswerMode:
    """``answer`` with the best entry, ``choose`` among the top 3, or ``none`` fits."""
    if not hits or hits[0].score < NONE_BELOW:
        return "none"
    lead = hits[0].score - (hits[1].score if len(hits) > 1 else 0.0)
    if hits[0].score >= ANSWER_FROM and lead >= ANSWER_MARGIN:
        return "answer"
    return "choose"
