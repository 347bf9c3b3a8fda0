"""Hand-written hard cases: short, russified, Latin-typed, mixed and letterless messages."""

from __future__ import annotations

import pytest

from bot.langid import Detection, detect


@pytest.mark.parametrize(
    "text",
    ["паспортымды кожайын алып койды", "паспортымды қожайын алып қойды"],
)
def test_passport_taken_in_kazakh_with_and_without_kazakh_letters(text: str) -> None:
    assert detect(text).lang == "kk"


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        # two words
        ("жұмыс жоқ", "kk"),
        ("жумуш жок", "ky"),
        ("помогите пожалуйста", "ru"),
        ("need help", "en"),
        ("yordam kerak", "uz"),
        ("ёрдам керак", "uz"),
        # Russian keyboard: Kazakh against Kyrgyz
        ("маган комек керек", "kk"),
        ("мага жардам керек", "ky"),
        ("мени жумыс берушим урады", "kk"),
        ("менин паспортумду кожоюн алып койду", "ky"),
        # Uzbek Cyrillic, with and without its own letters
        ("иш ҳақимни бермаяпти", "uz"),
        ("иш хакимни бермаяпти", "uz"),
        ("менга ёрдам керак", "uz"),
        # Uzbek Latin with any apostrophe, or none
        ("pasportimni olib qoʻyishdi", "uz"),
        ("pasportimni olib qo'yishdi", "uz"),
        ("pasportimni olib qo`yishdi", "uz"),
        ("pasportimni olib qo‘yishdi", "uz"),
        ("pasportimni olib qoyishdi", "uz"),
        # Kazakh, Kyrgyz and Russian typed in Latin letters
        ("menin pasportymdy alyp qoidy", "kk"),
        ("privet kak dela", "ru"),
        ("menin pasportumdu kojoyun alyp koidu", "ky"),
        # Russian words inside Kyrgyz and Kazakh sentences
        ("мен работада иштейм", "ky"),
        ("бастык зарплатамды бербей жатат", "ky"),
        ("начальник маған зарплата бермей жатыр", "kk"),
        # plain Russian and English sentences
        ("Работодатель забрал мой паспорт и не платит зарплату", "ru"),
        ("My employer took my passport and does not pay me", "en"),
    ],
)
def test_hard_cases(text: str, lang: str) -> None:
    assert detect(text).lang == lang


@pytest.mark.parametrize("text", ["123 456", "😀😀 👍", "+7 701 000", "", "   ", "!!! ???"])
def test_digits_emoji_and_punctuation_only_are_undetermined(text: str) -> None:
    assert detect(text) == Detection("und", 0.0, "Zyyy", 0)


@pytest.mark.parametrize("text", ["ок", "ok", "a"])
def test_too_short_is_undetermined(text: str) -> None:
    assert detect(text).lang == "und"


@pytest.mark.parametrize(
    "text",
    ["Merhaba, nasılsın? Bugün işe gitmedim.", "Ман ба шумо кӯмак мекунам, агар хоҳед."],
)
def test_turkish_and_tajik_are_not_forced_into_senim_languages(text: str) -> None:
    assert detect(text).lang == "und"


def test_script_is_reported() -> None:
    assert detect("менга ёрдам керак").script == "Cyrl"
    assert detect("menga yordam kerak").script == "Latn"
    assert detect("42 😀").script == "Zyyy"


def test_same_text_same_answer() -> None:
    text = "мага жардам керек"
    first = detect(text)
    assert all(detect(text) == first for _ in range(20))


def test_confidence_is_a_probability_and_lower_when_ambiguous() -> None:
    clear = detect("Мені жұмыс берушім ұрады және паспортымды алып қойды")
    vague = detect("паспорт")
    assert 0.0 <= vague.confidence <= clear.confidence <= 1.0
    assert clear.confidence > 0.99


def test_prior_decides_a_short_ambiguous_message_only() -> None:
    # "Where is the child", typed on a Russian keyboard, reads as Kazakh and as Kyrgyz.
    short = "бала кайда"
    assert {detect(short, prior="kk").lang, detect(short, prior="ky").lang} == {"kk", "ky"}
    long_text = "Мені жұмыс берушім ұрады және паспортымды алып қойды, ақша бермейді"
    assert detect(long_text, prior="ky").lang == "kk"


def test_unknown_prior_is_ignored() -> None:
    assert detect("помогите пожалуйста", prior="de") == detect("помогите пожалуйста")
