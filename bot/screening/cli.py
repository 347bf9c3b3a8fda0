"""``senim screen``: screen messages from stdin, one a line, and print one JSON object a line.

Meant for operators and NGO staff checking a lexicon change on their own examples; it prints
the triggering words, so run it only on text you may read.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TextIO

from bot.screening.engine import screen
from bot.screening.lexicon import LEXICON_LANGUAGES


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``screen`` command."""
    parser = subparsers.add_parser(
        "screen",
        help="screen messages (stdin, one a line) for trafficking indicators",
        description="Read messages from stdin, one a line; print one JSON object a line.",
    )
    parser.add_argument(
        "--lang",
        choices=LEXICON_LANGUAGES,
        help="force the language (default: detect it; unknown means every lexicon)",
    )
    parser.set_defaults(handler=run)


def run(
    args: argparse.Namespace, stdin: TextIO | None = None, stdout: TextIO | None = None
) -> int:
    """Screen each non-empty line of stdin."""
    source = stdin if stdin is not None else sys.stdin
    sink = stdout if stdout is not None else sys.stdout
    for line in source:
        text = line.rstrip("\r\n")
        if not text.strip():
            continue
        # Without --lang every lexicon is used: detection on short, mixed messages is the
        # least reliable step, and a wrong guess must not cost an indicator.
        lang = args.lang or detect_language(text)
        result = screen(text, args.lang)
        record = {
            "lang": lang,
            "risk": result.risk,
            "reason": result.reason,
            "indicators": [
                {"code": item.code, "evidence": " … ".join(e.words for e in item.evidence)}
                for item in result.indicators
            ],
        }
        sink.write(json.dumps(record, ensure_ascii=False) + "\n")
    return 0


def detect_language(text: str) -> str:
    """The language from ``bot.langid`` when it is installed; ``und`` otherwise."""
    try:
        from bot.langid import detect
    except ImportError:
        return "und"
    try:
        lang = detect(text).lang
    except Exception:  # a detector failure must not stop screening
        return "und"
    return lang if lang in LEXICON_LANGUAGES else "und"
