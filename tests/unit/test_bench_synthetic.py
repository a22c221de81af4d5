"""The benchmark's synthetic departments (bench/synthetic.py): valid, varied, reproducible,
and the one-correction edit keeps them valid."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from support import bench_script

from generator import api
from generator.cli import CLEAN, check_file

ROOT = Path(__file__).parents[2]


synthetic = bench_script("synthetic.py", "bench_synthetic")


@pytest.fixture(scope="module")
def small_set(tmp_path_factory: pytest.TempPathFactory) -> list:
    """Six departments, seed 3: one of each example, one large at the full scale."""
    return synthetic.generate(6, tmp_path_factory.mktemp("synthetic"), seed=3)


def _warnings(path: Path) -> set[str]:
    _, findings, _ = check_file(path)
    return {finding.rule for finding in findings if finding.severity.name == "WARNING"}


def test_every_file_passes_check_with_no_warning_its_example_lacks(small_set: list) -> None:
    for item in small_set:
        _, findings, status = check_file(item.path)
        errors = [str(finding) for finding in findings if finding.severity.name == "ERROR"]
        assert status == CLEAN, (item.path.name, errors)
        example = ROOT / "data" / "examples" / item.template
        assert _warnings(item.path) <= _warnings(example), item.path.name


def test_both_kinds_and_every_region_of_the_examples(small_set: list) -> None:
    templates = synthetic.load_templates()
    assert {item.kind for item in small_set} == {"决算", "预算"}
    assert {item.region for item in small_set} == {t.region for t in templates}
    names = [synthetic.yaml.safe_load(item.path.read_text("utf-8"))["部门名称"]
             for item in small_set]
    assert len(set(names)) == len(names)
    assert not set(names) & {t.data["部门名称"] for t in templates}


def test_sizes_spread_up_to_ten_times_the_largest_example(small_set: list) -> None:
    largest = synthetic.largest_sizes(synthetic.load_templates())
    ratios = []
    for item in small_set:
        biggest = largest[item.kind]
        for measure in ("lines", "projects", "annex_rows"):
            limit = getattr(biggest, measure)
            assert getattr(item.size, measure) <= 10 * limit, (item.path.name, measure)
        ratios.append(item.size.lines / biggest.lines)
    assert max(ratios) >= 9.5  # the large department: ten times the largest example
    assert min(ratios) <= 1.0  # and small ones no bigger than the examples
    classes = [item.size_class for item in small_set]
    assert classes.count("small") == 3 and classes.count("medium") == 2
    assert classes.count("large") == 1


def test_same_seed_same_bytes_other_seed_other_set(tmp_path: Path) -> None:
    first = synthetic.generate(4, tmp_path / "a", seed=11, max_scale=2)
    again = synthetic.generate(4, tmp_path / "b", seed=11, max_scale=2)
    other = synthetic.generate(4, tmp_path / "c", seed=12, max_scale=2)
    assert [p.path.read_bytes() for p in first] == [p.path.read_bytes() for p in again]
    assert [p.path.read_bytes() for p in first] != [p.path.read_bytes() for p in other]


def test_a_new_set_replaces_the_old_one(tmp_path: Path) -> None:
    synthetic.generate(5, tmp_path, seed=1, max_scale=1)
    synthetic.generate(2, tmp_path, seed=1, max_scale=1)
    assert len(list(tmp_path.glob("*.yaml"))) == 2


def test_correction_raises_one_amount_by_one_and_stays_valid(small_set: list,
                                                            tmp_path: Path) -> None:
    for item in small_set:
        path = tmp_path / item.path.name
        path.write_bytes(item.path.read_bytes())
        before_text = path.read_text("utf-8").splitlines()
        before = api.load_report(path).facts.grand_total.current
        edits = synthetic.correct(path)
        after_text = path.read_text("utf-8").splitlines()
        changed = [i for i, (old, new) in enumerate(zip(before_text, after_text, strict=True))
                   if old != new]
        assert changed == sorted({edit.line - 1 for edit in edits})
        assert all(Decimal(edit.new) - Decimal(edit.old) == 1 for edit in edits)
        assert api.load_report(path).facts.grand_total.current - before == 1
        _, findings, status = check_file(path)
        assert status == CLEAN, [str(f) for f in findings if f.severity.name == "ERROR"]


def test_correction_refuses_a_file_with_published_figures(tmp_path: Path) -> None:
    example = ROOT / "data" / "examples" / "xinxiang-zhengwu-2023.yaml"
    path = tmp_path / example.name
    path.write_bytes(example.read_bytes())
    with pytest.raises(synthetic.CorrectionError, match="公布数"):
        synthetic.correct(path)
    assert path.read_bytes() == example.read_bytes()
