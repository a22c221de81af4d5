"""The key vocabulary shared by every document kind: the header of a department's file.

The YAML keys finance staff write are Chinese terms; each document kind maps the rest of
its keys in its own ``vocabulary`` module (``generator.kinds.final_accounts.vocabulary``).
(名词解释, the report's glossary of terms, is ``generator.catalog.standard_glossary``.)
"""

from __future__ import annotations

#: Keys every department file starts with, whatever its kind → attribute names.
HEADER: dict[str, str] = {
    "文档类型": "kind",
    "地区样式": "profile",
    "年度": "year",
    "部门名称": "name",
    "编制日期": "compiled",
    "金额单位": "unit",
    "样式设置": "style",
}

#: 金额单位 → how many of that unit make one 万元 (the unit of every printed amount).
AMOUNT_UNITS: dict[str, int] = {"万元": 1, "元": 10000}
