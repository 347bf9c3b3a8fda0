"""The rights content as plain data, read from and written back to ``locales/content/``.

The file format is docs/content-format.md. :func:`load_content` checks structure and types and
names the file and field of every problem at once, so an editor fixes a file in one pass;
whether the content is complete and consistent (translations, sources, links) is the job of
``senim content check``, which needs the files loaded to say so. :func:`dump_content` writes a
canonical form: dumping what it loaded gives the same bytes again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot import LANGUAGES

SOURCE_LANGUAGE = "ru"
"""Every other translation is made from the Russian text and records which version it used."""

TRANSLATION_ORDER: tuple[str, ...] = (
    SOURCE_LANGUAGE,
    *(lang for lang in LANGUAGES if lang != SOURCE_LANGUAGE),
)
STATUSES: tuple[str, ...] = ("draft", "published")
CONFIDENCES: tuple[str, ...] = ("high", "medium", "low")
CONTACT_KINDS: tuple[str, ...] = ("phone", "url", "address")

SOURCES_FILE = "sources.yaml"
TOPICS_FILE = "topics.yaml"
DIRECTORY_FILE = "directory.yaml"
ENTRIES_DIR = "entries"


class ContentError(ValueError):
    """The content files do not follow the format; ``problems`` has one line per problem."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    publisher: str
    url: str
    confidence: str
    date: dt.date | None = None


@dataclass(frozen=True)
class Topic:
    id: str
    order: int
    title: dict[str, str]


@dataclass(frozen=True)
class Translation:
    title: str
    short: str
    long: str | None = None
    keywords: tuple[str, ...] = ()
    based_on: str | None = None


@dataclass(frozen=True)
class Entry:
    slug: str
    topic: str
    order: int
    status: str
    translations: dict[str, Translation]
    sources: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    needs_verification: bool = False
    verification_note: str | None = None
    checked_on: dt.date | None = None
    review_by: dt.date | None = None

    def source_hash(self) -> str | None:
        """The hash a translation made from today's Russian text records; None without ru."""
        source = self.translations.get(SOURCE_LANGUAGE)
        return None if source is None else text_hash(source)

    def stale_languages(self) -> list[str]:
        """Translations made from an older (or unknown) version of the Russian text."""
        current = self.source_hash()
        if current is None:
            return []
        return [
            lang
            for lang, translation in self.translations.items()
            if lang != SOURCE_LANGUAGE and translation.based_on != current
        ]


@dataclass(frozen=True)
class Contact:
    kind: str
    value: str


@dataclass(frozen=True)
class City:
    id: str
    names: dict[str, str]


@dataclass(frozen=True)
class Service:
    id: str
    name: dict[str, str]
    about: dict[str, str]
    cities: tuple[str, ...] = ()
    helps_with: tuple[str, ...] = ()
    contacts: tuple[Contact, ...] = ()
    sources: tuple[str, ...] = ()
    verified_on: dt.date | None = None
    needs_verification: bool = False


@dataclass(frozen=True)
class Directory:
    cities: dict[str, City] = field(default_factory=dict)
    services: tuple[Service, ...] = ()


@dataclass(frozen=True)
class ContentSet:
    sources: dict[str, Source]
    topics: tuple[Topic, ...]
    entries: dict[str, Entry]
    directory: Directory = field(default_factory=Directory)


def text_hash(translation: Translation) -> str:
    """First 12 hex digits of sha256 over title, short and long joined by newlines."""
    payload = f"{translation.title}\n{translation.short}\n{translation.long or ''}"
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:12]


# --- loading -------------------------------------------------------------------------------------


class _Reader:
    """Typed access to one parsed file that records problems instead of stopping at the first."""

    def __init__(self, path: Path, problems: list[str]) -> None:
        self.path = path
        self.problems = problems

    def problem(self, where: str, message: str) -> None:
        self.problems.append(
            f"{self.path}: {where}: {message}" if where else f"{self.path}: {message}"
        )

    def mapping(self, value: Any, where: str) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self.problem(where, f"expected a mapping, got {_describe(value)}")
            return None
        return value

    def keys(
        self, data: dict[str, Any], where: str, required: Iterable[str], allowed: Iterable[str]
    ) -> bool:
        allowed_set = set(allowed) | set(required)
        ok = True
        for key in required:
            if key not in data:
                self.problem(_join(where, key), "missing")
                ok = False
        for key in data:
            if key not in allowed_set:
                self.problem(
                    _join(where, str(key)),
                    f"unknown field (allowed: {', '.join(sorted(allowed_set))})",
                )
                ok = False
        return ok

    def text(self, value: Any, where: str, *, optional: bool = False) -> str | None:
        if value is None and optional:
            return None
        if not isinstance(value, str) or not value.strip():
            self.problem(where, f"expected non-empty text, got {_describe(value)} (quote it)")
            return None
        return value

    def integer(self, value: Any, where: str) -> int | None:
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(where, f"expected a whole number, got {_describe(value)}")
            return None
        return value

    def flag(self, value: Any, where: str) -> bool:
        if not isinstance(value, bool):
            self.problem(where, f"expected true or false, got {_describe(value)}")
            return False
        return value

    def choice(self, value: Any, where: str, choices: tuple[str, ...]) -> str | None:
        if value not in choices:
            self.problem(where, f"expected one of {', '.join(choices)}, got {_describe(value)}")
            return None
        return value

    def date(self, value: Any, where: str) -> dt.date | None:
        if value is None:
            return None
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        self.problem(where, f"expected a date like 2026-11-23, got {_describe(value)}")
        return None

    def ids(self, value: Any, where: str) -> tuple[str, ...]:
        if value is None:
            return ()
        if not isinstance(value, list) or not all(
            isinstance(item, str) and item for item in value
        ):
            self.problem(where, f"expected a list of names, got {_describe(value)}")
            return ()
        return tuple(value)

    def words(self, value: Any, where: str) -> tuple[str, ...]:
        """Search hints; an unquoted number such as 112 is a word too."""
        if isinstance(value, list):
            value = [
                str(item) if isinstance(item, int | float) and not isinstance(item, bool) else item
                for item in value
            ]
        return self.ids(value, where)

    def languages(self, value: Any, where: str, *, require_all: bool = False) -> dict[str, str]:
        data = self.mapping(value, where)
        if data is None:
            return {}
        names: dict[str, str] = {}
        for lang, text in data.items():
            if lang not in LANGUAGES:
                self.problem(
                    _join(where, str(lang)), f"unknown language (use {' '.join(LANGUAGES)})"
                )
                continue
            checked = self.text(text, _join(where, lang))
            if checked is not None:
                names[lang] = checked
        if require_all:
            for lang in LANGUAGES:
                if lang not in data:
                    self.problem(_join(where, lang), "missing")
        return names


def load_content(path: Path | str) -> ContentSet:
    """Read a content directory; raise :class:`ContentError` listing every problem found."""
    root = Path(path)
    problems: list[str] = []
    if not root.is_dir():
        raise ContentError([f"{root}: not a directory"])
    sources = _load_sources(root / SOURCES_FILE, problems)
    topics = _load_topics(root / TOPICS_FILE, problems)
    entries = _load_entries(root / ENTRIES_DIR, problems)
    directory_path = root / DIRECTORY_FILE
    directory = (
        _load_directory(directory_path, problems) if directory_path.exists() else Directory()
    )
    if problems:
        raise ContentError(problems)
    return ContentSet(sources=sources, topics=topics, entries=entries, directory=directory)


def _parse(path: Path, problems: list[str]) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        problems.append(f"{path}: file is missing")
    except yaml.YAMLError as error:
        problems.append(f"{path}: not valid YAML: {error}")
    return None


def _load_sources(path: Path, problems: list[str]) -> dict[str, Source]:
    data = _parse(path, problems)
    reader = _Reader(path, problems)
    if data is None or reader.mapping(data, "") is None:
        return {}
    sources: dict[str, Source] = {}
    for source_id, raw in data.items():
        item = reader.mapping(raw, str(source_id))
        if item is None or not reader.keys(
            item, str(source_id), ("title", "publisher", "url", "confidence"), ("date",)
        ):
            continue
        title = reader.text(item["title"], f"{source_id}.title")
        publisher = reader.text(item["publisher"], f"{source_id}.publisher")
        url = reader.text(item["url"], f"{source_id}.url")
        confidence = reader.choice(item["confidence"], f"{source_id}.confidence", CONFIDENCES)
        date = reader.date(item.get("date"), f"{source_id}.date")
        if title and publisher and url and confidence:
            sources[str(source_id)] = Source(
                str(source_id), title, publisher, url, confidence, date
            )
    return sources


def _load_topics(path: Path, problems: list[str]) -> tuple[Topic, ...]:
    data = _parse(path, problems)
    reader = _Reader(path, problems)
    if data is None:
        return ()
    if not isinstance(data, list):
        reader.problem("", f"expected a list of topics, got {_describe(data)}")
        return ()
    topics: list[Topic] = []
    seen: set[str] = set()
    for index, raw in enumerate(data):
        where = f"[{index}]"
        item = reader.mapping(raw, where)
        if item is None or not reader.keys(item, where, ("id", "order", "title"), ()):
            continue
        topic_id = reader.text(item["id"], f"{where}.id")
        order = reader.integer(item["order"], f"{where}.order")
        title = reader.languages(item["title"], f"{where}.title")
        if topic_id in seen:
            reader.problem(f"{where}.id", f"duplicate topic id {topic_id!r}")
        elif topic_id is not None and order is not None:
            seen.add(topic_id)
            topics.append(Topic(topic_id, order, title))
    return tuple(topics)


_ENTRY_REQUIRED = ("slug", "topic", "order", "status", "sources", "translations")
_ENTRY_OPTIONAL = (
    "needs_verification", "verification_note", "checked_on", "review_by", "related",
)  # fmt: skip
_TRANSLATION_REQUIRED = ("title", "short")
_TRANSLATION_OPTIONAL = ("long", "keywords", "based_on")


def _load_entries(directory: Path, problems: list[str]) -> dict[str, Entry]:
    if not directory.is_dir():
        problems.append(f"{directory}: folder is missing")
        return {}
    entries: dict[str, Entry] = {}
    for path in sorted(directory.glob("*.yaml")):
        entry = _load_entry(path, problems)
        if entry is not None:
            entries[entry.slug] = entry
    return entries


def _load_entry(path: Path, problems: list[str]) -> Entry | None:
    reader = _Reader(path, problems)
    data = _parse(path, problems)
    if data is None or reader.mapping(data, "") is None:
        return None
    before = len(problems)
    reader.keys(data, "", _ENTRY_REQUIRED, _ENTRY_OPTIONAL)
    slug = reader.text(data.get("slug"), "slug") if "slug" in data else None
    if slug is not None and slug != path.stem:
        reader.problem("slug", f"{slug!r} differs from the file name {path.stem!r}")
    topic = reader.text(data.get("topic"), "topic") if "topic" in data else None
    order = reader.integer(data.get("order"), "order") if "order" in data else None
    status = reader.choice(data.get("status"), "status", STATUSES) if "status" in data else None
    needs_verification = reader.flag(data.get("needs_verification", False), "needs_verification")
    note = reader.text(data.get("verification_note"), "verification_note", optional=True)
    checked_on = reader.date(data.get("checked_on"), "checked_on")
    review_by = reader.date(data.get("review_by"), "review_by")
    sources = reader.ids(data.get("sources"), "sources")
    related = reader.ids(data.get("related"), "related")
    translations = _load_translations(reader, data.get("translations"))
    if len(problems) > before or slug is None or topic is None or order is None or status is None:
        return None
    return Entry(
        slug=slug,
        topic=topic,
        order=order,
        status=status,
        translations=translations,
        sources=sources,
        related=related,
        needs_verification=needs_verification,
        verification_note=note,
        checked_on=checked_on,
        review_by=review_by,
    )


def _load_translations(reader: _Reader, value: Any) -> dict[str, Translation]:
    data = reader.mapping(value, "translations") if value is not None else None
    if data is None:
        return {}
    translations: dict[str, Translation] = {}
    for lang, raw in data.items():
        where = f"translations.{lang}"
        if lang not in LANGUAGES:
            reader.problem(where, f"unknown language (use {' '.join(LANGUAGES)})")
            continue
        item = reader.mapping(raw, where)
        if item is None or not reader.keys(
            item, where, _TRANSLATION_REQUIRED, _TRANSLATION_OPTIONAL
        ):
            continue
        title = reader.text(item["title"], f"{where}.title")
        short = reader.text(item["short"], f"{where}.short")
        long = reader.text(item.get("long"), f"{where}.long", optional=True)
        keywords = reader.words(item.get("keywords"), f"{where}.keywords")
        based_on = reader.text(item.get("based_on"), f"{where}.based_on", optional=True)
        if lang == SOURCE_LANGUAGE and based_on is not None:
            reader.problem(f"{where}.based_on", "the Russian text is the source; remove based_on")
        if title is not None and short is not None:
            translations[lang] = Translation(title, short, long, keywords, based_on)
    return translations


def _load_directory(path: Path, problems: list[str]) -> Directory:
    reader = _Reader(path, problems)
    data = _parse(path, problems)
    if data is None or reader.mapping(data, "") is None:
        return Directory()
    reader.keys(data, "", (), ("cities", "services"))
    cities: dict[str, City] = {}
    raw_cities = reader.mapping(data.get("cities") or {}, "cities") or {}
    for city_id, names in raw_cities.items():
        cities[str(city_id)] = City(str(city_id), reader.languages(names, f"cities.{city_id}"))
    services: list[Service] = []
    raw_services = data.get("services") or []
    if not isinstance(raw_services, list):
        reader.problem("services", f"expected a list, got {_describe(raw_services)}")
        raw_services = []
    seen: set[str] = set()
    for index, raw in enumerate(raw_services):
        service = _load_service(reader, raw, f"services[{index}]")
        if service is None:
            continue
        if service.id in seen:
            reader.problem(f"services[{index}].id", f"duplicate service id {service.id!r}")
        seen.add(service.id)
        services.append(service)
    return Directory(cities=cities, services=tuple(services))


_SERVICE_REQUIRED = ("id", "name", "about", "sources")
_SERVICE_OPTIONAL = ("cities", "helps_with", "contacts", "verified_on", "needs_verification")


def _load_service(reader: _Reader, raw: Any, where: str) -> Service | None:
    item = reader.mapping(raw, where)
    if item is None or not reader.keys(item, where, _SERVICE_REQUIRED, _SERVICE_OPTIONAL):
        return None
    service_id = reader.text(item["id"], f"{where}.id")
    contacts: list[Contact] = []
    raw_contacts = item.get("contacts") or []
    if not isinstance(raw_contacts, list):
        reader.problem(f"{where}.contacts", f"expected a list, got {_describe(raw_contacts)}")
        raw_contacts = []
    for index, raw_contact in enumerate(raw_contacts):
        contact_where = f"{where}.contacts[{index}]"
        contact = reader.mapping(raw_contact, contact_where)
        if contact is None or not reader.keys(contact, contact_where, ("kind", "value"), ()):
            continue
        kind = reader.choice(contact["kind"], f"{contact_where}.kind", CONTACT_KINDS)
        value = reader.text(contact["value"], f"{contact_where}.value")
        if kind and value:
            contacts.append(Contact(kind, value))
    if service_id is None:
        return None
    return Service(
        id=service_id,
        name=reader.languages(item["name"], f"{where}.name"),
        about=reader.languages(item["about"], f"{where}.about"),
        cities=reader.ids(item.get("cities"), f"{where}.cities"),
        helps_with=reader.ids(item.get("helps_with"), f"{where}.helps_with"),
        contacts=tuple(contacts),
        sources=reader.ids(item.get("sources"), f"{where}.sources"),
        verified_on=reader.date(item.get("verified_on"), f"{where}.verified_on"),
        needs_verification=reader.flag(
            item.get("needs_verification", False), f"{where}.needs_verification"
        ),
    )


def _join(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    text = repr(value)
    return f"{type(value).__name__} {text if len(text) <= 40 else text[:37] + '...'}"


# --- dumping -------------------------------------------------------------------------------------


class _Flow(dict):
    """A mapping written on one line: ``{kk: ..., ru: ...}``."""


class _FlowList(list):
    """A list written on one line: ``[a, b]``."""


class _Text(str):
    """Prose (a title, a name, a note): double-quoted on one line, as editors write it."""


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        # Indent list items under their key, as the format document writes them.
        super().increase_indent(flow, False)


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    # Multi-line text as a literal block is what editors expect to see and diff; PyYAML falls
    # back to a quoted scalar by itself when a block cannot hold the text exactly.
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _represent_text(dumper: yaml.SafeDumper, value: _Text) -> yaml.ScalarNode:
    style = "|" if "\n" in value else '"'
    return dumper.represent_scalar("tag:yaml.org,2002:str", str(value), style=style)


def _represent_flow(dumper: yaml.SafeDumper, value: _Flow) -> yaml.MappingNode:
    return dumper.represent_mapping("tag:yaml.org,2002:map", value.items(), flow_style=True)


def _represent_flow_list(dumper: yaml.SafeDumper, value: _FlowList) -> yaml.SequenceNode:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=True)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(_Text, _represent_text)
_Dumper.add_representer(_Flow, _represent_flow)
_Dumper.add_representer(_FlowList, _represent_flow_list)

_FLOW_TEXT_LIMIT = 60


def to_yaml(data: Any) -> str:
    """Serialise plain data the way the content files are written."""
    return yaml.dump(
        data,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=4096,
    )


def _languages(names: Mapping[str, str]) -> dict[str, str]:
    ordered = {lang: _Text(names[lang]) for lang in LANGUAGES if lang in names}
    # Short names read best on one line; long texts would make that line unreadable.
    short = all("\n" not in text and len(text) <= _FLOW_TEXT_LIMIT for text in ordered.values())
    return _Flow(ordered) if short else ordered


def _text(value: str | None) -> _Text | None:
    return None if value is None else _Text(value)


def _optional(pairs: Iterable[tuple[str, Any]]) -> dict[str, Any]:
    return {key: value for key, value in pairs if value is not None}


def source_to_data(source: Source) -> dict[str, Any]:
    return _optional(
        [
            ("title", _Text(source.title)),
            ("publisher", source.publisher),
            ("url", source.url),
            ("date", source.date),
            ("confidence", source.confidence),
        ]
    )


def topic_to_data(topic: Topic) -> dict[str, Any]:
    return {"id": topic.id, "order": topic.order, "title": _languages(topic.title)}


def translation_to_data(translation: Translation) -> dict[str, Any]:
    return _optional(
        [
            ("title", _Text(translation.title)),
            ("short", translation.short),
            ("long", translation.long),
            ("keywords", _FlowList(translation.keywords) if translation.keywords else None),
            ("based_on", translation.based_on),
        ]
    )


def entry_to_data(entry: Entry) -> dict[str, Any]:
    ordered_langs = [lang for lang in TRANSLATION_ORDER if lang in entry.translations]
    return _optional(
        [
            ("slug", entry.slug),
            ("topic", entry.topic),
            ("order", entry.order),
            ("status", entry.status),
            ("needs_verification", entry.needs_verification),
            ("verification_note", _text(entry.verification_note)),
            ("checked_on", entry.checked_on),
            ("review_by", entry.review_by),
            ("sources", _FlowList(entry.sources)),
            ("related", _FlowList(entry.related)),
            (
                "translations",
                {lang: translation_to_data(entry.translations[lang]) for lang in ordered_langs},
            ),
        ]
    )


def directory_to_data(directory: Directory) -> dict[str, Any]:
    return {
        "cities": {city.id: _languages(city.names) for city in directory.cities.values()},
        "services": [_service_to_data(service) for service in directory.services],
    }


def _service_to_data(service: Service) -> dict[str, Any]:
    return _optional(
        [
            ("id", service.id),
            ("name", _languages(service.name)),
            ("cities", _FlowList(service.cities)),
            ("helps_with", _FlowList(service.helps_with)),
            (
                "contacts",
                [
                    _Flow(kind=contact.kind, value=_Text(contact.value))
                    for contact in service.contacts
                ],
            ),
            ("about", _languages(service.about)),
            ("sources", _FlowList(service.sources)),
            ("verified_on", service.verified_on),
            ("needs_verification", service.needs_verification),
        ]
    )


def render_files(content: ContentSet) -> dict[str, str]:
    """Every file of a content directory, by path relative to it, as text."""
    files = {
        SOURCES_FILE: _spaced(
            to_yaml({s.id: source_to_data(s) for s in content.sources.values()})
        ),
        TOPICS_FILE: _spaced(to_yaml([topic_to_data(topic) for topic in content.topics])),
        DIRECTORY_FILE: to_yaml(directory_to_data(content.directory)),
    }
    for slug, entry in sorted(content.entries.items()):
        files[f"{ENTRIES_DIR}/{slug}.yaml"] = to_yaml(entry_to_data(entry))
    return files


def _spaced(text: str) -> str:
    """One blank line between top-level items, unless that would change what the file says."""
    lines = text.splitlines(keepends=True)
    spaced = "".join(
        ("\n" + line) if index and not line[:1].isspace() else line
        for index, line in enumerate(lines)
    )
    return spaced if yaml.safe_load(spaced) == yaml.safe_load(text) else text


def dump_content(content: ContentSet, path: Path | str) -> list[Path]:
    """Write every content file under ``path``; return the files whose bytes changed.

    Files already holding the right bytes are left alone; entry files of slugs no longer in
    ``content`` are removed.
    """
    return _write(Path(path), render_files(content), remove_other_entries=True)


def save_changes(before: ContentSet, after: ContentSet, path: Path | str) -> list[Path]:
    """Rewrite only the files whose data differ between ``before`` and ``after``.

    Editors keep comments in the files they wrote by hand; a file the change does not touch
    keeps them.
    """
    files = render_files(after)
    changed: dict[str, str] = {}
    if before.sources != after.sources:
        changed[SOURCES_FILE] = files[SOURCES_FILE]
    if before.topics != after.topics:
        changed[TOPICS_FILE] = files[TOPICS_FILE]
    if before.directory != after.directory:
        changed[DIRECTORY_FILE] = files[DIRECTORY_FILE]
    for slug, entry in after.entries.items():
        if before.entries.get(slug) != entry:
            relative = f"{ENTRIES_DIR}/{slug}.yaml"
            changed[relative] = files[relative]
    return _write(Path(path), changed, remove_other_entries=False)


def _write(root: Path, files: dict[str, str], *, remove_other_entries: bool) -> list[Path]:
    written: list[Path] = []
    for relative, text in files.items():
        target = root / relative
        if target.exists() and target.read_text(encoding="utf-8") == text:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        written.append(target)
    entries_dir = root / ENTRIES_DIR
    if remove_other_entries and entries_dir.is_dir():
        for old in sorted(entries_dir.glob("*.yaml")):
            if f"{ENTRIES_DIR}/{old.name}" not in files:
                old.unlink()
                written.append(old)
    return written
