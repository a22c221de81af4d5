"""Batch builds (issue 11): only what changed is rebuilt, in parallel, safely, explained.

Each test builds small departments (``COMPLETE`` of tests/support.py and variants) into one
output folder with the real command, and reads the manifest, the files and the change
report it leaves.
"""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest
from support import COMPLETE, edit

from generator import cli
from generator.batch import CHANGE_REPORT_NAME, MANIFEST_NAME
from generator.render.content import ReportContent

#: The same department under another name (another 单位).
OTHER = edit(COMPLETE, {"部门名称: 测试部门": "部门名称: 另一个部门"})
#: COMPLETE with one amount corrected (2010302 项目支出 30.00 → 31.00 and its budget).
CORRECTED = edit(COMPLETE, {"    项目支出: 30.00\n    年初预算: 30.00":
                        "    项目支出: 31.00\n    年初预算: 31.00"})


def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _build(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = cli.main(["build", *args])
    out, err = capsys.readouterr()
    return status, out, err


def _stamps(folder: Path) -> dict[str, int]:
    return {path.name: path.stat().st_mtime_ns for path in sorted(folder.iterdir())}


@pytest.fixture
def built(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Path, Path]:
    """Two departments built once into ``out``: (data folder, out)."""
    data, out = tmp_path / "data", tmp_path / "out"
    _write(data, "alpha", COMPLETE)
    _write(data, "beta", OTHER)
    status, stdout, _ = _build(capsys, str(data), "--out", str(out), "--jobs", "2")
    assert status == 0
    assert stdout.count("→") == 4
    return data, out


def test_first_build_writes_reports_content_and_manifest(built: tuple[Path, Path]) -> None:
    _, out = built
    names = {path.name for path in out.iterdir()}
    assert names == {"alpha.docx", "alpha.pdf", "alpha.content.json", "beta.docx", "beta.pdf",
                     "beta.content.json", MANIFEST_NAME, CHANGE_REPORT_NAME}
    manifest = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))["reports"]
    assert set(manifest) == {"alpha", "beta"}
    assert manifest["beta"]["department"] == "另一个部门"
    recorded = manifest["alpha"]["outputs"]["alpha.pdf"]
    assert recorded["size"] == (out / "alpha.pdf").stat().st_size
    content = ReportContent.from_json((out / "alpha.content.json").read_bytes())
    assert content.tables[0].name.startswith("公开01表")
    # Both new: the change report says so, and lists no changes.
    page = (out / CHANGE_REPORT_NAME).read_text(encoding="utf-8")
    assert "新生成的报告" in page and "<li>alpha</li>" in page


def test_unchanged_inputs_are_not_rebuilt(built: tuple[Path, Path],
                                          capsys: pytest.CaptureFixture[str]) -> None:
    data, out = built
    before = _stamps(out)
    status, stdout, err = _build(capsys, str(data), "--out", str(out))
    assert status == 0
    assert stdout.count("未变化") == 2 and "→" not in stdout
    assert "生成 0 份，未变化 2 份，失败 0 份" in err
    assert _stamps(out) == before


def test_one_correction_rebuilds_one_report_and_reports_the_cells(
        built: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    data, out = built
    beta_before = (out / "beta.pdf").read_bytes()
    _write(data, "alpha", CORRECTED)
    status, stdout, err = _build(capsys, str(data), "--out", str(out), "--jobs", "2")
    assert status == 0, err
    assert "alpha.yaml → " in stdout and "beta.yaml: 未变化" in stdout
    assert (out / "beta.pdf").read_bytes() == beta_before
    page = (out / CHANGE_REPORT_NAME).read_text(encoding="utf-8")
    assert "alpha" in page and "beta" not in page.split("<h2")[1]
    assert "<del>30.00</del>" in page and "<ins>31.00</ins>" in page


def test_change_report_names_table_row_and_column(
        built: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    data, out = built
    old = out.parent / "alpha-old.content.json"
    old.write_bytes((out / "alpha.content.json").read_bytes())
    _write(data, "alpha", CORRECTED)
    assert _build(capsys, str(data), "--out", str(out))[0] == 0
    status = cli.main(["diff", str(old), str(out / "alpha.content.json")])
    lines = capsys.readouterr().out.splitlines()
    assert status == 1
    assert ("  公开05表 一般公共预算财政拨款支出决算表 第5行「一般行政管理事务」 "
            "本年支出·项目支出：30.00 → 31.00") in lines
    assert ("  第三部分 2023年度部门决算情况说明 › 一、收入支出决算总体情况说明："
            "「2023年度收、支总计均为239.00万元。与上年度相比，收、支总计各增加39.00万元，"
            "增长19.50%。」 → 「2023年度收、支总计均为240.00万元。与上年度相比，收、支总计各"
            "增加40.00万元，增长20.00%。」") in lines
    assert any(line.startswith("  公开01表 收入支出决算总表 第1行「一、一般公共预算财政拨款收入」")
               for line in lines)
    # The same file twice: nothing differs, exit 0.
    assert cli.main(["diff", str(old), str(old)]) == 0
    assert "两者所印的内容相同" in capsys.readouterr().out


def test_edited_report_is_kept_beside_the_new_one(built: tuple[Path, Path],
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    data, out = built
    edited = (out / "alpha.docx").read_bytes() + b"edited by hand"
    (out / "alpha.docx").write_bytes(edited)
    status, stdout, err = _build(capsys, str(data), "--out", str(out))
    assert status == 0
    kept = out / "alpha.人工修改.docx"
    assert kept.read_bytes() == edited
    assert (out / "alpha.docx").read_bytes() != edited
    assert "人工修改过的报告已另存" in err and str(kept) in err
    assert "beta.yaml: 未变化" in stdout


def test_force_rebuilds_everything_identically(built: tuple[Path, Path],
                                               capsys: pytest.CaptureFixture[str]) -> None:
    data, out = built
    reports = [name for name in sorted(path.name for path in out.iterdir())
               if name.startswith(("alpha.", "beta."))]
    before = {name: (out / name).read_bytes() for name in reports}
    status, stdout, _ = _build(capsys, str(data), "--out", str(out), "--force", "--jobs", "1")
    assert status == 0 and stdout.count("→") == 4
    after = {name: (out / name).read_bytes() for name in reports}
    assert after == before  # deterministic: two workers or one, the same bytes
    page = (out / CHANGE_REPORT_NAME).read_text(encoding="utf-8")
    assert "本次生成没有报告的内容发生变化" in page


def test_another_departments_report_is_never_replaced(
        built: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out = built
    before = (out / "beta.pdf").read_bytes()
    stranger = _write(tmp_path / "elsewhere", "beta", COMPLETE)  # 测试部门, not 另一个部门
    status, _, err = _build(capsys, str(stranger), "--out", str(out))
    assert status == 1
    assert "[OUTPUT-OTHER]" in err and "另一个部门" in err
    assert (out / "beta.pdf").read_bytes() == before


def test_one_failure_does_not_stop_the_others(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    data, out = tmp_path / "data", tmp_path / "out"
    _write(data, "good", COMPLETE)
    _write(data, "broken", edit(COMPLETE, {"基本支出: 100.00": "基本支出: 一百"}))
    status, stdout, err = _build(capsys, str(data), "--out", str(out), "--jobs", "2")
    assert status == 1
    assert "good.yaml → " in stdout
    assert "生成 1 份，未变化 0 份，失败 1 份" in err
    assert f"失败 {data / 'broken.yaml'}：" in err
    assert not (out / "broken.pdf").exists()


def test_changed_options_rebuild(built: tuple[Path, Path],
                                 capsys: pytest.CaptureFixture[str]) -> None:
    data, out = built
    status, stdout, _ = _build(capsys, str(data), "--out", str(out), "--format", "pdf")
    assert status == 0 and stdout.count("→") == 2  # a PDF-only build is another build


def test_diff_refuses_what_is_not_a_report(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    junk = tmp_path / "x.content.json"
    junk.write_text("{}", encoding="utf-8")
    assert cli.main(["diff", str(junk), str(junk)]) == 2
    assert "不是报告内容文件" in capsys.readouterr().err
    assert cli.main(["diff", str(tmp_path / "missing.pdf"), str(junk)]) == 2


def test_building_here_restores_the_collectors_thresholds(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A sequential batch collects garbage less often while it builds, and gives the
    caller back the thresholds it had (a library caller's process is its own)."""
    import gc

    from generator import batch

    before = gc.get_threshold()
    seen: list[tuple[int, ...]] = []

    def recording(task: object) -> str:
        seen.append(gc.get_threshold())
        return "built"

    monkeypatch.setattr(batch, "build_one", recording)
    assert list(batch._execute(["task"], 1)) == ["built"]  # type: ignore[list-item]
    assert seen == [(batch.GC_THRESHOLD, 20, 20)]
    assert gc.get_threshold() == before


def threads_of_worker(task: object) -> tuple[str | None, str | None]:
    """A stand-in for ``build_one``: the thread-pool sizes the worker's libraries see."""
    import os

    return os.environ.get("RAYON_NUM_THREADS"), os.environ.get("OPENBLAS_NUM_THREADS")


def test_workers_share_the_cores_among_their_thread_pools(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Each worker's Typst (Rayon) and BLAS pools get the cores divided by the workers
    (here 4 cores, 2 workers: 2 threads each), unless the environment sets a size."""
    from generator import batch

    monkeypatch.setattr(batch, "build_one", threads_of_worker)
    monkeypatch.setattr(batch, "default_jobs", lambda: 4)
    monkeypatch.delenv("RAYON_NUM_THREADS", raising=False)
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "3")
    tasks = [SimpleNamespace(source=Path(f"{name}.yaml")) for name in ("一", "二", "三")]
    outcomes = list(batch._execute(tasks, 2))  # type: ignore[arg-type]
    assert outcomes == [("2", "3")] * 3


@pytest.mark.parametrize(("engine", "formats", "forgets"), [
    ("typst", ("docx", "pdf"), 1), ("typst", ("docx",), 0), ("weasyprint", ("pdf",), 0)])
def test_typst_forgets_each_department_after_building_it(
        monkeypatch: pytest.MonkeyPatch, engine: str, formats: tuple[str, ...],
        forgets: int) -> None:
    """A department whose PDF Typst made leaves Typst's memo aged out (even when its build
    failed); no other build touches Typst."""
    from generator import batch
    from generator.render import typst_writer

    forgotten: list[None] = []
    monkeypatch.setattr(typst_writer, "forget_layouts", lambda: forgotten.append(None))

    def failing(task: object) -> batch.Outcome:
        raise RuntimeError("a build that failed")

    monkeypatch.setattr(batch, "_build_one", failing)
    options = batch.BatchOptions(Path("out"), formats, pdf_engine=engine)
    with pytest.raises(RuntimeError):
        batch.build_one(batch._Task(Path("一.yaml"), options))
    assert len(forgotten) == forgets
