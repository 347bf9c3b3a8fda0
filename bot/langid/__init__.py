"""Language identification for kk, ky, uz, ru and en on short, messy chat messages."""

from bot.langid.model import OUTPUT_LABELS, UNDETERMINED, Detection, detect
from bot.langid.switch import suggest_switch

__all__ = ["OUTPUT_LABELS", "UNDETERMINED", "Detection", "detect", "suggest_switch"]
