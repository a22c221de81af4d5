"""Benchmark: time each build stage for every example department (not a test).

For each YAML under ``data/examples/`` (or the files given), runs the library API
``generator.api`` several times and times three stages separately:

* ``html``: ``load_report(path)`` then ``render_document(report)`` (load, validate,
  derive, render and validate the document tree);
* ``docx``: ``to_docx(report, document)``;
* ``pdf``: ``to_pdf(report, document)``.

It prints a table of the first (cold), median and min time per example and stage, and can
write the raw timings as JSON. Usage::

    python bench/bench_build.py                     # all examples, 5 runs
    python bench/bench_build.py --runs 10 --json bench/results/build.json
    python bench/bench_build.py data/examples/zhengzhou-shuzhi-2023.yaml

The first run of a process pays one-off costs (imports, fontconfig and font loading,
template compilation); "first" shows it, "median" and "min" the warm cost.
"""

from __future__ import annotations

import argparse
import gc
import json
import platform
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "data" / "examples"
STAGES = ("html", "docx", "pdf")


@dataclass
class StageTiming:
    """The timings of one stage of one example."""

    example: str
    stage: str
    times_s: list[float] = field(default_factory=list)
    output_bytes: int = 0
    error: str = ""

    @property
    def first_s(self) -> float | None:
        """The first (cold) run, None if the stage never succeeded."""
        return self.times_s[0] if self.times_s else None

    @property
    def median_s(self) -> float | None:
        """The median over all runs."""
        return statistics.median(self.times_s) if self.times_s else None

    @property
    def min_s(self) -> float | None:
        """The fastest run."""
        return min(self.times_s) if self.times_s else None

    def to_json(self) -> dict[str, Any]:
        """Raw times and summary, for ``--json``."""
        return {
            **asdict(self),
            "first_s": self.first_s,
            "median_s": self.median_s,
            "min_s": self.min_s,
        }


@dataclass(frozen=True)
class Api:
    """The four library entry points the benchmark drives."""

    load_report: Callable[[Path], Any]
    render_document: Callable[[Any], Any]
    to_docx: Callable[[Any, Any], bytes]
    to_pdf: Callable[[Any, Any], bytes]


def import_api() -> Api | None:
    """``generator.api`` if it provides the four entry points, else None (with a message)."""
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    try:
        from generator import api  # type: ignore[attr-defined]
    except ImportError as error:
        print(
            f"bench_build: cannot import generator.api ({error}).\n"
            "The benchmark needs generator.api with load_report(path),\n"
            "render_document(report), to_docx(report, document) and to_pdf(report, document).",
            file=sys.stderr,
        )
        return None
    names = ("load_report", "render_document", "to_docx", "to_pdf")
    missing = [name for name in names if not callable(getattr(api, name, None))]
    if missing:
        print(
            f"bench_build: generator.api lacks {', '.join(missing)}; expected {', '.join(names)}.",
            file=sys.stderr,
        )
        return None
    return Api(api.load_report, api.render_document, api.to_docx, api.to_pdf)


def timed(function: Callable[[], Any]) -> tuple[float, Any]:
    """Run ``function`` once; return (seconds, result). Collects garbage first."""
    gc.collect()
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def bench_example(api: Api, path: Path, runs: int) -> list[StageTiming]:
    """Time the three stages of one example ``runs`` times each.

    A stage that raises is reported as failed (with the error) and not run again; the
    other stages go on, except that nothing runs after a failed ``html`` stage.
    """
    timings = {stage: StageTiming(path.stem, stage) for stage in STAGES}
    writers: dict[str, Callable[[Any, Any], bytes]] = {"docx": api.to_docx, "pdf": api.to_pdf}
    for _ in range(runs):
        try:
            seconds, (report, document) = timed(lambda: _load_and_render(api, path))
        except Exception as error:
            timings["html"].error = _describe(error)
            break
        timings["html"].times_s.append(seconds)
        timings["html"].output_bytes = len(document.html().encode("utf-8"))
        for stage, write in writers.items():
            if timings[stage].error:
                continue
            try:
                seconds, data = timed(lambda: write(report, document))  # noqa: B023
            except Exception as error:
                timings[stage].error = _describe(error)
                continue
            timings[stage].times_s.append(seconds)
            timings[stage].output_bytes = len(data)
    return [timings[stage] for stage in STAGES]


def _load_and_render(api: Api, path: Path) -> tuple[Any, Any]:
    """Stage (a): load + derive + the document tree."""
    report = api.load_report(path)
    return report, api.render_document(report)


def _describe(error: BaseException) -> str:
    """One line naming an exception."""
    return f"{type(error).__name__}: {error}".splitlines()[0]


def format_table(results: Sequence[StageTiming], runs: int) -> str:
    """A plain-text table: example, stage, first, median, min (ms), output size."""
    width = max([len("example"), *(len(r.example) for r in results)])
    header = (
        f"{'example':<{width}}  {'stage':<5}  {'first ms':>9}  {'median ms':>9}  "
        f"{'min ms':>9}  {'output':>10}"
    )
    lines = [f"{runs} run(s) per stage", header, "-" * len(header)]
    for r in results:
        if r.first_s is None or r.median_s is None or r.min_s is None:
            lines.append(f"{r.example:<{width}}  {r.stage:<5}  FAILED: {r.error}")
            continue
        lines.append(
            f"{r.example:<{width}}  {r.stage:<5}  {r.first_s * 1000:>9.1f}  "
            f"{r.median_s * 1000:>9.1f}  {r.min_s * 1000:>9.1f}  {_size(r.output_bytes):>10}"
            + (f"  (then failed: {r.error})" if r.error else "")
        )
    return "\n".join(lines)


def _size(n: int) -> str:
    """Human-readable byte count."""
    return f"{n / 1024:.1f} KiB" if n < 1024 * 1024 else f"{n / 1024 / 1024:.2f} MiB"


def environment() -> dict[str, str]:
    """Versions that explain the numbers (Python, WeasyPrint, HarfBuzz subsetter)."""
    info = {"python": platform.python_version(), "platform": platform.platform()}
    try:
        import weasyprint
        from weasyprint.text.ffi import harfbuzz_subset

        info["weasyprint"] = weasyprint.__version__
        info["harfbuzz_subset"] = "yes" if harfbuzz_subset is not None else "no (fontTools)"
    except ImportError:  # pragma: no cover - WeasyPrint is a dependency
        info["weasyprint"] = "missing"
    return info


def main(argv: Sequence[str] | None = None) -> int:
    """Parse arguments, run the benchmark, print the table, write JSON if asked."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "examples", nargs="*", type=Path, help=f"YAML files (default: {EXAMPLES}/*.yaml)"
    )
    parser.add_argument("--runs", type=int, default=5, help="runs per stage (default 5)")
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write timings as JSON")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")

    paths = args.examples or sorted([*EXAMPLES.glob("*.yaml"), *EXAMPLES.glob("*.yml")])
    if not paths:
        print(f"bench_build: no YAML files under {EXAMPLES}", file=sys.stderr)
        return 2
    api = import_api()
    if api is None:
        return 2

    results: list[StageTiming] = []
    for path in paths:
        print(f"benchmarking {path} …", file=sys.stderr, flush=True)
        results.extend(bench_example(api, path, args.runs))

    env = environment()
    print(", ".join(f"{key} {value}" for key, value in env.items()))
    print(format_table(results, args.runs))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        payload = {
            "runs": args.runs,
            "environment": env,
            "results": [r.to_json() for r in results],
        }
        args.json.write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", "utf-8")
        print(f"wrote {args.json}", file=sys.stderr)
    return 1 if any(r.error for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
