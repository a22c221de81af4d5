"""Shipped reference data: code catalogs and the standard glossary.

Three data files live next to this module and are read through :mod:`importlib.resources`,
so they are found both in a source checkout and in an installed wheel:

``function_classification.csv``
    支出功能分类科目 (columns ``code,name,level``): 类 (3 digits, level 1), 款 (5 digits,
    level 2), 项 (7 digits, level 3), sorted by code. Merged from the reference catalogs
    harvested from published reports, every code printed in the seed documents and the
    well-known standard 款/项 of the national catalog (政府收支分类科目). Codes it lacks
    are named by the department's data (``科目名称补充``).
``economic_classification.csv``
    部门预算支出经济分类科目 (columns ``code,name,level``): groups (3 digits, level 1)
    and items (5 digits, level 2), in catalog order (each group followed by its items).
``glossary.yaml``
    The standard 名词解释 per document kind (``决算``, ``预算``).
``government_economic_classification.csv``
    政府预算支出经济分类科目 (columns ``code,name,level``): groups (501 机关工资福利支出 …)
    and items (50101 工资奖金津补贴 …), in catalog order. A 预算's 一般公共预算基本支出表
    prints, beside each 部门预算支出经济分类 item, the 政府预算 item it is booked to.
``economic_to_government.csv``
    The national 对照 of the two classifications (columns ``code,行政单位,事业单位``):
    each 部门预算 item and the 政府预算 item it maps to, for a 行政单位 (机关 groups 501–503)
    and for a 事业单位 (对事业单位补助 505/506). The 14 pairs printed in seed 001 agree
    with it; a department whose finance bureau maps an item otherwise writes its own pair
    (``政府经济分类对应``).
``budget_class_lines.csv``
    The 类 lines a 预算's 部门收支总体情况表 and 财政拨款收支总体情况表 print (columns
    ``code,first_year,last_year``; empty = open): every 类 of the year's catalog, numbered
    by its code (201 一, 234 三十四), so a year without a 类 prints without it.

Every file is parsed and checked once (``functools.cache``); the public functions return
fresh containers, so a caller may modify what it gets without affecting anyone else.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

import yaml

__all__ = [
    "FUNCTION_CLASS_CODES",
    "GLOSSARY_KINDS",
    "UNIT_KINDS",
    "CatalogEntry",
    "budget_class_lines",
    "economic_catalog",
    "function_catalog",
    "function_class_lines",
    "function_names",
    "government_code",
    "government_economic_catalog",
    "standard_glossary",
]

_FUNCTION_FILE = "function_classification.csv"
_ECONOMIC_FILE = "economic_classification.csv"
_GLOSSARY_FILE = "glossary.yaml"
_GOVERNMENT_FILE = "government_economic_classification.csv"
_GOVERNMENT_MAP_FILE = "economic_to_government.csv"
_BUDGET_CLASS_FILE = "budget_class_lines.csv"

#: The kinds of budget unit whose 部门预算 items map to different 政府预算 items.
UNIT_KINDS: tuple[str, ...] = ("行政单位", "事业单位")

#: The 26 类 printed as fixed lines of 公开01表 (行32–57) and 公开04表 (行33–58), in order.
FUNCTION_CLASS_CODES: tuple[str, ...] = (
    "201", "202", "203", "204", "205", "206", "207", "208", "210", "211", "212", "213",
    "214", "215", "216", "217", "219", "220", "221", "222", "223", "224", "229", "231",
    "232", "234",
)  # fmt: skip

#: The document kinds that have a standard glossary.
GLOSSARY_KINDS: tuple[str, ...] = ("决算", "预算")

# code length -> level, per catalog
_FUNCTION_LEVELS = {3: 1, 5: 2, 7: 3}
_ECONOMIC_LEVELS = {3: 1, 5: 2}


@dataclass(frozen=True)
class CatalogEntry:
    """One catalog line: a classification code, its official name and its level.

    ``level`` is 1 for a 类 / economic group, 2 for a 款 / economic item and 3 for a 项
    (function classification only).
    """

    code: str
    name: str
    level: int


def _read_text(filename: str) -> str:
    """Return the text of a data file shipped in this package."""
    return files(__name__).joinpath(filename).read_text(encoding="utf-8")


def _parse_catalog(filename: str, levels: dict[int, int]) -> dict[str, CatalogEntry]:
    """Parse and check one ``code,name,level`` CSV file, keeping the file's order.

    Raises ``ValueError`` on a malformed code, a level that does not match the code's
    length, an empty name, a repeated code, or a code whose parent code is missing.
    """
    reader = csv.DictReader(io.StringIO(_read_text(filename)))
    if reader.fieldnames != ["code", "name", "level"]:
        raise ValueError(f"{filename}: expected columns code,name,level, got {reader.fieldnames}")
    entries: dict[str, CatalogEntry] = {}
    for line_no, row in enumerate(reader, start=2):
        code, name, level_text = row["code"].strip(), row["name"].strip(), row["level"].strip()
        where = f"{filename}:{line_no}"
        if not code.isascii() or not code.isdigit() or len(code) not in levels:
            raise ValueError(f"{where}: malformed code {code!r}")
        if level_text != str(levels[len(code)]):
            raise ValueError(f"{where}: code {code} must have level {levels[len(code)]}")
        if not name:
            raise ValueError(f"{where}: code {code} has no name")
        if code in entries:
            raise ValueError(f"{where}: code {code} repeated")
        if len(code) > 3 and code[:-2] not in entries:
            raise ValueError(f"{where}: parent {code[:-2]} of {code} missing or after it")
        entries[code] = CatalogEntry(code=code, name=name, level=int(level_text))
    return entries


@cache
def _function_entries() -> dict[str, CatalogEntry]:
    return _parse_catalog(_FUNCTION_FILE, _FUNCTION_LEVELS)


@cache
def _economic_entries() -> dict[str, CatalogEntry]:
    return _parse_catalog(_ECONOMIC_FILE, _ECONOMIC_LEVELS)


@cache
def _glossary() -> dict[str, tuple[tuple[str, str], ...]]:
    data = yaml.safe_load(_read_text(_GLOSSARY_FILE))
    if not isinstance(data, dict) or set(data) != set(GLOSSARY_KINDS):
        raise ValueError(f"{_GLOSSARY_FILE}: expected the keys {', '.join(GLOSSARY_KINDS)}")
    glossary: dict[str, tuple[tuple[str, str], ...]] = {}
    for kind, items in data.items():
        terms: list[tuple[str, str]] = []
        for item in items:
            term, text = str(item["术语"]).strip(), str(item["解释"]).strip()
            if not term or not text:
                raise ValueError(f"{_GLOSSARY_FILE}: empty term or explanation under {kind}")
            terms.append((term, text))
        glossary[kind] = tuple(terms)
    return glossary


def function_catalog() -> dict[str, CatalogEntry]:
    """Return the expenditure function classification (支出功能分类科目), keyed by code.

    Keys are the 3-, 5- and 7-digit codes (类/款/项) in ascending order; every 款 has its
    类 and every 项 its 款. The dict is a fresh copy of the cached catalog.
    """
    return dict(_function_entries())


def economic_catalog() -> dict[str, CatalogEntry]:
    """Return the economic classification (部门预算支出经济分类科目), keyed by code.

    Insertion order is catalog order: each 3-digit group (301, 302, 303, 307, 310, 312,
    399) followed by its 5-digit items, as 公开06表 lists them. The dict is a fresh copy
    of the cached catalog.
    """
    return dict(_economic_entries())


def standard_glossary(kind: str) -> list[tuple[str, str]]:
    """Return the standard 名词解释 of a document kind as ``(术语, 解释)`` pairs, in order.

    ``kind`` is ``"决算"`` (the 18 terms of the final-accounts template) or ``"预算"``
    (the terms of the budget disclosure). Raises ``ValueError`` for any other kind.
    """
    glossary = _glossary()
    if kind not in glossary:
        raise ValueError(f"no standard glossary for {kind!r}; known: {', '.join(GLOSSARY_KINDS)}")
    return list(glossary[kind])


def function_class_lines() -> list[CatalogEntry]:
    """Return the 26 fixed 类 lines of 公开01表 (支出 行32–57) and 公开04表, in print order.

    These are printed whether or not the department spent anything on them: 201 一般公共
    服务支出 … 229 其他支出, 231 债务还本支出, 232 债务付息支出, 234 抗疫特别国债安排的
    支出 (230 转移性支出 and 233 债务发行费用支出 are not lines of these tables).
    """
    entries = _function_entries()
    return [entries[code] for code in FUNCTION_CLASS_CODES]


def function_names(supplement: Mapping[str, str]) -> Callable[[str], str]:
    """The name of a function code: the department's ``supplement`` (科目名称补充) first,
    then the catalog; "" when neither knows it."""
    catalog = _function_entries()

    def name(code: str) -> str:
        if code in supplement:
            return supplement[code]
        entry = catalog.get(code)
        return entry.name if entry else ""

    return name


@cache
def _government_entries() -> dict[str, CatalogEntry]:
    return _parse_catalog(_GOVERNMENT_FILE, _ECONOMIC_LEVELS)


@cache
def _government_map() -> dict[str, dict[str, str]]:
    """部门预算 item → {unit kind: 政府预算 item}, checked against both catalogs."""
    reader = csv.DictReader(io.StringIO(_read_text(_GOVERNMENT_MAP_FILE)))
    if reader.fieldnames != ["code", *UNIT_KINDS]:
        raise ValueError(f"{_GOVERNMENT_MAP_FILE}: expected columns code,"
                         f"{','.join(UNIT_KINDS)}, got {reader.fieldnames}")
    economic, government = _economic_entries(), _government_entries()
    mapping: dict[str, dict[str, str]] = {}
    for line_no, row in enumerate(reader, start=2):
        code = row["code"].strip()
        where = f"{_GOVERNMENT_MAP_FILE}:{line_no}"
        if code not in economic or economic[code].level != 2 or code in mapping:
            raise ValueError(f"{where}: {code!r} is not a new 部门预算 economic item")
        targets = {kind: row[kind].strip() for kind in UNIT_KINDS}
        for target in targets.values():
            if target not in government or government[target].level != 2:
                raise ValueError(f"{where}: {target!r} is not a 政府预算 economic item")
        mapping[code] = targets
    return mapping


def government_economic_catalog() -> dict[str, CatalogEntry]:
    """Return the 政府预算支出经济分类科目, keyed by code, in catalog order (a copy)."""
    return dict(_government_entries())


def government_code(item: str, unit_kind: str) -> str | None:
    """The 政府预算 economic item a 部门预算 ``item`` maps to for a unit of ``unit_kind``
    (行政单位 or 事业单位); None when the catalog has no pair for it."""
    return _government_map().get(item, {}).get(unit_kind)


@cache
def _budget_classes() -> tuple[tuple[str, int | None, int | None], ...]:
    reader = csv.DictReader(io.StringIO(_read_text(_BUDGET_CLASS_FILE)))
    entries = _function_entries()
    found = []
    for line_no, row in enumerate(reader, start=2):
        code = row["code"].strip()
        if code not in entries or entries[code].level != 1:
            raise ValueError(f"{_BUDGET_CLASS_FILE}:{line_no}: {code!r} is not a 类")
        first, last = (row[key].strip() for key in ("first_year", "last_year"))
        found.append((code, int(first) if first else None, int(last) if last else None))
    return tuple(found)


def budget_class_lines(year: int) -> list[CatalogEntry]:
    """The 类 lines of a 预算's two summary tables in ``year``, in code order."""
    entries = _function_entries()
    return [entries[code] for code, first, last in _budget_classes()
            if (first is None or first <= year) and (last is None or year <= last)]
