"""``senim langid`` and ``senim langid train``."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from langdetect.utils.lang_profile import LangProfile

from bot.cli import main
from bot.langid.corpus import CORPUS_FILES, PROFILE_RECIPES


def test_classifies_stdin_one_label_a_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = ["паспортымды кожайын алып койды", "privet kak dela", "", "123", "menga yordam kerak"]
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(lines) + "\n"))
    assert main(["langid"]) == 0
    assert capsys.readouterr().out.splitlines() == ["kk", "ru", "und", "und", "uz"]


def test_details_and_prior(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("бала кайда\n"))
    assert main(["langid", "--prior", "ky", "--details"]) == 0
    lang, confidence, script = capsys.readouterr().out.strip().split("\t")
    assert (lang, script) == ("ky", "Cyrl")
    assert 0.0 < float(confidence) <= 1.0


def write_tiny_corpus(folder: Path) -> None:
    samples = {
        "kk": "Мен жұмысқа бардым және ақша алдым.",
        "ky": "Мен жумушка бардым жана акча алдым.",
        "uz": "Men ishga bordim va pul oldim.",
        "uz_cyrl": "Мен ишга бордим ва пул олдим.",
        "ru": "Я пошёл на работу и получил деньги.",
        "en": "I went to work and got paid.",
        "tr": "İşe gittim ve para aldım.",
        "tg": "Ман ба кор рафтам ва пул гирифтам.",
    }
    for source, file_name in CORPUS_FILES.items():
        lines = [f"{samples[source]} {number}" for number in range(30)]
        (folder / file_name).write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_train_writes_langdetect_profiles_reproducibly(tmp_path: Path) -> None:
    corpus = tmp_path / "lid"
    corpus.mkdir()
    write_tiny_corpus(corpus)
    first, second = tmp_path / "first", tmp_path / "second"
    assert main(["langid", "train", "--corpus", str(corpus), "--out", str(first)]) == 0
    assert main(["langid", "train", "--corpus", str(corpus), "--out", str(second)]) == 0
    for name in PROFILE_RECIPES:
        text = (first / f"{name}.json").read_text(encoding="utf-8")
        assert text == (second / f"{name}.json").read_text(encoding="utf-8")
        profile = LangProfile(**json.loads(text))
        assert profile.name == name
        assert profile.freq and all(count >= 2 for count in profile.freq.values())
    assert "CC BY-SA 4.0" in (first / "SOURCES.md").read_text(encoding="utf-8")


def test_train_without_corpus_fails_clearly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["langid", "train", "--corpus", str(tmp_path), "--out", str(tmp_path)]) == 1
    assert "corpus not found" in capsys.readouterr().err


def test_committed_profiles_are_credited() -> None:
    folder = Path(__file__).resolve().parents[2] / "bot" / "langid" / "profiles"
    sources = (folder / "SOURCES.md").read_text(encoding="utf-8")
    for name in PROFILE_RECIPES:
        assert (folder / f"{name}.json").is_file()
        assert f"`{name}.json`" in sources
    for credit in ("KazNERD", "KazSAnDRA", "Common Voice", "FLORES-200", "Universal Dependencies"):
        assert credit in sources
