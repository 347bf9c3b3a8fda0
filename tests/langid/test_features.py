"""Text preparation and n-grams agree with langdetect's own."""

from __future__ import annotations

import pytest
from langdetect.utils.lang_profile import LangProfile

from bot.langid.features import prepare, word_grams
from bot.langid.translit import latinize_plain


@pytest.mark.parametrize(
    "text", ["oʻzbek tili", "Жұмыс жоқ!", "don't stop", "қожайын алып қойды", "a bc"]
)
def test_grams_up_to_three_match_langdetect(text: str) -> None:
    prepared = prepare(text)
    profile = LangProfile("xx")
    profile.update(f" {prepared} ")
    ours: dict[str, int] = {}
    for word in prepared.split():
        for gram in word_grams(word):
            if len(gram) <= 3:
                ours[gram] = ours.get(gram, 0) + 1
    assert ours == dict(profile.freq)


@pytest.mark.parametrize("apostrophe", ["'", "`", "‘", "’", "ʻ", "ʼ"])
def test_every_uzbek_apostrophe_prepares_the_same(apostrophe: str) -> None:
    assert prepare(f"O{apostrophe}zbekiston") == prepare("oʻzbekiston")


def test_prepare_drops_links_digits_and_punctuation_but_keeps_hashtag_words() -> None:
    assert prepare("Смотри https://t.me/x 100 тенге!!! @user #помощь") == "смотри тенге помощь"


def test_plain_latin_transliteration() -> None:
    assert latinize_plain("Шығыс жұмыс үй") == "shygys zhumys uy"
