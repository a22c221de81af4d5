"""Settings every document kind shares, checked before anything is derived: each mistake
at the line that set it (a region's profile.yaml, a user's, or the department's 样式设置).

The shape of every setting is checked when it is read (``generator.profiles``); here, what
the values every kind has mean: the parts, sections and tables named exist, none twice,
the table code format takes the table's position, a choice is one of its choices. Each
kind's ``settings`` module adds the checks of its own settings (:func:`settings_findings`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from generator.findings import Finding, Position, Severity
from generator.profiles import Profile

#: The most decimals a percentage may print with.
MAX_PERCENT_PLACES = 4

#: What a kind's check of its settings yields: (setting, what is wrong with it).
Problems = Callable[[Mapping[str, Any], tuple[Path, ...]], Iterable[tuple[str, str]]]


def has_template(search_path: tuple[Path, ...], name: str) -> bool:
    """True when a template of that name is on the search path."""
    return any((folder / name).is_file() for folder in search_path)


def repeated(items: list[str]) -> list[str]:
    """The items listed more than once, sorted."""
    return sorted({item for item in items if items.count(item) > 1})


def structure_problems(settings: Mapping[str, Any], search_path: tuple[Path, ...],
                       table_ids: tuple[str, ...]) -> Iterator[tuple[str, str]]:
    """Mistakes in 部分顺序, 章节, 表格顺序, 表格标题 and 表号格式 (``table_ids``: the
    kind's tables)."""
    parts = list(settings["部分顺序"])
    for part in parts:
        if not has_template(search_path, f"parts/{part}.html.j2"):
            yield "部分顺序", f"没有“{part}”这一部分（parts/{part}.html.j2）"
    if repeated(parts):
        yield "部分顺序", f"“{'、'.join(repeated(parts))}”写了不止一次"
    for part, sections in settings["章节"].items():
        names: list[str] = []
        for spec in sections:
            if isinstance(spec, dict):
                if len(spec) != 1:
                    yield "章节", f"“{part}”中的一项写了 {len(spec)} 个章节；每项写一个章节及其小节"
                    continue
                ((name, subs),) = spec.items()
                if repeated(list(subs)):
                    yield "章节", f"“{part}.{name}”的小节“{'、'.join(repeated(list(subs)))}”重复"
            else:
                name = spec
            names.append(name)
            if not has_template(search_path, f"{part}/{name}.html.j2"):
                yield "章节", f"“{part}”没有“{name}”这一节（{part}/{name}.html.j2）"
        if repeated(names):
            yield "章节", f"“{part}”的“{'、'.join(repeated(names))}”写了不止一次"
    tables = list(settings["表格顺序"])
    unknown = [table for table in tables if table not in table_ids]
    if unknown:
        yield "表格顺序", f"没有“{'、'.join(unknown)}”这张表；表为 {'、'.join(table_ids)}"
    if repeated(tables):
        yield "表格顺序", f"“{'、'.join(repeated(tables))}”写了不止一次"
    untitled = [table for table in tables if table in table_ids
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


def percent_problems(settings: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    """A number of percent decimals out of range."""
    if not 0 <= int(settings["百分比小数位"]) <= MAX_PERCENT_PLACES:
        yield "百分比小数位", f"应为 0 到 {MAX_PERCENT_PLACES} 之间的整数"


def choice_problems(settings: Mapping[str, Any], choices: Mapping[str, tuple[str, ...]]
                    ) -> Iterator[tuple[str, str]]:
    """A setting that takes one of a few values set to something else."""
    for key, allowed in choices.items():
        if settings[key] not in allowed:
            yield key, f"“{settings[key]}”应为以下之一：{'、'.join(allowed)}"


def settings_findings(profile: Profile, style: Mapping[str, Any],
                      positions: Mapping[str, Position], source: str, problems: Problems
                      ) -> list[Finding]:
    """Every mistake ``problems`` finds in the settings a department's report uses (the
    profile's with the department's ``style`` over them), at the line that set it
    (``positions``: where each key of the department's file was written)."""
    written = {key.split(".", 1)[1]: position for key, position in positions.items()
               if key.startswith("样式设置.") and key.count(".") == 1}
    settings, origins = profile.with_style(style, written)
    return [Finding(origins.get(key, Position(source, 1, 1)), Severity.ERROR,
                    "SETTING-VALUE", f"设置“{key}”：{problem}。")
            for key, problem in problems(settings, profile.search_path)]
