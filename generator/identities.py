"""Identities: every sum printed under the nine tables and every cross-table equality.

Each identity says that one cell equals a signed sum of others, named by the cells of
``generator.figures`` (公开01表 第58行 = 第32–57行之和; 公开01表 第40行 = 公开03表 210
行 第1栏 …). The derived tables satisfy them by construction; the checker evaluates them on
the figures a department enters in ``公布数`` (see ``generator.checks``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from generator.catalog import FUNCTION_CLASS_CODES, economic_catalog
from generator.figures import FUNCTION_COLUMNS, PERSONNEL, PERSONNEL_GROUPS, PUBLIC, TOTAL_ROW, Ref

#: Every identity rule id with what it checks (for ``disclosure check`` and the docs).
IDENTITY_RULES: dict[str, str] = {
    "T01-INCOME-TOTAL": "公开01表 第27行 = 第1–8行之和",
    "T01-INCOME-GRAND": "公开01表 第31行 = 第27+28+29行",
    "T01-EXPENDITURE-TOTAL": "公开01表 第58行 = 第32–57行之和",
    "T01-EXPENDITURE-GRAND": "公开01表 第62行 = 第58+59+60行",
    "T01-GRAND-EQUAL": "公开01表 收入总计（第31行）= 支出总计（第62行）",
    "T02-ROW": "公开02表 每行 第1栏 = 第2–7栏之和",
    "T02-ROLLUP": "公开02表 款 = 其项之和，类 = 其款之和，合计 = 各类之和",
    "T03-ROW": "公开03表 每行 第1栏 = 第2–6栏之和",
    "T03-ROLLUP": "公开03表 款 = 其项之和，类 = 其款之和，合计 = 各类之和",
    "T04-INCOME-TOTAL": "公开04表 第27行 = 第1+2+3行",
    "T04-OPENING": "公开04表 第28行 = 第29+30+31行",
    "T04-INCOME-GRAND": "公开04表 第32行 = 第27+28行",
    "T04-EXPENDITURE-TOTAL": "公开04表 第59行 = 第33–58行之和（每栏）",
    "T04-EXPENDITURE-GRAND": "公开04表 第64行 = 第59+60行（每栏）",
    "T04-ROW": "公开04表 每行 第2栏 = 第3+4+5栏",
    "T04-GRAND-EQUAL": "公开04表 收入总计（第32行）= 支出总计（第64行 第2栏）",
    "T05-ROW": "公开05表 每行 第1栏 = 第2+3栏",
    "T05-ROLLUP": "公开05表 款 = 其项之和，类 = 其款之和，合计 = 各类之和",
    "T06-GROUP": "公开06表 每个经济分类类级科目 = 其款级科目之和",
    "T06-PERSONNEL": "公开06表 人员经费合计 = 301 + 303",
    "T06-PUBLIC": "公开06表 公用经费合计 = 302 + 307 + 310 + 312 + 399",
    "T07-ROW": "公开07表 每行 第3栏 = 第4+5栏，第6栏 = 第1+2−3栏",
    "T07-ROLLUP": "公开07表 款 = 其项之和，类 = 其款之和，合计 = 各类之和",
    "T08-ROW": "公开08表 每行 第1栏 = 第2+3栏",
    "T08-ROLLUP": "公开08表 款 = 其项之和，类 = 其款之和，合计 = 各类之和",
    "T09-SUM": "公开09表 栏1 = 2+3+6，栏3 = 4+5，栏7 = 8+9+12，栏9 = 10+11",
    "X-01-03-CLASS": "公开01表 第32–57行（各类）= 公开03表 各类行 第1栏",
    "X-02-01-TOTAL": "公开02表 合计 第1栏 = 公开01表 第27行",
    "X-03-01-TOTAL": "公开03表 合计 第1栏 = 公开01表 第58行",
    "X-04-01-INCOME": "公开04表 第1–3行 = 公开01表 第1–3行",
    "X-05-04": "公开05表 合计及各类 第1栏 = 公开04表 第59行及各类行 第3栏",
    "X-07-04": "公开07表 合计及各类 第3栏 = 公开04表 第59行及各类行 第4栏",
    "X-08-04": "公开08表 合计及各类 第1栏 = 公开04表 第59行及各类行 第5栏",
    "X-06-05-BASIC": "公开06表 人员经费合计 + 公用经费合计 = 公开05表 合计 第2栏（基本支出）",
}


@dataclass(frozen=True)
class Identity:
    """``total`` = Σ sign × part; ``parts_text`` names the right side when it has several."""

    rule: str
    total: Ref
    parts: tuple[tuple[int, Ref], ...]
    parts_text: str = ""

    @property
    def refs(self) -> tuple[Ref, ...]:
        """Every cell the identity reads."""
        return (self.total, *(ref for _, ref in self.parts))


def _sum(rule: str, total: Ref, parts: list[Ref], text: str) -> Identity:
    return Identity(rule, total, tuple((1, p) for p in parts), text)


def _summary_identities() -> Iterator[Identity]:
    t1, t4 = "公开01表", "公开04表"
    yield _sum("T01-INCOME-TOTAL", (t1, "27", 1), [(t1, str(i), 1) for i in range(1, 9)],
               "第1–8行之和")
    yield _sum("T01-INCOME-GRAND", (t1, "31", 1), [(t1, str(i), 1) for i in (27, 28, 29)],
               "第27+28+29行")
    yield _sum("T01-EXPENDITURE-TOTAL", (t1, "58", 2),
               [(t1, str(i), 2) for i in range(32, 58)], "第32–57行之和")
    yield _sum("T01-EXPENDITURE-GRAND", (t1, "62", 2), [(t1, str(i), 2) for i in (58, 59, 60)],
               "第58+59+60行")
    yield _sum("T01-GRAND-EQUAL", (t1, "62", 2), [(t1, "31", 1)], "")
    yield _sum("T04-INCOME-TOTAL", (t4, "27", 1), [(t4, str(i), 1) for i in (1, 2, 3)],
               "第1+2+3行")
    yield _sum("T04-OPENING", (t4, "28", 1), [(t4, str(i), 1) for i in (29, 30, 31)],
               "第29+30+31行")
    yield _sum("T04-INCOME-GRAND", (t4, "32", 1), [(t4, "27", 1), (t4, "28", 1)], "第27+28行")
    for c in (2, 3, 4, 5):
        yield _sum("T04-EXPENDITURE-TOTAL", (t4, "59", c),
                   [(t4, str(i), c) for i in range(33, 59)], f"第33–58行 第{c}栏之和")
        yield _sum("T04-EXPENDITURE-GRAND", (t4, "64", c), [(t4, "59", c), (t4, "60", c)],
                   f"第59+60行 第{c}栏")
    for row in (*range(33, 61), 64):
        yield _sum("T04-ROW", (t4, str(row), 2), [(t4, str(row), c) for c in (3, 4, 5)],
                   f"第{row}行 第3+4+5栏")
    yield _sum("T04-GRAND-EQUAL", (t4, "64", 2), [(t4, "32", 1)], "")


def _row_identities(table: str, row: str) -> Iterator[Identity]:
    n = table[2:4]
    width = len(FUNCTION_COLUMNS[table])
    if table == "公开07表":
        yield _sum("T07-ROW", (table, row, 3), [(table, row, 4), (table, row, 5)], "第4+5栏")
        yield Identity("T07-ROW", (table, row, 6),
                       ((1, (table, row, 1)), (1, (table, row, 2)), (-1, (table, row, 3))),
                       "第1+2−3栏")
        return
    yield _sum(f"T{n}-ROW", (table, row, 1), [(table, row, c) for c in range(2, width + 1)],
               f"第2–{width}栏之和" if width > 3 else "第2+3栏")


def _rollup_identities(table: str, codes: set[str]) -> Iterator[Identity]:
    n = table[2:4]
    width = len(FUNCTION_COLUMNS[table])
    parents = [TOTAL_ROW, *sorted(c for c in codes if len(c) in (3, 5))]
    for parent in parents:
        size = {TOTAL_ROW: 3, 3: 5, 5: 7}[parent if parent == TOTAL_ROW else len(parent)]
        prefix = "" if parent == TOTAL_ROW else parent
        children = sorted(c for c in codes if len(c) == size and c.startswith(prefix))
        if not children:
            continue
        level = {3: "各类", 5: "各款", 7: "各项"}[size]
        for c in range(1, width + 1):
            yield _sum(f"T{n}-ROLLUP", (table, parent, c),
                       [(table, child, c) for child in children], f"{level}第{c}栏之和")


def _economic_identities() -> Iterator[Identity]:
    t6 = "公开06表"
    catalog = economic_catalog()
    groups = [code for code, entry in catalog.items() if entry.level == 1]
    for group in groups:
        items = [(t6, code, 1) for code in catalog if len(code) == 5 and code[:3] == group]
        yield _sum("T06-GROUP", (t6, group, 1), items, "其款级科目之和")
    yield _sum("T06-PERSONNEL", (t6, PERSONNEL, 1), [(t6, g, 1) for g in PERSONNEL_GROUPS],
               "301 + 303")
    public = [g for g in groups if g not in PERSONNEL_GROUPS]
    yield _sum("T06-PUBLIC", (t6, PUBLIC, 1), [(t6, g, 1) for g in public],
               " + ".join(public))
    yield _sum("X-06-05-BASIC", ("公开05表", TOTAL_ROW, 2), [(t6, PERSONNEL, 1), (t6, PUBLIC, 1)],
               "公开06表 人员经费合计 + 公用经费合计")


def _cross_identities() -> Iterator[Identity]:
    t1, t4 = "公开01表", "公开04表"
    for i, code in enumerate(FUNCTION_CLASS_CODES):
        yield _sum("X-01-03-CLASS", (t1, str(32 + i), 2), [("公开03表", code, 1)], "")
        yield _sum("X-05-04", (t4, str(33 + i), 3), [("公开05表", code, 1)], "")
        yield _sum("X-07-04", (t4, str(33 + i), 4), [("公开07表", code, 3)], "")
        yield _sum("X-08-04", (t4, str(33 + i), 5), [("公开08表", code, 1)], "")
    yield _sum("X-02-01-TOTAL", (t1, "27", 1), [("公开02表", TOTAL_ROW, 1)], "")
    yield _sum("X-03-01-TOTAL", (t1, "58", 2), [("公开03表", TOTAL_ROW, 1)], "")
    for i in (1, 2, 3):
        yield _sum("X-04-01-INCOME", (t1, str(i), 1), [(t4, str(i), 1)], "")
    yield _sum("X-05-04", (t4, "59", 3), [("公开05表", TOTAL_ROW, 1)], "")
    yield _sum("X-07-04", (t4, "59", 4), [("公开07表", TOTAL_ROW, 3)], "")
    yield _sum("X-08-04", (t4, "59", 5), [("公开08表", TOTAL_ROW, 1)], "")
    t9 = "公开09表"
    for start in (0, 6):
        def col(k: int, start: int = start) -> Ref:
            return (t9, "预算" if start == 0 else "决算", start + k)
        yield _sum("T09-SUM", col(1), [col(2), col(3), col(6)],
                   f"第{start + 2}+{start + 3}+{start + 6}栏")
        yield _sum("T09-SUM", col(3), [col(4), col(5)], f"第{start + 4}+{start + 5}栏")


def identities(codes_by_table: dict[str, set[str]]) -> Iterator[Identity]:
    """Every identity, with row and roll-up identities for the given codes of each table.

    ``codes_by_table`` maps each table by function code to the 类/款/项 codes to check
    (those with data and those given in 公布数).
    """
    yield from _summary_identities()
    for table, codes in codes_by_table.items():
        for row in (TOTAL_ROW, *sorted(codes)):
            yield from _row_identities(table, row)
        yield from _rollup_identities(table, codes)
    yield from _economic_identities()
    yield from _cross_identities()
