"""The 决算 settings, checked before anything is derived: each mistake at the line that
set it (a region's profile.yaml, a user's, or the department's 样式设置).

The settings every kind has are checked by ``generator.settings``; here, what the 决算's
own settings mean: tables by function code, economic codes and groups, figures, choices.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from generator.catalog import economic_catalog, function_class_lines
from generator.findings import Finding
from generator.kinds.final_accounts import vocabulary as terms
from generator.kinds.final_accounts.figures import FIGURES
from generator.kinds.final_accounts.model import Department
from generator.kinds.final_accounts.tables import FUNCTION_TABLES, TABLE_IDS
from generator.numbering import LIST_NUMBERS
from generator.profiles import Profile
from generator.settings import (
    choice_problems,
    percent_problems,
    repeated,
    settings_findings,
    structure_problems,
)

#: Settings that take one of a few values.
CHOICES: dict[str, tuple[str, ...]] = {"小微企业占比口径": ("总额", "中小企业"),
                                       "完成率口径": ("年初预算", "全年预算"),
                                       "职责编号": tuple(LIST_NUMBERS)}


def _problems(settings: Mapping[str, Any], search_path: tuple[Path, ...]
              ) -> Iterator[tuple[str, str]]:
    """(setting, what is wrong with it) for every mistake."""
    yield from structure_problems(settings, search_path, TABLE_IDS)
    named = [str(table) for table in settings["保留零值科目表格"] if table not in FUNCTION_TABLES]
    if named:
        yield "保留零值科目表格", (f"“{'、'.join(named)}”不是按功能分类科目列示的表；"
                                  f"可为 {'、'.join(FUNCTION_TABLES)}")
    named = [str(table) for table in settings["合计行置底"] if table not in FUNCTION_TABLES]
    if named:
        yield "合计行置底", (f"“{'、'.join(named)}”不是按功能分类科目列示的表；"
                            f"可为 {'、'.join(FUNCTION_TABLES)}")
    for key in ("表格零值按表", "表格零值栏"):
        named = [str(table) for table in settings[key] if table not in TABLE_IDS]
        if named:
            yield key, f"没有“{'、'.join(named)}”这张表；表为 {'、'.join(TABLE_IDS)}"
    items = [code for code, entry in economic_catalog().items() if entry.level == 2]
    named = [str(code) for code in settings["基本支出明细表省略科目"] if code not in items]
    if named:
        yield "基本支出明细表省略科目", (f"“{'、'.join(named)}”不是经济分类款级科目"
                                        "（如 \"31005\"）")
    classes = [code.code for code in function_class_lines()]
    named = [str(code) for code in settings["总表省略类级科目"] if code not in classes]
    if named:
        yield "总表省略类级科目", (f"“{'、'.join(named)}”不是公开01表的类级科目；"
                                  f"可为 {'、'.join(classes)}")
    yield from percent_problems(settings)
    groups = [code for code, entry in economic_catalog().items() if entry.level == 1]
    blocks = [list(block) for block in settings["基本支出明细表分栏"]]
    listed = [code for block in blocks for code in block]
    if not blocks or any(not block for block in blocks):
        yield "基本支出明细表分栏", ("应为若干栏，每栏至少一个经济分类类级科目"
                                    "（如 [[\"301\", \"303\"], [\"302\"]]）")
    elif [code for code in listed if code not in groups] or repeated(listed):
        yield "基本支出明细表分栏", ("每个科目只能出现一次，且须为经济分类类级科目"
                                    f"（{'、'.join(groups)}）")
    unknown = [str(name) for name in settings["图表"] if name not in FIGURES]
    if unknown:
        yield "图表", f"没有“{'、'.join(unknown)}”这种图；可为 {'、'.join(FIGURES)}"
    named = [str(fund) for fund in settings["差异原因资金"] if fund not in terms.FISCAL_FUNDS]
    if named:
        yield "差异原因资金", (f"“{'、'.join(named)}”不是财政拨款资金；可为 "
                              f"{'、'.join(terms.FISCAL_FUNDS)}")
    yield from choice_problems(settings, CHOICES)


def check_settings(profile: Profile, dept: Department) -> list[Finding]:
    """Every mistake in the settings the department's report uses, at the line that set it."""
    return settings_findings(profile, dept.style, dept.positions, dept.source, _problems)
