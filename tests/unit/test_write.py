"""Reports are written through a temporary file: an interrupted write loses nothing."""

import os
from pathlib import Path

import pytest

from generator.api import clean_stale, write_atomically, write_together


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


def test_reports_of_a_department_are_replaced_together(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The PDF cannot be moved in (a folder is named like it): the new DOCX is taken out
    again and the old one put back — never a new DOCX beside an old PDF."""
    docx, pdf = tmp_path / "r.docx", tmp_path / "r.pdf"
    docx.write_bytes(b"old docx")
    pdf.mkdir()  # a folder where the PDF goes
    with pytest.raises(OSError):
        write_together({docx: b"new docx", pdf: b"new pdf"})
    assert docx.read_bytes() == b"old docx"
    assert pdf.is_dir()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.docx", "r.pdf"]


def test_a_kill_between_the_moves_is_undone_by_the_next_build(tmp_path: Path) -> None:
    """What a kill between the moves leaves (the old DOCX set aside, a temporary file)
    is put back or removed before the next write."""
    docx = tmp_path / "r.docx"
    (tmp_path / ".r.docx.1a2b3c.old").write_bytes(b"old docx")  # set aside, never restored
    (tmp_path / ".r.pdf.xyz.tmp").write_bytes(b"half a pdf")
    clean_stale(docx)
    clean_stale(tmp_path / "r.pdf")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.docx"]
    assert docx.read_bytes() == b"old docx"
    (tmp_path / ".r.docx.4d5e6f.old").write_bytes(b"older docx")
    write_together({docx: b"new docx"})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.docx"]
    assert docx.read_bytes() == b"new docx"
