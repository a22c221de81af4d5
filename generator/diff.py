"""``disclosure diff OLD NEW``: what two builds of a report, or of a folder of reports,
print differently — table cells and sentences, from their ``.content.json``.

OLD and NEW are each a ``.content.json`` file, a report (``.pdf`` or ``.docx``, whose
content file lies beside it), or an output folder (its reports are paired by name).
Exit status as diff(1): 0 no difference, 1 differences, 2 a file could not be read.
"""

from __future__ import annotations

import sys
from pathlib import Path

from generator.changes import ReportChanges, change_report_html, changes_text, compare
from generator.render.content import CONTENT_SUFFIX, ReportContent

__all__ = ["diff_paths"]


class _Unreadable(Exception):
    """A path that is no report content: the message says which and why."""


def _content_file(path: Path) -> Path:
    """The content file of a report path (itself when it is one)."""
    if path.name.endswith(CONTENT_SUFFIX):
        return path
    if path.suffix in (".pdf", ".docx"):
        return path.with_name(path.stem + CONTENT_SUFFIX)
    raise _Unreadable(f"{path}: 不是报告（应为 .content.json、.pdf、.docx 或输出文件夹）。")


def _read(path: Path) -> ReportContent:
    content_file = _content_file(path)
    try:
        return ReportContent.from_json(content_file.read_bytes())
    except OSError as exc:
        raise _Unreadable(f"{content_file}: 无法读取（{exc.strerror or exc}）：报告的内容文件"
                          "由 disclosure build 写在报告旁边，请先重新生成。") from exc
    except ValueError as exc:
        raise _Unreadable(f"{content_file}: {exc}。") from exc


def _reports(folder: Path) -> dict[str, Path]:
    return {path.name.removesuffix(CONTENT_SUFFIX): path
            for path in sorted(folder.glob(f"*{CONTENT_SUFFIX}"))}


def diff_paths(old: Path, new: Path, *, html: Path | None = None) -> int:
    """Print the differences between ``old`` and ``new``; the exit status."""
    changed: list[ReportChanges] = []
    added: list[str] = []
    removed: list[str] = []
    try:
        if old.is_dir() and new.is_dir():
            old_reports, new_reports = _reports(old), _reports(new)
            for name in sorted(old_reports.keys() | new_reports.keys()):
                if name not in new_reports:
                    removed.append(name)
                elif name not in old_reports:
                    added.append(name)
                else:
                    changed.append(compare(_read(old_reports[name]), _read(new_reports[name]),
                                           name))
        elif old.is_dir() or new.is_dir():
            raise _Unreadable("请给出两个文件，或两个文件夹。")
        else:
            changed.append(compare(_read(old), _read(new), new.name.split(".")[0]))
    except _Unreadable as exc:
        print(exc, file=sys.stderr)
        return 2
    for report in changed:
        if report:
            print(f"== {report.name}")
            for line in changes_text(report):
                print(f"  {line}")
    for name in added:
        print(f"== {name}：只在 {new} 中")
    for name in removed:
        print(f"== {name}：只在 {old} 中")
    differs = any(changed) or added or removed
    if not differs:
        print("两者所印的内容相同。")
    if html is not None:
        html.write_text(change_report_html(changed, new=added), encoding="utf-8")
    return 1 if differs else 0
