"""The library API: the whole pipeline, one function per stage, and ``build`` for files.

    department = load_department(path)      # YAML → validated model (InputError on bad input)
    report = derive(department)             # every table and narrative fact
    document = render_document(report)      # one validated document tree
    to_docx(report, document), to_pdf(report, document)   # the same tree, two formats

The CLI, the benchmark and the tests call these; a web page or batch job can too.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from generator import checks
from generator.derive import Report, derive
from generator.findings import ChecksFailed, Finding, InputError
from generator.load import load_file
from generator.model import Department
from generator.render import html as html_render
from generator.render.document import build_document
from generator.render.tree import Document
from generator.schema import read_department

__all__ = ["ChecksFailed", "Document", "InputError", "Report", "build", "derive",
           "load_department", "load_report", "render_document", "render_html", "to_docx",
           "to_pdf"]

#: Output formats ``build`` writes, in order.
FORMATS = ("docx", "pdf")


def load_department(path: Path) -> Department:
    """Read and validate one department's YAML file."""
    return read_department(load_file(path), str(path))


def load_report(path: Path) -> Report:
    """Read, validate and derive one department's report."""
    return derive(load_department(path))


def profile_for(report: Report, templates: Path | None = None) -> html_render.Profile:
    """The region profile of a report, with an optional user template folder first."""
    dept = report.department
    return html_render.load_profile(dept.kind, dept.profile, templates)


def render_html(report: Report, templates: Path | None = None) -> str:
    """The report as the HTML the templates render (before the document stage)."""
    return html_render.render_html(report, profile_for(report, templates))


def render_document(report: Report, templates: Path | None = None) -> Document:
    """The report as one validated document tree (see docs/document-tree.md)."""
    return build_document(render_html(report, templates))


def to_docx(report: Report, document: Document, templates: Path | None = None) -> bytes:
    """The document as DOCX bytes (a ``reference.docx`` in the templates is used)."""
    from generator.render.docx_writer import render_docx

    reference = None
    for folder in profile_for(report, templates).search_path:
        if (folder / "reference.docx").is_file():
            reference = folder / "reference.docx"
            break
    return render_docx(document, reference)


def to_pdf(report: Report, document: Document, templates: Path | None = None) -> bytes:
    """The document as PDF bytes, through the locked-down resource fetcher."""
    from generator.render.pdf_writer import render_pdf

    profile = profile_for(report, templates)
    return render_pdf(document, profile.stylesheets, html_render.TEMPLATE_ROOT)


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


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder.

    The old file, if any, is replaced only once the new one is complete, so an
    interrupted build never leaves a truncated report or loses a good one.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)  # mkstemp makes 0600; a report is meant to be read
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def build(path: Path, out_dir: Path, formats: Iterable[str] = FORMATS,
          templates: Path | None = None, *, force: bool = False) -> BuildResult:
    """Check, then build the reports of one YAML file into ``out_dir/<stem>.<format>``.

    Raises InputError when the data cannot be read or validated, ChecksFailed when the
    checks find errors and ``force`` is false. Every format is rendered in memory first;
    files are written only when all succeeded, each through a temporary file
    (``write_atomically``).
    """
    report = load_report(path)
    findings = checks.check(report)
    if checks.has_errors(findings) and not force:
        raise ChecksFailed(findings)
    document = render_document(report, templates)
    renderers = {"docx": to_docx, "pdf": to_pdf}
    rendered = {fmt: renderers[fmt](report, document, templates) for fmt in formats}
    result = BuildResult(path, findings=findings)
    for fmt, data in rendered.items():
        target = out_dir / f"{path.stem}.{fmt}"
        write_atomically(target, data)
        result.outputs.append(target)
    return result
