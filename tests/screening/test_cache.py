"""The bounded word cache behind the lexicon index and the readers."""

from bot.screening.cache import WordCache


def test_a_word_is_computed_once_and_then_read_back() -> None:
    calls: list[str] = []

    def compute(word: str) -> int:
        calls.append(word)
        return len(word)

    cache = WordCache(compute)
    assert [cache["паспорт"], cache["паспорт"], cache["иш"]] == [7, 7, 2]
    assert calls == ["паспорт", "иш"]


def test_a_full_cache_starts_again_instead_of_growing() -> None:
    cache = WordCache(len, limit=3)
    for word in ("a", "bb", "ccc", "dddd", "eeeee"):
        assert cache[word] == len(word)
        assert len(cache) <= 3
    assert "eeeee" in cache
    assert "a" not in cache
