"""Batch builds: every department of a folder, in parallel, rebuilding only what changed.

``run_batch(inputs, options)`` builds each department's report into one output folder:

* **Incremental.** The folder's ``manifest.json`` records, per report, the digests of what
  it was built from — the department's YAML, the template folders of its profile (with a
  user ``--templates`` folder), the program and its catalog, the fonts, the build
  options — and of the files written. A report whose inputs all match, and whose files are
  still the ones written, is *unchanged* and not rebuilt (``rebuild_all`` rebuilds it).
* **Parallel.** Reports to build go to ``jobs`` worker processes; each pays imports,
  fonts and template compilation once. One department's failure never stops the others.
* **Safe.** A report a person edited after it was generated (its digest no longer matches
  the manifest) is kept beside the new one as ``NAME.人工修改.docx`` and named in the
  outcome; a report of another department (the manifest names a different 单位) is never
  replaced; a department's files are replaced together (``api.write_together``).
* **Explained.** Each rebuilt report's content (``NAME.content.json``) is compared with
  the previous one; the changes go into ``变更报告.html`` (``generator.changes``).

The heavy modules (rendering) are imported only by the code that builds, so a batch
with nothing to rebuild stays fast.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from generator.findings import Finding, Position, Severity, internal_error
from generator.render.content import CONTENT_SUFFIX

__all__ = ["CHANGE_REPORT_NAME", "MANIFEST_NAME", "BatchOptions", "BatchResult", "Outcome",
           "Status", "default_jobs", "run_batch"]

MANIFEST_NAME = "manifest.json"
CHANGE_REPORT_NAME = "变更报告.html"
#: The mark of a kept copy of a report a person edited.
EDITED_MARK = "人工修改"
_MANIFEST_FORMAT = 1
_PACKAGE = Path(__file__).resolve().parent
_FONT_FOLDERS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"),
                 Path.home() / ".local/share/fonts", Path.home() / ".fonts")
CLEAN, ERRORS, UNREADABLE, INTERNAL = 0, 1, 2, 3


class Status(StrEnum):
    """What happened to one department's report."""

    BUILT = "built"
    UNCHANGED = "unchanged"
    FAILED = "failed"


@dataclass(frozen=True)
class BatchOptions:
    """How to build: where, which formats, which templates, which PDF engine."""

    out_dir: Path
    formats: tuple[str, ...] = ("docx", "pdf")
    templates: Path | None = None
    ignore_errors: bool = False
    rebuild_all: bool = False
    jobs: int = 1
    pdf_engine: str = "weasyprint"

    def key(self) -> str:
        """What of the options changes the files written."""
        return json.dumps({"formats": list(self.formats), "ignore_errors": self.ignore_errors,
                           "pdf_engine": self.pdf_engine}, sort_keys=True)


@dataclass
class Outcome:
    """One department's result: its status, files, findings and what changed."""

    source: Path
    status: Status
    exit_status: int = CLEAN
    outputs: list[Path] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    reason: str = ""
    edited: list[tuple[Path, Path]] = field(default_factory=list)
    changes: Any = None  # generator.changes.ReportChanges, when a previous build existed
    entry: dict[str, Any] | None = None
    department: str = ""


@dataclass
class BatchResult:
    """Every department's outcome, and the change report written (if any)."""

    outcomes: list[Outcome]
    change_report: Path | None = None

    @property
    def exit_status(self) -> int:
        """The worst of the departments' exit statuses (0 when all went well)."""
        return max((outcome.exit_status for outcome in self.outcomes), default=CLEAN)

    def count(self, status: Status) -> int:
        """How many departments ended with ``status``."""
        return sum(outcome.status is status for outcome in self.outcomes)


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


# ---------------------------------------------------------------------------- digests


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _folder_files(folder: Path) -> Iterator[Path]:
    """Every file under ``folder``, in a fixed order (caches and hidden files skipped)."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "__pycache__")
        for name in sorted(files):
            if not name.startswith(".") and not name.endswith(".pyc"):
                yield Path(root) / name


@cache
def folder_digest(folder: str) -> str:
    """The digest of every file's name and content under ``folder`` (missing: "")."""
    path = Path(folder)
    if not path.is_dir():
        return ""
    digest = hashlib.sha256()
    for file in _folder_files(path):
        digest.update(str(file.relative_to(path)).encode("utf-8") + b"\0")
        digest.update(hashlib.sha256(file.read_bytes()).digest())
    return digest.hexdigest()


@cache
def program_digest() -> str:
    """The program: its version and every file of the package except the templates
    (each report depends on its own profile's template folders, recorded separately)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        release = version("disclosure-generator")
    except PackageNotFoundError:
        release = "unknown"
    digest = hashlib.sha256(release.encode())
    for file in _folder_files(_PACKAGE):
        if "templates" not in file.relative_to(_PACKAGE).parts[:1]:
            digest.update(str(file.relative_to(_PACKAGE)).encode("utf-8") + b"\0")
            digest.update(hashlib.sha256(file.read_bytes()).digest())
    return digest.hexdigest()


@cache
def fonts_digest() -> str:
    """The installed fonts, by name, size and time of change (the PDF embeds them)."""
    digest = hashlib.sha256()
    for folder in _FONT_FOLDERS:
        if folder.is_dir():
            for file in _folder_files(folder):
                stat = file.stat()
                digest.update(f"{file}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def _inputs_digest(source: bytes, folders: Sequence[str], options: BatchOptions) -> dict[str, Any]:
    """What a report is built from, as the manifest records it."""
    return {"source": _sha256(source), "program": program_digest(), "fonts": fonts_digest(),
            "options": options.key(),
            "templates": {folder: folder_digest(folder) for folder in folders}}


def _file_record(path: Path, data: bytes) -> dict[str, Any]:
    stat = path.stat()
    return {"sha256": _sha256(data), "size": stat.st_size, "mtime_ns": stat.st_mtime_ns}


def _edited(path: Path, record: dict[str, Any]) -> bool:
    """True when ``path`` is no longer the file the manifest recorded (a changed time
    alone, e.g. a copy, is not an edit: the content decides)."""
    stat = path.stat()
    if stat.st_size == record.get("size") and stat.st_mtime_ns == record.get("mtime_ns"):
        return False
    return _sha256(path.read_bytes()) != record.get("sha256")


# --------------------------------------------------------------------------- manifest


def read_manifest(out_dir: Path) -> dict[str, Any]:
    """The reports the folder's manifest records, by file stem (none when missing or
    unreadable: then everything is rebuilt, nothing is lost)."""
    try:
        data = json.loads((out_dir / MANIFEST_NAME).read_bytes())
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("format") != _MANIFEST_FORMAT:
        return {}
    reports = data.get("reports")
    return reports if isinstance(reports, dict) else {}


def write_manifest(out_dir: Path, reports: dict[str, Any]) -> None:
    """Replace the manifest atomically (sorted: the same builds give the same bytes)."""
    from generator.api import write_together

    data = {"format": _MANIFEST_FORMAT, "reports": dict(sorted(reports.items()))}
    write_together({out_dir / MANIFEST_NAME: (json.dumps(
        data, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")})


# ------------------------------------------------------------------------------ plan


@dataclass(frozen=True)
class _Task:
    """One report to build, with what the plan found about its old files."""

    source: Path
    options: BatchOptions
    edited: tuple[Path, ...] = ()
    department: str = ""


def _outputs_of(entry: dict[str, Any], out_dir: Path) -> dict[Path, dict[str, Any]]:
    files = entry.get("outputs")
    return {out_dir / name: record for name, record in files.items()} if isinstance(
        files, dict) else {}


def _plan(source: Path, entry: dict[str, Any] | None, options: BatchOptions
          ) -> tuple[_Task | None, Outcome | None]:
    """Decide for one input: unchanged (an outcome), or to build (a task)."""
    if entry is None:
        return _Task(source, options), None
    outputs = _outputs_of(entry, options.out_dir)
    edited = tuple(path for path, record in outputs.items()
                   if path.is_file() and _edited(path, record))
    department = str(entry.get("department", ""))
    try:
        data = source.read_bytes()
    except OSError:
        return _Task(source, options, edited, department), None  # the build reports it
    folders = list(entry.get("inputs", {}).get("templates", {}))
    current = _inputs_digest(data, folders, options)
    unchanged = (not options.rebuild_all and not edited and entry.get("inputs") == current
                 and entry.get("path") == str(source)
                 and all(path.is_file() for path in outputs)
                 and {path.suffix for path in outputs} >= {f".{fmt}" for fmt in options.formats})
    if unchanged:
        return None, Outcome(source, Status.UNCHANGED, department=department,
                             outputs=[path for path in outputs if path.suffix != ".json"])
    return _Task(source, options, edited, department), None


# ----------------------------------------------------------------------------- build


def _keep_aside(path: Path) -> Path:
    """Move a report a person edited to ``NAME.人工修改.SUFFIX`` (numbered if taken)."""
    suffix = CONTENT_SUFFIX if path.name.endswith(CONTENT_SUFFIX) else path.suffix
    stem = path.name.removesuffix(suffix)
    number = 1
    while True:
        mark = EDITED_MARK if number == 1 else f"{EDITED_MARK}{number}"
        kept = path.with_name(f"{stem}.{mark}{suffix}")
        if not kept.exists():
            os.replace(path, kept)
            return kept
        number += 1


def build_one(task: _Task) -> Outcome:
    """Build one department's report (in a worker process or this one); then, when Typst
    made its PDF, let Typst forget the department's layouts
    (:func:`~generator.render.typst_writer.forget_layouts`: on the 100 synthetic
    departments a worker's memory stays under 0.8 GB instead of growing to 1.9 GB)."""
    try:
        return _build_one(task)
    finally:
        if task.options.pdf_engine == "typst" and "pdf" in task.options.formats:
            from generator.render.typst_writer import forget_layouts

            forget_layouts()


def _build_one(task: _Task) -> Outcome:
    from generator import api
    from generator.changes import compare
    from generator.findings import ChecksFailed, InputError
    from generator.profiles import TEMPLATE_ROOT
    from generator.render.content import ReportContent

    options, source = task.options, task.source
    try:
        rendered = api.render_report(source, options.formats, options.templates,
                                     ignore_errors=options.ignore_errors,
                                     pdf_engine=options.pdf_engine)
    except InputError as exc:
        failed = "数据检查有错误" if isinstance(exc, ChecksFailed) else "数据无法读取"
        return Outcome(source, Status.FAILED, UNREADABLE if exc.unreadable else ERRORS,
                       findings=exc.findings, reason=failed)
    except Exception as exc:  # one line instead of a traceback
        return Outcome(source, Status.FAILED, INTERNAL, findings=[internal_error(str(source), exc)],
                       reason="程序内部错误")
    name = rendered.report.department.name
    if task.department and task.department != name:
        finding = Finding(Position(str(source), 1, 1), Severity.ERROR, "OUTPUT-OTHER", (
            f"{options.out_dir / source.stem}.* 是另一个单位（{task.department}）的报告，"
            f"而本文件是{name}的：为免覆盖，请改名本文件，或用另一个 --out 文件夹。"))
        return Outcome(source, Status.FAILED, ERRORS, findings=[finding],
                       reason="同名报告属于另一个单位", department=name)
    outputs = rendered.outputs(options.out_dir, source.stem)
    old_content = None
    content_path = options.out_dir / f"{source.stem}{CONTENT_SUFFIX}"
    try:
        old_content = ReportContent.from_json(content_path.read_bytes())
    except (OSError, ValueError):
        pass
    edited: list[tuple[Path, Path]] = []
    try:
        for path in task.edited:
            edited.append((path, _keep_aside(path)))
        api.write_together(outputs)
    except OSError as exc:  # the output folder: missing rights, full, a folder …
        where = exc.filename or options.out_dir
        finding = Finding(Position(str(source), 1, 1), Severity.ERROR, "OUTPUT-WRITE", (
            f"无法写入报告 {where}：{exc.strerror or exc}。请检查 --out 是否为可写的文件夹、"
            "磁盘是否已满、是否有同名的文件夹。"))
        return Outcome(source, Status.FAILED, ERRORS, findings=[finding],
                       reason="无法写入报告", edited=edited, department=name)
    folders = [str(folder) for folder in rendered.report.profile.search_path]
    folders.append(str(TEMPLATE_ROOT / "base"))
    entry = {"path": str(source), "department": name,
             "inputs": _inputs_digest(rendered.department.source.data, folders, options),
             "outputs": {path.name: _file_record(path, data) for path, data in outputs.items()}}
    changes = None if old_content is None else compare(
        old_content, rendered.content, f"{source.stem}（{name}）")
    return Outcome(source, Status.BUILT, ERRORS if api.has_errors(rendered.findings) else CLEAN,
                   outputs=[path for path in outputs if path.suffix != ".json"],
                   findings=rendered.findings, edited=edited, changes=changes, entry=entry,
                   department=name)


def _size(task: _Task) -> int:
    """The size of a task's YAML (0 when unreadable): how long its build roughly takes."""
    try:
        return task.source.stat().st_size
    except OSError:
        return 0


#: The collector's generation-0 threshold while building (Python's default is 700).
GC_THRESHOLD = 50_000


def _tune_garbage_collection() -> None:
    """Collect garbage less often while building: a report allocates millions of short-lived
    objects (tree proxies, runs, strings), and with Python's default thresholds the cyclic
    collector ran thousands of times per report, scanning the same long-lived objects
    (about 8% of a build; measured on 20 synthetic departments: 19.0–20.0 s of CPU
    against 18.2 s, 50 MB more at the peak). Cycles are still collected."""
    gc.set_threshold(GC_THRESHOLD, 20, 20)


#: Environment variables that size the thread pools of libraries a worker loads: Typst's
#: (Rayon) and the BLAS under matplotlib's numpy.
THREAD_VARIABLES = ("RAYON_NUM_THREADS", "OPENBLAS_NUM_THREADS")


def _warm_up(threads: int) -> None:
    """A worker's start: give the libraries' thread pools ``threads`` threads (unless the
    environment already sizes them), import the pipeline once, before its first
    department; collect garbage less often (:func:`_tune_garbage_collection`); keep what is
    loaded out of the collector's way (``gc.freeze``).

    With as many workers as cores, a worker's Typst compile that spreads over every core
    only competes with the other workers: on one thread it took 7% less CPU, and
    OpenBLAS's idle threads no longer spin beside it. Set before the libraries start their
    pools (Typst on its first compile, numpy on import)."""
    for variable in THREAD_VARIABLES:
        os.environ.setdefault(variable, str(threads))
    import generator.api  # noqa: F401

    _tune_garbage_collection()
    gc.freeze()


def _duplicates(inputs: Sequence[Path], out_dir: Path) -> dict[Path, Outcome]:
    """Inputs whose reports would share a name: refused, both of them."""
    by_name: dict[str, list[Path]] = {}
    for path in inputs:
        by_name.setdefault(path.stem, []).append(path)
    refused = {}
    for path in inputs:
        others = [other for other in by_name[path.stem] if other != path]
        if others:
            finding = Finding(Position(str(path), 1, 1), Severity.ERROR, "OUTPUT-NAME", (
                f"与 {'、'.join(map(str, others))} 同名，两者都会写成 {out_dir / path.stem}"
                ".docx/.pdf，后生成的会覆盖先生成的：请改名其中之一，或分别用不同的 --out "
                "文件夹生成。"))
            refused[path] = Outcome(path, Status.FAILED, ERRORS, findings=[finding],
                                    reason="与另一文件同名")
    return refused


def run_batch(inputs: Sequence[Path], options: BatchOptions,
              on_outcome: Callable[[Outcome], None] | None = None,
              on_start: Callable[[int, int], None] | None = None) -> BatchResult:
    """Build every input's report into ``options.out_dir`` (see the module docstring).

    ``on_start(total, to_build)`` is called once the plan is made; ``on_outcome`` once per
    department as it finishes (in completion order); the result lists the outcomes in
    input order.
    """
    from generator.api import write_together
    from generator.changes import change_report_html

    out_dir = options.out_dir
    if out_dir.exists() and not out_dir.is_dir():
        raise NotADirectoryError(20, "--out 不是文件夹", str(out_dir))
    manifest = read_manifest(out_dir)
    outcomes: dict[Path, Outcome] = _duplicates(inputs, out_dir)
    tasks: list[_Task] = []
    for source in inputs:
        if source in outcomes:
            continue
        task, outcome = _plan(source, manifest.get(source.stem), options)
        if task is not None:
            tasks.append(task)
        else:
            assert outcome is not None
            outcomes[source] = outcome
    if on_start is not None:
        on_start(len(inputs), len(tasks))
    if on_outcome is not None:
        for outcome in list(outcomes.values()):
            on_outcome(outcome)

    def record(outcome: Outcome) -> None:
        outcomes[outcome.source] = outcome
        if outcome.entry is not None:
            manifest[outcome.source.stem] = outcome.entry
            write_manifest(out_dir, manifest)
        if on_outcome is not None:
            on_outcome(outcome)

    for outcome in _execute(tasks, options.jobs):
        record(outcome)
    ordered = [outcomes[source] for source in inputs]
    built = [outcome for outcome in ordered if outcome.status is Status.BUILT]
    change_report = None
    if built:
        change_report = out_dir / CHANGE_REPORT_NAME
        html = change_report_html(
            [outcome.changes for outcome in built if outcome.changes],
            new=[outcome.source.stem for outcome in built if outcome.changes is None],
            unchanged=[outcome.source.stem for outcome in ordered
                       if outcome.status is Status.UNCHANGED
                       or (outcome.status is Status.BUILT and outcome.changes is not None
                           and not outcome.changes)])
        write_together({change_report: html.encode("utf-8")})
    return BatchResult(ordered, change_report)


def _execute(tasks: Sequence[_Task], jobs: int) -> Iterable[Outcome]:
    """Build the tasks: here when one worker suffices, else in a pool of processes."""
    if jobs <= 1 or len(tasks) <= 1:
        thresholds = gc.get_threshold()
        _tune_garbage_collection()
        try:
            for task in tasks:
                yield build_one(task)
        finally:
            gc.set_threshold(*thresholds)
        return
    # fork: the workers start with this process's modules loaded; on other systems the
    # default start method is used.
    context = get_context("fork") if sys.platform == "linux" else get_context()
    workers = min(jobs, len(tasks))
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_warm_up,
                             initargs=(max(1, default_jobs() // workers),)) as pool:
        # the largest first: a large department started last would keep one worker busy
        # while the others are idle
        pending = {pool.submit(build_one, task): task
                   for task in sorted(tasks, key=_size, reverse=True)}
        for future in as_completed(pending):
            task = pending[future]
            try:
                yield future.result()
            except Exception as exc:  # a worker died (killed, out of memory)
                yield Outcome(task.source, Status.FAILED, INTERNAL, reason="生成进程异常退出",
                              findings=[internal_error(str(task.source), exc)])
