"""When the bot offers a one-tap language switch."""

from __future__ import annotations

from bot.langid import Detection, detect, suggest_switch


def test_offers_the_confidently_detected_other_language() -> None:
    detection = detect("Мені жұмыс берушім ұрады және паспортымды алып қойды")
    assert suggest_switch("ru", detection) == "kk"


def test_no_offer_for_the_chosen_language() -> None:
    assert suggest_switch("kk", detect("Мені жұмыс берушім ұрады")) is None


def test_no_offer_on_a_very_short_message() -> None:
    assert suggest_switch("ru", Detection("kk", 0.999, "Cyrl", words=2)) is None
    assert suggest_switch("ru", detect("рахмет")) is None


def test_no_offer_when_unsure_or_undetermined() -> None:
    assert suggest_switch("ru", Detection("ky", 0.6, "Cyrl", words=6)) is None
    assert suggest_switch("ru", Detection("und", 0.0, "Zyyy", words=0)) is None
    assert suggest_switch("ru", detect("Merhaba, bugün işe gitmedim ve maaşımı almadım")) is None


def test_threshold_can_be_set() -> None:
    detection = Detection("uz", 0.8, "Latn", words=5)
    assert suggest_switch("ru", detection) is None
    assert suggest_switch("ru", detection, min_confidence=0.75) == "uz"
