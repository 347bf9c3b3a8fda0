"""The NGO editors' workflow: spreadsheet for translators, completeness report, publishing.

Translators work in a spreadsheet with the languages side by side; the YAML files stay the
record. Import writes back only what changed and marks a translation as made from today's
Russian text only when its own text changed in the sheet, so an edited Russian answer leaves
the other languages stale until someone translates it again.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from bot import LANGUAGES
from bot.faq.content import (
    CONTACT_KINDS,
    DIRECTORY_FILE,
    ENTRIES_DIR,
    SOURCE_LANGUAGE,
    SOURCES_FILE,
    TOPICS_FILE,
    City,
    Contact,
    ContentSet,
    Directory,
    Entry,
    Service,
    Topic,
    Translation,
    save_changes,
    text_hash,
)

SHORT_POLICY_LIMIT = 1000
"""The project's rule: a short answer reads as one message on a phone screen or two."""
TELEGRAM_MESSAGE_LIMIT = 4096
"""Telegram rejects longer messages (counted in UTF-16 code units)."""

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    severity: Severity
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.severity.upper():7} {self.where}: {self.message}"


# --- check ---------------------------------------------------------------------------------------


def check_content(content: ContentSet, today: dt.date) -> list[Problem]:
    """Everything an editor must fix (errors) or should know (warnings) before deployment.

    Missing and stale translations are errors on a published entry and warnings on a draft:
    a draft is allowed to be unfinished, and ``publish`` refuses it until it is not.
    """
    problems: list[Problem] = []
    for source in content.sources.values():
        if not is_valid_url(source.url):
            problems.append(_error(SOURCES_FILE, f"{source.id}.url: malformed URL {source.url!r}"))
    topic_ids = {topic.id for topic in content.topics}
    for topic in content.topics:
        for lang in LANGUAGES:
            if lang not in topic.title:
                problems.append(_error(TOPICS_FILE, f"{topic.id}.title.{lang}: missing"))
    for entry in sorted(content.entries.values(), key=lambda item: item.slug):
        problems.extend(_check_entry(entry, content, topic_ids, today))
    problems.extend(_check_directory(content))
    unverified = sorted(
        slug for slug, entry in content.entries.items() if entry.needs_verification
    )
    if unverified:
        problems.append(
            _warning(
                ENTRIES_DIR,
                f"{len(unverified)} entries need verification by the partner NGO: "
                + ", ".join(unverified),
            )
        )
    unverified_services = [s.id for s in content.directory.services if s.needs_verification]
    if unverified_services:
        problems.append(
            _warning(
                DIRECTORY_FILE,
                f"{len(unverified_services)} services need verification: "
                + ", ".join(unverified_services),
            )
        )
    return problems


def _check_entry(
    entry: Entry, content: ContentSet, topic_ids: set[str], today: dt.date
) -> list[Problem]:
    where = f"{ENTRIES_DIR}/{entry.slug}.yaml"
    problems: list[Problem] = []
    completeness = _error if entry.status == "published" else _warning
    if entry.topic not in topic_ids:
        problems.append(_error(where, f"topic: unknown topic {entry.topic!r}"))
    for lang in missing_languages(entry):
        problems.append(completeness(where, f"translations.{lang}: missing"))
    current = entry.source_hash()
    for lang in entry.stale_languages():
        based_on = entry.translations[lang].based_on
        problems.append(
            completeness(
                where,
                f"translations.{lang}: stale (based_on {based_on}, Russian is now {current})",
            )
        )
    problems.extend(_error(where, message) for message in source_problems(entry, content))
    if entry.review_by is not None and entry.review_by < today:
        problems.append(
            _warning(where, f"review_by {entry.review_by} has passed: check the facts")
        )
    for lang, translation in entry.translations.items():
        length = telegram_length(translation.short)
        if length > TELEGRAM_MESSAGE_LIMIT:
            message = (
                f"{length} characters; Telegram cannot send more than {TELEGRAM_MESSAGE_LIMIT}"
            )
            problems.append(_error(where, f"translations.{lang}.short: {message}"))
        elif length > SHORT_POLICY_LIMIT:
            message = f"{length} characters; at most {SHORT_POLICY_LIMIT} fit one message"
            problems.append(_error(where, f"translations.{lang}.short: {message}"))
    for slug in entry.related:
        if slug not in content.entries:
            problems.append(_error(where, f"related: no entry {slug!r}"))
    for lang, translation in entry.translations.items():
        for url in links_in(translation):
            if not is_valid_url(url):
                problems.append(_error(where, f"translations.{lang}: malformed URL {url!r}"))
    return problems


_LINK = re.compile(r"(?:\b[a-z][a-z0-9+.-]*://|\bwww\.)[^\s<>«»\"]+", re.IGNORECASE)


def links_in(translation: Translation) -> list[str]:
    """Web addresses written in an answer's text, without trailing punctuation."""
    text = "\n".join(filter(None, (translation.title, translation.short, translation.long)))
    return [match.group().rstrip(".,;:!?)") for match in _LINK.finditer(text)]


def _check_directory(content: ContentSet) -> list[Problem]:
    problems: list[Problem] = []
    directory = content.directory
    for city in directory.cities.values():
        for lang in LANGUAGES:
            if lang not in city.names:
                problems.append(_error(DIRECTORY_FILE, f"cities.{city.id}.{lang}: missing"))
    for service in directory.services:
        where = f"services.{service.id}"
        for field_name, names in (("name", service.name), ("about", service.about)):
            for lang in LANGUAGES:
                if lang not in names:
                    problems.append(
                        _warning(DIRECTORY_FILE, f"{where}.{field_name}.{lang}: missing")
                    )
        for city in service.cities:
            if city not in directory.cities:
                problems.append(_error(DIRECTORY_FILE, f"{where}.cities: unknown city {city!r}"))
        if not service.sources:
            problems.append(_error(DIRECTORY_FILE, f"{where}.sources: no source"))
        for source in service.sources:
            if source not in content.sources:
                problems.append(_error(DIRECTORY_FILE, f"{where}.sources: unknown {source!r}"))
        for contact in service.contacts:
            if contact.kind == "url" and not is_valid_url(contact.value):
                problems.append(
                    _error(DIRECTORY_FILE, f"{where}.contacts: malformed URL {contact.value!r}")
                )
    return problems


def missing_languages(entry: Entry) -> list[str]:
    return [lang for lang in LANGUAGES if lang not in entry.translations]


def source_problems(entry: Entry, content: ContentSet) -> list[str]:
    if not entry.sources:
        return ["sources: no source; every answer needs at least one"]
    return [
        f"sources: unknown source {source!r}"
        for source in entry.sources
        if source not in content.sources
    ]


def telegram_length(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def is_valid_url(url: str) -> bool:
    """An absolute http(s) URL with a host; it is not fetched."""
    if any(char.isspace() for char in url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    host = parts.hostname or ""
    return parts.scheme in ("http", "https") and "." in host and not host.startswith(".")


def _error(where: str, message: str) -> Problem:
    return Problem("error", where, message)


def _warning(where: str, message: str) -> Problem:
    return Problem("warning", where, message)


# --- publish -------------------------------------------------------------------------------------


def publish_blockers(entry: Entry, content: ContentSet) -> list[str]:
    """Why ``entry`` may not be published yet; empty when it may."""
    reasons = [f"translation {lang} is missing" for lang in missing_languages(entry)]
    reasons += [f"translation {lang} is stale" for lang in entry.stale_languages()]
    reasons += source_problems(entry, content)
    return reasons


_STATUS_LINE = re.compile(r"^status:[ \t]*draft[ \t]*(#.*)?$", re.MULTILINE)


def set_published(content: ContentSet, slug: str, root: Path) -> None:
    """Flip ``status: draft`` in one entry file, keeping the rest of the file as written.

    A file whose status line is not the plain one is rewritten in the canonical form instead.
    """
    path = root / ENTRIES_DIR / f"{slug}.yaml"
    text = path.read_text(encoding="utf-8")
    new_text, count = _STATUS_LINE.subn("status: published", text)
    if count == 1:
        path.write_text(new_text, encoding="utf-8")
        return
    entries = dict(content.entries)
    entries[slug] = replace(entries[slug], status="published")
    save_changes(
        content, ContentSet(content.sources, content.topics, entries, content.directory), root
    )


# --- spreadsheet ---------------------------------------------------------------------------------

ENTRY_SHEET = "entries"
TOPIC_SHEET = "topics"
DIRECTORY_SHEET = "directory"
HELP_SHEET = "how to"

TEXT_FIELDS: tuple[str, ...] = ("title", "short", "long", "keywords")
ENTRY_META: tuple[str, ...] = (
    "topic", "order", "status", "needs_verification", "verification_note", "checked_on",
    "review_by", "sources", "related",
)  # fmt: skip
SERVICE_META: tuple[str, ...] = (
    "cities", "helps_with", "contacts", "sources", "verified_on", "needs_verification",
)  # fmt: skip
ENTRY_HEADER: tuple[str, ...] = ("slug", "field", *LANGUAGES, *ENTRY_META)
TOPIC_HEADER: tuple[str, ...] = ("id", "order", *LANGUAGES)
DIRECTORY_HEADER: tuple[str, ...] = ("id", "field", *LANGUAGES, *SERVICE_META)

_STALE_FILL = PatternFill("solid", fgColor="FFE0B2")
_MISSING_FILL = PatternFill("solid", fgColor="FFCDD2")
_HEADER_FILL = PatternFill("solid", fgColor="E0E0E0")
_WIDTHS = {"slug": 24, "id": 20, "field": 10, "order": 7, "status": 10, "topic": 14}
_LANGUAGE_WIDTH = 48
_META_WIDTH = 18

HELP_TEXT = (
    "How to use this file",
    "",
    "entries: one row per answer and field, one column per language. Fill in the empty "
    "(red) cells; orange cells were translated from an older Russian text: compare with "
    "the Russian column and update them.",
    "keywords: words people might type, separated by commas.",
    "The entry columns (topic, order, dates, sources, related) are read from the 'title' row.",
    "status is shown for information only; answers are published with 'senim content publish'.",
    "topics: the menu titles. directory: cities and services; contacts one per line, "
    "as 'phone: …', 'url: …' or 'address: …'.",
    "Do not rename sheets or header cells; rows may be sorted.",
)


class SheetError(ValueError):
    """The spreadsheet cannot be read back; ``problems`` names each sheet, row and column."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


def export_xlsx(content: ContentSet, path: Path) -> None:
    """Write the spreadsheet translators fill in side by side."""
    workbook = Workbook()
    entries = workbook.active
    entries.title = ENTRY_SHEET
    _write_entries(entries, content)
    _write_topics(workbook.create_sheet(TOPIC_SHEET), content.topics)
    _write_directory(workbook.create_sheet(DIRECTORY_SHEET), content.directory)
    help_sheet = workbook.create_sheet(HELP_SHEET)
    for line in HELP_TEXT:
        help_sheet.append([line])
    help_sheet.column_dimensions["A"].width = 110
    workbook.save(path)


def _write_entries(sheet: Worksheet, content: ContentSet) -> None:
    _start_sheet(sheet, ENTRY_HEADER, freeze="C2")
    topic_order = {topic.id: topic.order for topic in content.topics}
    ordered = sorted(
        content.entries.values(),
        key=lambda entry: (topic_order.get(entry.topic, 10**6), entry.order, entry.slug),
    )
    for entry in ordered:
        stale = set(entry.stale_languages())
        for field_name in TEXT_FIELDS:
            texts = [
                _translation_cell(entry.translations.get(lang), field_name) for lang in LANGUAGES
            ]
            meta = _entry_meta(entry) if field_name == "title" else [None] * len(ENTRY_META)
            row = _append(sheet, [entry.slug, field_name, *texts, *meta])
            for offset, lang in enumerate(LANGUAGES):
                cell = sheet.cell(row=row, column=3 + offset)
                if lang not in entry.translations and field_name in ("title", "short"):
                    cell.fill = _MISSING_FILL
                elif lang in stale and field_name != "keywords":
                    cell.fill = _STALE_FILL
    _wrap_body(sheet)


def _translation_cell(translation: Translation | None, field_name: str) -> str | None:
    if translation is None:
        return None
    if field_name == "keywords":
        return ", ".join(translation.keywords) or None
    return getattr(translation, field_name)


def _entry_meta(entry: Entry) -> list[Any]:
    return [
        entry.topic,
        entry.order,
        entry.status,
        entry.needs_verification,
        entry.verification_note,
        _date_text(entry.checked_on),
        _date_text(entry.review_by),
        ", ".join(entry.sources),
        ", ".join(entry.related),
    ]


def _write_topics(sheet: Worksheet, topics: Sequence[Topic]) -> None:
    _start_sheet(sheet, TOPIC_HEADER, freeze="C2")
    for topic in topics:
        _append(sheet, [topic.id, topic.order, *(topic.title.get(lang) for lang in LANGUAGES)])
    _wrap_body(sheet)


def _write_directory(sheet: Worksheet, directory: Directory) -> None:
    _start_sheet(sheet, DIRECTORY_HEADER, freeze="C2")
    blank_meta = [None] * len(SERVICE_META)
    for city in directory.cities.values():
        names = [city.names.get(lang) for lang in LANGUAGES]
        _append(sheet, [city.id, "city", *names, *blank_meta])
    for service in directory.services:
        meta = [
            ", ".join(service.cities),
            ", ".join(service.helps_with),
            "\n".join(f"{contact.kind}: {contact.value}" for contact in service.contacts),
            ", ".join(service.sources),
            _date_text(service.verified_on),
            service.needs_verification,
        ]
        names = [service.name.get(lang) for lang in LANGUAGES]
        _append(sheet, [service.id, "name", *names, *meta])
        about = [service.about.get(lang) for lang in LANGUAGES]
        _append(sheet, [service.id, "about", *about, *blank_meta])
    _wrap_body(sheet)


def _start_sheet(sheet: Worksheet, header: Sequence[str], freeze: str) -> None:
    sheet.append(list(header))
    for index, name in enumerate(header, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        letter = cell.column_letter
        width = _LANGUAGE_WIDTH if name in LANGUAGES else _WIDTHS.get(name, _META_WIDTH)
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = freeze


def _wrap_body(sheet: Worksheet) -> None:
    """Wrap every text cell and put a filter on the header, once the rows are in."""
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = wrap
    sheet.auto_filter.ref = sheet.dimensions


def _append(sheet: Worksheet, values: Sequence[Any]) -> int:
    """Append a row and return its number; text stays text even when it starts with '='."""
    sheet.append(list(values))
    row = sheet.max_row
    for cell in sheet[row]:
        if isinstance(cell.value, str) and cell.value.startswith("="):
            cell.data_type = "s"
    return row


def _date_text(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


# --- import --------------------------------------------------------------------------------------


def import_xlsx(content: ContentSet, path: Path) -> ContentSet:
    """Merge the spreadsheet into ``content`` and return the result.

    Entries missing from the sheet stay as they are. A translation whose title, short or long
    changed in the sheet records today's Russian text as its base; the others keep theirs.
    Status never changes here: publishing goes through the checks of ``publish``.
    """
    workbook = load_workbook(path, read_only=True)
    problems: list[str] = []
    entries = dict(content.entries)
    for slug, rows in _grouped_rows(workbook, ENTRY_SHEET, ENTRY_HEADER, problems).items():
        entry = _entry_from_rows(slug, rows, content.entries.get(slug), problems)
        if entry is not None:
            entries[slug] = entry
    topics = _topics_from_sheet(workbook, problems)
    directory = _directory_from_sheet(workbook, problems)
    workbook.close()
    if problems:
        raise SheetError(problems)
    return ContentSet(content.sources, topics, entries, directory)


_Row = dict[str, Any]


def _sheet_rows(
    workbook: Any, name: str, header: Sequence[str], problems: list[str]
) -> list[_Row]:
    if name not in workbook.sheetnames:
        problems.append(f"{name}: sheet is missing")
        return []
    rows = workbook[name].iter_rows(values_only=True)
    found = [_cell_text(value) for value in next(rows, ())]
    missing = [column for column in header if column not in found]
    if missing:
        problems.append(f"{name}: header is missing column(s) {', '.join(missing)}")
        return []
    records: list[_Row] = []
    for number, values in enumerate(rows, start=2):
        record = {
            column: values[index] if index < len(values) else None
            for index, column in enumerate(found)
        }
        if all(value in (None, "") for value in record.values()):
            continue
        record["_row"] = f"{name} row {number}"
        records.append(record)
    return records


def _grouped_rows(
    workbook: Any, name: str, header: Sequence[str], problems: list[str]
) -> dict[str, dict[str, _Row]]:
    groups: dict[str, dict[str, _Row]] = {}
    for record in _sheet_rows(workbook, name, header, problems):
        key = _cell_text(record[header[0]])
        field_name = _cell_text(record["field"])
        if not key or not field_name:
            problems.append(f"{record['_row']}: {header[0]} and field are required")
            continue
        group = groups.setdefault(key, {})
        if field_name in group:
            problems.append(f"{record['_row']}: second '{field_name}' row for {key!r}")
        group[field_name] = record
    return groups


def _entry_from_rows(
    slug: str, rows: dict[str, _Row], current: Entry | None, problems: list[str]
) -> Entry | None:
    unknown = set(rows) - set(TEXT_FIELDS)
    if unknown or "title" not in rows or "short" not in rows:
        where = next(iter(rows.values()))["_row"]
        problems.append(
            f"{where}: {slug}: needs 'title' and 'short' rows; fields are {', '.join(TEXT_FIELDS)}"
        )
        return None
    meta = rows["title"]
    before = len(problems)
    texts = {lang: _translation_texts(rows, lang) for lang in LANGUAGES}
    translations: dict[str, Translation] = {}
    for lang, fields in texts.items():
        if fields["title"] is None and fields["short"] is None:
            continue
        if fields["title"] is None or fields["short"] is None:
            problems.append(f"{meta['_row']}: {slug} {lang}: title and short go together")
            continue
        translations[lang] = _merged_translation(
            fields, current.translations.get(lang) if current else None
        )
    source = translations.get(SOURCE_LANGUAGE)
    new_hash = text_hash(source) if source else None
    for lang, translation in translations.items():
        if lang == SOURCE_LANGUAGE:
            continue
        previous = current.translations.get(lang) if current else None
        if previous is None or _text_changed(previous, translation):
            translations[lang] = replace(translation, based_on=new_hash)
    order = _integer(meta.get("order"), meta["_row"], "order", problems)
    topic = _cell_text(meta.get("topic"))
    if not topic:
        problems.append(f"{meta['_row']}: {slug}: topic is required")
    if len(problems) > before or order is None or not topic:
        return None
    return Entry(
        slug=slug,
        topic=topic,
        order=order,
        status=current.status if current else "draft",
        translations=translations,
        sources=_names(meta.get("sources")),
        related=_names(meta.get("related")),
        needs_verification=_flag(meta.get("needs_verification"), meta["_row"], problems),
        verification_note=_cell_text(meta.get("verification_note")) or None,
        checked_on=_date(meta.get("checked_on"), meta["_row"], "checked_on", problems),
        review_by=_date(meta.get("review_by"), meta["_row"], "review_by", problems),
    )


def _translation_texts(rows: dict[str, _Row], lang: str) -> dict[str, str | None]:
    return {
        field_name: (_cell_text(rows[field_name].get(lang)) or None)
        if field_name in rows
        else None
        for field_name in TEXT_FIELDS
    }


def _merged_translation(
    fields: dict[str, str | None], previous: Translation | None
) -> Translation:
    """The sheet's text, but the file's exact spelling where only whitespace differs."""

    def pick(field_name: str, block: bool) -> str | None:
        new = fields[field_name]
        old = getattr(previous, field_name) if previous else None
        if new is None:
            return None
        if old is not None and _same_text(old, new):
            return old
        cleaned = new.replace("\r\n", "\n").replace("\r", "\n").strip()
        return cleaned + "\n" if block else cleaned

    keywords = tuple(
        word.strip() for word in (fields["keywords"] or "").split(",") if word.strip()
    )
    title = pick("title", block=False)
    short = pick("short", block=True)
    assert title is not None and short is not None
    return Translation(
        title=title,
        short=short,
        long=pick("long", block=True),
        keywords=keywords,
        based_on=previous.based_on if previous else None,
    )


def _same_text(old: str, new: str) -> bool:
    return old.replace("\r\n", "\n").strip() == new.replace("\r\n", "\n").strip()


def _text_changed(old: Translation, new: Translation) -> bool:
    return (old.title, old.short, old.long) != (new.title, new.short, new.long)


def _topics_from_sheet(workbook: Any, problems: list[str]) -> tuple[Topic, ...]:
    topics: list[Topic] = []
    for record in _sheet_rows(workbook, TOPIC_SHEET, TOPIC_HEADER, problems):
        topic_id = _cell_text(record["id"])
        order = _integer(record["order"], record["_row"], "order", problems)
        if not topic_id or order is None:
            problems.append(f"{record['_row']}: id and order are required")
            continue
        topics.append(Topic(topic_id, order, _language_cells(record)))
    return tuple(topics)


def _directory_from_sheet(workbook: Any, problems: list[str]) -> Directory:
    cities: dict[str, City] = {}
    services: list[Service] = []
    for key, rows in _grouped_rows(workbook, DIRECTORY_SHEET, DIRECTORY_HEADER, problems).items():
        if "city" in rows:
            cities[key] = City(key, _language_cells(rows["city"]))
            continue
        if "name" not in rows:
            where = next(iter(rows.values()))["_row"]
            problems.append(f"{where}: {key}: a service needs a 'name' row")
            continue
        meta = rows["name"]
        services.append(
            Service(
                id=key,
                name=_language_cells(meta),
                about=_language_cells(rows["about"]) if "about" in rows else {},
                cities=_names(meta.get("cities")),
                helps_with=_names(meta.get("helps_with")),
                contacts=_contacts(meta.get("contacts"), meta["_row"], problems),
                sources=_names(meta.get("sources")),
                verified_on=_date(meta.get("verified_on"), meta["_row"], "verified_on", problems),
                needs_verification=_flag(meta.get("needs_verification"), meta["_row"], problems),
            )
        )
    return Directory(cities=cities, services=tuple(services))


def _language_cells(record: _Row) -> dict[str, str]:
    names = {lang: _cell_text(record.get(lang)).strip() for lang in LANGUAGES}
    return {lang: text for lang, text in names.items() if text}


def _contacts(value: Any, where: str, problems: list[str]) -> tuple[Contact, ...]:
    contacts: list[Contact] = []
    for line in _cell_text(value).splitlines():
        if not line.strip():
            continue
        kind, _, text = line.partition(":")
        if not text.strip() or kind.strip() not in CONTACT_KINDS:
            problems.append(f"{where}: contacts: write 'phone: …', 'url: …' or 'address: …'")
            continue
        contacts.append(Contact(kind.strip(), text.strip()))
    return tuple(contacts)


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    return str(value)


def _names(value: Any) -> tuple[str, ...]:
    return tuple(name.strip() for name in _cell_text(value).split(",") if name.strip())


def _integer(value: Any, where: str, column: str, problems: list[str]) -> int | None:
    try:
        number = float(_cell_text(value))
    except ValueError:
        problems.append(f"{where}: {column}: expected a whole number, got {value!r}")
        return None
    if not number.is_integer():
        problems.append(f"{where}: {column}: expected a whole number, got {value!r}")
        return None
    return int(number)


_TRUE = {"true", "yes", "1"}
_FALSE = {"false", "no", "0", ""}


def _flag(value: Any, where: str, problems: list[str]) -> bool:
    if isinstance(value, bool):
        return value
    text = _cell_text(value).strip().casefold()
    if text in _TRUE:
        return True
    if text not in _FALSE:
        problems.append(f"{where}: needs_verification: expected TRUE or FALSE, got {value!r}")
    return False


def _date(value: Any, where: str, column: str, problems: list[str]) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(_cell_text(value).strip())
    except ValueError:
        problems.append(f"{where}: {column}: expected a date like 2026-11-23, got {value!r}")
        return None


def changed_slugs(before: ContentSet, after: ContentSet) -> list[str]:
    return sorted(
        slug for slug, entry in after.entries.items() if before.entries.get(slug) != entry
    )


def summarize(problems: Iterable[Problem]) -> tuple[int, int]:
    """Errors and warnings counted."""
    items = list(problems)
    errors = sum(1 for problem in items if problem.severity == "error")
    return errors, len(items) - errors
