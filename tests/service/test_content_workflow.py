"""The NGO editor's round: spreadsheet out, a translation changed, back in, published, served."""

from __future__ import annotations

import asyncio
import shutil
import subprocess
import sys
from pathlib import Path

from openpyxl import load_workbook

from bot import LANGUAGES
from bot.config import PROJECT_ROOT
from tests.service.harness import Harness

NEW_TITLE = "Қауіп төнгенде: жаңа тақырып"


def senim(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )


async def test_an_edited_translation_reaches_the_running_bot(
    harness: Harness, tmp_path: Path
) -> None:
    content = tmp_path / "content"
    shutil.copytree(PROJECT_ROOT / "locales" / "content", content)
    sheet_path = tmp_path / "translators.xlsx"
    env = harness.bot.env

    exported = senim(
        "content", "export", "--xlsx", str(sheet_path), "--content", str(content), env=env
    )
    assert exported.returncode == 0, exported.stderr
    workbook = load_workbook(sheet_path)
    sheet = workbook["entries"]
    kk_column = 3 + LANGUAGES.index("kk")
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == "emergency" and row[1].value == "title":
            row[kk_column - 1].value = NEW_TITLE
            break
    else:
        raise AssertionError("the emergency title row is in the sheet")
    workbook.save(sheet_path)

    imported = senim(
        "content", "import", "--xlsx", str(sheet_path), "--content", str(content), env=env
    )
    assert imported.returncode == 0, imported.stderr
    assert NEW_TITLE in (content / "entries" / "emergency.yaml").read_text(encoding="utf-8")
    checked = senim("content", "check", "--content", str(content), env=env)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    published = senim("content", "publish", "--all", "--content", str(content), env=env)
    assert "content revision 2 stored" in published.stdout, published.stdout + published.stderr

    chat = await harness.user("Aruzhan", language_code="kk")
    await harness.choose_language(chat, "kk")
    for _ in range(40):  # the bot looks for new revisions every few seconds
        reply = await harness.say(chat, "/emergency")
        if NEW_TITLE in reply["text"]:
            break
        await asyncio.sleep(0.5)
    assert NEW_TITLE in reply["text"]
