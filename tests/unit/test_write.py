"""Reports are written through a temporary file: an interrupted write loses nothing."""

import os
from pathlib import Path

import pytest

from generator.api import write_atomically


def test_writes_new_file_readable(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "r.pdf"
    write_atomically(target, b"%PDF new")
    assert target.read_bytes() == b"%PDF new"
    assert target.stat().st_mode & 0o777 == 0o644
    assert [p.name for p in target.parent.iterdir()] == ["r.pdf"]


def test_interrupted_write_keeps_old_report_and_leaves_no_temp(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "r.docx"
    target.write_bytes(b"good old report")

    def interrupted(src: str, dst: str) -> None:
        raise KeyboardInterrupt  # the user pressed Ctrl-C just before the move

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomically(target, b"new report")
    assert target.read_bytes() == b"good old report"
    assert [p.name for p in tmp_path.iterdir()] == ["r.docx"]
