"""The lexicon index: which patterns run on a message, and where (before any regex runs)."""

from __future__ import annotations

from bot.screening.engine import _Entry, _fold, _Lookup, _words
from bot.screening.patterns import compile_pattern


def _lookup(*sources: str) -> _Lookup:
    return _Lookup.build(
        [_Entry("pattern", "ru", compile_pattern(source), None) for source in sources]
    )


def _candidates(lookup: _Lookup, text: str) -> dict[int, list[int]]:
    return lookup.candidates(_words(_fold(text)))


def test_a_word_written_twice_in_a_pattern_is_one_requirement() -> None:
    lookup = _lookup("хозяин ... паспорт* ... забрал ... паспорт*")
    assert _candidates(lookup, "хозяин паспорт забрал паспорт") == {0: [0]}


def test_words_joined_by_underscore_must_all_occur() -> None:
    lookup = _lookup("не_платят|не_дают")
    assert _candidates(lookup, "я не знаю где работать") == {}
    assert _candidates(lookup, "нам не дают денег") == {0: [4]}
