"""The annex forms (绩效自评表): their computed cells and merged-cell spans, once.

A form's fund totals, execution rates and total score are computed here, and so is how
its indicator rows merge their 一级/二级 cells (an empty cell continues the one above):
the templates print the spans, they do not count rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from generator.kinds.final_accounts.model import Evaluation, Indicator
from generator.money import percent, total


@dataclass(frozen=True)
class IndicatorRow:
    """An indicator row and its merged cells: ``level1_span``/``level2_span`` is how many
    rows the 一级/二级 cell starting here covers (None: covered by a cell above)."""

    indicator: Indicator
    level1_span: int | None
    level2_span: int | None


@dataclass(frozen=True)
class EvaluationFacts:
    """Computed cells of a 绩效自评表: fund totals, execution rates, spans, total score."""

    evaluation: Evaluation
    fund_total: tuple[Decimal | None, Decimal | None, Decimal | None]
    rates: tuple[Decimal | None, ...]  # per fund row
    total_rate: Decimal | None
    total_score: Decimal
    total_weight: Decimal
    indicator_rows: tuple[IndicatorRow, ...]
    landscape: bool = False  # Henan's forms print on portrait pages

    @property
    def fund_span(self) -> int:
        """Rows the 资金 label cell covers: its heading row, the total row, one per fund."""
        return 2 + len(self.evaluation.funds)

    @property
    def management_span(self) -> int:
        """Rows the 资金管理情况 label cell covers: its heading row and one per item."""
        return 1 + len(self.evaluation.management)


def _spans(indicators: tuple[Indicator, ...]) -> tuple[IndicatorRow, ...]:
    """Where the 一级 and 二级 cells start and how many rows each covers."""
    def span(start: int, starts_cell: object) -> int:
        n = 1
        for later in indicators[start + 1:]:
            if starts_cell(later):
                break
            n += 1
        return n

    rows = []
    for i, row in enumerate(indicators):
        first = i == 0
        level1 = span(i, lambda r: r.level1) if row.level1 or first else None
        level2 = (span(i, lambda r: r.level2 or r.level1)
                  if row.level2 or row.level1 or first else None)
        rows.append(IndicatorRow(row, level1, level2))
    return tuple(rows)


def evaluation_facts(ev: Evaluation, places: int = 2) -> EvaluationFacts:
    """The computed cells of one form."""
    def column(i: int) -> Decimal | None:
        cells = [(f.initial, f.annual, f.executed)[i] for f in ev.funds]
        present = [c for c in cells if c is not None]
        return total(present) if present else None

    fund_total = (column(0), column(1), column(2))

    def rate(annual: Decimal | None, executed: Decimal | None, initial: Decimal | None
             ) -> Decimal | None:
        base = annual if annual else initial
        if executed is None or not base:
            return None
        return percent(executed, base, places)

    rates = tuple(rate(f.annual, f.executed, f.initial) for f in ev.funds)
    score = total(s for s in (ev.fund_score, *(i.score for i in ev.indicators),
                              *(m.score for m in ev.management)) if s is not None)
    weight = total(w for w in (ev.fund_weight, *(i.weight for i in ev.indicators),
                               *(m.weight for m in ev.management)) if w is not None)
    return EvaluationFacts(ev, fund_total, rates, rate(*fund_total[1:], fund_total[0]),
                           score, weight, _spans(ev.indicators))
