"""Paths the FAQ tests share (a module name no other test folder uses)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIXTURE_CONTENT = Path(__file__).parent / "fixtures" / "content"
REAL_CONTENT = ROOT / "locales" / "content"
QUESTIONS = ROOT / "tests" / "data" / "faq_questions.yaml"

_HAS_REAL = (REAL_CONTENT / "entries").is_dir() and any((REAL_CONTENT / "entries").glob("*.yaml"))
needs_real_content = pytest.mark.skipif(not _HAS_REAL, reason="locales/content has no entries yet")
needs_questions = pytest.mark.skipif(
    not (_HAS_REAL and QUESTIONS.exists()), reason="the question set is not there yet"
)
