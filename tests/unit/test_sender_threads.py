"""The sender fills in a case's topic and card, and merges relayed texts."""

from __future__ import annotations

from typing import Any

from bot.outbox import CARD, TOPIC
from bot.sender import BATCH_LIMIT, _in_thread, _mergeable
from db.repositories import OutgoingCall


def call(
    method: str, params: dict[str, Any], on_sent: str | None = None, *, batchable: bool = False
) -> OutgoingCall:
    return OutgoingCall(
        id=1, lane="lane", chat_id=-100, is_group=True, method=method, params=params,
        attempts=0, message_row_id=None, case_id=7, on_sent=on_sent, batchable=batchable,
    )  # fmt: skip


def test_topic_and_card_are_filled_in() -> None:
    post = call("sendMessage", {"text": "hi", "message_thread_id": TOPIC})
    assert _in_thread(post, 55, 9) == {"text": "hi", "message_thread_id": 55}
    edit = call("editMessageText", {"message_id": CARD, "text": "card"})
    assert _in_thread(edit, 55, 9) == {"message_id": 9, "text": "card"}


def test_without_topics_posts_reply_to_the_card() -> None:
    post = call("sendMessage", {"text": "hi", "message_thread_id": TOPIC})
    assert _in_thread(post, None, 9) == {
        "text": "hi",
        "reply_parameters": {"message_id": 9, "allow_sending_without_reply": True},
    }
    card = call("sendMessage", {"text": "card", "message_thread_id": TOPIC}, on_sent="card")
    assert _in_thread(card, None, None) == {"text": "card"}


def test_changes_to_a_missing_topic_or_card_are_skipped() -> None:
    assert _in_thread(call("editForumTopic", {"message_thread_id": TOPIC}), None, 9) is None
    assert _in_thread(call("editMessageText", {"message_id": CARD}), 55, None) is None


def test_mergeable_stops_before_the_size_limit() -> None:
    head = {"text": "a" * 100}
    followers = [call("sendMessage", {"text": "b" * 1000}, batchable=True) for _ in range(5)]
    merged = _mergeable(head, followers)
    assert len(merged) == 3
    assert 100 + sum(len(c.params["text"]) + 2 for c in merged) <= BATCH_LIMIT


def test_mergeable_stops_at_a_call_that_is_not_a_relayed_text() -> None:
    head = {"text": "a"}
    card = call("editMessageText", {"message_id": CARD, "text": "card"})
    relayed = call("sendMessage", {"text": "b"}, batchable=True)
    assert _mergeable(head, [relayed, card, relayed]) == [relayed]
