"""The editors' workflow: spreadsheet round trip, completeness report, publishing."""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook

from bot import LANGUAGES
from bot.faq import cli
from bot.faq.content import ContentSet, load_content, render_files
from bot.faq.workflow import (
    ENTRY_HEADER,
    ENTRY_SHEET,
    SheetError,
    check_content,
    export_xlsx,
    import_xlsx,
    is_valid_url,
    publish_blockers,
)
from tests.faq.faq_support import FIXTURE_CONTENT, REAL_CONTENT, needs_real_content

TODAY = dt.date(2026, 12, 1)


@pytest.fixture(autouse=True)
def _own_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`content publish` stores into the configured database: a test's, not the sandbox's."""
    monkeypatch.setenv("SENIM_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("SENIM_DATABASE_URL", raising=False)


def _run(*argv: str) -> int:
    parser = argparse.ArgumentParser()
    cli.register(parser.add_subparsers())
    args = parser.parse_args(argv)
    return args.handler(args)


def _edit(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _set_cell(xlsx: Path, slug: str, field: str, lang: str, value: str) -> None:
    workbook = load_workbook(xlsx)
    sheet = workbook[ENTRY_SHEET]
    column = ENTRY_HEADER.index(lang) + 1
    for row in range(2, sheet.max_row + 1):
        if sheet.cell(row, 1).value == slug and sheet.cell(row, 2).value == field:
            sheet.cell(row, column).value = value
            break
    else:
        raise AssertionError(f"no row {slug} {field}")
    workbook.save(xlsx)


# --- spreadsheet ---------------------------------------------------------------------------------


def test_export_then_import_round_trips_without_loss(content_dir, tmp_path):
    before = {path: path.read_bytes() for path in content_dir.rglob("*.yaml")}
    content = load_content(content_dir)
    xlsx = tmp_path / "content.xlsx"
    export_xlsx(content, xlsx)
    assert import_xlsx(content, xlsx) == content
    assert _run("content", "import", "--xlsx", str(xlsx), "--content", str(content_dir)) == 0
    assert {path: path.read_bytes() for path in content_dir.rglob("*.yaml")} == before


def test_round_trip_into_canonical_files_is_byte_identical(tmp_path):
    content = load_content(FIXTURE_CONTENT)
    xlsx = tmp_path / "content.xlsx"
    export_xlsx(content, xlsx)
    assert render_files(import_xlsx(content, xlsx)) == render_files(content)


def test_sheet_layout_for_translators(tmp_path):
    content = load_content(FIXTURE_CONTENT)
    xlsx = tmp_path / "content.xlsx"
    export_xlsx(content, xlsx)
    workbook = load_workbook(xlsx)
    assert workbook.sheetnames[:3] == ["entries", "topics", "directory"]
    sheet = workbook["entries"]
    header = [cell.value for cell in sheet[1]]
    assert header[:7] == ["slug", "field", *LANGUAGES]
    assert {"status", "needs_verification", "checked_on", "review_by"} <= set(header)
    assert sheet.freeze_panes == "C2"
    assert sheet.column_dimensions["C"].width >= 40
    assert sheet.cell(2, 3).alignment.wrap_text
    rows = [(row[0].value, row[1].value) for row in sheet.iter_rows(min_row=2)]
    assert ("passport-kept", "title") in rows and ("wages-unpaid", "keywords") in rows
    assert workbook["topics"].freeze_panes and workbook["directory"].freeze_panes
    assert sheet.auto_filter.ref == sheet.dimensions


def test_changed_russian_leaves_other_languages_stale(content_dir, tmp_path):
    content = load_content(content_dir)
    xlsx = tmp_path / "content.xlsx"
    export_xlsx(content, xlsx)
    _set_cell(xlsx, "passport-kept", "short", "ru", "Паспорт ваш. Попросите его вернуть.")
    assert _run("content", "import", "--xlsx", str(xlsx), "--content", str(content_dir)) == 0
    entry = load_content(content_dir).entries["passport-kept"]
    assert entry.translations["ru"].short == "Паспорт ваш. Попросите его вернуть.\n"
    assert entry.stale_languages() == ["kk", "uz", "ky", "en"]
    assert entry.translations["kk"].based_on == content.entries["passport-kept"].source_hash()


def test_changed_translation_is_marked_as_made_from_current_russian(content_dir, tmp_path):
    content = load_content(content_dir)
    xlsx = tmp_path / "content.xlsx"
    export_xlsx(content, xlsx)
    _set_cell(xlsx, "passport-kept", "short", "ru", "Паспорт ваш.")
    _set_cell(xlsx, "passport-kept", "short", "kk", "Төлқұжат сіздікі.")
    _set_cell(xlsx, "passport-kept", "keywords", "en", "passport, boss")
    updated = import_xlsx(content, xlsx)
    entry = updated.entries["passport-kept"]
    assert entry.stale_languages() == ["uz", "ky", "en"]  # keywords are not a translation
    assert entry.translations["kk"].based_on == entry.source_hash()
    assert entry.translations["en"].keywords == ("passport", "boss")
    assert updated.entries["wages-unpaid"] == content.entries["wages-unpaid"]


def test_import_never_publishes(content_dir, tmp_path):
    content = load_content(content_dir)
    xlsx = tmp_path / "content.xlsx"
    export_xlsx(content, xlsx)
    _set_cell(xlsx, "wages-unpaid", "title", "status", "published")
    assert import_xlsx(content, xlsx).entries["wages-unpaid"].status == "draft"


def test_import_keeps_formula_like_text_as_text(content_dir, tmp_path):
    content = load_content(content_dir)
    xlsx = tmp_path / "content.xlsx"
    entries = dict(content.entries)
    ru = replace(entries["passport-kept"].translations["ru"], title="=1+1")
    translations = {**entries["passport-kept"].translations, "ru": ru}
    entries["passport-kept"] = replace(entries["passport-kept"], translations=translations)
    tricky = ContentSet(content.sources, content.topics, entries, content.directory)
    export_xlsx(tricky, xlsx)
    assert import_xlsx(tricky, xlsx) == tricky


def test_import_reports_a_broken_sheet(content_dir, tmp_path):
    content = load_content(content_dir)
    xlsx = tmp_path / "content.xlsx"
    export_xlsx(content, xlsx)
    _set_cell(xlsx, "passport-kept", "short", "ky", "")
    _set_cell(xlsx, "passport-kept", "title", "order", "first")
    with pytest.raises(SheetError) as caught:
        import_xlsx(content, xlsx)
    text = str(caught.value)
    assert "passport-kept ky: title and short go together" in text
    assert "order: expected a whole number" in text
    assert _run("content", "import", "--xlsx", str(xlsx), "--content", str(content_dir)) == 1


# --- check ---------------------------------------------------------------------------------------


def test_check_passes_clean_fixture_with_warnings_only(content_dir, capsys):
    problems = check_content(load_content(content_dir), TODAY)
    assert [p for p in problems if p.severity == "error"] == []
    assert any("1 entries need verification" in p.message for p in problems)
    assert _run("content", "check", "--content", str(content_dir), "--today", "2026-12-01") == 0
    assert "0 errors" in capsys.readouterr().out


def _messages(content_dir: Path) -> list[str]:
    return [str(p) for p in check_content(load_content(content_dir), TODAY)]


def test_check_finds_each_problem(content_dir):
    passport = content_dir / "entries" / "passport-kept.yaml"

    def break_entry(data):
        del data["translations"]["ky"]
        data["translations"]["kk"]["based_on"] = "000000000000"
        data["sources"] = ["fixture-guide", "no-such-source"]
        data["review_by"] = dt.date(2026, 6, 1)
        data["related"] = ["wages-unpaid", "nowhere"]
        data["translations"]["en"]["short"] = "x" * 1001
        data["translations"]["uz"]["short"] = "y" * 5000
        data["topic"] = "lost"
        data["translations"]["ru"]["long"] = (
            "Сайт: https://example.org/a. Ещё: www.example.org и htps:/broken.\n"
        )

    _edit(passport, break_entry)
    _edit(content_dir / "sources.yaml", lambda d: d["fixture-notes"].update(url="example.org/x"))
    _edit(
        content_dir / "directory.yaml",
        lambda d: d["services"][0].update(cities=["almaty", "atlantis"], sources=[]),
    )
    messages = _messages(content_dir)
    expected = [
        "ERROR   entries/passport-kept.yaml: translations.ky: missing",
        "ERROR   entries/passport-kept.yaml: translations.kk: stale",
        "ERROR   entries/passport-kept.yaml: sources: unknown source 'no-such-source'",
        "WARNING entries/passport-kept.yaml: review_by 2026-06-01 has passed",
        "ERROR   entries/passport-kept.yaml: related: no entry 'nowhere'",
        "ERROR   entries/passport-kept.yaml: translations.en.short: 1001 characters; at most 1000",
        "ERROR   entries/passport-kept.yaml: translations.uz.short: 5000 characters; Telegram",
        "ERROR   entries/passport-kept.yaml: topic: unknown topic 'lost'",
        "ERROR   entries/passport-kept.yaml: translations.ru: malformed URL 'www.example.org'",
        "ERROR   sources.yaml: fixture-notes.url: malformed URL",
        "ERROR   directory.yaml: services.fixture-ngo.cities: unknown city 'atlantis'",
        "ERROR   directory.yaml: services.fixture-ngo.sources: no source",
        "WARNING directory.yaml: 1 services need verification",
    ]
    for line in expected:
        assert any(message.startswith(line) for message in messages), (line, messages)
    assert not any("https://example.org/a" in message for message in messages)
    assert _run("content", "check", "--content", str(content_dir)) == 1


def test_check_on_a_draft_warns_about_missing_translations(content_dir):
    _edit(
        content_dir / "entries" / "wages-unpaid.yaml",
        lambda d: (d["translations"].pop("en"), d.update(sources=[])),
    )
    messages = _messages(content_dir)
    assert "WARNING entries/wages-unpaid.yaml: translations.en: missing" in messages
    assert any(
        m.startswith("ERROR   entries/wages-unpaid.yaml: sources: no source") for m in messages
    )


@pytest.mark.parametrize(
    ("url", "valid"),
    [
        ("https://egov.kz/cms/en", True),
        ("http://example.org", True),
        ("egov.kz/cms", False),
        ("https://", False),
        ("ftp://example.org", False),
        ("https://exa mple.org", False),
        ("https://localhost/x", False),
    ],
)
def test_url_shape(url, valid):
    assert is_valid_url(url) is valid


# --- publish -------------------------------------------------------------------------------------


def test_publish_flips_a_complete_draft_and_keeps_the_file_as_written(content_dir, capsys):
    path = content_dir / "entries" / "wages-unpaid.yaml"
    before = path.read_text(encoding="utf-8")
    assert _run("content", "publish", "wages-unpaid", "--content", str(content_dir)) == 0
    assert path.read_text(encoding="utf-8") == before.replace("status: draft", "status: published")
    assert load_content(content_dir).entries["wages-unpaid"].status == "published"
    assert "published wages-unpaid" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda d: d["translations"].pop("ky"), "translation ky is missing"),
        (lambda d: d["translations"]["uz"].update(based_on="PENDING"), "translation uz is stale"),
        (lambda d: d.update(sources=[]), "no source"),
        (lambda d: d.update(sources=["gone"]), "unknown source 'gone'"),
    ],
)
def test_publish_refuses_incomplete_entries(content_dir, capsys, change, reason):
    path = content_dir / "entries" / "wages-unpaid.yaml"
    _edit(path, change)
    before = path.read_text(encoding="utf-8")
    assert _run("content", "publish", "--all", "--content", str(content_dir)) == 1
    out = capsys.readouterr().out
    assert "refused wages-unpaid:" in out and reason in out
    assert path.read_text(encoding="utf-8") == before


def test_publish_all_publishes_what_it_can_and_refuses_the_rest(tmp_path, capsys):
    root = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, root)
    third = root / "entries" / "third.yaml"
    third.write_text(
        (root / "entries" / "wages-unpaid.yaml")
        .read_text(encoding="utf-8")
        .replace("slug: wages-unpaid", "slug: third"),
        encoding="utf-8",
    )
    _edit(third, lambda d: d["translations"].pop("en"))
    assert _run("content", "publish", "--all", "--content", str(root)) == 1
    content = load_content(root)
    assert content.entries["wages-unpaid"].status == "published"
    assert content.entries["third"].status == "draft"
    out = capsys.readouterr().out
    assert "refused third: translation en is missing" in out


def test_publish_rejects_unknown_slug_and_needs_a_target(content_dir):
    assert _run("content", "publish", "nope", "--content", str(content_dir)) == 1
    assert _run("content", "publish", "--content", str(content_dir)) == 2


def test_publish_blockers_empty_for_complete_entry():
    content = load_content(FIXTURE_CONTENT)
    assert publish_blockers(content.entries["wages-unpaid"], content) == []


@needs_real_content
def test_real_content_survives_the_spreadsheet(tmp_path):
    content = load_content(REAL_CONTENT)
    xlsx = tmp_path / "content.xlsx"
    export_xlsx(content, xlsx)
    assert import_xlsx(content, xlsx) == content


def test_publish_rewrites_a_file_whose_status_line_is_unusual(content_dir):
    path = content_dir / "entries" / "wages-unpaid.yaml"
    path.write_text(path.read_text().replace("status: draft", 'status: "draft"'))
    assert _run("content", "publish", "wages-unpaid", "--content", str(content_dir)) == 0
    assert load_content(content_dir).entries["wages-unpaid"].status == "published"
    assert "status: published\n" in path.read_text()
