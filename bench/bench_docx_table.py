"""Benchmark: DOCX writer time for one large table (not a test).

Builds a document-tree HTML holding one landscape table of N body rows × 8 columns under a
two-row header with colspan/rowspan (like 公开03表), renders it with
``generator.render.docx_writer.render_docx`` several times, and prints the first, median
and min times, plus the cost of the reference document alone. The table is built in one
pass, so time grows linearly with the rows. Usage::

    python bench/bench_docx_table.py             # 300 rows, 5 runs
    python bench/bench_docx_table.py --rows 3000 --runs 3
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from generator.render.document import build_document
from generator.render.docx_reference import load_reference
from generator.render.docx_writer import render_docx


def table_html(rows: int) -> str:
    """A valid document-tree HTML with one table of ``rows`` body rows."""
    body = "".join(
        f'<tr><td class="code">{2010301 + i}</td><td class="indent-2">行政运行{i}</td>'
        + "".join(f'<td class="num">{(i + 1) * 3.17 * c:,.2f}</td>' for c in range(1, 7))
        + "</tr>"
        for i in range(rows))
    head = ('<tr><th colspan="2">项目</th><th rowspan="2">本年支出合计</th>'
            '<th colspan="5">支出</th></tr><tr><th>科目编码</th><th>科目名称</th>'
            "<th>基本</th><th>项目</th><th>上缴</th><th>经营</th><th>补助</th></tr>")
    return (f'<html><head><title>bench</title></head><body><section class="landscape">'
            f'<h2 class="table-title" id="t">支出决算表</h2><table class="data">'
            f"<thead>{head}</thead><tbody>{body}</tbody></table></section></body></html>")


def timed(func: object, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        func()  # type: ignore[operator]
        out.append(time.perf_counter() - start)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=300)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    document = build_document(table_html(args.rows))
    render = timed(lambda: render_docx(document), args.runs)
    reference = timed(lambda: load_reference(None), args.runs)
    for name, times in (("render_docx", render), ("reference only", reference)):
        print(f"{name:15} rows={args.rows:<6} first={times[0]:.3f}s "
              f"median={statistics.median(times):.3f}s min={min(times):.3f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
