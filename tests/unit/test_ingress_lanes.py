"""Which lane an update is handled in, which updates go first, and how many at once."""

from __future__ import annotations

from bot.crypto import Vault, generate_secret
from bot.ingress import lane_of, reads_urgent
from db.session import SQLITE_WRITERS_IN_FLIGHT, writers_in_flight

VAULT = Vault.from_secret(generate_secret())
GROUP = -1001000000001


def message(chat_id: int, text: str = "hi", thread: int | None = None) -> dict:
    body: dict = {"message_id": 5, "chat": {"id": chat_id}, "text": text}
    if thread is not None:
        body.update(message_thread_id=thread, is_topic_message=True)
    return {"update_id": 1, "message": body}


def test_a_private_chat_is_one_lane() -> None:
    assert lane_of(message(42), 1, VAULT) == VAULT.chat_key(42)


def test_each_topic_of_the_operators_group_is_a_lane_of_its_own() -> None:
    first = lane_of(message(GROUP, thread=7), 1, VAULT)
    second = lane_of(message(GROUP, thread=8), 2, VAULT)
    assert first != second and VAULT.chat_key(GROUP) not in (first, second)
    press = {
        "update_id": 3,
        "callback_query": {"id": "q", "message": message(GROUP, thread=7)["message"]},
    }
    assert lane_of(press, 3, VAULT) == first, "a button on the card is in the case's lane"
    assert lane_of(message(GROUP), 4, VAULT) == VAULT.chat_key(GROUP), "outside topics: the group"


def test_an_update_without_a_chat_is_alone() -> None:
    assert lane_of({"update_id": 9}, 9, VAULT) == "update:9"


def test_danger_now_is_read_as_urgent_and_ordinary_questions_are_not() -> None:
    assert reads_urgent(message(42, "нас заперли на складе помогите"))
    assert not reads_urgent(message(42, "где продлить регистрацию"))
    assert not reads_urgent({"update_id": 1, "callback_query": {"id": "q", "data": "menu:main"}})


def test_sqlite_handles_a_few_chats_at_once_and_postgresql_as_many_as_configured() -> None:
    # SQLite's one writer: more updates under way only delay the calls recorded as made.
    assert writers_in_flight("sqlite+aiosqlite:///data/senim.db", 32) == SQLITE_WRITERS_IN_FLIGHT
    assert writers_in_flight("sqlite+aiosqlite:///data/senim.db", 2) == 2
    assert writers_in_flight("postgresql+asyncpg://senim@db/senim", 32) == 32
