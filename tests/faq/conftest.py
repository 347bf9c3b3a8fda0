"""Fixtures of the FAQ tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.faq.faq_support import FIXTURE_CONTENT


@pytest.fixture
def content_dir(tmp_path: Path) -> Path:
    """A writable copy of the fixture content."""
    target = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, target)
    return target
