"""The figures a 决算 may print in 情况说明 (湖北's 图1–图4), drawn from its facts.

A profile lists the figures it prints (setting ``图表``, by id); each is built here from
the same facts the sentences state, so a figure and its sentence cannot disagree. A
figure that needs last year's figures is left out when the data does not give them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from generator.kinds.final_accounts.facts import Facts
from generator.narrative import Comparison
from generator.render.charts import ChartSpec, Series


@dataclass(frozen=True)
class Figure:
    """A figure of the report: its id, its number (图1 …) and its chart."""

    id: str
    number: int
    chart: ChartSpec

    @property
    def resource(self) -> str:
        """The name of its SVG in the document's resources."""
        return f"chart-{self.id}.svg"


def _change(title: str, names: tuple[str, str], income: Comparison, spent: Comparison,
            facts: Facts) -> ChartSpec | None:
    """Bars of two years: 收入 and 支出 totals, last year's beside this year's."""
    if income.prior is None or spent.prior is None:
        return None
    years = (f"{facts.prior_year}年度", f"{facts.prior_year + 1}年度")
    return ChartSpec("bar", title, years, (
        Series(names[0], (income.prior, income.current)),
        Series(names[1], (spent.prior, spent.current))))


def _structure(title: str, parts: Sequence[tuple[str, Decimal]]) -> ChartSpec | None:
    """A pie of the parts that have money."""
    given = [(label, amount) for label, amount in parts if amount > 0]
    if not given:
        return None
    return ChartSpec("pie", title, tuple(label for label, _ in given),
                     (Series(title, tuple(amount for _, amount in given)),))


#: Every figure a profile may list, by id: its default title and how it is drawn.
FIGURES: dict[str, Callable[[Facts], ChartSpec | None]] = {
    # 收、支总计 (公开01表) of last year and this year: the year has one total for both.
    "grand_total_change": lambda facts: _change(
        "收、支决算总计变动情况", ("收入总计", "支出总计"), facts.grand_total,
        facts.grand_total, facts),
    # 本年收入 by source (公开01表 lines 1–8): the funds apart.
    "income_structure": lambda facts: _structure(
        "收入决算结构", [(share.label, share.amount) for share in facts.income_by_source]),
    # 本年支出 by kind (公开03表: 基本, 项目 …).
    "expenditure_structure": lambda facts: _structure(
        "支出决算结构", [(share.label, share.amount) for share in facts.expenditure_by_kind]),
    # 财政拨款收、支总计 (公开04表) of last year and this year.
    "fiscal_total_change": lambda facts: _change(
        "财政拨款收、支决算总计变动情况", ("财政拨款收入总计", "财政拨款支出总计"),
        facts.fiscal_total, facts.fiscal_total, facts),
}


def report_figures(facts: Facts, listed: Sequence[str], places: int = 2,
                   strip_zeros: bool = False) -> tuple[Figure, ...]:
    """The figures the profile lists that the data can draw, numbered in that order, their
    shares printed as the text prints percentages."""
    figures: list[Figure] = []
    for figure_id in listed:
        chart = FIGURES[figure_id](facts)
        if chart is not None:
            chart = replace(chart, percent_places=places, strip_zeros=strip_zeros)
            figures.append(Figure(figure_id, len(figures) + 1, chart))
    return tuple(figures)
