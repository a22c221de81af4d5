"""Benchmark: a bureau's batch, measured side by side in one run (issue 11; not a test).

One run reports, next to the issue's targets:

* **per report**, in process and warm (median of ``--runs`` after one warm-up run): the
  document (load, derive, check, document tree), the DOCX, and the PDF with each engine —
  WeasyPrint, and Typst when ``generator.api.to_pdf`` takes an engine (``--pdf-engine``;
  each Typst run lays the report out anew, not from Typst's memo of the previous run:
  :class:`UnmemoizedTypst`);
  the pages of the PDF; the same report built by a whole ``python -m generator build``
  process (cold: imports, fonts and templates paid each time);
* **LibreOffice** converting our DOCX of the same report to PDF (``soffice --headless
  --convert-to pdf`` with a private ``-env:UserInstallation``; its first run, which builds
  that profile, is left out);
* **the batch**: a synthetic set of ``--count`` departments (``bench/synthetic.py``) built
  by ``python -m generator build DIR --out OUT --jobs N``; the same command again with
  nothing changed; and again after one correction (an amount + 1.00) to one department.
  Each is timed (wall clock and CPU) with the peak memory of its largest process
  (``ru_maxrss``: with N workers the machine holds up to N such processes at once), and
  the reports each run rewrote are counted. While the CLI rejects ``--jobs`` (the batch
  command is not there yet), the current sequential build is timed instead, and the
  output says so.

It prints a table and the targets met or not met, and writes everything as JSON under
``bench/results/``. Usage::

    python bench/bench_batch.py --count 6 --quick       # minutes: a check of the bench
    python bench/bench_batch.py                         # 100 departments, the real thing
    python bench/bench_batch.py --count 100 --jobs 2 --runs 5 --json bench/results/x.json
    python bench/bench_batch.py --count 100 --pdf-engine typst   # the batch with Typst

Numbers from a shared machine vary with its load (printed at start and end); compare runs
made on an idle machine.
"""

from __future__ import annotations

import argparse
import gc
import inspect
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import synthetic
from bench_build import environment

from generator import api

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "bench" / "results"
#: The report the issue's per-report targets are about (a 30-page 决算).
REFERENCE = REPO / "data" / "examples" / "zhengzhou-shuzhi-2023.yaml"

#: The issue's targets on this 2-core machine.
TARGET_REPORT_S = 1.0  # a Zhengzhou-sized report to DOCX and PDF
TARGET_LIBREOFFICE_RATIO = 5.0  # LibreOffice's conversion at least 5 × slower than our PDF
TARGET_BATCH_S = 60.0  # 100 departments
TARGET_UNCHANGED_S = 1.0  # an unchanged rebuild of 100
TARGET_COUNT = 100

#: Scale of the largest department with --quick (a check of the bench, not a measure).
QUICK_MAX_SCALE = 2.0


# --- what the CLI and the library offer ----------------------------------------------------


@dataclass(frozen=True)
class Capabilities:
    """What this checkout's ``build`` command and library offer."""

    jobs: bool
    cli_engines: tuple[str, ...]
    api_engine_parameter: str | None

    @property
    def engines(self) -> tuple[str, ...]:
        """The PDF engines to measure in process: WeasyPrint, and the others the library
        takes through its engine parameter."""
        if self.api_engine_parameter is None:
            return ("weasyprint",)
        return ("weasyprint", *(e for e in self.cli_engines if e != "weasyprint"))


def detect_capabilities(python: str) -> Capabilities:
    """Read ``build --help`` for ``--jobs`` and ``--pdf-engine {…}``, and
    ``generator.api.to_pdf``'s signature for an engine parameter."""
    help_text = subprocess.run([python, "-m", "generator", "build", "--help"], cwd=REPO,
                               env=_child_env(), capture_output=True, text=True,
                               check=False).stdout
    parameters = inspect.signature(api.to_pdf).parameters
    parameter = next((name for name in ("engine", "pdf_engine") if name in parameters), None)
    return parse_help(help_text, parameter)


def parse_help(help_text: str, api_engine_parameter: str | None) -> Capabilities:
    """What ``build --help`` offers: ``--jobs``, and the choices of ``--pdf-engine``."""
    engines: tuple[str, ...] = ()
    if "--pdf-engine" in help_text:
        found = re.search(r"--pdf-engine\s*\{([^}]*)\}", help_text)
        engines = tuple(found.group(1).split(",")) if found else ("weasyprint", "typst")
    return Capabilities("--jobs" in help_text, engines, api_engine_parameter)


def _child_env() -> dict[str, str]:
    """The environment of child processes: this checkout first on the path."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, (str(REPO), env.get("PYTHONPATH"))))
    return env


# --- per report, in process ------------------------------------------------------------------


@dataclass
class ReportTiming:
    """One report measured: warm in-process stage times, pages, LibreOffice, cold build."""

    name: str
    source: str
    size: dict[str, int] = field(default_factory=dict)
    pages: int | None = None
    stages: dict[str, list[float]] = field(default_factory=dict)
    cpu_stages: dict[str, list[float]] = field(default_factory=dict)
    libreoffice_s: list[float] = field(default_factory=list)
    libreoffice_first_s: float | None = None
    libreoffice_cpu_s: list[float] = field(default_factory=list)
    cold_build_s: dict[str, list[float]] = field(default_factory=dict)
    cold_build_cpu_s: dict[str, list[float]] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    def median(self, stage: str, cpu: bool = False) -> float | None:
        """The median wall (or CPU) time of a stage, None if it was not measured."""
        times = (self.cpu_stages if cpu else self.stages).get(stage)
        return statistics.median(times) if times else None

    def total(self, engine: str, cpu: bool = False) -> float | None:
        """document + DOCX + PDF with ``engine``: what one report costs a warm worker."""
        parts = [self.median(stage, cpu) for stage in ("document", "docx", f"pdf-{engine}")]
        return None if None in parts else sum(p for p in parts if p is not None)

    def pdf_path(self, engine: str) -> float | None:
        """document + PDF with ``engine``: our way from data to PDF."""
        parts = [self.median("document"), self.median(f"pdf-{engine}")]
        return None if None in parts else sum(p for p in parts if p is not None)

    @property
    def libreoffice_median(self) -> float | None:
        """LibreOffice's median conversion time."""
        return statistics.median(self.libreoffice_s) if self.libreoffice_s else None

    def to_json(self) -> dict[str, Any]:
        """Raw times and medians."""
        return {**asdict(self),
                "medians": {stage: self.median(stage) for stage in self.stages},
                "libreoffice_median_s": self.libreoffice_median}


def measure_report(path: Path, runs: int, capabilities: Capabilities, work: Path
                   ) -> tuple[ReportTiming, bytes | None]:
    """Time the stages of one report in process (one warm-up, then ``runs``); return the
    timing and the DOCX (for LibreOffice)."""
    timing = ReportTiming(path.stem, str(path.relative_to(REPO) if path.is_relative_to(REPO)
                                        else path))
    docx: bytes | None = None
    pdf: bytes | None = None
    engines = capabilities.engines
    for run in range(runs + 1):
        try:
            seconds, cpu, (department, report, document) = timed(lambda: _document(path))
        except Exception as error:  # one line, and the next report
            timing.errors["document"] = _describe(error)
            break
        if run:
            timing.stages.setdefault("document", []).append(seconds)
            timing.cpu_stages.setdefault("document", []).append(cpu)
        writers: dict[str, Callable[[], bytes]] = {
            "docx": lambda: api.to_docx(report, document)}  # noqa: B023
        for engine in engines:
            writers[f"pdf-{engine}"] = _pdf_writer(capabilities, engine, report, document,
                                                   department.source)
        for stage, write in writers.items():
            if stage in timing.errors:
                continue
            try:
                seconds, cpu, data = timed(write)
            except Exception as error:
                timing.errors[stage] = _describe(error)
                continue
            if run:
                timing.stages.setdefault(stage, []).append(seconds)
                timing.cpu_stages.setdefault(stage, []).append(cpu)
            if stage == "docx":
                docx = data
            elif stage == "pdf-weasyprint":
                pdf = data
    if pdf is not None:
        pdf_file = work / f"{path.stem}.pdf"
        pdf_file.write_bytes(pdf)
        timing.pages = pdf_pages(pdf_file)
    return timing, docx


class UnmemoizedTypst:
    """A Typst compiler whose every compile lays the document out anew.

    Typst memoizes its work by its inputs: compiling the same report a second time in one
    process is nearly free (0.05 s against 0.25 s for the Zhengzhou report), which a
    batch never does — each report is compiled once. Each compile through this wrapper
    gets a ``sys.inputs`` entry of its own, read by nothing, so every timed run pays what
    a batch worker pays for a report it has not seen (fonts and styles loaded).
    """

    def __init__(self, compiler: Any) -> None:
        self._compiler = compiler
        self._compiles = 0

    def compile_with_warnings(self, source: bytes, **options: Any) -> Any:
        """The wrapped compiler's ``compile_with_warnings`` with a fresh input."""
        self._compiles += 1
        inputs = dict(options.pop("sys_inputs", None) or {})
        inputs["bench-compile"] = str(self._compiles)
        return self._compiler.compile_with_warnings(source, sys_inputs=inputs, **options)


def unmemoize_typst() -> None:
    """Make the Typst writer compile through :class:`UnmemoizedTypst` in this process."""
    from generator.render import typst_writer

    compiler = UnmemoizedTypst(typst_writer._compiler())
    typst_writer._compiler = lambda: compiler  # type: ignore[assignment]


def timed(function: Callable[[], Any]) -> tuple[float, float, Any]:
    """Run ``function`` once: (wall seconds, CPU seconds of this process, its result).
    Collects garbage first."""
    gc.collect()
    wall, cpu = time.perf_counter(), time.process_time()
    result = function()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def _document(path: Path) -> tuple[Any, Any, Any]:
    """What ``build`` does before writing: load, derive, check, document tree."""
    department = api.load_department(path)
    report = api.derive(department)
    api.check(report)
    return department, report, api.render_document(report)


def _pdf_writer(capabilities: Capabilities, engine: str, report: Any, document: Any,
                source: Any) -> Callable[[], bytes]:
    """The PDF writer of ``engine`` for one report."""
    if engine == "weasyprint" or capabilities.api_engine_parameter is None:
        return lambda: api.to_pdf(report, document, source)
    keyword = {capabilities.api_engine_parameter: engine}
    return lambda: api.to_pdf(report, document, source, **keyword)  # type: ignore[call-arg]


def _describe(error: BaseException) -> str:
    """One line naming an exception."""
    return f"{type(error).__name__}: {error}".splitlines()[0]


def pdf_pages(path: Path) -> int | None:
    """The page count ``pdfinfo`` reports, None without poppler-utils."""
    if shutil.which("pdfinfo") is None:
        return None
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=False)
    found = re.search(r"^Pages:\s+(\d+)", info.stdout, re.MULTILINE)
    return int(found.group(1)) if found else None


# --- whole processes ----------------------------------------------------------------------


@dataclass
class ProcessRun:
    """One child process: command, wall time, exit status, peak memory."""

    command: list[str]
    wall_s: float
    cpu_s: float
    exit_status: int
    max_rss_kib: int
    stderr_tail: str = ""


#: A small measuring parent: it runs the command and reports the command's wall and CPU
#: time and its largest process's peak memory. Linux carries a process's peak RSS across
#: fork and exec, so a command started straight from this (large) benchmark would report
#: at least the benchmark's own size; started from this fresh small parent it does not.
_MEASURE = """\
import json, resource, subprocess, sys, time
start = time.perf_counter()
status = subprocess.run(sys.argv[2:]).returncode
wall = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
with open(sys.argv[1], "w") as out:
    json.dump({"wall": wall, "cpu": usage.ru_utime + usage.ru_stime,
               "max_rss_kib": usage.ru_maxrss, "status": status}, out)
sys.exit(status)
"""


def run_process(command: Sequence[str], timeout: float, cwd: Path = REPO) -> ProcessRun:
    """Run ``command`` and time it: wall clock, the CPU time of it and its children (on a
    busy machine wall time grows, CPU time much less), and the peak resident memory of its
    largest process (``ru_maxrss`` of the children of a fresh measuring parent)."""
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "measure.json"
        with open(Path(folder) / "stderr", "w+b") as err:
            start = time.perf_counter()
            process = subprocess.Popen(
                [sys.executable, "-c", _MEASURE, str(report), *command], cwd=cwd,
                env=_child_env(), stdout=subprocess.DEVNULL, stderr=err,
                stdin=subprocess.DEVNULL, start_new_session=True)
            try:
                status = process.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, 9)
                status = process.wait()
            wall = time.perf_counter() - start
            err.seek(0)
            tail = err.read().decode("utf-8", "replace").strip().splitlines()[-3:]
        if not report.exists():  # killed: what the parent saw
            return ProcessRun(list(command), wall, 0.0, status, 0, "\n".join(tail))
        measured = json.loads(report.read_text("utf-8"))
    return ProcessRun(list(command), measured["wall"], measured["cpu"], measured["status"],
                      measured["max_rss_kib"], "\n".join(tail))


def cold_builds(timing: ReportTiming, path: Path, runs: int, capabilities: Capabilities,
                python: str, work: Path) -> None:
    """A whole ``build FILE`` process (DOCX and PDF) per engine, ``runs`` times: wall and
    CPU times into ``timing``. Each run writes into a folder of its own: into the same
    one, the second run would find the report unchanged and build nothing."""
    for engine in capabilities.cli_engines or ("weasyprint",):
        for number in range(runs):
            command = [python, "-m", "generator", "build", str(path),
                       "--out", str(work / "cold" / f"{engine}-{number}")]
            if capabilities.cli_engines:
                command += ["--pdf-engine", engine]
            run = run_process(command, timeout=1800)
            if run.exit_status != 0:
                timing.errors[f"cold {engine}"] = run.stderr_tail.replace("\n", " ")
                break
            timing.cold_build_s.setdefault(engine, []).append(run.wall_s)
            timing.cold_build_cpu_s.setdefault(engine, []).append(run.cpu_s)


# --- LibreOffice ----------------------------------------------------------------------------


def libreoffice_times(timing: ReportTiming, docx: bytes, runs: int, work: Path) -> str:
    """LibreOffice converting ``docx`` to PDF, into ``timing``: its first run (building its
    private profile) and ``runs`` more. Returns a note when it is missing or fails."""
    name = timing.name
    soffice = shutil.which("soffice")
    if soffice is None:
        return "soffice not found: LibreOffice not measured"
    folder = work / "libreoffice"
    folder.mkdir(parents=True, exist_ok=True)
    source = folder / f"{name}.docx"
    source.write_bytes(docx)
    profile = (work / "libreoffice-profile").resolve().as_uri()
    command = [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
               "--outdir", str(folder / "pdf"), str(source)]
    for run in range(runs + 1):
        result = run_process(command, timeout=900)
        produced = (folder / "pdf" / f"{name}.pdf").exists()
        if result.exit_status != 0 or not produced:
            return f"LibreOffice failed (exit {result.exit_status}): {result.stderr_tail}"
        if run == 0:
            timing.libreoffice_first_s = result.wall_s
        else:
            timing.libreoffice_s.append(result.wall_s)
            timing.libreoffice_cpu_s.append(result.cpu_s)
    return ""


# --- the batch --------------------------------------------------------------------------------


@dataclass
class BatchRun:
    """One batch build: what it was, how long, how many reports it rewrote."""

    label: str
    run: ProcessRun
    outputs: int
    rewritten: int


def _outputs(folder: Path) -> dict[Path, tuple[int, int]]:
    """Each report file under ``folder`` with its inode and modification time: a file
    replaced by a build (written beside, then moved in) gets a new inode."""
    return {path: (path.stat().st_ino, path.stat().st_mtime_ns)
            for path in sorted(folder.rglob("*")) if path.suffix in (".docx", ".pdf")}


def batch_build(label: str, command: Sequence[str], out: Path, timeout: float) -> BatchRun:
    """Run one batch build and count the reports it rewrote."""
    before = _outputs(out) if out.exists() else {}
    run = run_process(command, timeout)
    after = _outputs(out) if out.exists() else {}
    rewritten = sum(1 for path, stamp in after.items() if before.get(path) != stamp)
    return BatchRun(label, run, len(after), rewritten)


def pick_for_correction(items: Sequence[synthetic.Generated]) -> synthetic.Generated:
    """The department of median size (by lines): a typical one-figure correction."""
    ordered = sorted(items, key=lambda item: (item.size.lines, item.path.name))
    return ordered[len(ordered) // 2]


# --- report -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Verdict:
    """One of the issue's targets against what was measured."""

    target: str
    measured: str
    status: str  # "met", "NOT MET", "not judged"
    note: str = ""


def verdicts(reference: ReportTiming | None, engines: Sequence[str],
             batch: Sequence[BatchRun], count: int, jobs_used: bool) -> list[Verdict]:
    """The four targets of the issue, each met / NOT MET / not judged (with why)."""
    out = []
    for engine in engines:
        total = reference.total(engine) if reference else None
        out.append(_judge(f"Zhengzhou report DOCX+PDF ≤ {TARGET_REPORT_S:g} s ({engine}, warm)",
                          total, TARGET_REPORT_S, "s", at_most=True))
    for engine in engines:
        ours = reference.pdf_path(engine) if reference else None
        theirs = reference.libreoffice_median if reference else None
        ratio = theirs / ours if ours and theirs else None
        out.append(_judge(f"LibreOffice ≥ {TARGET_LIBREOFFICE_RATIO:g}× our PDF time ({engine})",
                          ratio, TARGET_LIBREOFFICE_RATIO, "×", at_most=False,
                          note="" if ratio else "LibreOffice or the PDF not measured"))
    by_label = {run.label: run for run in batch}
    mode = "" if jobs_used else "sequential build: the CLI has no --jobs yet"
    for label, target, text in (
            ("first build", TARGET_BATCH_S, f"{TARGET_COUNT} departments in {TARGET_BATCH_S:g} s"),
            ("unchanged rebuild", TARGET_UNCHANGED_S,
             f"unchanged rebuild of {TARGET_COUNT} in {TARGET_UNCHANGED_S:g} s")):
        run = by_label.get(label)
        if run is None or run.run.exit_status != 0:
            out.append(Verdict(text, "—", "not judged", "the build did not run or failed"))
            continue
        if count != TARGET_COUNT:
            projected = run.run.wall_s * TARGET_COUNT / count
            out.append(Verdict(text, f"{run.run.wall_s:.2f} s for {count}", "not judged",
                               f"needs --count {TARGET_COUNT}; linear projection "
                               f"{projected:.1f} s" + (f"; {mode}" if mode else "")))
            continue
        out.append(_judge(text, run.run.wall_s, target, "s", at_most=True, note=mode))
    return out


def _judge(target: str, value: float | None, limit: float, unit: str, *, at_most: bool,
           note: str = "") -> Verdict:
    if value is None:
        return Verdict(target, "—", "not judged", note or "not measured")
    met = value <= limit if at_most else value >= limit
    measured = f"{value:.2f} {unit}" if unit == "s" else f"{value:.1f}{unit}"
    return Verdict(target, measured, "met" if met else "NOT MET", note)


def _ms(value: float | None) -> str:
    return "—" if value is None else f"{value * 1000:,.0f}"


def format_reports(reports: Sequence[ReportTiming], engines: Sequence[str],
                   cold_engines: Sequence[str], runs: int) -> str:
    """The per-report table, one column a report, milliseconds: warm medians (wall, and the
    CPU time of the totals), LibreOffice, cold whole-process builds."""
    rows: list[tuple[str, list[str]]] = [
        ("pages", [str(r.pages or "—") for r in reports]),
        ("size: lines / projects / annex rows",
         [f"{r.size.get('lines', 0)} / {r.size.get('projects', 0)} / "
          f"{r.size.get('annex_rows', 0)}" for r in reports]),
        ("document (load, check, tree)", [_ms(r.median("document")) for r in reports]),
        ("docx", [_ms(r.median("docx")) for r in reports]),
    ]
    for engine in engines:
        rows.append((f"pdf {engine}", [_ms(r.median(f"pdf-{engine}")) for r in reports]))
    for engine in engines:
        rows.append((f"total {engine}", [_ms(r.total(engine)) for r in reports]))
        rows.append(("  its CPU time", [_ms(r.total(engine, cpu=True)) for r in reports]))
    rows.append(("LibreOffice DOCX → PDF", [_ms(r.libreoffice_median) for r in reports]))
    for engine in engines:
        ratios = []
        for r in reports:
            ours, theirs = r.pdf_path(engine), r.libreoffice_median
            ratios.append(f"{theirs / ours:.1f}×" if ours and theirs else "—")
        rows.append((f"LibreOffice ÷ our PDF ({engine})", ratios))
    for engine in cold_engines:
        rows.append((f"cold build process ({engine})",
                     [_ms(statistics.median(r.cold_build_s[engine]))
                      if r.cold_build_s.get(engine) else "—" for r in reports]))
    width = max(len(label) for label, _ in rows)
    cell = max(10, *(len(r.name) for r in reports))
    header = f"{'ms':<{width}}  " + "  ".join(f"{r.name:>{cell}}" for r in reports)
    lines = [f"Per report (in process, warm: median of {runs} after a warm-up; total = document "
             "+ docx + pdf; our PDF = document + pdf; LibreOffice converts our DOCX; cold = one "
             "whole `python -m generator build FILE` process)", header, "-" * len(header)]
    lines += [f"{label:<{width}}  " + "  ".join(f"{value:>{cell}}" for value in values)
              for label, values in rows]
    for r in reports:
        lines += [f"{r.name}: {stage} failed: {error}" for stage, error in r.errors.items()]
    return "\n".join(lines)


def format_batch(batch: Sequence[BatchRun], count: int, pages: int | None, command: str,
                 note: str) -> str:
    """The batch table."""
    lines = [f"Batch: {count} synthetic departments" + (f", {pages:,} pages" if pages else "")
             + f"; command: {command}"]
    if note:
        lines.append(f"NOTE: {note}")
    width = max(len("run"), *(len(item.label) for item in batch))
    header = (f"{'run':<{width}}  {'wall s':>8}  {'cpu s':>8}  {'files':>6}  {'rewritten':>9}  "
              f"{'peak RSS MiB':>12}  exit")
    lines += [header, "-" * len(header)]
    for item in batch:
        lines.append(f"{item.label:<{width}}  {item.run.wall_s:>8.2f}  {item.run.cpu_s:>8.2f}  "
                     f"{item.outputs:>6}  {item.rewritten:>9}  "
                     f"{item.run.max_rss_kib / 1024:>12.0f}  {item.run.exit_status}")
        if item.run.exit_status != 0 and item.run.stderr_tail:
            lines += [f"    {line}" for line in item.run.stderr_tail.splitlines()]
    return "\n".join(lines)


def format_verdicts(items: Sequence[Verdict]) -> str:
    """The targets table."""
    width = max(len(v.target) for v in items)
    lines = [f"{'target (issue 11)':<{width}}  {'measured':>14}  verdict",
             "-" * (width + 28)]
    for v in items:
        lines.append(f"{v.target:<{width}}  {v.measured:>14}  {v.status}"
                     + (f"  ({v.note})" if v.note else ""))
    return "\n".join(lines)


# --- main ---------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    """Run the whole benchmark; print the tables; write the JSON."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=TARGET_COUNT,
                        help=f"synthetic departments in the batch (default {TARGET_COUNT})")
    parser.add_argument("--seed", type=int, default=1, help="seed of the synthetic set")
    parser.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)),
                        help="worker processes of the batch build (default: the cores)")
    parser.add_argument("--runs", type=int, default=None,
                        help="warm runs per report stage (default 5; 1 with --quick)")
    parser.add_argument("--quick", action="store_true",
                        help="a check of the bench: departments up to 2× the examples, one "
                             "run of each step, only the Zhengzhou example per report")
    parser.add_argument("--pdf-engine", default=None, metavar="ENGINE",
                        help="PDF engine of the batch build (default: the CLI's default)")
    parser.add_argument("--work", type=Path, default=None,
                        help="working folder (default: a temporary one, removed afterwards)")
    parser.add_argument("--json", type=Path, default=None,
                        help="where to write the results (default bench/results/batch-*.json)")
    args = parser.parse_args(argv)
    if args.count < 1 or args.jobs < 1:
        parser.error("--count and --jobs must be at least 1")
    runs = args.runs or (1 if args.quick else 5)
    engines = getattr(api, "PDF_ENGINES", ("weasyprint",))
    if args.pdf_engine is not None and args.pdf_engine not in engines:
        parser.error(f"--pdf-engine must be one of {', '.join(engines)}")
    if runs < 1:
        parser.error("--runs must be at least 1")
    if args.work is not None:
        args.work.mkdir(parents=True, exist_ok=True)
        return run_benchmark(args, runs, args.work)
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as folder:
        return run_benchmark(args, runs, Path(folder))


def _progress(text: str) -> None:
    print(f"[bench_batch {time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)


def run_benchmark(args: argparse.Namespace, runs: int, work: Path) -> int:
    """The benchmark proper, in the working folder ``work``."""
    python = sys.executable
    load_start = os.getloadavg()
    capabilities = detect_capabilities(python)
    notes = []
    if not capabilities.cli_engines:
        notes.append("Typst: skipped — the CLI has no --pdf-engine yet (only WeasyPrint "
                     "measured).")
    elif capabilities.api_engine_parameter is None:
        notes.append("Typst: the CLI has --pdf-engine but generator.api.to_pdf takes no engine "
                     "parameter, so only its cold whole-process build is measured.")
    if args.quick:
        notes.append(f"--quick: departments at most {QUICK_MAX_SCALE:g}× the largest example "
                     "(a real set goes to 10×), so projections to 100 understate a real set.")

    synthetic_dir = work / "synthetic"
    max_scale = QUICK_MAX_SCALE if args.quick else synthetic.MAX_SCALE
    _progress(f"generating {args.count} departments (seed {args.seed}, largest "
              f"{max_scale:g}× the examples) in {synthetic_dir}")
    items = synthetic.generate(args.count, synthetic_dir, args.seed, max_scale)
    if "typst" in capabilities.engines:
        unmemoize_typst()
    reports = measure_reports(items, args.quick, runs, capabilities, work, notes)
    in_process_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    batch, batch_note, command, correction = measure_batch(
        items, capabilities, args.jobs, args.pdf_engine, synthetic_dir, work / "out")
    batch_pages = _pages_of(work / "out") if shutil.which("pdfinfo") else None

    engines = capabilities.engines
    results = verdicts(reports[0], engines, batch, args.count, capabilities.jobs)
    load_end = os.getloadavg()
    cores = len(os.sched_getaffinity(0))
    env = {**environment(), "cores": str(cores), "machine": platform.machine(),
           "load average at start / end": f"{load_start[0]:.2f} / {load_end[0]:.2f}"}
    if max(load_start[0], load_end[0]) > cores:
        notes.append(f"the machine was busy (load average up to "
                     f"{max(load_start[0], load_end[0]):.1f} on {cores} cores): wall times are "
                     "inflated; the CPU times are closer to what an idle machine takes.")

    print(", ".join(f"{key} {value}" for key, value in env.items()))
    for note in notes:
        print(f"NOTE: {note}")
    print()
    print(format_reports(reports, engines, capabilities.cli_engines or ("weasyprint",), runs))
    print(f"peak RSS of this (in-process) benchmark: {in_process_rss / 1024:.0f} MiB")
    print()
    print(format_batch(batch, args.count, batch_pages, " ".join(
        ["python", *command[1:]]).replace(str(work), "WORK"), batch_note))
    print(f"correction ({correction[0]}): " + "; ".join(map(str, correction[1])))
    print()
    print(format_verdicts(results))

    target = args.json or RESULTS / f"batch-{args.count}{'-quick' if args.quick else ''}.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "date": time.strftime("%Y-%m-%d %H:%M:%S"),
        "arguments": {"count": args.count, "seed": args.seed, "jobs": args.jobs, "runs": runs,
                      "quick": args.quick, "max_scale": max_scale},
        "environment": env,
        "capabilities": asdict(capabilities),
        "notes": [*notes, *([batch_note] if batch_note else [])],
        "reports": [r.to_json() for r in reports],
        "in_process_max_rss_kib": in_process_rss,
        "batch": {"command": command, "pages": batch_pages, "departments": [
            {"file": i.path.name, "template": i.template, "kind": i.kind, "region": i.region,
             "size_class": i.size_class, "scale": round(i.scale, 3), **asdict(i.size)}
            for i in items],
            "runs": [asdict(run) for run in batch],
            "correction": {"file": correction[0], "edits": [asdict(e) for e in correction[1]]}},
        "targets": [asdict(v) for v in results],
    }
    target.write_text(json.dumps(payload, ensure_ascii=False, indent=2, default=str) + "\n",
                      "utf-8")
    print(f"\nwrote {target}")
    failed = any(run.run.exit_status != 0 for run in batch) or any(r.errors for r in reports)
    return 1 if failed else 0


def measure_reports(items: Sequence[synthetic.Generated], quick: bool, runs: int,
                    capabilities: Capabilities, work: Path, notes: list[str]
                    ) -> list[ReportTiming]:
    """Per report: the reference example (with LibreOffice and cold builds), and unless
    ``quick`` the smallest, the median and the largest synthetic department (with
    LibreOffice). Notes on what could not be measured go to ``notes``."""
    picks = sorted(items, key=lambda item: (item.size.lines + item.size.annex_rows,
                                            item.path.name))
    chosen = [] if quick else list(dict.fromkeys([picks[0], picks[len(picks) // 2], picks[-1]]))
    repeats = 1 if quick else 3  # LibreOffice runs and cold builds
    reports = []
    for path in [REFERENCE, *(item.path for item in chosen)]:
        _progress(f"per report, in process: {path.name}")
        timing, docx = measure_report(path, runs, capabilities, work)
        item = next((i for i in items if i.path == path), None)
        timing.size = asdict(item.size if item else synthetic.size_of(
            synthetic.yaml.safe_load(path.read_text("utf-8"))))
        if docx is not None:
            _progress(f"LibreOffice: {path.stem}.docx")
            note = libreoffice_times(timing, docx, repeats, work)
            if note:
                notes.append(f"{path.stem}: {note}")
        if path == REFERENCE:
            _progress("cold whole-process builds of the reference report")
            cold_builds(timing, path, repeats, capabilities, sys.executable, work)
        reports.append(timing)
    return reports


def measure_batch(items: Sequence[synthetic.Generated], capabilities: Capabilities, jobs: int,
                  engine: str | None, synthetic_dir: Path, out: Path
                  ) -> tuple[list[BatchRun], str, list[str], tuple[str, list[synthetic.Edit]]]:
    """The batch: a first build into an empty ``out``, the same again, and again after one
    correction (PDF ``engine``: None for the CLI's default). Returns the runs, a note on
    how they were run, the command and the correction (file, edits)."""
    command = [sys.executable, "-m", "generator", "build", str(synthetic_dir), "--out", str(out)]
    if engine is not None:
        command += ["--pdf-engine", engine]
    note = ""
    if capabilities.jobs:
        command += ["--jobs", str(jobs)]
    else:
        note = (f"the CLI rejects --jobs (no parallel, incremental batch build yet): timing the "
                f"current sequential build instead of --jobs {jobs}; an unchanged rebuild "
                "therefore rebuilds everything")
    shutil.rmtree(out, ignore_errors=True)
    timeout = 60.0 * 60 * 3
    _progress("batch: first build")
    batch = [batch_build("first build", command, out, timeout)]
    _progress("batch: unchanged rebuild")
    batch.append(batch_build("unchanged rebuild", command, out, timeout))
    corrected = pick_for_correction(items)
    edits = synthetic.correct(corrected.path)
    _progress(f"batch: rebuild after correcting {corrected.path.name}")
    batch.append(batch_build(f"one correction ({corrected.path.stem})", command, out, timeout))
    return batch, note, command, (corrected.path.name, edits)


def _pages_of(folder: Path) -> int:
    """Pages of every PDF under ``folder``."""
    return sum(pdf_pages(path) or 0 for path in sorted(folder.rglob("*.pdf")))


if __name__ == "__main__":
    sys.exit(main())
