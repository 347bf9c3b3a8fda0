"""A turn: everything the handling of one update may use, and nothing it must not.

The dispatcher opens a transaction, builds a :class:`Turn` and makes it current while
python-telegram-bot runs the handlers; the handlers' database changes and queued replies then
commit together, or not at all.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass, field

from babel.support import Translations

from bot.config import Settings
from bot.faq.library import Library
from bot.flood import FloodCounter
from bot.i18n import translator
from bot.outbox import Outbox
from db.models import Operator, User
from db.repositories import Repositories

_CURRENT: ContextVar[Turn] = ContextVar("senim_turn")


@dataclass
class Turn:
    repos: Repositories
    outbox: Outbox
    settings: Settings
    library: Library
    """The rights content as it was when the turn began."""
    user: User | None = None
    operator: Operator | None = None
    """Set for updates from the operators' group, when the sender may act on cases."""
    flood: FloodCounter | None = field(default=None, repr=False)
    """The flood limit's counts; the dispatcher's turns, which handle updates, carry them."""
    error: BaseException | None = field(default=None, repr=False)
    """Set by the error handler: the dispatcher then rolls the whole turn back and retries."""

    @property
    def language(self) -> str:
        """The language to answer in: the user's choice, else the best hint, else the default."""
        if self.user is not None:
            return self.user.language or self.user.language_hint or self.settings.languages.default
        return self.settings.languages.default

    @property
    def t(self) -> Translations:
        """The translations of :attr:`language`."""
        return translator(self.language)


def current_turn() -> Turn:
    """The turn of the update being handled."""
    return _CURRENT.get()


def enter_turn(turn: Turn) -> object:
    """Make ``turn`` current; returns a token for :func:`leave_turn`."""
    return _CURRENT.set(turn)


def leave_turn(token: object) -> None:
    """Restore the turn that was current before :func:`enter_turn`."""
    _CURRENT.reset(token)  # type: ignore[arg-type]
