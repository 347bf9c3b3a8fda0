"""Every lexicon pattern must still do what its examples say, and the files must stay valid."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.screening.engine import pattern_verdicts
from bot.screening.lexicon import (
    LEXICON_DIR,
    LEXICON_LANGUAGES,
    UNLESS_SCOPES,
    LexiconError,
    LexiconPattern,
    load_lexicon,
    load_lexicons,
)
from bot.screening.model import INDICATORS
from bot.screening.patterns import PatternError, compile_pattern
from bot.text import fold

ALL_PATTERNS: list[LexiconPattern] = [
    pattern for lexicon in load_lexicons().values() for pattern in lexicon.patterns
]


def _example_cases(kind: str) -> list[tuple[str, str]]:
    return [
        (pattern.id, example)
        for pattern in ALL_PATTERNS
        for example in getattr(pattern.examples, kind)
    ]


_BY_ID = {pattern.id: pattern for pattern in ALL_PATTERNS}


@pytest.mark.parametrize(("pattern_id", "example"), _example_cases("match"))
def test_pattern_finds_its_match_examples(pattern_id: str, example: str) -> None:
    verdicts = pattern_verdicts(_BY_ID[pattern_id], example)
    assert None in verdicts, f"{pattern_id} no longer counts {example!r} (got {verdicts})"


@pytest.mark.parametrize(("pattern_id", "example"), _example_cases("no_match"))
def test_pattern_does_not_count_its_no_match_examples(pattern_id: str, example: str) -> None:
    verdicts = pattern_verdicts(_BY_ID[pattern_id], example)
    assert None not in verdicts, f"{pattern_id} now counts {example!r}"


def test_every_pattern_has_a_match_example() -> None:
    missing = [pattern.id for pattern in ALL_PATTERNS if not pattern.examples.match]
    assert missing == []


@pytest.mark.parametrize("lang", ["ru", "kk", "ky", "uz"])
def test_migrant_lexicons_cover_every_indicator(lang: str) -> None:
    covered = {pattern.code for pattern in load_lexicons()[lang].patterns}
    assert set(INDICATORS) <= covered
    assert "help_in_danger" in covered


@pytest.mark.parametrize("lang", LEXICON_LANGUAGES)
def test_lexicon_files_explain_themselves_with_comments(lang: str) -> None:
    text = (LEXICON_DIR / f"{lang}.yaml").read_text(encoding="utf-8")
    assert text.startswith("#")
    assert text.count("\n  #") + text.count("\n#") >= 3


def test_pattern_ids_are_unique() -> None:
    ids = [pattern.id for pattern in ALL_PATTERNS]
    assert len(ids) == len(set(ids))


def test_a_borrowed_unless_list_reaches_no_further_than_its_lenders() -> None:
    # An empty list only borrows a name: the markers come from the lexicons screened beside it
    # that define words for that name. A typo, or a lender that drops the list, would leave the
    # patterns using it without their set-aside; and a borrowed list that reached further or
    # marked a story where a lender does not would silence more than that language chose to.
    lexicons = load_lexicons()
    for lang, lexicon in lexicons.items():
        for kind, markers in lexicon.markers.items():
            if not kind.startswith("unless:") or markers:
                continue
            name = kind.removeprefix("unless:")
            lenders = [other for other in lexicons.values() if other.markers.get(kind)]
            assert lenders, f"{lang}: no lexicon defines words for the borrowed list {name!r}"
            for lender in lenders:
                reach, lent = lexicon.unless_scope(name), lender.unless_scope(name)
                assert UNLESS_SCOPES.index(reach) <= UNLESS_SCOPES.index(lent), (
                    f"{lang}.{name} reaches further than {lender.lang}.{name}"
                )
                if name in lexicon.unless_about_others:
                    assert name in lender.unless_about_others, f"{lang}.{name} vs {lender.lang}"


def test_unknown_indicator_code_is_rejected(tmp_path: Path) -> None:
    data = {"lang": "ru", "indicators": {"passport_gone": {"patterns": [{"pattern": "паспорт"}]}}}
    path = tmp_path / "ru.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(LexiconError, match="passport_gone"):
        load_lexicon(path)


def test_wrong_lang_field_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "kk.yaml"
    path.write_text("lang: ky\nindicators: {}\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="'lang' must be 'kk'"):
        load_lexicon(path)


@pytest.mark.parametrize(
    "source",
    ["", "... паспорт", "паспорт ~", "~~ паспорт", "паспорт ~~ ~ забрал", "#", "па$порт"],
)
def test_malformed_patterns_are_rejected(source: str) -> None:
    with pytest.raises(PatternError):
        compile_pattern(source)


def test_unless_list_may_reach_the_whole_sentence_or_further(tmp_path: Path) -> None:
    data = {
        "lang": "kk",
        "unless": {
            "tax": ["салық*"],
            "debt_named": {"scope": "sentence", "words": ["қарыз_деп"]},
            "mended": {"scope": "later", "words": ["кейін ... бәрін ... төлеп_берді"]},
        },
        "indicators": {},
    }
    path = tmp_path / "kk.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    lexicon = load_lexicon(path)
    assert lexicon.unless_in_sentence == frozenset({"debt_named"})
    assert lexicon.unless_later == frozenset({"mended"})
    assert {"unless:tax", "unless:debt_named", "unless:mended"} <= lexicon.markers.keys()


def test_word_set_is_written_once_and_read_as_its_alternatives(tmp_path: Path) -> None:
    data = {
        "lang": "ru",
        "word_sets": {"debt": "долг|долга|долгу"},
        "unless": {"bank": ["@debt ... банк*"]},
        "indicators": {
            "debt_bondage": {
                "patterns": [
                    {
                        "pattern": "отрабатываю @debt|штраф*",
                        "examples": {"match": ["отрабатываю долга"], "no_match": ["@debt"]},
                    }
                ]
            }
        },
    }
    path = tmp_path / "ru.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    lexicon = load_lexicon(path)
    (pattern,) = lexicon.patterns
    assert (
        pattern.compiled.regex.pattern
        == compile_pattern("отрабатываю долг|долга|долгу|штраф*").regex.pattern
    )
    assert pattern.examples.no_match == ("@debt",)  # examples are messages, never expanded
    assert lexicon.markers["unless:bank"][0].source == "долг|долга|долгу ... банк*"
    assert not pattern.compiled.regex.search("отрабатываю долго")


@pytest.mark.parametrize(
    ("word_sets", "pattern", "message"),
    [
        ({}, "отрабатываю @debt", "unknown word set"),
        ({"debt": "долг|долга"}, "отрабатываю @debt*", "no '\\*'"),
        ({"debt": "долг ... долга"}, "отрабатываю @debt", "one word's alternatives"),
    ],
)
def test_malformed_word_sets_are_rejected(
    tmp_path: Path, word_sets: dict[str, str], pattern: str, message: str
) -> None:
    data = {
        "lang": "ru",
        "word_sets": word_sets,
        "indicators": {"debt_bondage": {"patterns": [{"pattern": pattern}]}},
    }
    path = tmp_path / "ru.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(LexiconError, match=message):
        load_lexicon(path)


def test_unknown_unless_scope_is_rejected(tmp_path: Path) -> None:
    data = {"lang": "kk", "unless": {"tax": {"scope": "message", "words": ["салық*"]}}}
    path = tmp_path / "kk.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(LexiconError, match="scope"):
        load_lexicon(path)


def test_plus_stem_refuses_negative_verb_endings() -> None:
    pattern = compile_pattern("алып_қой+", "(?:ма|ме)")
    assert pattern.regex.search(fold("алып қойды"))
    assert pattern.regex.search(fold("алып койды"))  # typed on a Russian keyboard
    assert not pattern.regex.search(fold("алып қоймады"))


def test_uzbek_apostrophe_is_optional_and_any_kind() -> None:
    pattern = compile_pattern("qo'y+")
    for spelling in ("qo'ydi", "qoʻydi", "qo`ydi", "qo’ydi", "qoydi"):
        assert pattern.regex.search(fold(spelling))


def test_long_gap_stays_in_its_sentence_and_double_gap_crosses_one_end() -> None:
    within, across = compile_pattern("тикток* ~ правда"), compile_pattern("тикток* ~~ правда")
    for text in ("в тиктоке видел такое, правда?", "в тиктоке видел, бьют.Правда?"):
        assert across.regex.search(fold(text))
    assert within.regex.search(fold("в тиктоке видел, правда?"))
    assert not within.regex.search(fold("в тиктоке видел. это правда?"))
    assert across.regex.search(fold("в тиктоке видел. это правда?"))
    assert not across.regex.search(fold("в тиктоке видел. бьют. это правда?"))
    assert not across.regex.search(fold("в тиктоке видел. неправда"))


def test_stem_does_not_match_inside_a_word() -> None:
    pattern = compile_pattern("бил")
    assert pattern.regex.search("меня бил")
    assert not pattern.regex.search("мобильный")
    assert not pattern.regex.search("билет")
