"""The batch benchmark's own logic (bench/bench_batch.py): what it detects, counts and
judges. No timing is asserted: the numbers are the benchmark's to report."""

from __future__ import annotations

import sys
from pathlib import Path

from support import bench_script

ROOT = Path(__file__).parents[2]


bench = bench_script("bench_batch.py", "bench_batch")

HELP_TODAY = """usage: disclosure build [-h] [--out OUT] [--format {docx,pdf,all}]
  --force               数据检查有错误时仍然生成报告"""
HELP_LATER = """usage: disclosure build [-h] [--out OUT] [--jobs N]
                        [--pdf-engine {weasyprint,typst}]
  --jobs N              并行进程数"""


def test_help_without_jobs_or_engines_means_sequential_and_weasyprint_only() -> None:
    found = bench.parse_help(HELP_TODAY, None)
    assert not found.jobs
    assert found.cli_engines == ()
    assert found.engines == ("weasyprint",)


def test_help_with_jobs_and_engines() -> None:
    found = bench.parse_help(HELP_LATER, "engine")
    assert found.jobs
    assert found.cli_engines == ("weasyprint", "typst")
    assert found.engines == ("weasyprint", "typst")
    assert bench.parse_help(HELP_LATER, None).engines == ("weasyprint",)


def _timing(**stages: float) -> object:
    timing = bench.ReportTiming("zhengzhou", "x")
    timing.stages = {stage.replace("_", "-"): [seconds] for stage, seconds in stages.items()}
    return timing


def _batch(label: str, wall: float, status: int = 0) -> object:
    run = bench.ProcessRun(["build"], wall, wall, status, 1024)
    return bench.BatchRun(label, run, 200, 200)


def test_targets_met_and_not_met() -> None:
    reference = _timing(document=0.1, docx=0.2, pdf_weasyprint=0.5)
    reference.libreoffice_s = [3.5]
    runs = [_batch("first build", 59.0), _batch("unchanged rebuild", 1.5)]
    got = {v.target: v.status for v in bench.verdicts(reference, ["weasyprint"], runs, 100,
                                                      jobs_used=True)}
    assert list(got.values()) == ["met", "met", "met", "NOT MET"]
    slow = _timing(document=0.2, docx=0.3, pdf_weasyprint=0.6)
    slow.libreoffice_s = [3.5]
    got = [v.status for v in bench.verdicts(slow, ["weasyprint"], runs, 100, jobs_used=True)]
    assert got[:2] == ["NOT MET", "NOT MET"]  # 1.1 s; LibreOffice 4.4 × (document + pdf)


def test_a_small_set_or_a_failed_build_is_not_judged() -> None:
    runs = [_batch("first build", 6.0), _batch("unchanged rebuild", 6.0, status=1)]
    first, unchanged = bench.verdicts(None, [], runs, 10, jobs_used=False)
    assert first.status == "not judged" and "60.0 s" in first.note  # 6 s × 100 / 10
    assert "no --jobs" in first.note
    assert unchanged.status == "not judged" and "failed" in unchanged.note


def test_batch_build_counts_the_reports_a_run_rewrote(tmp_path: Path) -> None:
    for name in ("a.pdf", "a.docx", "b.pdf", "b.docx"):
        (tmp_path / name).write_bytes(b"old")
    rewrite_b = (f"import os, pathlib; d = pathlib.Path(r'{tmp_path}'); "
                 "(d / 'new.tmp').write_bytes(b'new'); os.replace(d / 'new.tmp', d / 'b.pdf')")
    result = bench.batch_build("run", [sys.executable, "-c", rewrite_b], tmp_path, timeout=60)
    assert result.run.exit_status == 0
    assert (result.outputs, result.rewritten) == (4, 1)
    assert result.run.max_rss_kib > 0


def test_peak_memory_is_the_commands_not_the_benchmarks() -> None:
    ballast = bytearray(400 * 1024 * 1024)  # the benchmark holding 400 MiB when it starts one
    small = bench.run_process([sys.executable, "-c", "pass"], timeout=60)
    big = bench.run_process([sys.executable, "-c", "b = bytearray(200 * 1024 * 1024)"],
                            timeout=60)
    del ballast
    assert small.exit_status == big.exit_status == 0
    assert small.max_rss_kib < 100 * 1024
    assert big.max_rss_kib >= 200 * 1024
    failed = bench.run_process([sys.executable, "-c", "import sys; sys.exit(3)"], timeout=60)
    assert failed.exit_status == 3


def test_each_timed_typst_compile_is_a_new_one() -> None:
    """Typst would serve a second compile of the same report from its memo: the bench's
    compiler gives each compile an input of its own, and keeps the report's inputs."""
    calls: list[dict[str, str]] = []

    class Recording:
        def compile_with_warnings(self, source: bytes, **options: object) -> tuple[bytes, list]:
            calls.append(dict(options["sys_inputs"]))  # type: ignore[arg-type]
            return source, []

    compiler = bench.UnmemoizedTypst(Recording())
    for _ in range(3):
        assert compiler.compile_with_warnings(b"#x", format="pdf",
                                              sys_inputs={"resource/a.svg": "<svg/>"}) == (
            b"#x", [])
    assert all(call["resource/a.svg"] == "<svg/>" for call in calls)
    assert len({call["bench-compile"] for call in calls}) == 3
