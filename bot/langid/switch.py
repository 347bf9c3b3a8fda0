"""When to offer a one-tap switch of the conversation language."""

from __future__ import annotations

from bot.langid.model import OUTPUT_LABELS, Detection

# A switch is offered only for a message this sure and this long: an unwanted offer costs a tap,
# a wrong switch costs the conversation.
SWITCH_MIN_CONFIDENCE = 0.9
SWITCH_MIN_WORDS = 3


def suggest_switch(
    chosen_lang: str,
    detection: Detection,
    min_confidence: float = SWITCH_MIN_CONFIDENCE,
    min_words: int = SWITCH_MIN_WORDS,
) -> str | None:
    """The language to offer a switch to, or None to keep ``chosen_lang``."""
    if detection.lang not in OUTPUT_LABELS or detection.lang == chosen_lang:
        return None
    if detection.words < min_words or detection.confidence < min_confidence:
        return None
    return detection.lang
