"""Benchmark: the two PDF engines side by side, for speed and fidelity (not a test).

For each YAML under ``data/examples/`` (or the files given) the same document tree is
rendered to PDF by WeasyPrint (the default engine) and by Typst (``--pdf-engine typst``),
and the script prints one table row per example:

* speed: the median over ``--runs`` renders of ``api.to_pdf`` with each engine, wall time
  and CPU time of the process. Each render runs in a fresh worker process that has first
  rendered a small warm-up document with the same engine, so it is *warm* (imports, fonts
  and print styles loaded, as a batch worker would be) without having seen this document:
  Typst memoizes its layout, and a second compile of the same source in one process would
  be nearly free and tell nothing;
* fidelity, WeasyPrint's PDF against Typst's: the page count, the page orientation
  sequence (P portrait, L landscape), the bookmarks (titles and levels), the table cells of
  the document tree each PDF prints, and the text lines: the lines of ``pdftotext
  -layout`` with white space removed (and a TOC leader's dots as one "…"), as two sets;
  ``lines ±`` counts the lines only one of the PDFs has (a paragraph wrapped differently
  shows up here), ``chars`` whether both print the same characters (as a multiset, in any
  order).

Usage::

    python bench/bench_pdf_engines.py                       # all examples, 3 runs each
    python bench/bench_pdf_engines.py --runs 5 --json bench/results/pdf_engines.json
    python bench/bench_pdf_engines.py data/examples/zhengzhou-shuzhi-2023.yaml
    python bench/bench_pdf_engines.py --keep /tmp/pdfs      # keep both PDFs to look at

Needs poppler-utils (pdftotext) and pypdf (the test extra).
"""

from __future__ import annotations

import argparse
import collections
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "data" / "examples"
ENGINES = ("weasyprint", "typst")
#: The warm-up document of each worker: a cover, a TOC, a paragraph, a table.
WARM_UP = """<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>预热</title>
</head><body><section class="cover"><p class="cover-title">预热部门</p></section>
<section class="toc"><p class="toc-title">目  录</p><nav class="toc">
<p class="toc-1"><a href="#p1">第一部分 概况</a></p></nav></section>
<section class="portrait"><h1 id="p1">第一部分 概况</h1><h3>（一）楷体</h3>
<p>正文（仿宋），<strong>粗体</strong>。</p></section>
<section class="landscape"><h2 class="table-title" id="t1">表</h2><table class="data">
<thead><tr><th>项目</th><th>金额</th></tr></thead>
<tbody><tr class="total"><td>合计</td><td class="num">1,234.56</td></tr></tbody></table>
</section></body></html>"""
_FOOTER = re.compile(r"^-\s*\d+\s*-$")
#: A TOC leader: its length is the page's business, not the text's.
_LEADER = re.compile(r"\.{4,}")


@dataclass
class Facts:
    """What one PDF shows, for comparison."""

    pages: int
    orientation: str
    outline: list[tuple[int, str]]
    lines: list[str]
    text: str
    #: The text in content-stream order (``pdftotext -raw``): a table cell wrapped over
    #: lines stays together, which the layout text interleaves with its neighbours.
    stream_text: str


@dataclass
class Row:
    """One example: the timings of both engines and how their PDFs compare."""

    example: str
    wall_s: dict[str, list[float]] = field(default_factory=dict)
    cpu_s: dict[str, list[float]] = field(default_factory=dict)
    pages: dict[str, int] = field(default_factory=dict)
    same_orientation: bool = False
    same_outline: bool = False
    cells: int = 0
    cells_missing: dict[str, int] = field(default_factory=dict)
    lines_only_in: dict[str, int] = field(default_factory=dict)
    lines: int = 0
    same_chars: bool = False
    char_difference: int = 0


def normalize(text: str) -> str:
    """Text without white space (line wraps, justification gaps)."""
    return re.sub(r"\s+", "", text)


def facts(pdf: Path) -> Facts:
    """Page count, orientation sequence, bookmarks and text lines of a PDF."""
    import pypdf

    reader = pypdf.PdfReader(pdf)
    orientation = "".join("L" if page.mediabox.width > page.mediabox.height else "P"
                          for page in reader.pages)
    outline: list[tuple[int, str]] = []

    def walk(items: list, level: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                outline.append((level, str(item.title)))

    walk(reader.outline, 1)
    text = {mode: subprocess.run(["pdftotext", "-enc", "UTF-8", mode, str(pdf), "-"],
                                 capture_output=True, text=True, check=True).stdout
            for mode in ("-layout", "-raw")}
    lines = [_LEADER.sub("…", normalize(line)) for line in text["-layout"].splitlines()]
    lines = [line for line in lines if line and not _FOOTER.match(line)]
    return Facts(len(reader.pages), orientation, outline, lines, "".join(lines),
                 normalize(text["-raw"]))


def table_cells(path: Path) -> list[str]:
    """The text of every non-empty table cell of the example's document tree."""
    from generator import api
    from generator.render.tree import inline_content

    document = api.render_document(api.load_report(path))
    cells = []
    for cell in document.root.iter("td", "th"):
        text = normalize("".join(run.text for run in inline_content(cell)))
        if text:
            cells.append(text)
    return cells


def measure(engine: str, path: Path, out: Path) -> dict[str, float]:
    """In this (fresh) process: render the warm-up document, then time the example's PDF
    with ``engine`` once; write it to ``out``."""
    from generator import api
    from generator.render.document import build_document

    department = api.load_department(path)
    report = api.derive(department)
    document = api.render_document(report)
    api.to_pdf(report, build_document(WARM_UP), None, engine)
    wall, cpu = time.perf_counter(), time.process_time()
    pdf = api.to_pdf(report, document, department.source, engine)
    timing = {"wall_s": time.perf_counter() - wall, "cpu_s": time.process_time() - cpu}
    out.write_bytes(pdf)
    return timing


def run_worker(engine: str, path: Path, out: Path) -> dict[str, float]:
    """``measure`` in a fresh Python process."""
    result = subprocess.run(
        [sys.executable, __file__, "--measure", engine, str(path), str(out)],
        capture_output=True, text=True, check=True, cwd=REPO)
    return json.loads(result.stdout.strip().splitlines()[-1])


def compare(path: Path, runs: int, folder: Path) -> Row:
    """Time both engines on one example and compare their PDFs."""
    row = Row(path.stem)
    outputs = {engine: folder / f"{path.stem}.{engine}.pdf" for engine in ENGINES}
    for engine in ENGINES:
        for _ in range(runs):
            timing = run_worker(engine, path, outputs[engine])
            row.wall_s.setdefault(engine, []).append(timing["wall_s"])
            row.cpu_s.setdefault(engine, []).append(timing["cpu_s"])
    seen = {engine: facts(outputs[engine]) for engine in ENGINES}
    reference, typst = seen["weasyprint"], seen["typst"]
    row.pages = {engine: seen[engine].pages for engine in ENGINES}
    row.same_orientation = reference.orientation == typst.orientation
    row.same_outline = reference.outline == typst.outline
    cells = table_cells(path)
    row.cells = len(cells)
    row.cells_missing = {engine: sum(cell not in seen[engine].stream_text for cell in cells)
                         for engine in ENGINES}
    mine, theirs = set(reference.lines), set(typst.lines)
    row.lines = len(mine | theirs)
    row.lines_only_in = {"weasyprint": len(mine - theirs), "typst": len(theirs - mine)}
    counts = [collections.Counter(seen[engine].text) for engine in ENGINES]
    row.char_difference = sum(((counts[0] - counts[1]) + (counts[1] - counts[0])).values())
    row.same_chars = row.char_difference == 0
    return row


def print_table(rows: list[Row]) -> None:
    """One line per example: speed, then fidelity."""
    print(f"{'example':<24} {'WeasyPrint s':>12} {'Typst s':>8} {'×':>5} "
          f"{'CPU WP/Ty s':>12} {'pages':>7} {'orient':>6} {'outline':>7} "
          f"{'cells miss':>10} {'lines ±':>11} {'chars':>6}")
    for row in rows:
        weasy = statistics.median(row.wall_s["weasyprint"])
        typst = statistics.median(row.wall_s["typst"])
        cpu = (f"{statistics.median(row.cpu_s['weasyprint']):.2f}/"
               f"{statistics.median(row.cpu_s['typst']):.2f}")
        pages = f"{row.pages['weasyprint']}/{row.pages['typst']}"
        missing = f"{row.cells_missing['weasyprint']}/{row.cells_missing['typst']}"
        lines = (f"-{row.lines_only_in['weasyprint']}+{row.lines_only_in['typst']}"
                 f"/{row.lines}")
        chars = "same" if row.same_chars else f"Δ{row.char_difference}"
        print(f"{row.example:<24} {weasy:>12.2f} {typst:>8.2f} {weasy / typst:>5.1f} "
              f"{cpu:>12} {pages:>7} {'same' if row.same_orientation else 'DIFF':>6} "
              f"{'same' if row.same_outline else 'DIFF':>7} {missing:>10} {lines:>11} "
              f"{chars:>6}")
    print("times: median wall time of one warm render (CPU time of the process beside it);"
          " cells miss: table cells of the tree not found in the WeasyPrint/Typst PDF; "
          "lines ±: lines only WeasyPrint's / only Typst's PDF has, of all distinct lines")


def main(argv: list[str] | None = None) -> int:
    """Run the comparison (or, with ``--measure``, one timed render in this process)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", type=Path, help="YAML files (default: examples)")
    parser.add_argument("--runs", type=int, default=3, help="renders per engine (default 3)")
    parser.add_argument("--json", type=Path, help="also write the rows as JSON here")
    parser.add_argument("--keep", type=Path, help="keep both PDFs of each example here")
    parser.add_argument("--measure", nargs=3, metavar=("ENGINE", "YAML", "PDF"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure:
        engine, path, out = args.measure
        print(json.dumps(measure(engine, Path(path), Path(out))))
        return 0
    paths = args.paths or sorted(EXAMPLES.glob("*.yaml"))
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        rows = [compare(path, args.runs, folder) for path in paths]
    print_table(rows)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps([asdict(row) for row in rows], ensure_ascii=False,
                                        indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    sys.exit(main())
