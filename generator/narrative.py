"""Narrative: phrase builders (changes, shares, completion rates) and number formats.

The builders do the arithmetic and choose the direction words (增加/减少, 增长/下降, 持平):
a document kind's derive step calls them once and stores the results as view-ready facts.
The templates decide the wording around them and print numbers with the formats below,
which ``generator.render.html`` registers as Jinja filters with the profile's number style.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from generator.money import percent, round_money
from generator.numbering import paren_number

#: A paragraph that already carries its own number: （一） (一) 一、 1. 1、 ① ….
_NUMBERED = re.compile(r"^\s*(（[一二三四五六七八九十]+）|\([一二三四五六七八九十]+\)|"
                       r"[一二三四五六七八九十]+、|\d+\s*[.、．]|[①-⑳])")


@dataclass(frozen=True)
class Change:
    """A change from last year to this year, with its direction words.

    ``verb`` is 增加/减少/持平, ``trend`` 增长/下降/持平; ``rate`` is None when last year
    was zero (a growth rate does not exist then).
    """

    amount: Decimal
    rate: Decimal | None
    verb: str
    trend: str

    @property
    def flat(self) -> bool:
        """True when this year equals last year."""
        return self.amount == 0


def change(current: Decimal, prior: Decimal, places: int = 2) -> Change:
    """The change from ``prior`` to ``current``: amount (absolute), rate and direction."""
    diff = current - prior
    if diff > 0:
        verb, trend = "增加", "增长"
    elif diff < 0:
        verb, trend = "减少", "下降"
    else:
        verb, trend = "持平", "持平"
    return Change(abs(diff), percent(abs(diff), prior, places), verb, trend)


@dataclass(frozen=True)
class Comparison:
    """This year's figure beside last year's (``prior`` None when not given), the change
    between them and the reason given for it."""

    current: Decimal
    prior: Decimal | None
    change: Change | None
    reason: str | None = None


def compare(current: Decimal, prior: Decimal | None, reason: str | None = None,
            places: int = 2) -> Comparison:
    """Compare this year with last year (no change when last year is not given)."""
    moved = None if prior is None else change(current, prior, places)
    return Comparison(current, prior, moved, reason)


@dataclass(frozen=True)
class Share:
    """A part of a whole: its name, amount and percentage (None when the whole is 0).

    ``always`` marks a part a sentence names even when it is zero (基本支出, 项目支出).
    """

    label: str
    amount: Decimal
    rate: Decimal | None
    always: bool = False


def share(label: str, part: Decimal, whole: Decimal, places: int = 2, *,
          always: bool = False) -> Share:
    """``part`` as a share of ``whole``."""
    return Share(label, part, percent(part, whole, places), always)


@dataclass(frozen=True)
class Completion:
    """An actual amount against its budget: 完成``basis``的 ``rate``% (None when the budget
    is 0, for then no rate exists). ``basis`` names the budget compared with (年初预算 or
    全年预算, the budget as adjusted during the year)."""

    budget: Decimal
    actual: Decimal
    rate: Decimal | None
    basis: str = "年初预算"

    @property
    def differs(self) -> bool:
        """True when the actual amount is not the budget."""
        return self.actual != self.budget

    def beyond(self, threshold: Decimal) -> bool:
        """True when the actual amount differs from the budget by more than ``threshold``
        percent of the budget; any difference from a budget of 0 is beyond it, and a
        threshold of 0 counts every difference."""
        gap = abs(self.actual - self.budget)
        if not gap:
            return False
        return not self.budget or gap * 100 > threshold * abs(self.budget)

    @property
    def relation(self) -> str:
        """How 决算 stands to 预算: 大于, 小于 or 持平."""
        if self.actual > self.budget:
            return "大于"
        return "小于" if self.actual < self.budget else "持平"


def completion(actual: Decimal, budget: Decimal, places: int = 2, basis: str = "年初预算"
               ) -> Completion:
    """How much of ``budget`` was spent."""
    return Completion(budget, actual, percent(actual, budget, places), basis)


def against(actual: Decimal, initial: Decimal, annual: Decimal | None, basis: str,
            places: int = 2) -> Completion:
    """``actual`` against the budget a profile compares with (``basis``: 年初预算 or
    全年预算). Without a 全年预算 the comparison is with 年初预算; a 年初预算 of 0 beside a
    全年预算 (a department set up during the year) is compared with the 全年预算."""
    if annual is not None and (basis == "全年预算" or initial == 0):
        return completion(actual, annual, places, "全年预算")
    return completion(actual, initial, places, "年初预算")


# --- number formats ------------------------------------------------------------------------


def format_amount(value: Decimal | None, thousands: bool = True, places: int = 2,
                  strip: bool = False) -> str:
    """An amount in 万元 rounded half-up to ``places`` decimals (``1,687.12``); None is
    empty. ``strip`` drops trailing zeros after the point (a 预算's sentences: 5209.0 →
    "5209", 0.20 → "0.2")."""
    if value is None:
        return ""
    value = round_money(value, places)
    text = f"{value:,.{places}f}" if thousands else f"{value:.{places}f}"
    if strip and "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def format_cell(value: Decimal | None, thousands: bool = True, zero: str = "",
                places: int = 2) -> str:
    """A table cell: like format_amount, but what rounds to zero prints as ``zero``."""
    if value is None or round_money(value, places) == 0:
        return zero
    return format_amount(value, thousands, places)


def format_percent(value: Decimal | None, strip_zeros: bool = False) -> str:
    """A percentage as computed (its decimals) with the % sign; None prints as empty.
    ``strip_zeros`` drops trailing zeros after the point (湖北: 104.0 → "104%", 91.6 →
    "91.6%")."""
    if value is None:
        return ""
    if strip_zeros and "." in str(value):
        return f"{str(value).rstrip('0').rstrip('.')}%"
    return f"{value}%"


def format_score(value: Decimal | None) -> str:
    """A score as written (no trailing zeros beyond what was entered); None is empty."""
    if value is None:
        return ""
    return f"{value.normalize():f}" if value == value.to_integral() else str(value)


def numbered(paragraphs: Sequence[str], number: Callable[[int], str] = paren_number
             ) -> tuple[tuple[str, str], ...]:
    """Paragraphs of a list with the numbers to print before them (``number``: （一）（二）…
    by default) when there are several and none carries its own number; a first paragraph
    that introduces the list (it ends with ：) is not numbered. A single paragraph, or
    paragraphs numbered by their author, print as written."""
    if any(_NUMBERED.match(text) for text in paragraphs):
        return tuple(("", text) for text in paragraphs)
    preamble = 1 if paragraphs and paragraphs[0].rstrip().endswith(("：", ":")) else 0
    items = paragraphs[preamble:]
    if len(items) < 2:
        return tuple(("", text) for text in paragraphs)
    return (tuple(("", text) for text in paragraphs[:preamble])
            + tuple((number(i), text) for i, text in enumerate(items, 1)))


def class_label(name: str) -> str:
    """A 类 name without its trailing 支出, for “一般公共服务（类）支出”."""
    return name[:-2] if name.endswith("支出") and len(name) > 2 else name


def join_names(names: Iterable[str]) -> str:
    """Names joined with the enumeration comma: 基本工资、奖金."""
    return "、".join(names)


def sentence(text: str | None) -> str:
    """Free text from the YAML as a sentence: stripped, ending in 。 (added if missing)."""
    if not text:
        return ""
    text = text.strip()
    return text if text[-1] in "。！？；…）)”\"" else text + "。"


def clause(text: str | None) -> str:
    """Free text from the YAML as a clause inside a sentence: stripped, without the 。 or
    ； that would end it (a reason followed by “；” and the next clause)."""
    if not text:
        return ""
    return text.strip().rstrip("。；;.").rstrip()
