"""Fixtures shared by every test folder (helpers live in tests/support.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from support import BASE, edit, findings_for

from generator.findings import Finding


@pytest.fixture
def run(tmp_path: Path) -> Callable[..., list[Finding]]:
    """``run(extra, replace)`` checks BASE edited by ``replace`` with ``extra`` appended."""
    def _run(extra: str = "", replace: dict[str, str] | None = None) -> list[Finding]:
        return findings_for(tmp_path, edit(BASE, replace or {}) + extra)
    return _run
