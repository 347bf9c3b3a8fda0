"""``senim screen``: JSON lines out, language forced or detected."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

from bot.cli import build_parser
from bot.screening.cli import run

ROOT = Path(__file__).parents[2]


def _run(argv: list[str], text: str) -> list[dict]:
    args = build_parser().parse_args(["screen", *argv])
    out = io.StringIO()
    assert run(args, io.StringIO(text), out) == 0
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_forced_language_one_object_a_line() -> None:
    records = _run(["--lang", "ru"], "хозяин забрал паспорт\n\nгде продлить паспорт\n")
    assert records == [
        {
            "lang": "ru",
            "risk": "high",
            "reason": "high:documents_retained_at_work",
            "indicators": [{"code": "documents_retained", "evidence": "забрал паспорт"}],
        },
        {"lang": "ru", "risk": "none", "reason": "none", "indicators": []},
    ]


def test_without_lang_every_lexicon_is_used() -> None:
    records = _run([], "кожоюн мени урду\n")
    assert records[0]["risk"] == "urgent"
    assert records[0]["indicators"][0]["code"] == "violence"
    assert records[0]["lang"] in {"kk", "ky", "uz", "ru", "en", "und"}


def test_command_is_registered_in_senim() -> None:
    process = subprocess.run(
        [sys.executable, "-m", "bot", "screen", "--lang", "kk"],
        input="қожайын мені ұрды\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=True,
    )
    record = json.loads(process.stdout)
    assert record["risk"] == "urgent"
    assert record["indicators"] == [{"code": "violence", "evidence": "қожайын мені ұрды"}]
