"""Cases: what a case is, how operators see it, and when it needs attention.

Plain Python with no Telegram and no database, so every rule here is tested on its own:
:mod:`bot.cases.card` renders a case for the operators, :mod:`bot.cases.schedule` knows the
hotline's working hours and the expected wait, and :mod:`bot.cases.policy` decides reopening,
re-announcing and closing.
"""

from bot.cases.card import CaseView, alias, card_text, topic_name
from bot.cases.policy import may_reopen, reannounce_at
from bot.cases.schedule import Hours, Wait, expected_wait

__all__ = [
    "CaseView",
    "Hours",
    "Wait",
    "alias",
    "card_text",
    "expected_wait",
    "may_reopen",
    "reannounce_at",
    "topic_name",
]
