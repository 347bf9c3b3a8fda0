"""The LID corpus, found beside the project or through $SENIM_CORPORA."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.langid.corpus import corpus_dir


@pytest.fixture(scope="session")
def corpus() -> Path:
    found = corpus_dir()
    if found is None:
        pytest.skip(
            "LID corpus not found: expected ../shared/corpora/lid beside the project or "
            "$SENIM_CORPORA/lid (see bot/langid/profiles/SOURCES.md)"
        )
    return found
