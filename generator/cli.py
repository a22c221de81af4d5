"""The ``disclosure`` command: a thin shell over ``generator.api``.

``disclosure check PATH...`` prints one finding a line, ``FILE:LINE:COL: 错误|警告 [RULE]
message`` (or a JSON list with ``--format json``); with ``--ledger`` it also prints each
file's completeness ledger (element, status, where, reason), and the JSON becomes
``{"findings": [...], "ledgers": {file: [entry, ...] or null}}``. ``disclosure build PATH...
--out DIR`` runs the same checks first and writes nothing for a department with errors,
unless ``--ignore-errors``; it builds in parallel (``--jobs``) and only what changed since
the last build into that folder (``--force`` rebuilds all; ``generator.batch``).
``disclosure diff OLD NEW`` lists what two builds of reports print differently.

Findings are 错误 (errors: no report is built), 警告 (warnings: worth a look) or 提示
(information: what the report does, e.g. that it prints the finance system's figures).

Exit status: 0 when all went well (warnings and information allowed), 1 when some input
has errors, 2 when some input could not be read at all (not a file, not UTF-8, not YAML,
too large), 3 on an internal error of the program (reported in one line, without a
traceback).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from generator import api
from generator.batch import (
    CLEAN,
    ERRORS,
    INTERNAL,
    UNREADABLE,
    BatchOptions,
    BatchResult,
    Outcome,
    Status,
    default_jobs,
    run_batch,
)
from generator.findings import Finding, InputError, Severity, internal_error
from generator.ledger import ledger_lines


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="disclosure", description="由部门 YAML 数据生成部门决算公开报告（DOCX 与 PDF）。")
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="检查数据并生成报告")
    build.add_argument("paths", nargs="+", type=Path, metavar="PATH",
                       help="YAML 文件，或包含 YAML 文件的文件夹")
    build.add_argument("--out", type=Path, default=Path("output"), help="输出文件夹（默认 output）")
    build.add_argument("--format", choices=[*api.FORMATS, "all"], default="all",
                       help="只生成一种格式（默认两种都生成）")
    build.add_argument("--templates", type=Path, default=None,
                       help="自定义模板文件夹，优先于地区样式与基础模板")
    build.add_argument("--ignore-errors", action="store_true",
                       help="数据检查有错误时仍然生成报告（错误照常列出）")
    build.add_argument("--force", action="store_true",
                       help="重新生成所有报告，即使输入没有变化")
    build.add_argument("--jobs", type=_positive, default=0, metavar="N",
                       help="同时生成的进程数（默认：可用的 CPU 核数）")
    build.add_argument("--pdf-engine", choices=api.PDF_ENGINES, default=api.PDF_ENGINES[0],
                       help="PDF 排版引擎：weasyprint（默认）或 typst（快得多，版式略有差异）")
    check = commands.add_parser("check", help="只检查数据，列出错误和警告")
    check.add_argument("paths", nargs="+", type=Path, metavar="PATH",
                       help="YAML 文件，或包含 YAML 文件的文件夹")
    check.add_argument("--format", choices=["text", "json"], default="text",
                       help="输出格式：每行一条（text，默认）或 JSON")
    check.add_argument("--templates", type=Path, default=None,
                       help="自定义模板文件夹（其中的地区样式与设置同样参与检查）")
    check.add_argument("--ledger", action="store_true",
                       help="同时列出每个文件的完整性清单：报告应有的每个要素已有、不适用或缺少")
    diff = commands.add_parser("diff", help="比较两次生成的报告内容（表格单元格与语句）")
    diff.add_argument("old", type=Path, help="旧的报告（.content.json、.pdf 或 .docx）或输出文件夹")
    diff.add_argument("new", type=Path, help="新的报告或输出文件夹")
    diff.add_argument("--html", type=Path, default=None, help="另存为 HTML 变更报告")
    return parser


def _positive(text: str) -> int:
    """A whole number of at least 1 (``--jobs``)."""
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"应为正整数，这里是“{text}”")
    return int(text)


def _inputs(paths: list[Path]) -> list[Path]:
    inputs = api.find_inputs(paths)
    if not inputs:
        print("没有找到 YAML 文件：请给出 .yaml 文件或包含它们的文件夹。", file=sys.stderr)
    return inputs


def check_file(path: Path, templates: Path | None = None
               ) -> tuple[object | None, list[Finding], int]:
    """Load, derive and check one file: (report or None, findings, exit status)."""
    try:
        report = api.load_report(path, templates)
        findings = api.check(report)
    except InputError as exc:
        return None, exc.findings, UNREADABLE if exc.unreadable else ERRORS
    except Exception as exc:  # one line instead of a traceback
        return None, [internal_error(str(path), exc)], INTERNAL
    return report, findings, ERRORS if api.has_errors(findings) else CLEAN


def _summary(path: Path, findings: Iterable[Finding]) -> str:
    counts = {severity: 0 for severity in Severity}
    for finding in findings:
        counts[finding.severity] += 1
    if not counts[Severity.ERROR] and not counts[Severity.WARNING]:
        notes = counts[Severity.INFO]
        return f"{path}: 检查通过。" + (f"（{notes} 条提示）" if notes else "")
    text = f"{path}: {counts[Severity.ERROR]} 个错误，{counts[Severity.WARNING]} 个警告"
    notes = counts[Severity.INFO]
    return text + (f"，{notes} 条提示。" if notes else "。")


def _check(args: argparse.Namespace) -> int:
    inputs = _inputs(args.paths)
    if not inputs:
        return UNREADABLE
    status = CLEAN
    everything: list[Finding] = []
    ledgers: dict[str, list[dict[str, object]] | None] = {}
    for path in inputs:
        report, findings, file_status = check_file(path, args.templates)
        status = max(status, file_status)
        everything += findings
        entries = api.ledger(report) if args.ledger and report is not None else None
        ledgers[str(path)] = None if entries is None else [e.as_dict() for e in entries]
        if args.format == "text":
            for finding in findings:
                print(finding)
            if args.ledger:
                print(f"{path} 的完整性清单：" if entries is not None else
                      f"{path}：数据未能读入或有误（见上），无法列出完整性清单。")
                for line in ledger_lines(entries) if entries is not None else ():
                    print(f"  {line}")
            print(_summary(path, findings), file=sys.stderr)
    if args.format == "json":
        found = [f.as_dict() for f in everything]
        json.dump({"findings": found, "ledgers": ledgers} if args.ledger else found,
                  sys.stdout, ensure_ascii=False, indent=2)
        print()
    return status


def _build(args: argparse.Namespace) -> int:
    inputs = _inputs(args.paths)
    if not inputs:
        return UNREADABLE
    formats = api.FORMATS if args.format == "all" else (args.format,)
    options = BatchOptions(args.out, tuple(formats), args.templates,
                           ignore_errors=args.ignore_errors, rebuild_all=args.force,
                           jobs=args.jobs or default_jobs(), pdf_engine=args.pdf_engine)
    progress = _Progress()

    def report(outcome: Outcome) -> None:
        progress.step(outcome)
        _print_outcome(outcome, progress.write)

    try:
        result = run_batch(inputs, options, on_outcome=report, on_start=progress.start)
    except OSError as exc:  # the output folder itself: a file, no rights …
        print(f"{args.out}: 错误 [OUTPUT-WRITE] 无法使用输出文件夹：{exc.strerror or exc}。"
              "请检查 --out 是否为可写的文件夹。", file=sys.stderr)
        return ERRORS
    finally:
        progress.close()
    for line in _batch_summary(result):
        print(line, file=sys.stderr)
    return result.exit_status


class _Progress:
    """A progress bar on a terminal (none when the output is a file or pipe)."""

    def __init__(self) -> None:
        self.bar: Any = None

    def start(self, total: int, to_build: int) -> None:
        if to_build > 1 and sys.stderr.isatty():
            from tqdm import tqdm

            tqdm.monitor_interval = 0  # no monitor thread beside the worker processes
            self.bar = tqdm(total=total, unit="份", desc="生成报告", file=sys.stderr,
                            dynamic_ncols=True)

    def step(self, outcome: Outcome) -> None:
        if self.bar is not None:
            self.bar.set_postfix_str(outcome.source.stem, refresh=False)
            self.bar.update(1)

    def write(self, line: str, *, error: bool = False) -> None:
        stream = sys.stderr if error else sys.stdout
        if self.bar is not None:
            self.bar.write(line, file=stream)
        else:
            print(line, file=stream)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _print_outcome(outcome: Outcome, write: Callable[..., None]) -> None:
    """The lines of one department: findings, then what was written or kept."""
    path = outcome.source
    for finding in outcome.findings:
        write(str(finding), error=True)
    if outcome.status is Status.FAILED:
        hint = {"数据检查有错误": "数据检查有错误；改正后重试，或加 --ignore-errors 仍然生成。",
                "数据无法读取": "请按上面的提示改正后重试。"}.get(outcome.reason, "")
        write(f"{path}: 未生成报告（已有的报告保持不变）。{hint}", error=True)
        return
    if outcome.status is Status.UNCHANGED:
        write(f"{path}: 未变化，未重新生成（--force 重新生成）。")
        return
    if api.has_errors(outcome.findings):
        write(f"{path}: 数据有错误，按 --ignore-errors 仍然生成了报告。", error=True)
    for report, kept in outcome.edited:
        write(f"{path}: {report} 在生成后被人工修改过，已另存为 {kept}。", error=True)
    for output in outcome.outputs:
        write(f"{path} → {output}")


def _batch_summary(result: BatchResult) -> list[str]:
    """The end of a build: counts, each failure with its reason, warnings by rule."""
    outcomes = result.outcomes
    if len(outcomes) < 2 and not any(outcome.edited for outcome in outcomes):
        return []
    lines = [f"共 {len(outcomes)} 份：生成 {result.count(Status.BUILT)} 份，未变化 "
             f"{result.count(Status.UNCHANGED)} 份，失败 {result.count(Status.FAILED)} 份。"]
    for outcome in outcomes:
        if outcome.status is Status.FAILED:
            first = next((f.message for f in outcome.findings
                          if f.severity is Severity.ERROR), "")
            shown = first if len(first) <= 120 else first[:120] + "…"
            lines.append(f"  失败 {outcome.source}：{outcome.reason}。{shown}")
    by_rule: dict[str, set[str]] = {}
    for outcome in outcomes:
        for finding in outcome.findings:
            if finding.severity is Severity.WARNING:
                by_rule.setdefault(finding.rule, set()).add(outcome.source.stem)
    for rule, names in sorted(by_rule.items()):
        shown = "、".join(sorted(names)[:5]) + ("等" if len(names) > 5 else "")
        lines.append(f"  警告 [{rule}]：{len(names)} 份（{shown}）")
    for outcome in outcomes:
        for report, kept in outcome.edited:
            lines.append(f"  人工修改过的报告已另存：{report} → {kept}")
    if result.change_report is not None:
        lines.append(f"变更报告：{result.change_report}")
    return lines


def _diff(args: argparse.Namespace) -> int:
    from generator.diff import diff_paths

    return diff_paths(args.old, args.new, html=args.html)


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = _parser().parse_args(argv)
    if args.command == "build":
        return _build(args)
    if args.command == "check":
        return _check(args)
    if args.command == "diff":
        return _diff(args)
    raise AssertionError(args.command)  # argparse rejects unknown commands
