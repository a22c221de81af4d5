"""The ``disclosure`` command: a thin shell over ``generator.api``.

``disclosure check PATH...`` prints one finding a line, ``FILE:LINE:COL: 错误|警告 [RULE]
message`` (or a JSON list with ``--format json``). ``disclosure build PATH... --out DIR``
runs the same checks first and writes nothing for a department with errors, unless
``--force``.

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
from collections.abc import Iterable
from pathlib import Path

from generator import api
from generator.findings import ChecksFailed, Finding, InputError, Position, Severity

CLEAN, ERRORS, UNREADABLE, INTERNAL = 0, 1, 2, 3


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
    build.add_argument("--force", action="store_true",
                       help="数据检查有错误时仍然生成报告（错误照常列出）")
    build.add_argument("--pdf-engine", choices=api.PDF_ENGINES, default=api.PDF_ENGINES[0],
                       help="PDF 排版引擎：weasyprint（默认）或 typst（快得多，版式略有差异）")
    check = commands.add_parser("check", help="只检查数据，列出错误和警告")
    check.add_argument("paths", nargs="+", type=Path, metavar="PATH",
                       help="YAML 文件，或包含 YAML 文件的文件夹")
    check.add_argument("--format", choices=["text", "json"], default="text",
                       help="输出格式：每行一条（text，默认）或 JSON")
    check.add_argument("--templates", type=Path, default=None,
                       help="自定义模板文件夹（其中的地区样式与设置同样参与检查）")
    return parser


def _inputs(paths: list[Path]) -> list[Path]:
    inputs = api.find_inputs(paths)
    if not inputs:
        print("没有找到 YAML 文件：请给出 .yaml 文件或包含它们的文件夹。", file=sys.stderr)
    return inputs


def _internal(path: Path, exc: Exception) -> Finding:
    return Finding(Position(str(path), 1, 1), Severity.ERROR, "INTERNAL", (
        f"程序内部错误（{type(exc).__name__}: {exc}）：这不是数据的问题，请把此文件报告给维护者。"))


def check_file(path: Path, templates: Path | None = None
               ) -> tuple[object | None, list[Finding], int]:
    """Load, derive and check one file: (report or None, findings, exit status)."""
    try:
        report = api.load_report(path, templates)
        findings = api.check(report)
    except InputError as exc:
        return None, exc.findings, UNREADABLE if exc.unreadable else ERRORS
    except Exception as exc:  # one line instead of a traceback
        return None, [_internal(path, exc)], INTERNAL
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
    for path in inputs:
        _, findings, file_status = check_file(path, args.templates)
        status = max(status, file_status)
        everything += findings
        if args.format == "text":
            for finding in findings:
                print(finding)
            print(_summary(path, findings), file=sys.stderr)
    if args.format == "json":
        json.dump([f.as_dict() for f in everything], sys.stdout, ensure_ascii=False, indent=2)
        print()
    return status


def _build(args: argparse.Namespace) -> int:
    inputs = _inputs(args.paths)
    if not inputs:
        return UNREADABLE
    formats = api.FORMATS if args.format == "all" else (args.format,)
    status = CLEAN
    by_name: dict[str, list[Path]] = {}
    for path in inputs:
        by_name.setdefault(path.stem, []).append(path)
    for path in inputs:
        kept = f"{path}: 未生成报告（已有的报告保持不变）。"
        same = [other for other in by_name[path.stem] if other != path]
        if same:
            others = "、".join(map(str, same))
            print(f"{path}:1:1: 错误 [OUTPUT-NAME] 与 {others} 同名，两者都会写成 "
                  f"{args.out / path.stem}.docx/.pdf，后生成的会覆盖先生成的：请改名其中之一，"
                  "或分别用不同的 --out 文件夹生成。", file=sys.stderr)
            print(kept, file=sys.stderr)
            status = max(status, ERRORS)
            continue
        try:
            result = api.build(path, args.out, formats, args.templates, force=args.force,
                               pdf_engine=args.pdf_engine)
        except InputError as exc:
            for finding in exc.findings:
                print(finding, file=sys.stderr)
            status = max(status, UNREADABLE if exc.unreadable else ERRORS)
            hint = ("数据检查有错误；改正后重试，或加 --force 仍然生成。"
                    if isinstance(exc, ChecksFailed) else "请按上面的提示改正后重试。")
            print(kept + hint, file=sys.stderr)
            continue
        except OSError as exc:  # the output folder: missing rights, full, a file …
            reason = exc.strerror or str(exc)
            where = exc.filename or args.out
            print(f"{path}:1:1: 错误 [OUTPUT-WRITE] 无法写入报告 {where}：{reason}。请检查 --out "
                  "是否为可写的文件夹、磁盘是否已满、是否有同名的文件夹。", file=sys.stderr)
            print(kept, file=sys.stderr)
            status = max(status, ERRORS)
            continue
        except Exception as exc:  # one line instead of a traceback
            print(_internal(path, exc), file=sys.stderr)
            print(kept, file=sys.stderr)
            status = max(status, INTERNAL)
            continue
        for finding in result.findings:
            print(finding, file=sys.stderr)
        if api.has_errors(result.findings):
            status = max(status, ERRORS)
            print(f"{path}: 数据有错误，按 --force 仍然生成了报告。", file=sys.stderr)
        for output in result.outputs:
            print(f"{path} → {output}")
    return status


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = _parser().parse_args(argv)
    if args.command == "build":
        return _build(args)
    if args.command == "check":
        return _check(args)
    raise AssertionError(args.command)  # argparse rejects unknown commands
