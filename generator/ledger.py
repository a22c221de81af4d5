"""The completeness ledger: every element a published report must contain, judged from
the report's model as present (已有), not applicable (不适用, with the reason the data
gives) or missing (缺少, an error at the YAML field to fill).

What a report must contain is data, not code: the kind's ``base/ledger.yaml`` lists the
elements (element id → ``名称``, ``判定``, ``对象``, ``位置``, ``字段``), and every folder
on a profile's search path may change that list with a ``ledger.yaml`` of its own — a
mapping merged over an element (another name, other places or fields), a new element, or
``不要求: <reason>`` for an element the region does not print (the ledger then shows it
as 不适用 with that reason, never as present).

Each element names its **judge** (``判定``), a function of its document kind
(``generator.kinds.<kind>.ledger.JUDGES``) that reads the derived report — the facts and
tables the templates print — and returns a :class:`Verdict`. An element whose places
(``位置``: ``part``, ``part.section``, ``part.section.subsection`` or ``tables.<table>``)
are all absent from the report's structure (部分顺序, 章节, 表格顺序) is missing whatever
its data, at the setting that dropped it. A judge that does not exist is refused when
the ledger is read, so nothing is ever present for want of a check.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from functools import cache
from pathlib import Path
from typing import Any

from generator.findings import Finding, InputError, Position, Severity
from generator.load import Mapping as MappingValue
from generator.load import Scalar, Value, load_file
from generator.reader import Reader, shape
from generator.rulebook import Check, Context, rule

#: The file of a kind's (or a profile's) ledger, in its template folder.
LEDGER_FILE = "ledger.yaml"

#: The keys of an element in a ledger.yaml.
ELEMENT_KEYS: dict[str, str] = {"名称": "name", "判定": "judge", "对象": "target",
                                "位置": "places", "字段": "fields", "不要求": "exempt"}


class Status(Enum):
    """How an element stands in a report."""

    PRESENT = "已有"
    NOT_APPLICABLE = "不适用"
    MISSING = "缺少"


@dataclass(frozen=True)
class Verdict:
    """A judge's finding on one element: its status, the reason read from the data, and
    for a missing element the YAML field to fill."""

    status: Status
    reason: str
    field: str | None = None


def present(reason: str) -> Verdict:
    """The report prints the element (``reason``: what it prints, from the data)."""
    return Verdict(Status.PRESENT, reason)


def not_applicable(reason: str) -> Verdict:
    """The data says the element does not apply (``reason``: why, never empty)."""
    return Verdict(Status.NOT_APPLICABLE, reason)


def missing(reason: str, field: str) -> Verdict:
    """The report lacks the element; ``field`` is the YAML field that would give it."""
    return Verdict(Status.MISSING, reason, field)


@dataclass(frozen=True)
class Element:
    """An element a report must contain, as its ledger.yaml declares it.

    ``judge`` names the kind's function that judges it, ``target`` what that judge looks
    at (a table id, a fact), ``places`` where the report may print it, ``fields`` the YAML
    fields that give it (the first is where a missing element is reported), ``exempt``
    why the region does not require it (None when it does).
    """

    id: str
    name: str
    judge: str
    target: str
    places: tuple[str, ...]
    fields: tuple[str, ...]
    exempt: str | None
    position: Position

    @property
    def field(self) -> str:
        """The field a missing element is reported at ("" when it names none)."""
        return self.fields[0] if self.fields else ""


#: A judge: the report and the element → the verdict.
Judge = Callable[[Any, Element], Verdict]


@dataclass(frozen=True)
class LedgerEntry:
    """One line of a report's ledger: the element, its status, the reason, where the
    report prints it, and for a missing element the field to fill and where it is."""

    element: Element
    status: Status
    reason: str
    where: str = ""
    field: str | None = None
    position: Position | None = None

    @property
    def message(self) -> str:
        """The LEDGER-MISSING message of a missing entry."""
        where = f"（{self.where}）" if self.where else ""
        text = f"报告缺少“{self.element.name}”{where}：{self.reason}。"
        if self.field and not self.field.startswith("设置"):
            text += f"请在“{self.field}”中填写。"
        return text

    def as_dict(self) -> dict[str, object]:
        """The entry as plain data (for ``--format json``)."""
        found: dict[str, object] = {"id": self.element.id, "element": self.element.name,
                                    "status": self.status.value, "reason": self.reason,
                                    "where": self.where}
        if self.status is Status.MISSING:
            found["field"] = self.field
            if self.position is not None:
                found["line"] = self.position.line
        return found


# --- reading ledger.yaml -----------------------------------------------------------------


@cache
def _load(path: str, mtime_ns: int) -> Value:
    """One ledger.yaml as located values, read once per version of the file."""
    del mtime_ns  # part of the cache key only
    return load_file(Path(path))


def _texts(reader: Reader, value: Value, where: str) -> tuple[str, ...]:
    """A text or a list of texts (a mapping is a finding, and no text)."""
    if isinstance(value, Scalar) and not value.null:
        return (value.text.strip(),)
    return tuple(text for i, item in enumerate(reader.sequence(value, where), 1)
                 if (text := reader.text(item, f"{where} 第 {i} 项")))


def read_spec(search_path: tuple[Path, ...], judges: Mapping[str, Judge]
              ) -> tuple[Element, ...]:
    """The elements of a profile's ledger: the ``ledger.yaml`` of each folder of
    ``search_path`` applied from the last (the kind's base) to the first.

    Raises InputError, at the file and line, for an element without a name, places or a
    judge of the kind (``judges``), and for a key a ledger.yaml does not have.
    """
    if not (search_path[-1] / LEDGER_FILE).is_file():  # the kind's base/
        raise FileNotFoundError(f"the document kind has no {search_path[-1] / LEDGER_FILE}")
    reader = Reader()
    declared: dict[str, dict[str, object]] = {}
    positions: dict[str, Position] = {}
    for folder in reversed(search_path):
        path = folder / LEDGER_FILE
        if not path.is_file():
            continue
        value = _load(str(path), path.stat().st_mtime_ns)
        if not isinstance(value, MappingValue):
            reader.error(value.position, "LEDGER-SPEC", (
                f"{path} 应为“要素: 内容”的映射，这里写成了{shape(value)}。"))
            continue
        for element_id, item in value.entries.items():
            where = f"{path.name}: {element_id}"
            fields = reader.mapping(item, where, ELEMENT_KEYS)
            if fields is None:
                if isinstance(item, Scalar) and item.null:  # mapping() reports the rest
                    reader.error(item.position, "LEDGER-SPEC", (
                        f"“{where}”是空的：应为“名称、判定、位置、字段”的映射，或“不要求: 原因”。"))
                continue
            entry = declared.setdefault(element_id, {})
            positions[element_id] = value.key_positions[element_id]  # the last file to set it
            for key, child in fields.entries.items():
                attr = ELEMENT_KEYS.get(key)
                if attr is None:
                    continue  # reported by mapping()
                if attr in ("places", "fields"):
                    entry[attr] = _texts(reader, child, f"{where}.{key}")
                elif attr == "exempt" and isinstance(child, Scalar) and child.null:
                    entry[attr] = None  # required again
                else:
                    text = reader.text(child, f"{where}.{key}")
                    if attr == "exempt" and not text:
                        reader.error(child.position, "LEDGER-SPEC", (
                            f"“{where}.不要求”应写明该地区为何不要求此要素。"))
                    entry[attr] = text
    elements = []
    for element_id, entry in declared.items():
        position = positions[element_id]
        judge = str(entry.get("judge") or element_id)
        problems = []
        if not entry.get("name"):
            problems.append("没有“名称”")
        if not entry.get("places"):
            problems.append("没有“位置”（报告印它的部分、章节或表）")
        if judge not in judges:
            problems.append(f"判定“{judge}”不存在（可用：{'、'.join(sorted(judges))}）")
        if problems:
            reader.error(position, "LEDGER-SPEC",
                         f"完整性清单要素“{element_id}”{'；'.join(problems)}。")
            continue
        elements.append(Element(
            element_id, str(entry["name"]), judge, str(entry.get("target") or ""),
            tuple(entry["places"]),  # type: ignore[arg-type]
            tuple(entry.get("fields") or ()),  # type: ignore[arg-type]
            entry.get("exempt"), position))  # type: ignore[arg-type]
    if reader.findings:
        raise InputError(reader.findings)
    return tuple(elements)


# --- judging a report --------------------------------------------------------------------


def printed_places(settings: Mapping[str, Any]) -> set[str]:
    """Every place the report's structure prints: each part (部分顺序), ``part.section``
    and ``part.section.subsection`` (章节), and ``tables.<table>`` (表格顺序) when the
    report has its tables part."""
    parts = list(settings["部分顺序"])
    places = set(parts)
    for part in parts:
        for spec in settings["章节"].get(part, ()):
            if isinstance(spec, str):
                places.add(f"{part}.{spec}")
                continue
            for name, subs in spec.items():
                places.add(f"{part}.{name}")
                places.update(f"{part}.{name}.{sub}" for sub in subs)
    if "tables" in parts:
        places.update(f"tables.{table}" for table in settings["表格顺序"])
    return places


def _setting_for(place: str, settings: Mapping[str, Any]) -> str:
    """The setting that would print ``place``: 部分顺序 for a part the report lacks,
    表格顺序 for a table, else 章节."""
    part = place.split(".", 1)[0]
    if part not in settings["部分顺序"]:
        return "部分顺序"
    return "表格顺序" if part == "tables" and "." in place else "章节"


def where_printed(report: Any, place: str) -> str:
    """How the report names a place: 第三部分 十, 公开07表, 第五部分."""
    if place.startswith("tables."):
        return str(report.table_name(place.split(".", 1)[1]))
    return str(report.outline.ref(*place.split(".")[:3]))


def locate(dept: Any, field: str) -> Position:
    """Where ``field`` (a dotted YAML path) was written, else its nearest parent that
    was, else the top of the file."""
    path = field
    while path:
        if path in dept.positions:
            return dept.positions[path]  # type: ignore[no-any-return]
        path = path.rpartition(".")[0]
    return Position(dept.source, 1, 1)


def _setting_origin(report: Any, setting: str) -> Position:
    """Where the setting the report's structure took was set (a profile.yaml, or the
    department's 样式设置)."""
    dept = report.department
    written = {key.split(".", 1)[1]: position for key, position in dept.positions.items()
               if key.startswith("样式设置.") and key.count(".") == 1}
    _, origins = report.profile.with_style(dept.style, written)
    return origins.get(setting, Position(dept.source, 1, 1))  # type: ignore[no-any-return]


def judge_report(report: Any, judges: Mapping[str, Judge]) -> tuple[LedgerEntry, ...]:
    """The ledger of a derived report: each element of its profile's ledger, judged."""
    profile = report.profile
    places = printed_places(report.settings)
    entries = []
    for element in read_spec(profile.search_path, judges):
        if element.exempt is not None:
            entries.append(LedgerEntry(element, Status.NOT_APPLICABLE,
                                       f"地区样式“{profile.name}”不要求：{element.exempt}"))
            continue
        printed = [place for place in element.places if place in places]
        if not printed:
            setting = _setting_for(element.places[0], report.settings)
            entries.append(LedgerEntry(
                element, Status.MISSING,
                f"设置“{setting}”没有印它的地方（{'、'.join(element.places)}）：请在“{setting}”"
                f"中加回，或在地区样式的 {LEDGER_FILE} 中为“{element.id}”写明“不要求”及原因",
                field=f"设置 {setting}", position=_setting_origin(report, setting)))
            continue
        verdict = judges[element.judge](report, element)
        if verdict.status is Status.NOT_APPLICABLE and not verdict.reason:
            raise AssertionError(f"ledger judge {element.judge} gave 不适用 without a reason")
        where = where_printed(report, printed[0])
        if verdict.status is Status.MISSING:
            field = verdict.field or element.field
            entries.append(LedgerEntry(element, verdict.status, verdict.reason, where, field,
                                       locate(report.department, field)))
        else:
            entries.append(LedgerEntry(element, verdict.status, verdict.reason, where))
    return tuple(entries)


def required_fields(report: Any, judges: Mapping[str, Judge]) -> set[str]:
    """The fields the report's ledger requires (its elements not exempted): a rule that
    would ask for one of them again leaves it to LEDGER-MISSING, so a gap is said once."""
    return {field for element in read_spec(report.profile.search_path, judges)
            if element.exempt is None for field in element.fields}


def ledger_rule(judges: Mapping[str, Judge]) -> Check:
    """The rule reporting each missing element of the report's ledger (LEDGER-MISSING)."""

    @rule(LEDGER_MISSING="完整性清单：报告应有的每个要素都已有，或按数据不适用")
    def ledger_missing(ctx: Context) -> Iterator[Finding]:
        """Each element of the ledger the report lacks, at the field that would give it."""
        for entry in judge_report(ctx.report, judges):
            if entry.status is Status.MISSING:
                assert entry.position is not None
                yield Finding(entry.position, Severity.ERROR, "LEDGER-MISSING", entry.message)

    return ledger_missing


# --- helpers the judges share ---------------------------------------------------------------


def written(dept: Any, field: str) -> bool:
    """True when the department's file writes ``field`` (a dotted path)."""
    return field in dept.positions


def fact(report: Any, path: str) -> Any:
    """A fact of the report by dotted attribute path (``three_public.abroad.change``)."""
    value = report.facts
    for name in path.split("."):
        value = getattr(value, name)
    return value


def amount(value: Decimal) -> str:
    """An amount in a ledger reason: two decimals, 万元."""
    return f"{value:.2f} 万元"


# --- judges every kind shares (each kind's JUDGES names them with its own) -------------------


def duties(report: Any, element: Element) -> Verdict:
    """部门职责: at least one paragraph with text (blank ones print nothing)."""
    paragraphs = [text for _, text in report.facts.duties if text.strip()]
    if not paragraphs:
        return missing("部门职责为空", element.field)
    return present(f"{len(paragraphs)} 段")


def table(report: Any, element: Element) -> Verdict:
    """A table of the kind (``对象``: its id): printed from the data, its frame even when
    it has none."""
    printed = report.tables[element.target]
    return present("无数据，印表的框架" if printed.empty else f"按数据生成，{len(printed.rows)} 行")


def empty_note(report: Any, element: Element) -> Verdict:
    """The statement under an empty table (``对象``: its id): needed, and printed by the
    table's template, exactly when the table has no data."""
    if report.tables[element.target].empty:
        return present("本表无数据，表下印空表说明")
    return not_applicable("本表有数据，无需空表说明")


def section(report: Any, element: Element) -> Verdict:
    """A section of 情况说明 computed from the tables alone: it cannot lack data."""
    del report, element
    return present("按表中数据计算")


def fund(report: Any, element: Element) -> Verdict:
    """A fund's section (``对象``: its table): present when the table has money, else
    不适用 — the section then says the department had none."""
    printed = report.tables[element.target]
    if printed.empty:
        return not_applicable(f"{report.table_name(element.target)}各栏均为 0，没有这类资金，"
                              "说明写“没有（无）…”")
    return present("按表中数据计算")


def comparison(report: Any, element: Element) -> Verdict:
    """A comparison with last year (``对象``: the fact, a ``narrative.Comparison``). Its
    fields are last year's figure(s), then the reason: the figure must be given, and the
    reason when the figure moved."""
    compared = fact(report, element.target)
    *figures, reason_field = element.fields
    if compared is None:
        return not_applicable("报告不作此比较")
    if compared.prior is None:
        if not compared.current:
            return not_applicable("本年为 0，不作比较")
        dept = report.department
        unwritten = [field for field in figures if not written(dept, field)]
        return missing(f"本年为 {amount(compared.current)}，没有上年数",
                       (unwritten or figures)[0])
    moved = compared.change
    if moved.flat:
        return present("与上年持平")
    if not compared.reason:
        return missing(f"上年 {amount(compared.prior)}，本年 {amount(compared.current)}，"
                       f"{moved.verb} {amount(moved.amount)}，没有写变动原因", reason_field)
    return present(f"{moved.verb} {amount(moved.amount)}，写了变动原因")


def glossary(report: Any, element: Element) -> Verdict:
    """名词解释: at least one term."""
    terms = report.facts.glossary
    if not terms:
        return missing("名词解释为空", element.field)
    return present(f"{len(terms)} 条")


def block(report: Any, element: Element) -> Verdict:
    """A block of the file (its first field) that the report states as written: present
    when written — a block left out would print its defaults as if they were data."""
    if not written(report.department, element.field):
        return missing(f"没有填写“{element.field}”", element.field)
    return present("已填写")


#: The judges every kind has, by the name a ledger.yaml gives in ``判定``.
SHARED_JUDGES: dict[str, Judge] = {
    "duties": duties, "table": table, "empty_note": empty_note, "section": section,
    "fund": fund, "comparison": comparison, "glossary": glossary, "block": block,
}


# --- printing ---------------------------------------------------------------------------------


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(width - _width(text), 0)


def ledger_lines(entries: Iterable[LedgerEntry]) -> list[str]:
    """The ledger as a readable table: 要素, 状态, 位置, 说明 (one entry a line)."""
    entries = list(entries)
    header = ("要素", "状态", "位置", "说明")
    rows = [(entry.element.name, entry.status.value, entry.where or "—",
             entry.reason + (f"（应填：{entry.field}）" if entry.status is Status.MISSING
                             and entry.field and not entry.field.startswith("设置") else ""))
            for entry in entries]
    widths = [max(_width(row[i]) for row in (header, *rows)) for i in range(3)]
    lines = []
    for row in (header, *rows):
        lines.append("  ".join(_pad(cell, widths[i]) for i, cell in enumerate(row[:3]))
                     + "  " + row[3])
    counts = {status: sum(entry.status is status for entry in entries) for status in Status}
    lines.append("合计：" + "，".join(f"{status.value} {counts[status]} 项" for status in Status)
                 + "。")
    return lines
