"""The rulebook: the registry of check rules, the context they read, and the comparison
with a rounding-tail tolerance that every amount rule uses.

**Rounding tails.** Published amounts are rounded from yuan to 0.01 万元, so a sum of *n*
rounded amounts may miss the rounded total by a few 0.01. The tolerance is
``money.rounding_tail(n)`` (0.01 per term) where *n* is the larger number of non-zero
rounded amounts on either side; when both sides are a single figure (the same amount
printed twice) the tolerance is zero. A difference within the tolerance is a WARNING,
beyond it an ERROR (:func:`judge`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from generator.derive import Report
from generator.figures import Cells, Ref
from generator.findings import Finding, Position, Severity
from generator.identities import IDENTITY_RULES
from generator.money import ZERO, rounding_tail

Check = Callable[["Context"], Iterable[Finding]]

#: Rule id → what it checks.
RULES: dict[str, str] = dict(IDENTITY_RULES)
#: The registered checks, in the order they run.
CHECKS: list[Check] = []


def tolerance(terms: int) -> Decimal:
    """The rounding tail allowed when one side adds up ``terms`` rounded amounts.

    Zero for a single figure (the same rounded amount printed twice must be identical),
    else ``money.rounding_tail(terms)``.
    """
    return ZERO if terms <= 1 else rounding_tail(terms)


def rule(**ids: str) -> Callable[[Check], Check]:
    """Register a check under the rule ids it reports (id=description)."""
    def register(func: Check) -> Check:
        RULES.update({key.replace("_", "-"): text for key, text in ids.items()})
        CHECKS.append(func)
        return func
    return register


@dataclass(frozen=True)
class Figure:
    """A cell as the check sees it: published (with its position) or computed."""

    value: Decimal
    terms: int
    position: Position | None
    label: str

    @property
    def source(self) -> str:
        """“公布数，第 N 行” or “按数据计算”."""
        return f"公布数，第 {self.position.line} 行" if self.position else "按数据计算"


class Context:
    """What the rules read: the report, its computed cells and the 公布数 by cell."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self.dept = report.department
        self.cells = Cells(self.dept)
        self.published = {(f.table, f.row, f.column): f for f in self.dept.published}

    def at(self, *paths: str) -> Position:
        """Where the first of ``paths`` (dotted YAML paths) was written, else the file start."""
        for path in paths:
            if path in self.dept.positions:
                return self.dept.positions[path]
        return Position(self.dept.source, 1, 1)

    def figure(self, ref: Ref) -> Figure:
        """The cell as published when given, else as computed."""
        given = self.published.get(ref)
        if given is not None:
            return Figure(given.amount, 1, given.position, self.cells.label(ref))
        computed = self.cells.get(ref)
        return Figure(computed.value, computed.terms, None, self.cells.label(ref))


def money(value: Decimal) -> str:
    """An amount as printed in messages: two decimals, no separators."""
    return f"{value:.2f}"


#: One side of a comparison: what it is, its amount and an optional note (where it is from).
Side = tuple[str, Decimal] | tuple[str, Decimal, str]


def _side(side: Side) -> str:
    label, value = side[0], side[1]
    note = f"（{side[2]}）" if len(side) > 2 else ""
    return f"{label} {money(value)}{note}"


def judge(rule: str, position: Position, subject: str, left: Side, right: Side, terms: int,
          advice: str, *, at_most: bool = False,
          tail_advice: str = "属四舍五入尾差，可不处理；如需与财政系统报表一致，请核对明细金额。",
          ) -> Finding | None:
    """Compare ``left`` with ``right`` (=, or ≤ when ``at_most``) within the rounding tail.

    Returns None when they agree, a WARNING within ``tolerance(terms)``, else an ERROR
    whose message names both numbers, the difference and what to do.
    """
    a, b = left[1], right[1]
    diff = a - b
    if diff == 0 or (at_most and diff < 0):
        return None
    allowed = tolerance(terms)
    within = abs(diff) <= allowed
    verb = "超出" if at_most else "相差"
    text = f"{subject}：{_side(left)}，{_side(right)}，{verb} {money(abs(diff))}"
    if allowed:
        text += f"（{terms} 个四舍五入数，尾差容许 {money(allowed)}）"
    text += "。" + (tail_advice if within else advice)
    return Finding(position, Severity.WARNING if within else Severity.ERROR, rule, text)


def count_error(rule: str, position: Position, message: str) -> Finding:
    """An ERROR finding (for rules that compare counts or codes, not amounts)."""
    return Finding(position, Severity.ERROR, rule, message)
