"""Floors on the labelled evaluation set. Floors only go up: raise them when the lexicons
improve, never lower them to make a change pass."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.screening import screen
from bot.screening.evaluation import Scores, evaluate, load_examples

EVAL_FILE = Path(__file__).parents[1] / "data" / "screening_eval.yaml"
EXAMPLES = load_examples(EVAL_FILE)

# (indicator micro-F1, urgent recall, false-flag rate ceiling) per language, development split.
DEV_FLOORS = {
    "ru": (0.995, 0.98, 0.02),
    "kk": (0.995, 0.98, 0.02),
    "ky": (0.995, 0.98, 0.02),
    "uz": (0.995, 0.98, 0.02),
    "en": (0.97, 0.98, 0.05),
}
# The held-out split measures how far the screening (lexicons and readers) generalises
# to phrasings it was not written against or trained on (docs/screening.md has the figures of
# every round). Its floors sit just under the current round's figures (round 56); they are the
# ones to raise. A measured round moves into dev together with the next blind round's arrival,
# so the split is never empty, and the floors then move to the new round's own figures: another
# set, not a lower bar.
HOLDOUT_FLOORS = {"all": (0.96, 0.91, 0.04)}


def _scores(split: str, lang_known: bool, read: bool = True) -> dict[str, Scores]:
    examples = [example for example in EXAMPLES if example.split == split]
    return evaluate(examples, lambda e: screen(e.text, e.lang if lang_known else None, read=read))


@pytest.fixture(scope="module")
def dev_scores() -> dict[str, Scores]:
    return _scores("dev", lang_known=True)


def test_set_is_big_enough_and_balanced() -> None:
    for lang in ("ru", "kk", "ky", "uz"):
        items = [e for e in EXAMPLES if e.lang == lang]
        negatives = [e for e in items if e.risk == "none"]
        assert len(items) >= 60, lang
        assert 0.3 <= len(negatives) / len(items) <= 0.5, lang
    uzbek = [e.text for e in EXAMPLES if e.lang == "uz"]
    assert any(any("а" <= ch <= "я" or ch in "ўқғҳ" for ch in text) for text in uzbek)
    assert any(text.isascii() for text in uzbek)


@pytest.mark.parametrize("lang", sorted(DEV_FLOORS))
def test_dev_floors(dev_scores: dict[str, Scores], lang: str) -> None:
    f1_floor, urgent_floor, false_flag_ceiling = DEV_FLOORS[lang]
    scores = dev_scores[lang]
    assert scores.f1() >= f1_floor, [(e.text, r.codes) for e, r in scores.errors]
    assert scores.urgent_recall >= urgent_floor
    assert scores.false_flag_rate <= false_flag_ceiling


@pytest.fixture(scope="module")
def lexicon_scores() -> dict[str, Scores]:
    return _scores("dev", lang_known=True, read=False)


@pytest.mark.parametrize("lang", sorted(DEV_FLOORS))
def test_dev_floors_hold_for_the_lexicons_alone(
    lexicon_scores: dict[str, Scores], lang: str
) -> None:
    # The indicator reader learned from dev, so with it dev flatters; a pattern that stops
    # matching must show here even where the reader would cover for it.
    f1_floor, urgent_floor, false_flag_ceiling = DEV_FLOORS[lang]
    scores = lexicon_scores[lang]
    assert scores.f1() >= f1_floor, [(e.text, r.codes) for e, r in scores.errors]
    assert scores.urgent_recall >= urgent_floor
    assert scores.false_flag_rate <= false_flag_ceiling


def test_dev_floors_hold_with_every_lexicon() -> None:
    scores = _scores("dev", lang_known=False)["all"]
    assert scores.f1() >= 0.995
    assert scores.urgent_recall >= 0.98
    assert scores.false_flag_rate <= 0.02


def test_holdout_floors() -> None:
    scores = _scores("holdout", lang_known=True)["all"]
    f1_floor, urgent_floor, false_flag_ceiling = HOLDOUT_FLOORS["all"]
    assert scores.messages >= 40
    assert scores.f1() >= f1_floor
    assert scores.urgent_recall >= urgent_floor
    assert scores.false_flag_rate <= false_flag_ceiling
