"""Loading, validating and writing the content files."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from bot import LANGUAGES
from bot.faq.content import (
    ContentError,
    Translation,
    dump_content,
    load_content,
    render_files,
    save_changes,
    text_hash,
)
from bot.faq.workflow import SHORT_POLICY_LIMIT, check_content, telegram_length
from tests.faq.faq_support import FIXTURE_CONTENT, REAL_CONTENT, needs_real_content


def _edit(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _problems(root: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_content(root)
    return caught.value.problems


def test_fixture_loads_with_every_part():
    content = load_content(FIXTURE_CONTENT)
    assert set(content.entries) == {"passport-kept", "wages-unpaid", "job-offer", "going-home"}
    entry = content.entries["wages-unpaid"]
    assert entry.status == "draft"
    assert entry.needs_verification is True
    assert entry.sources == ("fixture-guide", "fixture-notes")
    assert entry.translations["ru"].long.startswith("Записи")
    assert entry.translations["uz"].keywords == ("ish haqi", "pul", "maosh")
    assert entry.stale_languages() == []
    assert content.sources["fixture-guide"].date == dt.date(2026, 1, 15)
    assert content.sources["fixture-notes"].date is None
    assert [topic.id for topic in content.topics] == ["documents", "work"]
    service = content.directory.services[0]
    assert service.cities == ("almaty",)
    assert service.contacts[0].kind == "url"


def test_text_hash_is_sha256_of_russian_title_short_long():
    translation = Translation("Заголовок", "Кратко\n", "Подробно\n")
    expected = hashlib.sha256("Заголовок\nКратко\n\nПодробно\n".encode()).hexdigest()[:12]
    assert text_hash(translation) == expected
    without_long = hashlib.sha256(b"t\ns\n").hexdigest()[:12]
    assert text_hash(Translation("t", "s")) == without_long


def test_changed_russian_text_makes_translations_stale(content_dir):
    path = content_dir / "entries" / "passport-kept.yaml"
    _edit(path, lambda data: data["translations"]["ru"].update(short="Новый текст.\n"))
    entry = load_content(content_dir).entries["passport-kept"]
    assert entry.stale_languages() == ["kk", "uz", "ky", "en"]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d.pop("topic"), "passport-kept.yaml: topic: missing"),
        (lambda d: d.update(order="ten"), "passport-kept.yaml: order: expected a whole number"),
        (lambda d: d.update(status="live"), "passport-kept.yaml: status: expected one of draft"),
        (lambda d: d.update(review_by="soon"), "passport-kept.yaml: review_by: expected a date"),
        (lambda d: d.update(summary="x"), "passport-kept.yaml: summary: unknown field"),
        (
            lambda d: d.update(slug="other"),
            "passport-kept.yaml: slug: 'other' differs from the file",
        ),
        (
            lambda d: d.update(sources="fixture-guide"),
            "passport-kept.yaml: sources: expected a list",
        ),
        (
            lambda d: d["translations"].update(tj={"title": "t", "short": "s"}),
            "passport-kept.yaml: translations.tj: unknown language",
        ),
        (
            lambda d: d["translations"]["kk"].pop("short"),
            "passport-kept.yaml: translations.kk.short: missing",
        ),
        (
            lambda d: d["translations"]["en"].update(title=""),
            "passport-kept.yaml: translations.en.title: expected non-empty text",
        ),
        (
            lambda d: d["translations"]["ru"].update(based_on="abc"),
            "passport-kept.yaml: translations.ru.based_on: the Russian text is the source",
        ),
        (
            lambda d: d.update(needs_verification="yes"),
            "passport-kept.yaml: needs_verification: expected true or false",
        ),
    ],
)
def test_loader_names_file_and_field(content_dir, change, expected):
    _edit(content_dir / "entries" / "passport-kept.yaml", change)
    problems = _problems(content_dir)
    assert any(expected in problem for problem in problems), problems


def test_loader_reports_every_problem_of_every_file(content_dir):
    _edit(content_dir / "entries" / "passport-kept.yaml", lambda d: d.pop("order"))
    _edit(content_dir / "sources.yaml", lambda d: d["fixture-notes"].update(confidence="total"))
    _edit(content_dir / "topics.yaml", lambda d: d[0]["title"].update(xx="?"))
    problems = _problems(content_dir)
    assert any("passport-kept.yaml: order: missing" in p for p in problems)
    assert any("sources.yaml: fixture-notes.confidence: expected one of" in p for p in problems)
    assert any("topics.yaml: [0].title.xx: unknown language" in p for p in problems)


def test_loader_reports_broken_yaml_and_missing_files(content_dir):
    (content_dir / "entries" / "wages-unpaid.yaml").write_text("slug: [unclosed\n")
    (content_dir / "topics.yaml").unlink()
    problems = _problems(content_dir)
    assert any("wages-unpaid.yaml: not valid YAML" in p for p in problems)
    assert any("topics.yaml: file is missing" in p for p in problems)


def test_unquoted_number_keyword_is_a_word(content_dir):
    _edit(
        content_dir / "entries" / "passport-kept.yaml",
        lambda d: d["translations"]["en"].update(keywords=[112, "passport"]),
    )
    content = load_content(content_dir)
    assert content.entries["passport-kept"].translations["en"].keywords == ("112", "passport")


def test_dump_is_lossless_and_byte_stable(tmp_path):
    content = load_content(FIXTURE_CONTENT)
    first, second = tmp_path / "first", tmp_path / "second"
    dump_content(content, first)
    reloaded = load_content(first)
    assert reloaded == content
    dump_content(reloaded, second)
    for relative, text in render_files(content).items():
        assert (second / relative).read_text(encoding="utf-8") == text
    assert dump_content(reloaded, first) == []  # nothing to rewrite


def test_dump_keeps_the_documented_key_order(tmp_path):
    dump_content(load_content(FIXTURE_CONTENT), tmp_path)
    text = (tmp_path / "entries" / "wages-unpaid.yaml").read_text(encoding="utf-8")
    keys = [line.split(":")[0] for line in text.splitlines() if line and not line[0].isspace()]
    assert keys == [
        "slug", "topic", "order", "status", "needs_verification", "verification_note",
        "sources", "related", "translations",
    ]  # fmt: skip
    assert "  ru:\n    title:" in text
    assert text.index("  ru:") < text.index("  kk:") < text.index("  en:")
    assert "short: |\n" in text
    assert "sources: [fixture-guide, fixture-notes]" in text


def test_dump_removes_entries_that_are_gone(content_dir):
    content = load_content(content_dir)
    del content.entries["wages-unpaid"]
    dump_content(content, content_dir)
    assert not (content_dir / "entries" / "wages-unpaid.yaml").exists()


def test_save_changes_touches_only_changed_files(content_dir):
    before = load_content(content_dir)
    untouched = (content_dir / "entries" / "passport-kept.yaml").read_text(encoding="utf-8")
    entries = dict(before.entries)
    entries["wages-unpaid"] = replace(entries["wages-unpaid"], order=99)
    after = type(before)(before.sources, before.topics, entries, before.directory)
    written = save_changes(before, after, content_dir)
    assert written == [content_dir / "entries" / "wages-unpaid.yaml"]
    assert (content_dir / "entries" / "passport-kept.yaml").read_text() == untouched
    assert load_content(content_dir).entries["wages-unpaid"].order == 99


# --- the real content ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real_content():
    return load_content(REAL_CONTENT)


@needs_real_content
def test_real_content_loads_and_dumps_losslessly(real_content, tmp_path):
    dump_content(real_content, tmp_path)
    assert load_content(tmp_path) == real_content


@needs_real_content
def test_every_real_entry_has_five_languages_and_a_source(real_content):
    for slug, entry in real_content.entries.items():
        assert set(entry.translations) == set(LANGUAGES), slug
        assert entry.sources, slug
        assert all(source in real_content.sources for source in entry.sources), slug


@needs_real_content
def test_every_real_topic_is_titled_in_five_languages(real_content):
    assert real_content.topics
    for topic in real_content.topics:
        assert set(topic.title) == set(LANGUAGES), topic.id
    topic_ids = {topic.id for topic in real_content.topics}
    assert all(entry.topic in topic_ids for entry in real_content.entries.values())


@needs_real_content
def test_every_real_short_fits_one_message(real_content):
    for slug, entry in real_content.entries.items():
        for lang, translation in entry.translations.items():
            assert telegram_length(translation.short) <= SHORT_POLICY_LIMIT, (slug, lang)


@needs_real_content
def test_real_content_has_no_check_errors(real_content):
    problems = check_content(real_content, dt.date.today())
    assert [str(p) for p in problems if p.severity == "error"] == []
