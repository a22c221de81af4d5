"""Benchmark: the fixed costs of a report and the stages whose cost could grow faster than
the report (not a test; issue 11, "fixed costs and scaling defects").

Measures, each in its own fresh process where a process's first time matters:

* ``imports``: a bare ``python -c pass``, then ``import generator.api`` (what ``check``
  needs), and the writers' stages (``generator.render.docx_writer``,
  ``generator.render.pdf_writer``) as ``python -X importtime`` reports them;
* ``first vs second report``: one process loads, checks, renders and writes the same
  example twice; per stage, the first (cold) and the second (warm) time, and how often the
  one-off work ran: profile.yaml files parsed, Jinja templates compiled, reference DOCX
  built;
* ``growth``: the document stage's ``fill_toc`` and the DOCX writer on synthetic documents
  of N sections (a part title, a section title, a paragraph and a small table each) —
  time per section should stay flat as N grows;
* ``yaml``: loading a large department-like YAML file (the largest example repeated) with
  the loader ``generator.load`` uses, and with the pure-Python one for comparison.

Usage::

    python bench/bench_fixed_costs.py                 # everything but the PDF
    python bench/bench_fixed_costs.py --pdf           # also time the PDF stage
    python bench/bench_fixed_costs.py --sizes 100 1000 10000 --docx-sizes 100 1000 3000

Run it from the repository (or with the package installed); numbers are wall-clock on the
machine at hand and vary with its load: compare runs made one after the other.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "data" / "examples"
LARGEST_EXAMPLE = EXAMPLES / "xinxiang-zhengwu-2023.yaml"

# --- imports -----------------------------------------------------------------------------


def process_seconds(code: str, runs: int = 3) -> float:
    """The fastest wall time of ``python -c code`` in a fresh process (start included)."""
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO)
        best = min(best, time.perf_counter() - start)
    return best


def import_seconds(module: str, after: str = "") -> float:
    """Seconds ``import module`` takes in a fresh process (after importing ``after``), by
    ``python -X importtime``: the cumulative time of the module's own line."""
    prelude = f"import {after}; " if after else ""
    result = subprocess.run([sys.executable, "-X", "importtime", "-c",
                             f"{prelude}import {module}"],
                            check=True, cwd=REPO, capture_output=True, text=True)
    total = 0
    for line in result.stderr.splitlines():
        parts = line.split("|")
        if len(parts) == 3 and parts[2].strip() == module:
            total = int(parts[1])
    return total / 1e6


def bench_imports() -> dict[str, float]:
    """Process start and the imports of each stage (seconds)."""
    return {
        "python -c pass (process start)": process_seconds("pass"),
        "python -c 'import generator.api' (process)": process_seconds("import generator.api"),
        "import generator.api": import_seconds("generator.api"),
        "import generator.cli": import_seconds("generator.cli"),
        "import generator.render.docx_writer (after api)":
            import_seconds("generator.render.docx_writer", "generator.api"),
        "import generator.render.pdf_writer (after api)":
            import_seconds("generator.render.pdf_writer", "generator.api"),
    }


# --- first vs second report --------------------------------------------------------------

#: Run in a fresh process by ``bench_reports``: it prints one JSON object.
_REPORTS_SCRIPT = r"""
import json, sys, time
from pathlib import Path
import jinja2
import generator.load
import generator.profiles
from generator.render import docx_reference

counts = {"profile.yaml parsed": 0, "templates compiled": 0, "reference DOCX built": 0}

def counting(name, function):
    def wrapper(*args, **kwargs):
        counts[name] += 1
        return function(*args, **kwargs)
    return wrapper

generator.profiles.load_file = counting("profile.yaml parsed", generator.profiles.load_file)
jinja2.Environment.compile = counting("templates compiled", jinja2.Environment.compile)
docx_reference.build_reference = counting("reference DOCX built",
                                          docx_reference.build_reference)

from generator import api

path, with_pdf = Path(sys.argv[1]), sys.argv[2] == "1"
runs = []
for _ in range(2):
    before = dict(counts)
    times = {}
    start = time.perf_counter()
    department = api.load_department(path)
    times["load"] = time.perf_counter() - start
    start = time.perf_counter()
    report = api.derive(department)
    api.check(report)
    times["derive+check"] = time.perf_counter() - start
    start = time.perf_counter()
    document = api.render_document(report)
    times["html+tree"] = time.perf_counter() - start
    start = time.perf_counter()
    api.to_docx(report, document)
    times["docx"] = time.perf_counter() - start
    if with_pdf:
        start = time.perf_counter()
        api.to_pdf(report, document, department.source)
        times["pdf"] = time.perf_counter() - start
    runs.append({"times": times,
                 "counts": {key: counts[key] - before[key] for key in counts}})
print(json.dumps(runs))
"""


def bench_reports(path: Path, with_pdf: bool) -> list[dict[str, Any]]:
    """The same report built twice in one fresh process: times and one-off work per run."""
    result = subprocess.run([sys.executable, "-c", _REPORTS_SCRIPT, str(path),
                             "1" if with_pdf else "0"],
                            check=True, cwd=REPO, capture_output=True, text=True)
    return json.loads(result.stdout.splitlines()[-1])


# --- growth ------------------------------------------------------------------------------


def synthetic_html(sections: int) -> str:
    """A document of ``sections`` sections for the document stage, with an empty TOC."""
    body = "".join(
        f'<section class="portrait"><h1 id="part-{i}">第{i}部分</h1>'
        f'<h2 id="section-{i}">一、第{i}节</h2><p>正文第{i}段。</p>'
        '<table class="data"><thead><tr><th>项目</th><th>金额</th></tr></thead>'
        f'<tbody><tr><td>支出{i}</td><td class="num">{i}.00</td></tr></tbody></table>'
        "</section>" for i in range(sections))
    return ('<html lang="zh-CN"><head><meta charset="utf-8"><title>合成文档</title></head>'
            '<body><section class="toc"><p class="toc-title">目录</p><nav class="toc"></nav>'
            f"</section>{body}</body></html>")


def best_of(function: Callable[[], Any], runs: int) -> float:
    """The fastest of ``runs`` calls of ``function`` (seconds)."""
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best


def bench_fill_toc(sizes: Sequence[int]) -> dict[int, float]:
    """Seconds ``fill_toc`` takes on a labelled synthetic document of each size."""
    from generator.render.document import fill_toc, label_outline
    from generator.render.tree import parse_html

    results = {}
    for size in sizes:
        html = synthetic_html(size)
        timings = []
        for _ in range(3):
            root = parse_html(html)
            label_outline(root)
            start = time.perf_counter()
            fill_toc(root)
            timings.append(time.perf_counter() - start)
        results[size] = min(timings)
    return results


def bench_docx_writer(sizes: Sequence[int]) -> dict[int, float]:
    """Seconds the DOCX writer takes on a synthetic document of each size."""
    from generator.render.document import build_document
    from generator.render.docx_writer import render_docx

    render_docx(build_document(synthetic_html(1)))  # imports, the reference
    return {size: best_of(lambda size=size: render_docx(build_document(synthetic_html(size))),
                          1) for size in sizes}


# --- YAML --------------------------------------------------------------------------------


def large_yaml(copies: int) -> str:
    """The largest example ``copies`` times, each under a key of its own (about 47 KB a
    copy), as one YAML mapping."""
    text = LARGEST_EXAMPLE.read_text(encoding="utf-8")
    indented = "\n".join(("  " + line) if line.strip() else line for line in text.splitlines())
    return "".join(f"部门{i}:\n{indented}\n" for i in range(copies))


def bench_yaml(copies: int) -> dict[str, float]:
    """Seconds to load a large YAML text with the project's loader, and with PyYAML's
    pure-Python composer (what the loader used before libyaml)."""
    import yaml

    from generator import load

    text = large_yaml(copies)
    results = {"size_kb": len(text.encode("utf-8")) / 1024,
               "generator.load.load_text": best_of(lambda: load.load_text(text, "big.yaml"),
                                                   3),
               "yaml.compose (pure Python SafeLoader)":
                   best_of(lambda: yaml.compose(text, Loader=yaml.SafeLoader), 1)}
    if getattr(yaml, "CSafeLoader", None) is not None:
        results["yaml.compose (libyaml CSafeLoader)"] = best_of(
            lambda: yaml.compose(text, Loader=yaml.CSafeLoader), 3)
    return results


# --- report ------------------------------------------------------------------------------


def _growth_lines(title: str, results: dict[int, float]) -> list[str]:
    lines = [title, f"  {'sections':>9}  {'seconds':>9}  {'ms/section':>10}"]
    for size, seconds in results.items():
        lines.append(f"  {size:>9}  {seconds:>9.4f}  {seconds / size * 1000:>10.4f}")
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    """Run every measurement and print the numbers (and JSON with ``--json``)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pdf", action="store_true", help="also time the PDF stage")
    parser.add_argument("--example", type=Path, default=EXAMPLES / "zhengzhou-shuzhi-2023.yaml")
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000],
                        help="sections of the synthetic documents for fill_toc")
    parser.add_argument("--docx-sizes", type=int, nargs="+", default=[100, 1000, 3000],
                        help="sections of the synthetic documents for the DOCX writer")
    parser.add_argument("--yaml-copies", type=int, default=20,
                        help="copies of the largest example in the large YAML file")
    parser.add_argument("--json", type=Path, help="also write the numbers to this file")
    args = parser.parse_args(argv)
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))

    results: dict[str, Any] = {}
    results["imports"] = bench_imports()
    print("imports (seconds)")
    for name, seconds in results["imports"].items():
        print(f"  {name:<52} {seconds:7.3f}")

    results["reports"] = bench_reports(args.example, args.pdf)
    print(f"\nfirst vs second report in one process ({args.example.name}), seconds")
    first, second = results["reports"]
    for stage in first["times"]:
        print(f"  {stage:<14} first {first['times'][stage]:7.3f}   "
              f"second {second['times'][stage]:7.3f}")
    for name in first["counts"]:
        print(f"  {name:<24} first {first['counts'][name]:4d}   "
              f"second {second['counts'][name]:4d}")

    results["fill_toc"] = bench_fill_toc(args.sizes)
    print()
    print("\n".join(_growth_lines("fill_toc on N sections", results["fill_toc"])))
    results["docx_writer"] = bench_docx_writer(args.docx_sizes)
    print("\n".join(_growth_lines("DOCX writer on N sections", results["docx_writer"])))

    results["yaml"] = bench_yaml(args.yaml_copies)
    print(f"\nYAML load of {results['yaml'].pop('size_kb'):.0f} KB, seconds")
    for name, seconds in results["yaml"].items():
        print(f"  {name:<42} {seconds:7.3f}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
