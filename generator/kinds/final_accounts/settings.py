"""The 决算 settings, checked before anything is derived: each mistake at the line that
set it (a region's profile.yaml, a user's, or the department's 样式设置).

The shape of every setting is checked when it is read (``generator.profiles``); here, what
its value means: the parts, sections and tables named exist, none twice, the table code
format takes the table's position, a choice is one of its choices.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from generator.catalog import economic_catalog, function_class_lines
from generator.findings import Finding, Position, Severity
from generator.kinds.final_accounts.figures import FIGURES
from generator.kinds.final_accounts.model import Department
from generator.kinds.final_accounts.tables import FUNCTION_TABLES, TABLE_IDS
from generator.numbering import LIST_NUMBERS
from generator.profiles import Profile

#: Settings that take one of a few values.
CHOICES: dict[str, tuple[str, ...]] = {"小微企业占比口径": ("总额", "中小企业"),
                                       "完成率口径": ("年初预算", "全年预算"),
                                       "职责编号": tuple(LIST_NUMBERS)}
MAX_PERCENT_PLACES = 4


def _templates(search_path: tuple[Path, ...], name: str) -> bool:
    return any((folder / name).is_file() for folder in search_path)


def _repeated(items: list[str]) -> list[str]:
    return sorted({item for item in items if items.count(item) > 1})


def _problems(settings: Mapping[str, Any], search_path: tuple[Path, ...]
              ) -> Iterator[tuple[str, str]]:
    """(setting, what is wrong with it) for every mistake."""
    parts = list(settings["部分顺序"])
    for part in parts:
        if not _templates(search_path, f"parts/{part}.html.j2"):
            yield "部分顺序", f"没有“{part}”这一部分（parts/{part}.html.j2）"
    if _repeated(parts):
        yield "部分顺序", f"“{'、'.join(_repeated(parts))}”写了不止一次"
    for part, sections in settings["章节"].items():
        names: list[str] = []
        for spec in sections:
            if isinstance(spec, dict):
                if len(spec) != 1:
                    yield "章节", f"“{part}”中的一项写了 {len(spec)} 个章节；每项写一个章节及其小节"
                    continue
                ((name, subs),) = spec.items()
                if _repeated(list(subs)):
                    yield "章节", f"“{part}.{name}”的小节“{'、'.join(_repeated(list(subs)))}”重复"
            else:
                name = spec
            names.append(name)
            if not _templates(search_path, f"{part}/{name}.html.j2"):
                yield "章节", f"“{part}”没有“{name}”这一节（{part}/{name}.html.j2）"
        if _repeated(names):
            yield "章节", f"“{part}”的“{'、'.join(_repeated(names))}”写了不止一次"
    tables = list(settings["表格顺序"])
    unknown = [table for table in tables if table not in TABLE_IDS]
    if unknown:
        yield "表格顺序", f"没有“{'、'.join(unknown)}”这张表；表为 {'、'.join(TABLE_IDS)}"
    if _repeated(tables):
        yield "表格顺序", f"“{'、'.join(_repeated(tables))}”写了不止一次"
    untitled = [table for table in tables if table in TABLE_IDS
                and not str(settings["表格标题"].get(table, "")).strip()]
    if untitled:
        yield "表格标题", f"“{'、'.join(untitled)}”没有标题"
    code = settings["表号格式"]
    if code:
        try:
            sample = code % 1
        except (TypeError, ValueError, OverflowError, MemoryError):
            sample = None
        if not isinstance(sample, str) or len(sample) > 30:
            yield "表号格式", (f"“{code}”不能由表的序号生成表号：应含一个 %d 或 %02d，"
                               "如“公开%02d表”“表%d”，或为空（不印表号）")
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
    if not 0 <= int(settings["百分比小数位"]) <= MAX_PERCENT_PLACES:
        yield "百分比小数位", f"应为 0 到 {MAX_PERCENT_PLACES} 之间的整数"
    groups = [code for code, entry in economic_catalog().items() if entry.level == 1]
    blocks = [list(block) for block in settings["基本支出明细表分栏"]]
    listed = [code for block in blocks for code in block]
    if not blocks or any(not block for block in blocks):
        yield "基本支出明细表分栏", ("应为若干栏，每栏至少一个经济分类类级科目"
                                    "（如 [[\"301\", \"303\"], [\"302\"]]）")
    elif [code for code in listed if code not in groups] or _repeated(listed):
        yield "基本支出明细表分栏", ("每个科目只能出现一次，且须为经济分类类级科目"
                                    f"（{'、'.join(groups)}）")
    unknown = [str(name) for name in settings["图表"] if name not in FIGURES]
    if unknown:
        yield "图表", f"没有“{'、'.join(unknown)}”这种图；可为 {'、'.join(FIGURES)}"
    for key, allowed in CHOICES.items():
        if settings[key] not in allowed:
            yield key, f"“{settings[key]}”应为以下之一：{'、'.join(allowed)}"


def check_settings(profile: Profile, dept: Department) -> list[Finding]:
    """Every mistake in the settings the department's report uses, at the line that set it."""
    positions = {key.split(".", 1)[1]: position for key, position in dept.positions.items()
                 if key.startswith("样式设置.") and key.count(".") == 1}
    settings, origins = profile.with_style(dept.style, positions)
    return [Finding(origins.get(key, Position(dept.source, 1, 1)), Severity.ERROR,
                    "SETTING-VALUE", f"设置“{key}”：{problem}。")
            for key, problem in _problems(settings, profile.search_path)]
