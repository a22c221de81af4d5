"""Numbering: part, section and table numbers, computed once from a profile's order.

A profile lists the parts of the report, the sections of each part (with their
sub-sections) and the tables, in order; :class:`Outline` numbers them (第一部分, 一、,
（一）, 公开01表) and names them for check messages (``第三部分 五（二）``). Templates and
the checker both read the same Outline, so dropping or adding a section renumbers the
rest without editing them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

_DIGITS = "〇一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 26 → 二十六 (for numbers up to 99)."""
    if not 0 < n < 100:
        raise ValueError(f"number out of range: {n}")
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _DIGITS[tens] + "十")
    return head + (_DIGITS[ones] if ones else "")


def chinese_year(year: int) -> str:
    """2024 → 二〇二四 (digit by digit, as on a cover)."""
    return "".join(_DIGITS[int(d)] for d in str(year))


def part_number(n: int) -> str:
    """3 → 第三部分."""
    return f"第{chinese_number(n)}部分"


def paren_arabic(position: int) -> str:
    """（1）（2）…: the n-th item of a list inside a numbered item."""
    return f"（{position}）"


def item_number(n: int) -> str:
    """3 → "3." and an en space: the number of a numbered paragraph (the en space is never
    stretched by justification, so no wide gap opens after the number)."""
    return f"{n}.\u2002"


def paren_number(n: int) -> str:
    """2 → （二）, the number of a sub-section or of a numbered paragraph."""
    return f"（{chinese_number(n)}）"


def circled_number(n: int) -> str:
    """3 → ③ (for numbers 1 to 20)."""
    if not 0 < n <= 20:
        raise ValueError(f"number out of range: {n}")
    return chr(0x2460 + n - 1)


#: How the paragraphs of a list may be numbered (a profile's 职责编号), by example.
LIST_NUMBERS: dict[str, Callable[[int], str]] = {
    "（一）": paren_number,
    "1.": item_number,
    "①": circled_number,
}


@dataclass(frozen=True)
class Section:
    """A numbered section of a part: 五、 with its sub-sections （一）（二）…."""

    id: str
    index: int
    subsections: tuple[str, ...] = ()

    @property
    def number(self) -> str:
        """The section's number as printed before its title: 五."""
        return chinese_number(self.index)

    def has(self, subsection: str) -> bool:
        """True when the profile prints this sub-section."""
        return subsection in self.subsections

    def sub(self, subsection: str) -> str:
        """The printed number of a sub-section: （二）."""
        return paren_number(self.subsections.index(subsection) + 1)


@dataclass(frozen=True)
class Part:
    """A part of the report (第三部分) and its sections in order."""

    id: str
    index: int
    sections: tuple[Section, ...] = ()

    @property
    def number(self) -> str:
        """第三部分."""
        return part_number(self.index)

    def section(self, section: str) -> Section:
        """The section ``section`` of this part."""
        return next(s for s in self.sections if s.id == section)

    def has(self, section: str) -> bool:
        """True when the profile prints this section."""
        return any(s.id == section for s in self.sections)


@dataclass(frozen=True)
class TableNumber:
    """A table's place in the report: its position, printed code (公开01表) and title."""

    id: str
    index: int
    code: str
    title: str

    @property
    def name(self) -> str:
        """How the report names the table: its code, or its title when it prints none."""
        return self.code or self.title

    @property
    def number(self) -> str:
        """The table's position as a Chinese number: 一 (for “一、收入支出决算总表”)."""
        return chinese_number(self.index)


@dataclass(frozen=True)
class Outline:
    """Every number of the report's structure, from the profile's order of things."""

    parts: tuple[Part, ...]
    tables: tuple[TableNumber, ...]

    def part(self, part: str) -> Part:
        """The part ``part`` (KeyError when the profile has no such part)."""
        for candidate in self.parts:
            if candidate.id == part:
                return candidate
        raise KeyError(part)

    def table(self, table: str) -> TableNumber:
        """The numbering of table ``table``."""
        for candidate in self.tables:
            if candidate.id == table:
                return candidate
        raise KeyError(table)

    def ref(self, part: str, section: str | None = None, subsection: str | None = None
            ) -> str:
        """Where something is printed, for messages: ``第三部分 五（二）``.

        A section the profile does not print is named by its part alone, a part it does
        not print by nothing ("").
        """
        try:
            found = self.part(part)
        except KeyError:
            return ""
        text = found.number
        if section is not None and found.has(section):
            sec = found.section(section)
            text += f" {sec.number}"
            if subsection is not None and subsection in sec.subsections:
                text += sec.sub(subsection)
        return text


SectionSpec = str | Mapping[str, Sequence[str]]


def build_outline(parts: Sequence[str], sections: Mapping[str, Sequence[SectionSpec]],
                  tables: Sequence[str], table_code: str,
                  titles: Mapping[str, str]) -> Outline:
    """Number the parts, their sections and the tables in the order given.

    ``sections`` maps a part to its sections, each a section id or a one-key mapping of a
    section id to its sub-section ids. ``table_code`` is a printf format of the table's
    position (``公开%02d表``; empty when the report prints no codes); ``titles`` maps a
    table id to its title.
    """
    numbered: list[Part] = []
    for index, part in enumerate(parts, 1):
        entries: list[Section] = []
        for position, spec in enumerate(sections.get(part, ()), 1):
            if isinstance(spec, str):
                entries.append(Section(spec, position))
            else:
                ((name, subs),) = spec.items()
                entries.append(Section(name, position, tuple(subs)))
        numbered.append(Part(part, index, tuple(entries)))
    numbers = tuple(TableNumber(table, index, table_code % index if table_code else "",
                                titles[table])
                    for index, table in enumerate(tables, 1))
    return Outline(tuple(numbered), numbers)
