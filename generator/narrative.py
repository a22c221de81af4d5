"""Narrative: phrase builders and number formats the templates call.

The templates decide the wording; these functions decide the arithmetic and the direction
words (增加/减少, 增长/下降, 持平) and how a number is printed. They are registered as Jinja
filters and globals by ``generator.render.html``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from generator.money import percent, round_money

_DIGITS = "〇一二三四五六七八九"


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


def change(current: Decimal, prior: Decimal) -> Change:
    """The change from ``prior`` to ``current``: amount (absolute), rate and direction."""
    diff = current - prior
    if diff > 0:
        verb, trend = "增加", "增长"
    elif diff < 0:
        verb, trend = "减少", "下降"
    else:
        verb, trend = "持平", "持平"
    return Change(abs(diff), percent(abs(diff), prior), verb, trend)


def share(part: Decimal, whole: Decimal) -> Decimal | None:
    """``part`` as a percentage of ``whole``; None when the whole is zero."""
    return percent(part, whole)


def completion(actual: Decimal, budget: Decimal) -> Decimal | None:
    """完成预算的百分比; None when the budget is zero (no rate can be stated)."""
    return percent(actual, budget)


def format_amount(value: Decimal | None, thousands: bool = True) -> str:
    """An amount in 万元 rounded half-up to two decimals (``1,687.12``); None is empty."""
    if value is None:
        return ""
    value = round_money(value)
    return f"{value:,.2f}" if thousands else f"{value:.2f}"


def format_cell(value: Decimal | None, thousands: bool = True, zero: str = "") -> str:
    """A table cell: like format_amount, but what rounds to zero prints as ``zero``."""
    if value is None or round_money(value) == 0:
        return zero
    return format_amount(value, thousands)


def format_percent(value: Decimal | None) -> str:
    """A percentage with two decimals and the % sign; None prints as empty."""
    return "" if value is None else f"{value:.2f}%"


def format_score(value: Decimal | None) -> str:
    """A score as written (no trailing zeros beyond what was entered); None is empty."""
    if value is None:
        return ""
    return f"{value.normalize():f}" if value == value.to_integral() else str(value)


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 26 → 二十六 (for section numbers up to 99)."""
    if not 0 < n < 100:
        raise ValueError(f"section number out of range: {n}")
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _DIGITS[tens] + "十")
    return head + (_DIGITS[ones] if ones else "")


def chinese_year(year: int) -> str:
    """2024 → 二〇二四 (digit by digit, as on a cover)."""
    return "".join(_DIGITS[int(d)] for d in str(year))


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
