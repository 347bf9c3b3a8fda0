"""``senim faq search`` and ``senim content export|import|check|publish``.

Every ``senim`` command builds this parser, so the heavy imports (scikit-learn, openpyxl) wait
until a handler runs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from bot import LANGUAGES

if TYPE_CHECKING:
    from bot.faq.content import ContentSet

DEFAULT_CONTENT = Path(__file__).resolve().parents[2] / "locales" / "content"


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``faq`` and ``content`` commands."""
    faq = subparsers.add_parser("faq", help="search the rights information")
    faq_commands = faq.add_subparsers(title="faq commands", metavar="COMMAND", required=True)
    search = faq_commands.add_parser(
        "search",
        help="read questions from stdin, print the top 3 entry slugs per line",
        description="For each line of stdin print the slugs of the 3 best entries, best first; "
        "an empty line when nothing fits.",
    )
    search.add_argument(
        "--lang", choices=LANGUAGES, help="language of every line (default: detect)"
    )
    _content_option(search)
    search.set_defaults(handler=run_search)

    content = subparsers.add_parser("content", help="the NGO content workflow")
    commands = content.add_subparsers(title="content commands", metavar="COMMAND", required=True)
    export = commands.add_parser("export", help="write a spreadsheet for translators")
    export.add_argument("--xlsx", type=Path, required=True, metavar="FILE")
    _content_option(export)
    export.set_defaults(handler=run_export)
    importer = commands.add_parser("import", help="read a filled-in spreadsheet back")
    importer.add_argument("--xlsx", type=Path, required=True, metavar="FILE")
    _content_option(importer)
    importer.set_defaults(handler=run_import)
    check = commands.add_parser("check", help="report missing, stale and broken content")
    check.add_argument(
        "--today", type=dt.date.fromisoformat, default=None, help="date to check review_by against"
    )
    _content_option(check)
    check.set_defaults(handler=run_check)
    publish = commands.add_parser("publish", help="publish complete draft entries")
    publish.add_argument("slugs", nargs="*", metavar="SLUG")
    publish.add_argument("--all", action="store_true", help="every draft entry")
    _content_option(publish)
    publish.set_defaults(handler=run_publish)


def _content_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--content",
        type=Path,
        default=DEFAULT_CONTENT,
        metavar="DIR",
        help="content directory (default: locales/content)",
    )


def _load(path: Path) -> ContentSet | None:
    from bot.faq.content import ContentError, load_content

    try:
        return load_content(path)
    except ContentError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return None


# --- faq search ----------------------------------------------------------------------------------


def run_search(args: argparse.Namespace, stdin: TextIO | None = None) -> int:
    from bot.faq.search import FaqIndex, answer_mode

    content = _load(args.content)
    if content is None:
        return 1
    index = FaqIndex.build(content)
    detect = None if args.lang else _language_detector()
    for line in stdin or sys.stdin:
        question = line.strip()
        lang = args.lang or (detect(question) if detect and question else None)
        hits = index.search(question, lang) if question else []
        shown = [] if answer_mode(hits) == "none" else hits
        print(" ".join(hit.slug for hit in shown), flush=True)
    return 0


def _language_detector() -> Callable[[str], str | None] | None:
    """``bot.langid.detect`` when it is there; without it every language is searched."""
    try:
        from bot.langid import detect
    except ImportError:
        return None

    def language(text: str) -> str | None:
        try:
            lang = getattr(detect(text), "lang", None)
        except Exception:  # a detector failure costs precision, never the answer
            return None
        return lang if lang in LANGUAGES else None

    return language


# --- content -------------------------------------------------------------------------------------


def run_export(args: argparse.Namespace) -> int:
    from bot.faq.workflow import export_xlsx

    content = _load(args.content)
    if content is None:
        return 1
    export_xlsx(content, args.xlsx)
    print(f"wrote {args.xlsx}: {len(content.entries)} entries, {len(content.topics)} topics")
    return 0


def run_import(args: argparse.Namespace) -> int:
    from bot.faq.content import save_changes
    from bot.faq.workflow import SheetError, changed_slugs, import_xlsx

    content = _load(args.content)
    if content is None:
        return 1
    try:
        updated = import_xlsx(content, args.xlsx)
    except (SheetError, OSError) as error:
        for problem in getattr(error, "problems", [str(error)]):
            print(problem, file=sys.stderr)
        return 1
    written = save_changes(content, updated, args.content)
    for slug in changed_slugs(content, updated):
        stale = updated.entries[slug].stale_languages()
        note = f" (stale: {' '.join(stale)})" if stale else ""
        print(f"updated {slug}{note}")
    print(f"{len(written)} files written")
    return 0


def run_check(args: argparse.Namespace) -> int:
    from bot.faq.workflow import check_content, summarize

    content = _load(args.content)
    if content is None:
        return 1
    problems = check_content(content, args.today or dt.date.today())
    for problem in problems:
        print(problem)
    errors, warnings = summarize(problems)
    print(
        f"{len(content.entries)} entries, {len(content.topics)} topics, "
        f"{len(content.directory.services)} services: {errors} errors, {warnings} warnings"
    )
    return 1 if errors else 0


def run_publish(args: argparse.Namespace) -> int:
    from bot.faq.workflow import publish_blockers, set_published

    if bool(args.slugs) == bool(args.all):
        print("name the entries to publish, or give --all", file=sys.stderr)
        return 2
    content = _load(args.content)
    if content is None:
        return 1
    if args.all:
        slugs = sorted(slug for slug, entry in content.entries.items() if entry.status == "draft")
    else:
        slugs = list(dict.fromkeys(args.slugs))
    refused = 0
    for slug in slugs:
        entry = content.entries.get(slug)
        if entry is None:
            print(f"refused {slug}: no such entry")
            refused += 1
            continue
        if entry.status == "published":
            print(f"already published {slug}")
            continue
        reasons = publish_blockers(entry, content)
        if reasons:
            print(f"refused {slug}: {'; '.join(reasons)}")
            refused += 1
            continue
        set_published(content, slug, args.content)
        print(f"published {slug}")
    revision = publish_to_database(args.content)
    print(f"content revision {revision} stored; running bots serve it within seconds")
    return 1 if refused else 0


def publish_to_database(content_dir: Path) -> int:
    """Store the content files as a new revision in the database the bot serves from."""
    import asyncio

    from bot.commands import load_or_exit
    from bot.faq.content import load_content
    from bot.faq.snapshot import to_document
    from db import migrate
    from db.repositories import ContentRepository
    from db.session import create_engine, session_factory

    settings = load_or_exit()
    url = settings.sqlalchemy_url()
    if url.startswith("sqlite"):
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        migrate.upgrade(url)
    document = to_document(load_content(content_dir))

    async def store() -> int:
        engine = create_engine(url)
        try:
            async with session_factory(engine)() as session, session.begin():
                return await ContentRepository(session).publish(document, "cli", "content publish")
        finally:
            await engine.dispose()

    return asyncio.run(store())
