"""The ``disclosure`` command: a thin shell over ``generator.api``.

Exit status: 0 when all went well, 1 when some input has errors, 2 when some input could
not be read at all. Findings print one a line as ``FILE:LINE:COL: 错误 [RULE] message``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator import api
from generator.findings import InputError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="disclosure", description="由部门 YAML 数据生成部门决算公开报告（DOCX 与 PDF）。")
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="生成报告")
    build.add_argument("paths", nargs="+", type=Path, metavar="PATH",
                       help="YAML 文件，或包含 YAML 文件的文件夹")
    build.add_argument("--out", type=Path, default=Path("output"), help="输出文件夹（默认 output）")
    build.add_argument("--format", choices=[*api.FORMATS, "all"], default="all",
                       help="只生成一种格式（默认两种都生成）")
    build.add_argument("--templates", type=Path, default=None,
                       help="自定义模板文件夹，优先于地区样式与基础模板")
    return parser


def _build(args: argparse.Namespace) -> int:
    status = 0
    formats = api.FORMATS if args.format == "all" else (args.format,)
    inputs = api.find_inputs(args.paths)
    if not inputs:
        print("没有找到 YAML 文件：请给出 .yaml 文件或包含它们的文件夹。", file=sys.stderr)
        return 2
    for path in inputs:
        try:
            result = api.build(path, args.out, formats, args.templates)
        except InputError as exc:
            for finding in exc.findings:
                print(finding, file=sys.stderr)
            print(f"{path}: 未生成报告（已有的报告保持不变）。", file=sys.stderr)
            status = max(status, 2 if exc.unreadable else 1)
            continue
        for output in result.outputs:
            print(f"{path} → {output}")
    return status


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = _parser().parse_args(argv)
    if args.command == "build":
        return _build(args)
    raise AssertionError(args.command)  # argparse rejects unknown commands
