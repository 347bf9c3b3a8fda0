"""A content set as one JSON document: what a content revision in the database holds.

Storing whole revisions keeps the history of what the bot said and when, and makes going back
to an earlier revision a matter of publishing it again.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from bot.faq.content import (
    City,
    Contact,
    ContentSet,
    Directory,
    Entry,
    Service,
    Source,
    Topic,
    Translation,
)

FORMAT = 1


def to_document(content: ContentSet) -> dict[str, Any]:
    """The content set as plain JSON-able data."""
    return {"format": FORMAT, "content": _plain(dataclasses.asdict(content))}


def from_document(document: dict[str, Any]) -> ContentSet:
    """The content set a document of :func:`to_document` holds."""
    if document.get("format") != FORMAT:
        raise ValueError(f"unknown content document format {document.get('format')!r}")
    data = document["content"]
    return ContentSet(
        sources={key: _source(value) for key, value in data["sources"].items()},
        topics=tuple(Topic(t["id"], t["order"], dict(t["title"])) for t in data["topics"]),
        entries={key: _entry(value) for key, value in data["entries"].items()},
        directory=_directory(data["directory"]),
    )


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _date(value: str | None) -> dt.date | None:
    return None if value is None else dt.date.fromisoformat(value)


def _source(data: dict[str, Any]) -> Source:
    return Source(**{**data, "date": _date(data.get("date"))})


def _entry(data: dict[str, Any]) -> Entry:
    translations = {
        lang: Translation(**{**value, "keywords": tuple(value.get("keywords", ()))})
        for lang, value in data["translations"].items()
    }
    return Entry(
        **{
            **data,
            "translations": translations,
            "sources": tuple(data.get("sources", ())),
            "related": tuple(data.get("related", ())),
            "checked_on": _date(data.get("checked_on")),
            "review_by": _date(data.get("review_by")),
        }
    )


def _directory(data: dict[str, Any]) -> Directory:
    return Directory(
        cities={
            key: City(value["id"], dict(value["names"])) for key, value in data["cities"].items()
        },
        services=tuple(
            Service(
                **{
                    **service,
                    "cities": tuple(service.get("cities", ())),
                    "helps_with": tuple(service.get("helps_with", ())),
                    "contacts": tuple(Contact(**c) for c in service.get("contacts", ())),
                    "sources": tuple(service.get("sources", ())),
                    "verified_on": _date(service.get("verified_on")),
                }
            )
            for service in data["services"]
        ),
    )
