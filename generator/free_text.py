"""Free text that contradicts the data: the checks every document kind runs on what the
department wrote in its own words (职责, 机构设置, reasons, 绩效 text, 名词解释 …).

Each kind lists its free-text fields with their YAML paths (:class:`FreeText`) and the
computed figures a text may name (:class:`Figures`); :func:`free_text_findings` then looks,
in each text, for

- **numbers naming a computed figure** (``TEXT-NUMBER``): a self-evaluation score
  (“自评结果为77.29分”, “，得分96.8分”) that is none of the annex's 自评 totals; an amount
  in 万元 right after a known label (“收入合计”, “支出合计”, “收支总计”, “‘三公’经费支出”,
  “机关运行经费”) that is not the computed amount at the decimals written; a count of
  projects (“共3个项目”) that is not the number of projects;
- **years** (``TEXT-YEAR``) other than the report's and the year before (and, for a 预算,
  the year after): four digits 2000–2099 followed by 年, not the end of a range
  (“2018-2020年”), once per text — last year's wording that slipped through;
- **repeated words** (``TEXT-REPEAT``): a word of two or more characters immediately
  doubled (“支出支出”, “主要原因主要原因是”; not 一个一个), or “的的”. Other doubled
  single characters are left alone: across word boundaries they are everyday Chinese.

Every finding is a WARNING at the text's line. The patterns are few on purpose: a text that
says something else in other words is not checked (docs/data-format.md lists the limits).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from generator.findings import Finding, Severity
from generator.money import round_money
from generator.narrative import format_score
from generator.rulebook import Check, Context, rule

#: The rule ids of the free-text checks, with what they check (each kind registers them).
RULES: dict[str, str] = {
    "TEXT-NUMBER": "文字中写出的得分、金额（收入合计、支出合计、收支总计、“三公”经费、"
                   "机关运行经费）、项目个数 = 按数据计算的数",
    "TEXT-YEAR": "文字中的年份应为报告年度或上一年度（预算还可为下一年度），否则可能是旧文字",
    "TEXT-REPEAT": "文字中没有重复的词（“支出支出”“的的”）",
}


@dataclass(frozen=True)
class FreeText:
    """A text the department wrote: its dotted YAML path (where it stands, and how the
    message names it) and the text. ``dated`` is False where old years are the subject
    (机构设置 tells when the institution was set up)."""

    path: str
    text: str
    dated: bool = True


@dataclass(frozen=True)
class Figures:
    """The computed figures free text may name: the years a text may speak of, the
    annex's self-evaluation totals, amounts by label (keys of :data:`AMOUNT_LABELS`) and
    the number of projects (None when the data does not count them)."""

    years: frozenset[int]
    scores: tuple[Decimal, ...] = ()
    amounts: Mapping[str, Decimal] = field(default_factory=dict)
    projects: int | None = None


_CJK = "\u4e00-\u9fff"
_NUMBER = r"(\d[\d,]*(?:\.\d+)?)"
#: Where a label starts: not inside a longer word (项目支出合计 is not 支出合计), except
#: after the year it belongs to (2023年度收入合计, 本年支出合计).
_START = rf"(?:(?<![{_CJK}])|(?<=[年度]))"

#: The labels an amount may follow, by the key of :attr:`Figures.amounts`.
AMOUNT_LABELS: dict[str, str] = {
    "收入合计": r"(?:本年)?收入合计",
    "支出合计": r"(?:本年)?支出合计",
    "收支总计": r"收、?支总计(?:均|各)?",
    "“三公”经费": r"[“\"]?三公[”\"]?经费(?:财政拨款)?(?:支出)?(?:决算数?)?",
    "机关运行经费": r"(?:机关运行经费|机构运转经费)(?:支出)?",
}
_AMOUNTS = {key: re.compile(rf"{_START}{label}(?:为|共|是)?\s*{_NUMBER}\s*万元")
            for key, label in AMOUNT_LABELS.items()}
_SCORE = re.compile(rf"(?:自评结果为?|自评(?:总)?得分为?|综合得分为?|总得分为?"
                    rf"|(?<![{_CJK}])得分为?)\s*(\d+(?:\.\d+)?)\s*分")
_PROJECTS = re.compile(r"共\s*(\d+)\s*个(?:预算)?项目")
#: A year 2000–2099 followed by 年, not the end of a range (2018-2020年, 2018至2020年).
_YEAR = re.compile(r"(?<![\d\-—–~～至到])(20\d\d)(?=\s*年)")
_REPEATED_WORD = re.compile(rf"([{_CJK}]{{2,}})\1")
#: A doubled 的, but not 目的的 (目的 + 的) nor 的的确确. Other doubled characters are not
#: checked: across word boundaries they are everyday Chinese (专业业务, 在职职工, 派驻驻村,
#: 公务用车车辆 in the seeds), and reduplications are on purpose (常常, 人人, 天天, 紧紧).
_DOUBLED_DE = re.compile(r"(?<![目端])(的)\1(?!确)")
#: Doubled words written on purpose: one by one (一个一个, 一步一步 …).
_ON_PURPOSE = re.compile(r"^一")


def stated_number(text: str) -> Decimal:
    """A number as written in a text (thousands separators dropped)."""
    return Decimal(text.replace(",", ""))


def _decimals(number: Decimal) -> int:
    exponent = number.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def number_findings(text: str, figures: Figures) -> Iterator[str]:
    """What a text states that disagrees with a computed figure, one sentence each."""
    if figures.scores:
        for match in _SCORE.finditer(text):
            score = stated_number(match.group(1))
            if all(score != total for total in figures.scores):
                totals = "、".join(format_score(total) for total in figures.scores)
                yield (f"写“{match.group(0)}”，附件的自评表总分为 {totals}，"
                       f"没有 {format_score(score)} 分")
    for key, pattern in _AMOUNTS.items():
        if key not in figures.amounts:
            continue
        computed = figures.amounts[key]
        for match in pattern.finditer(text):
            stated = stated_number(match.group(1))
            places = _decimals(stated)
            if round_money(computed, places) != stated:
                yield (f"写“{match.group(0)}”，按数据计算的{key}为 "
                       f"{round_money(computed, max(places, 2))} 万元")
    if figures.projects is not None:
        for match in _PROJECTS.finditer(text):
            if int(match.group(1)) != figures.projects:
                yield f"写“{match.group(0)}”，数据中共有 {figures.projects} 个项目"


def stale_years(text: str, years: frozenset[int]) -> list[int]:
    """The years a text names (20xx年) that are not among ``years``, in order, once each."""
    found = [int(match.group(1)) for match in _YEAR.finditer(text)]
    return sorted({year for year in found if year not in years}, key=found.index)


def repeated_words(text: str) -> list[str]:
    """Words doubled by mistake (支出支出, 主要原因主要原因, 的的), in order, once each."""
    found: list[str] = []
    for pattern in (_REPEATED_WORD, _DOUBLED_DE):
        for match in pattern.finditer(text):
            doubled = match.group(1) * 2
            if not _ON_PURPOSE.match(doubled) and doubled not in found:
                found.append(doubled)
    return found


def free_text_findings(ctx: Context, texts: Iterable[FreeText], figures: Figures
                       ) -> Iterator[Finding]:
    """Every free-text finding of a report, each a WARNING at its text's line."""
    allowed = "、".join(str(year) for year in sorted(figures.years))
    for item in texts:
        position = ctx.at(item.path)
        for problem in number_findings(item.text, figures):
            yield Finding(position, Severity.WARNING, "TEXT-NUMBER", (
                f"“{item.path}”{problem}：请核对这段文字（是否沿用了旧文字或写错了数）。"))
        stale = stale_years(item.text, figures.years) if item.dated else []
        if stale:
            named = "、".join(f"{year}年" for year in stale)
            yield Finding(position, Severity.WARNING, "TEXT-YEAR", (
                f"“{item.path}”写到 {named}，本报告只涉及 {allowed} 年：可能是往年的文字"
                "没有更新，请核对。"))
        doubled = repeated_words(item.text)
        if doubled:
            named = "、".join(f"“{word}”" for word in doubled)
            yield Finding(position, Severity.WARNING, "TEXT-REPEAT", (
                f"“{item.path}”中有重复的词 {named}：请删去多余的字。"))


def free_text_rule(texts: Callable[[Any], Iterable[FreeText]],
                   figures: Callable[[Any], Figures]) -> Check:
    """The rule of a kind checking its free text (``texts`` of its department) against
    its figures (``figures`` of its report): TEXT-NUMBER, TEXT-YEAR, TEXT-REPEAT."""

    @rule(**{rule_id.replace("-", "_"): text for rule_id, text in RULES.items()})
    def free_text_checks(ctx: Context) -> Iterator[Finding]:
        """Free text against the data: numbers naming a computed figure, stale years,
        repeated words."""
        yield from free_text_findings(ctx, texts(ctx.report.department), figures(ctx.report))

    return free_text_checks


def given(path: str, text: str | None, *, dated: bool = True) -> Iterator[FreeText]:
    """The text at ``path`` when one was written."""
    if text:
        yield FreeText(path, text, dated)


def paragraphs(positions: Mapping[str, object], key: str, texts: Iterable[str], *,
               dated: bool = True) -> Iterator[FreeText]:
    """The paragraphs of ``key``: at ``key[1]`` … when it was written as a list, else at
    ``key`` itself (one text)."""
    listed = f"{key}[1]" in positions
    for i, text in enumerate(texts, 1):
        yield FreeText(f"{key}[{i}]" if listed else key, text, dated)


def glossary_definitions(glossary: Iterable[tuple[str, str]] | None,
                         extra: Iterable[tuple[str, str]]) -> Iterator[FreeText]:
    """The definitions of 名词解释 and 名词解释补充 (both kinds write them alike)."""
    for key, terms_given in (("名词解释", glossary or ()), ("名词解释补充", extra)):
        for i, (_, definition) in enumerate(terms_given, 1):
            yield from given(f"{key}[{i}].解释", definition)
