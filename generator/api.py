"""The library API: the whole pipeline, one function per stage, and ``build`` for files.

    department = load_department(path)      # YAML → validated model (InputError on bad input)
    report = derive(department)             # every table, figure and narrative fact
    findings = check(report)                # the kind's rules
    entries = ledger(report)                # what the report contains, element by element
    document = render_document(report)      # one validated document tree
    to_docx(report, document), to_pdf(report, document)   # the same tree, two formats

The document kind (文档类型) and region profile (地区样式) a file names decide the model,
the rules and the templates. The CLI, the benchmark and the tests call these; a web page
or batch job can too.
"""

from __future__ import annotations

import errno
import os
import secrets
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.findings import ChecksFailed, Finding, InputError, Severity
from generator.kinds import DocumentKind, kinds, select
from generator.ledger import LedgerEntry, judge_report
from generator.load import load_bytes, read_source
from generator.profiles import TEMPLATE_ROOT
from generator.render import html as html_render
from generator.render.audit import audit_docx, audit_pdf
from generator.render.content import CONTENT_SUFFIX, ReportContent, report_content
from generator.render.document import build_document
from generator.render.tree import Document, DocumentTreeError

__all__ = ["CONTENT_SUFFIX", "ChecksFailed", "Document", "InputError", "RenderedReport",
           "ReportContent", "SourceFile", "build", "check", "derive", "has_errors", "ledger",
           "load_department", "load_report", "render_document", "render_html",
           "render_report", "to_docx", "to_pdf"]

#: Output formats ``build`` writes, in order.
FORMATS = ("docx", "pdf")
#: The PDF writers ``to_pdf`` and ``build`` can use; the first is the default.
PDF_ENGINES = ("weasyprint", "typst")


@dataclass(frozen=True)
class SourceFile:
    """A department's file as read: its name and bytes (the PDF carries it)."""

    name: str
    data: bytes


@dataclass(frozen=True)
class LoadedFile:
    """A validated department file: its kind's model, with the kind and profile chosen,
    and the file it was read from."""

    kind: DocumentKind
    profile: Any
    model: Any
    source: SourceFile


def load_department(path: Path, templates: Path | None = None) -> LoadedFile:
    """Read and validate one department's YAML file (``templates``: a user folder),
    with the settings its report will use."""
    data = read_source(path)
    root = load_bytes(data, str(path))
    kind, profile = select(root, str(path), templates)
    model = kind.read(root, str(path), profile)
    findings = kind.check_settings(profile, model)
    if findings:
        raise InputError(findings)
    return LoadedFile(kind, profile, model, SourceFile(path.name, data))


def derive(department: LoadedFile) -> Any:
    """Every table, figure and narrative fact of the department's report."""
    return department.kind.derive(department.model, department.profile)


def load_report(path: Path, templates: Path | None = None) -> Any:
    """Read, validate and derive one department's report."""
    return derive(load_department(path, templates))


def kind_of(report: Any) -> DocumentKind:
    """The document kind of a report."""
    return kinds()[report.department.kind]


def check(report: Any) -> list[Finding]:
    """Every rule of the report's kind (findings sorted by position), then the mistakes of
    the templates outside the package that the report uses (``--templates``), which
    would stop its build."""
    return kind_of(report).rulebook.check(report) + html_render.check_templates(report)


def has_errors(findings: Iterable[Finding]) -> bool:
    """True when any finding is an ERROR."""
    return any(f.severity is Severity.ERROR for f in findings)


def render_html(report: Any) -> str:
    """The report as the HTML the templates render (before the document stage)."""
    return html_render.render_html(report)


def render_document(report: Any) -> Document:
    """The report as one validated document tree (see docs/document-tree.md): its figures
    drawn as SVG resources, each with the chart it was drawn from (the DOCX draws that
    natively)."""
    html = render_html(report)
    figures = getattr(report, "figures", ())
    resources: dict[str, bytes] = {}
    if figures:
        from generator.render.charts import chart_svg

        resources = {figure.resource: chart_svg(figure.chart) for figure in figures}
    charts = {figure.resource: figure.chart for figure in figures}
    try:
        return build_document(html, resources, charts)
    except DocumentTreeError as exc:  # a user's template's mistake is theirs to fix
        problem = html_render.tree_problem(exc, report.profile.search_path)
        if problem is None:
            raise
        raise problem from None


def to_docx(report: Any, document: Document) -> bytes:
    """The document as DOCX bytes (a ``reference.docx`` on the template path is used)."""
    from generator.render.docx_writer import render_docx

    return render_docx(document, report.profile.reference_docx())


def to_pdf(report: Any, document: Document, source: SourceFile | None = None,
           engine: str = "weasyprint") -> bytes:
    """The document as PDF bytes, carrying a CSV of every table and, when given, the
    department's file it was made from.

    ``engine`` is one of :data:`PDF_ENGINES`: ``weasyprint`` (the default: print.css,
    through the locked-down resource fetcher) or ``typst`` (print.typ, compiled in memory;
    much faster, see the README for how the two compare).
    """
    from generator.render.pdf_writer import EmbeddedFile
    from generator.render.table_files import table_files

    if engine not in PDF_ENGINES:
        raise ValueError(f"unknown PDF engine {engine!r}: one of {', '.join(PDF_ENGINES)}")
    attachments = [] if source is None else [
        EmbeddedFile(source.name, source.data, "部门数据（本报告的数据来源）", "Source")]
    attachments += [EmbeddedFile(table.name, table.data(), "表格数据（与报告所印一致）", "Data")
                    for table in table_files(document)]
    if engine == "typst":
        from generator.render.typst_writer import render_pdf_typst

        return render_pdf_typst(document, attachments, styles=report.profile.typst_styles)
    from generator.render.pdf_writer import render_pdf

    return render_pdf(document, report.profile.stylesheets, TEMPLATE_ROOT,
                      attachments=attachments)


def find_inputs(paths: Iterable[Path]) -> list[Path]:
    """The YAML files named, and every *.yaml / *.yml under the folders named, sorted."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml"))
        else:
            found.append(path)
    return found


@dataclass
class BuildResult:
    """What ``build`` wrote for one input, and what the checks found (warnings, or the
    errors a forced build went past)."""

    source: Path
    outputs: list[Path] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


@dataclass
class RenderedReport:
    """One department's report rendered in memory and audited, not yet written: its
    files by suffix (``.docx``, ``.pdf``, ``.content.json``), its findings and content."""

    department: LoadedFile
    report: Any
    findings: list[Finding]
    content: ReportContent
    files: dict[str, bytes]

    def outputs(self, out_dir: Path, stem: str) -> dict[Path, bytes]:
        """The files to write, by their path in ``out_dir``."""
        return {out_dir / f"{stem}{suffix}": data for suffix, data in self.files.items()}


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder.

    The old file, if any, is replaced only once the new one is complete, so an
    interrupted build never leaves a truncated report or loses a good one.
    """
    write_together({path: data})


def _temporary(path: Path, data: bytes) -> Path:
    """``data`` written and synced to a temporary file beside ``path``."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)  # mkstemp makes 0600; a report is meant to be read
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def clean_stale(path: Path) -> None:
    """Undo what an interrupted ``write_together`` left beside ``path``: a kept copy of
    the old report (``.NAME.*.old``) goes back in place when the report is missing, and is
    deleted otherwise; unfinished temporary files (``.NAME.*.tmp``) are deleted."""
    if not path.parent.is_dir():
        return
    for stale in path.parent.glob(f".{path.name}.*.old"):
        if not path.exists():
            os.replace(stale, path)
        else:
            stale.unlink(missing_ok=True)
    for stale in path.parent.glob(f".{path.name}.*.tmp"):
        stale.unlink(missing_ok=True)


def write_together(outputs: dict[Path, bytes]) -> None:
    """Replace the files of ``outputs`` together, or none of them.

    Each is first written completely beside its target; then the old files are set aside
    and the new ones moved in. If a step fails (disk full, a folder named like a report,
    no permission), the new files are removed and the old ones put back, so a department's
    DOCX and PDF always belong to the same build. A kill between the moves leaves the old
    copies as ``.NAME.*.old``, which the next build (``clean_stale``) puts back or removes.
    """
    for path in outputs:
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.is_dir() and not path.is_symlink():
            raise IsADirectoryError(errno.EISDIR, "已有同名的文件夹", str(path))
        clean_stale(path)
    written: dict[Path, Path] = {}
    try:
        for path, data in outputs.items():
            written[path] = _temporary(path, data)
    except BaseException:
        for tmp in written.values():
            tmp.unlink(missing_ok=True)
        raise
    kept: dict[Path, Path] = {}
    placed: list[Path] = []
    try:
        for path in outputs:
            if path.exists() or path.is_symlink():
                old = path.parent / f".{path.name}.{secrets.token_hex(6)}.old"
                os.replace(path, old)
                kept[path] = old
        for path, tmp in written.items():
            os.replace(tmp, path)
            placed.append(path)
    except BaseException:
        for path in placed:
            path.unlink(missing_ok=True)
        for path, old in kept.items():
            os.replace(old, path)
        for tmp in written.values():
            tmp.unlink(missing_ok=True)
        raise
    for old in kept.values():
        old.unlink(missing_ok=True)


def render_report(path: Path, formats: Iterable[str] = FORMATS,
                  templates: Path | None = None, *, ignore_errors: bool = False,
                  pdf_engine: str = PDF_ENGINES[0]) -> RenderedReport:
    """Check, render and audit one YAML file's report in memory (the PDF with
    ``pdf_engine``, see :func:`to_pdf`).

    Raises InputError when the data cannot be read or validated, ChecksFailed when the
    checks find errors and ``ignore_errors`` is false, AuditError when a written format
    does not print what was computed (a program error). Besides each format, the files
    hold the report's content (``CONTENT_SUFFIX``), which the change report compares.
    """
    department = load_department(path, templates)
    report = derive(department)
    findings = check(report)
    if has_errors(findings) and not ignore_errors:
        raise ChecksFailed(findings)
    document = render_document(report)
    content = report_content(document)
    files: dict[str, bytes] = {}
    for fmt in formats:
        if fmt == "docx":
            files[".docx"] = to_docx(report, document)
            audit_docx(content, files[".docx"])
        elif fmt == "pdf":
            files[".pdf"] = to_pdf(report, document, department.source, engine=pdf_engine)
            audit_pdf(content, files[".pdf"])
        else:
            raise ValueError(f"unknown format {fmt!r}")
    files[CONTENT_SUFFIX] = content.to_json()
    return RenderedReport(department, report, findings, content, files)


def build(path: Path, out_dir: Path, formats: Iterable[str] = FORMATS,
          templates: Path | None = None, *, ignore_errors: bool = False,
          pdf_engine: str = PDF_ENGINES[0]) -> BuildResult:
    """Check, then build the reports of one YAML file into ``out_dir/<stem>.<format>``
    (and its content beside them, ``<stem>.content.json``).

    Raises as ``render_report`` does. Every format is rendered and audited in memory
    first; the files are written only when all succeeded, and replaced together
    (``write_together``).
    """
    rendered = render_report(path, formats, templates, ignore_errors=ignore_errors,
                             pdf_engine=pdf_engine)
    outputs = rendered.outputs(out_dir, path.stem)
    write_together(outputs)
    return BuildResult(path, findings=rendered.findings,
                       outputs=[p for p in outputs if not p.name.endswith(CONTENT_SUFFIX)])


def ledger(report: Any) -> tuple[LedgerEntry, ...]:
    """The report's completeness ledger: each element its kind and profile require,
    present, 不适用 (with the reason from the data) or missing (``generator.ledger``)."""
    return judge_report(report, kind_of(report).judges)
