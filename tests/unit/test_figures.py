"""The figures of 情况说明 (generator/kinds/final_accounts/figures.py): drawn from the
report's facts, left out when the data cannot draw them, numbered in the profile's order."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import BASE, edit, report_for

from generator.findings import InputError

FIGURES = "样式设置:\n  图表: [grand_total_change, expenditure_structure, fiscal_total_change]\n"
PRIOR = "上年:\n  收支总计: 100.00\n  财政拨款收支总计: 90.00\n"


def test_figures_follow_the_facts_and_the_listed_order(tmp_path: Path) -> None:
    report = report_for(tmp_path, BASE + PRIOR + FIGURES)
    facts = report.facts
    assert [figure.id for figure in report.figures] == [
        "grand_total_change", "expenditure_structure", "fiscal_total_change"]
    assert [figure.number for figure in report.figures] == [1, 2, 3]
    change = report.figure("grand_total_change").chart
    assert change.categories == ("2022年度", "2023年度")
    assert change.series[0].values == (facts.grand_total.prior, facts.grand_total.current)
    fiscal = report.figure("fiscal_total_change").chart
    assert fiscal.series[1].values == (facts.fiscal_total.prior, facts.fiscal_total.current)
    pie = report.figure("expenditure_structure").chart
    assert pie.kind == "pie" and pie.percent_places == 2
    parts = {share.label: share.amount for share in facts.expenditure_by_kind if share.amount}
    assert dict(zip(pie.categories, pie.series[0].values, strict=True)) == parts


def test_a_change_figure_needs_last_year(tmp_path: Path) -> None:
    report = report_for(tmp_path, BASE + FIGURES)
    assert [figure.id for figure in report.figures] == ["expenditure_structure"]
    assert report.figures[0].number == 1


def test_a_figure_nobody_knows_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="图表"):
        report_for(tmp_path, BASE + edit(FIGURES, {"fiscal_total_change": "pie_of_pies"}))
