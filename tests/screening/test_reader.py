"""The danger reader: stored weights that match the labelled set, scored as the model does."""

from __future__ import annotations

from pathlib import Path

import pytest
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from bot.screening import screen
from bot.screening.reader import (
    NgramReader,
    digest,
    fit,
    load_reader,
    suspects_danger,
    training_examples,
)

EVAL_FILE = Path(__file__).parents[1] / "data" / "screening_eval.yaml"
EXAMPLES = training_examples(EVAL_FILE)


@pytest.fixture(scope="module")
def fitted() -> tuple[TfidfVectorizer, LogisticRegression]:
    return fit(EXAMPLES)


def test_a_message_scores_as_the_trained_model_scores_it(
    fitted: tuple[TfidfVectorizer, LogisticRegression],
) -> None:
    vectorizer, model = fitted
    reader = NgramReader.from_model(vectorizer, model, digest(EXAMPLES))
    texts = [text for text, _ in EXAMPLES[::7]] + ["", "!!!", "ok"]
    expected = model.predict_proba(vectorizer.transform(texts))[:, 1]
    for text, probability in zip(texts, expected, strict=True):
        assert reader.probability(text) == pytest.approx(probability, abs=1e-9)


def test_the_stored_weights_are_the_trained_ones_rounded(
    fitted: tuple[TfidfVectorizer, LogisticRegression],
) -> None:
    vectorizer, model = fitted
    trained = NgramReader.from_model(vectorizer, model, digest(EXAMPLES))
    for text, _ in EXAMPLES[::25]:
        assert load_reader().probability(text) == pytest.approx(
            trained.probability(text), abs=1e-3
        )


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("я боюсь за свою жизнь, хозяин страшный", "ru"),
        ("мен абдан коркуп жатам, кожоюн коркунучтуу адам", "ky"),
        ("xojayinnikida yashayman chiqarishmaydi", "uz"),
    ],
)
def test_it_suspects_danger_the_lexicons_do_not_call_urgent(text: str, lang: str) -> None:
    assert screen(text, lang).risk != "urgent"
    assert suspects_danger(text)


@pytest.mark.parametrize(
    "text",
    [
        "где продлить паспорт",
        "паспортты қайда ұзартуға болады",
        "pasportni qayerda uzaytirsa boʻladi",
        "паспортту кайдан узартса болот",
        "хозяин забрал мой паспорт",
        "сколько стоит патент в алматы",
    ],
)
def test_ordinary_questions_and_a_kept_passport_are_not_asked_about(text: str) -> None:
    assert not suspects_danger(text)
