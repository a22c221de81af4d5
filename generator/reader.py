"""Typed readers of located YAML values: text, amount, count, code, choice, month ….

A :class:`Reader` reads one file's fields and collects, instead of raising, a Chinese
finding for each mistake at its file:line:col — naming the field, the value found and
what to write instead — so that one run lists every error. each document kind's ``schema`` uses it
to build the Department model.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from decimal import Decimal

from generator.findings import Finding, Position, Severity
from generator.load import Mapping, Scalar, Sequence, Value
from generator.money import ZERO

AMOUNT = re.compile(r"^\d+(\.\d+)?$")

#: The most digits before the point an amount in 万元 may have (a trillion 万元); an amount
#: in 元 may have four more. Beyond it the figure is a typing mistake, not a budget.
MAX_AMOUNT_DIGITS = 12

#: The most digits a count (vehicles, groups, persons, projects) may have.
MAX_COUNT_DIGITS = 9
INT = re.compile(r"^\d+$")
_MONTH = re.compile(r"^(\d{4})[-年./](\d{1,2})月?$")
_DAY = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")
_LEADING_ZERO = re.compile(r"^0\d")


class Reader:
    """Collects findings while reading one file."""

    def __init__(self) -> None:
        self.findings: list[Finding] = []
        self.positions: dict[str, Position] = {}
        #: 金额单位 of the file's amounts, and how many of it make one 万元.
        self.unit = "万元"
        self.per_wan = 1

    def error(self, pos: Position, rule: str, message: str) -> None:
        """Record an ERROR finding at ``pos``."""
        self.findings.append(Finding(pos, Severity.ERROR, rule, message))

    # --- structure -------------------------------------------------------------------

    def mapping(self, value: Value | None, where: str, keys: dict[str, str]) -> Mapping | None:
        """Check ``value`` is a mapping whose keys are all known; report unknown ones."""
        if value is None or (isinstance(value, Scalar) and value.null):
            return None
        if not isinstance(value, Mapping):
            self.error(value.position, "TYPE-MAPPING",
                       f"“{where}”应为若干“字段: 值”（映射），这里写成了{shape(value)}。")
            return None
        for key, pos in value.key_positions.items():
            if key not in keys:
                hint = "、".join(keys)
                self.error(pos, "FIELD-UNKNOWN",
                           f"“{where}”下没有字段“{key}”。可用字段：{hint}。请检查是否写错了字。")
        return value

    def sequence(self, value: Value | None, where: str) -> list[Value]:
        """Check ``value`` is a list; None/empty gives an empty list."""
        if value is None or (isinstance(value, Scalar) and value.null):
            return []
        if not isinstance(value, Sequence):
            self.error(value.position, "TYPE-LIST",
                       f"“{where}”应为列表（每项以“- ”开头），这里写成了{shape(value)}。")
            return []
        return value.items

    def scalar(self, value: Value | None, where: str) -> Scalar | None:
        """``value`` as a single value; None (with a finding when it is a list or mapping)."""
        if value is None or (isinstance(value, Scalar) and value.null):
            return None
        if not isinstance(value, Scalar):
            self.error(value.position, "TYPE-SCALAR",
                       f"“{where}”应为单个值，这里写成了{shape(value)}。")
            return None
        return value

    def required(self, mapping: Mapping, key: str, where: str) -> Value | None:
        """``mapping[key]``; a FIELD-REQUIRED finding (and None) when absent or empty."""
        value = mapping.entries.get(key)
        if value is None or (isinstance(value, Scalar) and value.null):
            pos = mapping.key_positions.get(key, mapping.position)
            self.error(pos, "FIELD-REQUIRED", f"缺少必填字段“{where}”：请补上。")
            return None
        return value

    # --- scalars ---------------------------------------------------------------------

    def text(self, value: Value | None, where: str) -> str | None:
        """Text as written, stripped; None when absent."""
        s = self.scalar(value, where)
        if s is None:
            return None
        return s.text.strip()

    def paragraphs(self, value: Value | None, where: str) -> tuple[str, ...]:
        """One text or a list of texts, as paragraphs (empty ones left out)."""
        if isinstance(value, Scalar) and not value.null:
            return (value.text.strip(),)
        out = []
        for i, item in enumerate(self.sequence(value, where), 1):
            text = self.text(item, f"{where} 第 {i} 段")
            if text:
                out.append(text)
        return tuple(out)

    def amount(self, value: Value | None, where: str, default: Decimal | None = ZERO
               ) -> Decimal | None:
        """An amount in the file's 金额单位, as exact 万元: a plain number with at most two
        decimals, not quoted, not negative, no thousands separator, no leading zero."""
        s = self.scalar(value, where)
        if s is None:
            return default
        text = s.text.strip()
        if s.quoted and AMOUNT.match(text):
            self.error(s.position, "AMOUNT-FORMAT",
                       f"“{where}”写成了带引号的“{text}”：金额是数字，请去掉引号，写 {text}。")
            return default
        if _LEADING_ZERO.match(text):
            self.error(s.position, "AMOUNT-FORMAT",
                       f"“{where}”写成了“{text}”：金额不能以 0 开头（YAML 1.1 会把 010 读成八进制"
                       f"的 8），请写 {_strip_zeros(text)}。")
            return default
        if s.quoted or not AMOUNT.match(text):
            if text.startswith("-") and AMOUNT.match(text[1:]):
                self.error(s.position, "AMOUNT-NEGATIVE",
                           f"“{where}”为负数 {text}：金额不能为负。"
                           "如为冲减，请核对原始数据后填写实际金额。")
            elif "," in text and AMOUNT.match(text.replace(",", "")):
                self.error(s.position, "AMOUNT-FORMAT",
                           f"“{where}”写成了“{text}”：金额不要加千分位逗号，"
                           f"请写 {text.replace(',', '')}。")
            else:
                self.error(s.position, "AMOUNT-FORMAT",
                           f"“{where}”应为金额（{self.unit}，如 1687.12），这里写成了“{text}”。")
            return default
        whole_digits = len(text.partition(".")[0])
        if whole_digits > MAX_AMOUNT_DIGITS + (len(str(self.per_wan)) - 1):
            self.error(s.position, "AMOUNT-RANGE",
                       f"“{where}”为 {text}，有 {whole_digits} 位整数：超出一个部门的金额范围"
                       f"（{self.unit}），请核对是否多写了数字或选错了“金额单位”。")
            return default
        amount = Decimal(text)
        if -amount.as_tuple().exponent > 2:  # type: ignore[operator]
            self.error(s.position, "AMOUNT-DECIMALS",
                       f"“{where}”为 {text}，超过两位小数：金额以{self.unit}计、保留两位小数，"
                       "请按四舍五入填写（如 12.35）。")
            return default
        amount = amount.quantize(Decimal("0.01"))
        # Amounts entered in 元 become exact 万元 (up to six decimals); printing rounds them.
        return amount if self.per_wan == 1 else amount / self.per_wan

    def score(self, value: Value | None, where: str) -> Decimal | None:
        """A score (分值, 得分), or None when absent: written as an amount, but 金额单位
        does not apply to it (90 分 is 90 in a file kept in 元)."""
        unit, per_wan = self.unit, self.per_wan
        self.unit, self.per_wan = "分", 1
        try:
            return self.amount(value, where, None)
        finally:
            self.unit, self.per_wan = unit, per_wan

    def optional_amount(self, value: Value | None, where: str) -> Decimal | None:
        """An amount, or None when the field is absent (not the same as 0)."""
        return self.amount(value, where, None)

    def optional_count(self, value: Value | None, where: str) -> int | None:
        """A count, or None when the field is absent (not the same as 0)."""
        return self.count(value, where, None)

    def count(self, value: Value | None, where: str, default: int | None = 0) -> int | None:
        """A non-negative whole number (counts of vehicles, groups, persons …)."""
        s = self.scalar(value, where)
        if s is None:
            return default
        text = s.text.strip()
        if _LEADING_ZERO.match(text):
            self.error(s.position, "COUNT-FORMAT",
                       f"“{where}”写成了“{text}”：数字不能以 0 开头（YAML 1.1 会把 010 读成八进制"
                       f"的 8），请写 {_strip_zeros(text)}。")
            return default
        if s.quoted or not INT.match(text):
            self.error(s.position, "COUNT-FORMAT",
                       f"“{where}”应为不带小数的非负整数（个数、人次、辆），这里写成了“{text}”。")
            return default
        if len(text) > MAX_COUNT_DIGITS:
            self.error(s.position, "COUNT-RANGE",
                       f"“{where}”为 {text}：超出合理范围"
                       f"（至多 {MAX_COUNT_DIGITS} 位数），请核对。")
            return default
        return int(text)

    def boolean(self, value: Value | None, where: str) -> bool:
        """true/false (是/否); yes, no, on, off are refused, never guessed."""
        s = self.scalar(value, where)
        if s is None:
            return False
        text = s.text.strip().lower()
        if text in ("true", "是"):
            return True
        if text in ("false", "否"):
            return False
        trap = ("（yes/no/on/off 在不同 YAML 版本中含义不同，这里不猜测）"
                if text in ("yes", "no", "on", "off", "y", "n") else "")
        self.error(s.position, "BOOL-FORMAT",
                   f"“{where}”应写 true 或 false，这里写成了“{s.text}”{trap}。")
        return False

    def code(self, value: Value | None, where: str, lengths: tuple[int, ...]) -> str | None:
        """A quoted classification code of one of ``lengths`` digits."""
        s = self.scalar(value, where)
        if s is None:
            return None
        text = s.text.strip()
        allowed = "或".join(f"{n} 位" for n in lengths)
        if not INT.match(text) or len(text) not in lengths:
            self.error(s.position, "CODE-FORMAT",
                       f"“{where}”应为 {allowed}数字编码，这里写成了“{text}”。")
            return None
        if not s.quoted:
            self.error(s.position, "CODE-QUOTE",
                       f"“{where}” {text} 没有加引号：科目编码是文字，请写成 \"{text}\"，"
                       "以免被当作数字读取（如 010 会被读成 8）。")
        return text

    def choice(self, value: Value | None, where: str, options: tuple[str, ...]) -> str | None:
        """One of ``options``."""
        text = self.text(value, where)
        if text is None:
            return None
        if text not in options:
            pos = value.position if value is not None else Position("", 0, 0)
            self.error(pos, "FIELD-CHOICE",
                       f"“{where}”写成了“{text}”，应为以下之一：{'、'.join(options)}。")
            return None
        return text

    def month(self, value: Value | None, where: str) -> tuple[int, int] | None:
        """A month written 2024-09 (or 2024年9月): (year, month)."""
        text = self.text(value, where)
        if text is None:
            return None
        match = _MONTH.match(text)
        if not match or not 1 <= int(match.group(2)) <= 12:
            assert value is not None
            self.error(value.position, "DATE-FORMAT",
                       f"“{where}”应写成 年-月（如 2024-09），这里写成了“{text}”。")
            return None
        return int(match.group(1)), int(match.group(2))

    def date(self, value: Value | None, where: str) -> tuple[int, ...] | None:
        """A month (2024-09) or a day (2024-10-31, 2024年10月31日): (year, month) or
        (year, month, day)."""
        text = self.text(value, where)
        if text is None:
            return None
        match = _DAY.match(text)
        if match:
            try:
                day = datetime.date(*(int(part) for part in match.groups()))
            except ValueError:
                day = None
            if day is not None:
                return day.year, day.month, day.day
            assert value is not None
            self.error(value.position, "DATE-FORMAT",
                       f"“{where}”的日期“{text}”不存在：请核对年、月、日。")
            return None
        return self.month(value, where)

    def fields(self, mapping: Mapping | None, keys: dict[str, str], where: str,
               readers: dict[str, Callable[[Value | None, str], object]]) -> dict[str, object]:
        """Read each present key of ``mapping`` with its reader → {attribute: value}."""
        out: dict[str, object] = {}
        if mapping is None:
            return out
        for key, value in mapping.entries.items():
            attr = keys.get(key)
            if attr is None or attr not in readers:
                continue
            result = readers[attr](value, f"{where}.{key}")
            if result is not None:
                out[attr] = result
        return out


def _strip_zeros(text: str) -> str:
    stripped = text.lstrip("0")
    return "0" + stripped if not stripped or stripped.startswith(".") else stripped


def shape(value: Value) -> str:
    if isinstance(value, Mapping):
        return "映射（字段: 值）"
    if isinstance(value, Sequence):
        return "列表"
    return f"“{value.text}”"
