"""The indicator reader: stored weights that match the labelled set, scored as the models do,
and read only where the lexicons leave room."""

from __future__ import annotations

from pathlib import Path

import pytest
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from bot.screening import screen
from bot.screening.engine import folded_words
from bot.screening.indicator_reader import (
    CODES,
    MIN_WORDS,
    THRESHOLD,
    IndicatorReader,
    digest,
    fit,
    load_reader,
    training_examples,
)
from bot.screening.model import READER_EVIDENCE
from bot.screening.reader import suspects_danger

EVAL_FILE = Path(__file__).parents[1] / "data" / "screening_eval.yaml"
EXAMPLES = training_examples(EVAL_FILE)


@pytest.fixture(scope="module")
def fitted() -> tuple[TfidfVectorizer, list[LogisticRegression]]:
    return fit(EXAMPLES)


def test_english_is_not_learned_from() -> None:
    # The labelled set holds too few English messages to learn from.
    assert not any(text.isascii() and "passport" in text for text, _ in EXAMPLES)


def test_a_message_scores_as_the_trained_models_score_it(
    fitted: tuple[TfidfVectorizer, list[LogisticRegression]],
) -> None:
    vectorizer, models = fitted
    reader = IndicatorReader.from_model(vectorizer, models, digest(EXAMPLES))
    texts = [text for text, _ in EXAMPLES[::7]] + ["", "!!!", "паспорт паспорт паспорт"]
    matrix = vectorizer.transform(texts)
    for column, model in enumerate(models):
        expected = model.predict_proba(matrix)[:, 1]
        for text, probability in zip(texts, expected, strict=True):
            got = reader.probabilities(folded_words(text))[column]
            assert got == pytest.approx(probability, abs=1e-9), (CODES[column], text)


def test_the_stored_weights_are_the_trained_ones_rounded(
    fitted: tuple[TfidfVectorizer, list[LogisticRegression]],
) -> None:
    vectorizer, models = fitted
    trained = IndicatorReader.from_model(vectorizer, models, digest(EXAMPLES))
    stored = load_reader()
    for text, _ in EXAMPLES[::25]:
        words = folded_words(text)
        assert stored.probabilities(words) == pytest.approx(trained.probabilities(words), abs=1e-3)


def test_a_reading_names_a_word_that_weighs_for_it() -> None:
    words = folded_words(
        "хозяин третий месяц не платит зарплату, говорит подождите до конца сезона"
    )
    readings = load_reader().read(words)
    assert "wages_withheld" in {reading.code for reading in readings}
    for reading in readings:
        assert reading.probability >= THRESHOLD
        assert 0 <= reading.word < len(words)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("какая зарплата на стройке", "wages_withheld"),
        ("паспорт жоғалды не істеймін", "documents_retained"),
    ],
)
def test_a_short_message_is_left_to_the_lexicons(text: str, code: str) -> None:
    # Pay on a building site, a lost passport: one topic word outweighs the rest of a short text.
    words = folded_words(text)
    assert len(words) < MIN_WORDS
    assert load_reader().probabilities(words)[CODES.index(code)] >= THRESHOLD
    assert load_reader().read(words) == []


# Written for these tests, in words the lexicons do not know: pay put off "until the object is
# handed over", a job advert that promised a hostel, a farm the boss never takes anyone from.
UNPAID = "мы тут уже третий месяц, хозяин кормит обещаниями, говорит деньги будут после сдачи объекта, а пока терпите"  # noqa: E501
ADVERT = "приехали по объявлению на стройку, сказали общежитие будет, а живём в недостроенном доме без окон и воды"  # noqa: E501
FARM = "мы на ферме далеко от города, автобусов нет, хозяин возит только сам и никуда нас не берет"


@pytest.mark.parametrize(
    ("text", "code"),
    [(UNPAID, "wages_withheld"), (ADVERT, "deception"), (FARM, "restricted_movement")],
)
def test_the_reader_adds_what_the_lexicons_miss(text: str, code: str) -> None:
    assert code not in screen(text, "ru", read=False).codes
    found = {i.code: i for i in screen(text, "ru").indicators}
    assert code in found
    (evidence,) = found[code].evidence
    assert evidence.pattern == READER_EVIDENCE
    assert text[evidence.start : evidence.end] == evidence.words
    assert found[code].confidence >= THRESHOLD


def test_a_reading_about_work_is_high_like_a_pattern_about_work() -> None:
    # The risk rules ask whether the message is about work; markers are looked for then too.
    assert screen(FARM, "ru").risk == "high"


def test_the_lexicons_speak_for_what_they_found() -> None:
    text = "хозяин забрал паспорт и не отдает, а я приехал по объявлению, сказали будет общежитие"
    evidence = {i.code: i.evidence[0].pattern for i in screen(text, "ru").indicators}
    assert evidence["documents_retained"] != READER_EVIDENCE


def test_what_the_lexicons_set_aside_is_not_read_back() -> None:
    # A question: the lexicons call the late pay hypothetical; the reader alone is sure of it.
    text = "подскажите что делать если зарплату задерживают на стройке уже второй месяц подряд"
    column = CODES.index("wages_withheld")
    assert load_reader().probabilities(folded_words(text))[column] >= THRESHOLD
    result = screen(text, "ru")
    assert "wages_withheld" in {item.code for item in result.suppressed}
    assert result.risk == "none"


def test_english_is_not_read() -> None:
    assert screen(ADVERT, "en").codes == ()
    assert "deception" in screen(ADVERT, None).codes


def test_a_story_about_others_is_not_read() -> None:
    # A TikTok story: the Russian lexicon's `film_story` list is marked `about_others`.
    text = (
        "видела в тиктоке девочку с Бишкека, ей официанткой в Дубай обещали а там паспорт "
        "забрали и с клиентами заставляли сидеть. страшно стало"
    )
    result = screen(text, "ru")
    assert "film_story" in {item.why for item in result.suppressed}
    assert load_reader().read(folded_words(text), {"documents_retained"}) != []
    assert result.risk == "none"


# A veiled threat ("you will not go home") and a threat of no pay, in words the lexicons do not
# know. Only the first is a danger: the danger reader suspects it, and the two agree.
VEILED_THREAT = (
    "бригадир сказал если кому пожалуешься то домой уже не поедешь, мы его боимся и молчим"
)
NO_PAY_THREAT = (
    "хозяин сказал будешь много говорить вообще без денег останешься, "
    "я боюсь спрашивать про зарплату"
)


def test_a_guessed_threat_is_urgent_when_the_danger_reader_suspects_danger() -> None:
    assert screen(VEILED_THREAT, "ru", read=False).risk == "none"
    assert suspects_danger(VEILED_THREAT)
    result = screen(VEILED_THREAT, "ru")
    assert result.reason == "urgent:threat_of_violence"
    assert {i.code for i in result.indicators if i.guessed} == {"threats"}


def test_a_guessed_threat_the_danger_reader_does_not_suspect_is_not_urgent() -> None:
    assert not suspects_danger(NO_PAY_THREAT)
    result = screen(NO_PAY_THREAT, "ru")
    assert {i.code for i in result.indicators if i.guessed} >= {"threats"}
    assert result.risk == "high"
