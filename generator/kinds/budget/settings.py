"""The 预算 settings, checked before anything is derived: each mistake at the line that
set it (a region's profile.yaml, a user's, or the department's 样式设置).

The settings every kind has are checked by ``generator.settings``; here, what the 预算's
own settings mean: tables by function code, the 类 labels, amount decimals, choices.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from generator.catalog import function_catalog
from generator.findings import Finding
from generator.kinds.budget import vocabulary as terms
from generator.kinds.budget.model import Department
from generator.kinds.budget.tables import FUNCTION_TABLES, TABLE_IDS
from generator.numbering import LIST_NUMBERS
from generator.profiles import Profile
from generator.settings import (
    choice_problems,
    percent_problems,
    settings_findings,
    structure_problems,
)

#: Settings that take one of a few values.
CHOICES: dict[str, tuple[str, ...]] = {"基本支出表排序": ("科目编码", "录入顺序"),
                                       "职责编号": tuple(LIST_NUMBERS)}
#: The tables whose 类 lines a profile may label (类名称).
LABELLED_TABLES: tuple[str, ...] = ("summary", "fiscal_summary")
MAX_AMOUNT_PLACES = 4


def _problems(settings: Mapping[str, Any], search_path: tuple[Path, ...]
              ) -> Iterator[tuple[str, str]]:
    """(setting, what is wrong with it) for every mistake."""
    yield from structure_problems(settings, search_path, TABLE_IDS)
    named = [str(table) for table in settings["保留零值科目表格"] if table not in FUNCTION_TABLES]
    if named:
        yield "保留零值科目表格", (f"“{'、'.join(named)}”不是按功能分类科目列示的表；"
                                  f"可为 {'、'.join(FUNCTION_TABLES)}")
    named = [str(table) for table in settings["表格零值按表"] if table not in TABLE_IDS]
    if named:
        yield "表格零值按表", f"没有“{'、'.join(named)}”这张表；表为 {'、'.join(TABLE_IDS)}"
    classes = {code for code, entry in function_catalog().items() if entry.level == 1}
    for table, labels in settings["类名称"].items():
        if table not in LABELLED_TABLES:
            yield "类名称", f"“{table}”不是列出各类支出的表；可为 {'、'.join(LABELLED_TABLES)}"
            continue
        if not isinstance(labels, Mapping):
            yield "类名称", f"“{table}”应为“类级科目编码: 名称”的映射"
            continue
        unknown = [str(code) for code in labels if code not in classes]
        if unknown:
            yield "类名称", f"“{table}”中的“{'、'.join(unknown)}”不是类级科目编码（如 \"201\"）"
    unknown = [str(kind) for kind in settings["车辆类型名称"] if kind not in terms.VEHICLE_TYPES]
    if unknown:
        yield "车辆类型名称", (f"没有“{'、'.join(unknown)}”这种车辆；可为 "
                              f"{'、'.join(terms.VEHICLE_TYPES)}")
    if not 0 <= int(settings["金额小数位"]) <= MAX_AMOUNT_PLACES:
        yield "金额小数位", f"应为 0 到 {MAX_AMOUNT_PLACES} 之间的整数"
    yield from percent_problems(settings)
    yield from choice_problems(settings, CHOICES)


def check_settings(profile: Profile, dept: Department) -> list[Finding]:
    """Every mistake in the settings the department's report uses, at the line that set it."""
    return settings_findings(profile, dept.style, dept.positions, dept.source, _problems)
