"""The rulebook: check rules of a document kind, the context they read, and the comparison
with a rounding-tail tolerance that every amount rule uses.

A rule is a function ``Context → findings`` annotated with the rule ids it reports
(:func:`rule`); each document kind assembles its own :class:`RuleBook` from its rules, so
nothing is registered globally at import time.

**Rounding tails.** Published amounts are rounded from yuan to 0.01 万元, so a sum of *n*
rounded amounts may miss the rounded total by a few 0.01. The tolerance is
``money.rounding_tail(n)`` (0.01 per term) where *n* is the larger number of non-zero
rounded amounts on either side; when both sides are a single figure (the same amount
printed twice) the tolerance is zero. A difference within the tolerance is information
(提示: the rounding of the finance system, nothing to do), beyond it an ERROR
(:func:`judge`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Protocol

from generator.findings import Finding, Position, Severity
from generator.identities import Identity
from generator.money import TAIL_PER_TERM, ZERO, tolerance
from generator.numbering import Outline
from generator.published import Published
from generator.tables import Ref, Table, label


class CheckedReport(Protocol):
    """What every document kind's report offers the checker."""

    @property
    def department(self) -> Any: ...
    @property
    def outline(self) -> Outline: ...
    @property
    def tables(self) -> Mapping[str, Table]: ...
    @property
    def published(self) -> tuple[Published, ...]: ...
    def table_name(self, table: str) -> str: ...


Check = Callable[["Context"], Iterable[Finding]]


def rule(**ids: str) -> Callable[[Check], Check]:
    """Annotate a check with the rule ids it reports (``RULE_ID="what it checks"``)."""
    def annotate(func: Check) -> Check:
        func.rules = {key.replace("_", "-"): text for key, text in ids.items()}  # type: ignore[attr-defined]
        return func
    return annotate


class RuleBook:
    """A document kind's rules: the checks in the order they run, and every rule id with
    what it checks (for ``disclosure check`` and the docs)."""

    def __init__(self, checks: Sequence[Check], described: Mapping[str, str] | None = None
                 ) -> None:
        self.checks = tuple(checks)
        self.rules: dict[str, str] = dict(described or {})
        for check in self.checks:
            self.rules.update(getattr(check, "rules", {}))

    def check(self, report: CheckedReport) -> list[Finding]:
        """Run every rule; findings sorted by position, errors first on a line."""
        ctx = Context(report)
        findings = [finding for run in self.checks for finding in run(ctx)]
        return sorted(findings, key=lambda f: (f.position.file, f.position.line,
                                               f.position.column,
                                               f.severity is not Severity.ERROR, f.rule))


@dataclass(frozen=True)
class CheckedCell:
    """A cell as the check sees it: published (with its position) or as printed."""

    value: Decimal
    terms: int
    position: Position | None
    label: str

    @property
    def source(self) -> str:
        """“公布数，第 N 行” or “按数据计算”."""
        return f"公布数，第 {self.position.line} 行" if self.position else "按数据计算"


class Context:
    """What the rules read: the report, its tables named as printed, the 公布数 by cell."""

    def __init__(self, report: CheckedReport) -> None:
        self.report = report
        self.dept = report.department
        self.outline = report.outline
        self.published = {p.ref: p for p in report.published}
        #: The rounding tail per term of the report's printed amounts (a report that prints
        #: other than two decimals says so with ``tail_per_term``).
        self.tail: Decimal = getattr(report, "tail_per_term", TAIL_PER_TERM)
        self.places = places_of(self.tail)

    def money(self, value: Decimal) -> str:
        """An amount in a message, with the decimals the report prints."""
        return money(value, self.places)

    def at(self, *paths: str) -> Position:
        """Where the first of ``paths`` (dotted YAML paths) was written, else the file start."""
        for path in paths:
            if path in self.dept.positions:
                return self.dept.positions[path]
        return Position(self.dept.source, 1, 1)

    def where(self, subject: str, part: str, section: str | None = None,
              subsection: str | None = None) -> str:
        """``subject`` prefixed with where the report prints it: ``第三部分 十 机关运行经费``."""
        ref = self.outline.ref(part, section, subsection)
        return f"{ref} {subject}" if ref else subject

    def cell(self, ref: Ref) -> Any:
        """The amount a cell prints (``generator.tables.Amount``)."""
        table, key, column = ref
        return self.report.tables[table].cell(key, column)

    def computed(self, ref: Ref) -> Any:
        """The amount computed from the data for a cell (which may print a published one)."""
        found = getattr(self.report, "computed", {}).get(ref)
        return found if found is not None else self.cell(ref)

    def label(self, ref: Ref) -> str:
        """A cell named as the department's report prints it."""
        table = ref[0]
        return label(self.report.tables[table], self.report.table_name(table), ref)

    def checked_cell(self, ref: Ref) -> CheckedCell:
        """The cell as published when given, else as printed. A published figure is one
        rounded amount; a published zero (a blank cell) is exact and adds no tail."""
        given = self.published.get(ref)
        if given is not None:
            return CheckedCell(given.amount, 1 if given.amount else 0, given.position,
                               self.label(ref))
        printed = self.cell(ref)
        return CheckedCell(printed.value, printed.terms, None, self.label(ref))


def money(value: Decimal, places: int = 2) -> str:
    """An amount as printed in messages: the report's decimals (two unless it prints
    another number), no separators."""
    return f"{value:.{places}f}"


def places_of(per_term: Decimal) -> int:
    """The decimals a report prints, from its rounding tail per term (0.1 → 1)."""
    exponent = per_term.normalize().as_tuple().exponent
    return max(-exponent, 0) if isinstance(exponent, int) else 2


#: One side of a comparison: what it is, its amount and an optional note (where it is from).
Side = tuple[str, Decimal] | tuple[str, Decimal, str]


def _side(side: Side, places: int = 2) -> str:
    name, value = side[0], side[1]
    note = f"（{side[2]}）" if len(side) > 2 else ""
    return f"{name} {money(value, places)}{note}"


def judge(rule: str, position: Position, subject: str, left: Side, right: Side, terms: int,
          advice: str, *, at_most: bool = False,
          tail_advice: str = "属四舍五入尾差，可不处理；如需与财政系统报表一致，请核对明细金额。",
          per_term: Decimal = TAIL_PER_TERM) -> Finding | None:
    """Compare ``left`` with ``right`` (=, or ≤ when ``at_most``) within the rounding tail.

    Returns None when they agree, INFO within ``tolerance(terms, per_term)``, else an
    ERROR whose message names both numbers, the difference and what to do.
    """
    a, b = left[1], right[1]
    diff = a - b
    if diff == 0 or (at_most and diff < 0):
        return None
    allowed = tolerance(terms, per_term)
    within = abs(diff) <= allowed
    verb = "超出" if at_most else "相差"
    places = places_of(per_term)
    text = (f"{subject}：{_side(left, places)}，{_side(right, places)}，{verb} "
            f"{money(abs(diff), places)}")
    if allowed:
        text += f"（{terms} 个四舍五入数，尾差容许 {money(allowed, places)}）"
    text += "。" + (tail_advice if within else advice)
    return Finding(position, Severity.INFO if within else Severity.ERROR, rule, text)


def count_error(rule: str, position: Position, message: str) -> Finding:
    """An ERROR finding (for rules that compare counts or codes, not amounts)."""
    return Finding(position, Severity.ERROR, rule, message)


class Shared(Protocol):
    """A part printed with its share of a whole (``narrative.Share``)."""

    @property
    def amount(self) -> Decimal: ...

    @property
    def rate(self) -> Decimal | None: ...


def share_sum_error(position: Position, where: str, parts: Iterable[Shared], whole: Decimal,
                    places: int) -> Finding | None:
    """SHARE-SUM: the printed shares of ``parts`` should add up to the parts' share of
    ``whole`` (100% when the whole is their sum) within the shares' own rounding tail.

    A guard on the program's arithmetic: a published whole may differ from the sum of its
    parts within its tail, and the rules on 公布数 judge that gap, not this one.
    """
    shown = [part for part in parts if part.amount and part.rate is not None]
    if not shown or not whole:
        return None
    rates = sum((part.rate or ZERO for part in shown), ZERO)
    covered = sum((part.amount for part in shown), ZERO) * 100 / whole
    if abs(rates - covered) <= tolerance(len(shown)) * 10 ** (2 - places):
        return None
    return count_error("SHARE-SUM", position, (
        f"{where}：各部分占比之和为 {rates}%，按金额应为 {round(covered, places)}%，"
        "相差超过四舍五入尾差。这是程序错误，请报告维护者。"))


# --- 公布数: against the data and against each other (every kind) ------------------------


def named(ctx: Context, text: str) -> str:
    """``text`` with each ``{table id}`` replaced by the table's printed name."""
    return re.sub(r"\{(\w+)\}", lambda m: ctx.report.table_name(m.group(1)), text)


#: Rule ids every kind's 公布数 check reports besides its own, with what they check.
PUBLISHED_ROUNDING_RULE = {
    "PUBLISHED-ROUNDING":
        "公布数与按数据计算的数、公布的各表之间，只差四舍五入尾差（提示，报告按公布数印出）"}


def published_findings(ctx: Context,
                       against_data: Callable[[Context, Published], Finding | None],
                       identities: Iterable[Identity], identity_rules: Mapping[str, str]
                       ) -> Iterator[Finding]:
    """Each 公布数 against the cell computed from the data (``against_data``), and every
    identity (``identities``, worded by ``identity_rules``) with at least two 公布数 among
    its cells.

    A difference beyond the rounding tail is an error at the published figure. Those
    within it are the finance system's rounding: the report prints the published figures,
    and one piece of information (PUBLISHED-ROUNDING) lists them all.
    """
    printed: list[str] = []
    tails: list[str] = []
    for entry in ctx.report.published:
        finding = against_data(ctx, entry)
        if finding is None:
            continue
        if finding.severity is Severity.ERROR:
            yield finding
        else:  # within the rounding tail: printed as published
            computed = ctx.computed(entry.ref).value
            printed.append(f"{ctx.label(entry.ref)} {ctx.money(entry.amount)}（按数据计算 "
                           f"{ctx.money(computed)}）")
    for identity in identities:
        if sum(ref in ctx.published for ref in identity.refs) < 2:
            continue
        finding, summary = identity_finding(ctx, identity, identity_rules)
        if finding is None:
            continue
        if finding.severity is Severity.ERROR:
            yield finding
        else:
            tails.append(summary)
    if printed or tails:
        yield rounding_note(ctx, printed, tails)


def published_against_data(ctx: Context, entry: Published, rule_id: str, where: str
                           ) -> Finding | None:
    """A 公布数 against the cell computed from the data (None when they agree); ``where``
    names the data to check (第 12、15 行的支出明细)."""
    computed = ctx.computed(entry.ref)
    return judge(
        rule_id, entry.position, ctx.label(entry.ref), ("公布数", entry.amount),
        ("按数据计算", computed.value), max(computed.terms, 1),
        f"报告将印计算数 {ctx.money(computed.value)}：请核对{where}，或更正公布数。",
        per_term=ctx.tail)


def rounding_note(ctx: Context, printed: list[str], tails: list[str]) -> Finding:
    """The one piece of information on the finance system's rounding."""
    spread = len(getattr(ctx.report, "spread", {}))
    parts = []
    if printed:
        text = f"报告按公布数印出 {len(printed)} 个数：{'；'.join(printed)}"
        if spread:
            text += f"；同一个数在报告中另有 {spread} 处，一并按公布数印出"
        parts.append(text)
    if tails:
        parts.append(f"公布的报表之间有 {len(tails)} 处尾差：{'；'.join(tails)}")
    first = min((p.position for p in ctx.report.published),
                key=lambda position: (position.line, position.column))
    return Finding(first, Severity.INFO, "PUBLISHED-ROUNDING", (
        "财政系统按元汇总后逐项四舍五入，以下差异都在四舍五入尾差以内，属正常、无需处理。"
        + "。".join(parts) + "。"))


def identity_finding(ctx: Context, identity: Identity, identity_rules: Mapping[str, str]
                     ) -> tuple[Finding | None, str]:
    """The identity judged on the published (else printed) cells, and a one-line summary."""
    total = ctx.checked_cell(identity.total)
    parts = [(sign, ctx.checked_cell(ref)) for sign, ref in identity.parts]
    given = [f for f in (total, *(f for _, f in parts)) if f.position is not None]
    value = sum((sign * f.value for sign, f in parts), ZERO)
    terms = max(total.terms, sum(f.terms for _, f in parts))
    if len(parts) == 1:
        right: Side = (parts[0][1].label, value, parts[0][1].source)
        subject = "同一个数印在两处"
        advice = "同一个数在两处应完全相同：请对照财政系统报表核对这两处公布数。"
    else:
        lines = sorted({f.position.line for _, f in parts if f.position is not None})
        how = ("公布数，第 " + "、".join(map(str, lines)) + " 行" if lines else "按数据计算")
        if lines and any(f.position is None for _, f in parts):
            how += "；其余按数据计算"
        right = (named(ctx, identity.parts_text), value, how)
        subject = named(ctx, identity_rules[identity.rule])
        advice = "公布的报表本身不平：请对照财政系统报表核对这些公布数。"
    position = total.position or given[0].position
    assert position is not None
    finding = judge(identity.rule, position, subject, (total.label, total.value, total.source),
                    right, terms, advice, per_term=ctx.tail)
    summary = (f"{total.label} {ctx.money(total.value)}，{right[0]} {ctx.money(value)}，"
               f"相差 {ctx.money(abs(total.value - value))}")
    return finding, summary
