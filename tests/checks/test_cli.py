"""`disclosure check` and the checks in front of `disclosure build`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from support import COMPLETE, edit

from generator import api, cli
from generator.render.content import ReportContent

HERE = Path(__file__).parent
REPO = HERE.parents[1]
SEED_002 = HERE / "fixtures" / "seed002-health.yaml"
BROKEN = COMPLETE.replace('"30101": 70.00', '"30101": 71.00')  # BASIC-ECONOMIC-LINES error


@pytest.fixture
def fake_render(monkeypatch: pytest.MonkeyPatch) -> None:
    """Render instantly: the gating, not the writers, is under test here."""
    monkeypatch.setattr(api, "render_document", lambda report: None)
    monkeypatch.setattr(api, "report_content", lambda document: ReportContent("测试"))
    monkeypatch.setattr(api, "audit_docx", lambda content, docx: None)
    monkeypatch.setattr(api, "audit_pdf", lambda content, pdf: None)
    monkeypatch.setattr(api, "to_docx", lambda report, document: b"new docx")
    monkeypatch.setattr(api, "to_pdf", lambda report, document, source=None,
                        engine="weasyprint": b"new pdf")


def _write(folder: Path, text: str, name: str = "dept.yaml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_check_prints_one_finding_a_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["check", str(SEED_002)]) == 1
    out, err = capsys.readouterr()
    lines = out.splitlines()
    expected = f"{SEED_002}:31:11: 错误 [X-SUMMARY-EXPENDITURE-CLASS] "
    assert any(line.startswith(expected) for line in lines)
    assert all(line.startswith(f"{SEED_002}:") for line in lines)
    assert f"{SEED_002}: 1 个错误" in err


def test_check_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["check", "--format", "json", str(SEED_002)]) == 1
    findings = json.loads(capsys.readouterr().out)
    error = next(f for f in findings if f["severity"] == "错误")
    assert error == {"file": str(SEED_002), "line": 31, "column": 11, "severity": "错误",
                     "rule": "X-SUMMARY-EXPENDITURE-CLASS", "message": error["message"]}
    assert "40.44" in error["message"] and "40.43" in error["message"]


def test_check_clean_warnings_and_information_exit_0(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["check", str(_write(tmp_path, COMPLETE))]) == 0
    assert capsys.readouterr().out == ""
    tail = COMPLETE.replace('"30101": 70.00', '"30101": 70.01')  # a rounding tail: information
    assert cli.main(["check", str(_write(tmp_path, tail))]) == 0
    out, err = capsys.readouterr()
    assert "提示 [BASIC-ECONOMIC-LINES]" in out and "检查通过。（1 条提示）" in err
    warning = edit(COMPLETE, {"编制日期: 2024-09": "编制日期: 2023-12"})  # a date to look at
    assert cli.main(["check", str(_write(tmp_path, warning))]) == 0
    out, err = capsys.readouterr()
    assert "警告 [DATE-ORDER]" in out and "0 个错误，1 个警告。" in err


def test_check_folder_worst_status_wins(tmp_path: Path) -> None:
    _write(tmp_path, COMPLETE, "a.yaml")
    _write(tmp_path, BROKEN, "b.yaml")
    assert cli.main(["check", str(tmp_path)]) == 1
    _write(tmp_path, "a: [", "c.yaml")
    assert cli.main(["check", str(tmp_path)]) == 2


def test_build_writes_nothing_for_a_department_with_errors(
        tmp_path: Path, fake_render: None, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "dept.docx").write_bytes(b"good old report")
    source = _write(tmp_path, BROKEN)
    assert cli.main(["build", str(source), "--out", str(out)]) == 1
    assert (out / "dept.docx").read_bytes() == b"good old report"
    assert not (out / "dept.pdf").exists()
    assert sorted(p.name for p in out.iterdir()) == ["dept.docx"]  # no temporary left
    err = capsys.readouterr().err
    assert "错误 [BASIC-ECONOMIC-LINES]" in err and "未生成报告" in err and "--ignore-errors" in err


def test_build_force_writes_and_prints_the_errors(
        tmp_path: Path, fake_render: None, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    source = _write(tmp_path, BROKEN)
    assert cli.main(["build", str(source), "--out", str(out), "--ignore-errors"]) == 1
    assert (out / "dept.docx").read_bytes() == b"new docx"
    assert (out / "dept.pdf").read_bytes() == b"new pdf"
    assert "错误 [BASIC-ECONOMIC-LINES]" in capsys.readouterr().err


def test_build_clean_department(tmp_path: Path, fake_render: None) -> None:
    out = tmp_path / "out"
    assert cli.main(["build", str(_write(tmp_path, COMPLETE)), "--out", str(out),
                     "--format", "pdf"]) == 0
    assert sorted(p.name for p in out.iterdir()) == [
        "dept.content.json", "dept.pdf", "manifest.json", "变更报告.html"]


def test_build_unreadable_input(tmp_path: Path, fake_render: None) -> None:
    out = tmp_path / "out"
    assert cli.main(["build", str(_write(tmp_path, "a: [")), "--out", str(out)]) == 2
    assert not out.exists()


def test_failed_render_keeps_the_old_report(tmp_path: Path, fake_render: None,
                                            monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    def broken(report: object, document: object, source: object = None,
               engine: str = "weasyprint") -> bytes:
        raise RuntimeError("renderer crashed")

    monkeypatch.setattr(api, "to_pdf", broken)
    out = tmp_path / "out"
    out.mkdir()
    (out / "dept.docx").write_bytes(b"good old report")
    assert cli.main(["build", str(_write(tmp_path, COMPLETE)), "--out", str(out)]) == 3
    assert (out / "dept.docx").read_bytes() == b"good old report"
    err = capsys.readouterr().err
    assert "[INTERNAL]" in err and "renderer crashed" in err and "Traceback" not in err


def test_real_command_line(tmp_path: Path) -> None:
    """`python -m generator check` as a user runs it (the entry point, not main())."""
    result = subprocess.run([sys.executable, "-m", "generator", "check", str(SEED_002)],
                            capture_output=True, text=True, cwd=REPO, timeout=60, check=False)
    assert result.returncode == 1
    assert f"{SEED_002}:31:11: 错误 [X-SUMMARY-EXPENDITURE-CLASS]" in result.stdout
    assert "Traceback" not in result.stderr


def test_same_file_name_in_two_folders_is_refused(tmp_path: Path, fake_render: None,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    """2023/dept.yaml and 2024/dept.yaml would both write out/dept.*: neither is built."""
    for year in ("2023", "2024"):
        (tmp_path / year).mkdir()
        _write(tmp_path / year, COMPLETE)
    out = tmp_path / "out"
    assert cli.main(["build", str(tmp_path / "2023"), str(tmp_path / "2024"),
                     "--out", str(out)]) == 1
    assert not out.exists() or not any(out.iterdir())
    err = capsys.readouterr().err
    assert err.count("[OUTPUT-NAME]") == 2 and "同名" in err


@pytest.mark.parametrize("kind", ["file", "read-only"])
def test_an_unwritable_output_folder_is_a_user_error(tmp_path: Path, fake_render: None,
                                                      capsys: pytest.CaptureFixture[str],
                                                      kind: str) -> None:
    out = tmp_path / "out"
    if kind == "file":
        out.write_text("not a folder", encoding="utf-8")
    else:
        if os.geteuid() == 0:
            pytest.skip("root writes into read-only folders")
        out.mkdir()
        out.chmod(0o500)
    assert cli.main(["build", str(_write(tmp_path, COMPLETE)), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "[OUTPUT-WRITE]" in err and "Traceback" not in err and "[INTERNAL]" not in err
