"""Identities: every sum printed under the nine 决算 tables and every cross-table equality.

Each identity says that one cell equals a signed sum of others (收入支出决算总表 本年支出合计
= the 类 lines; 一个类 of 收入支出决算总表 = the same 类 of 支出决算表 …). They are found by
the rows' roles and codes, not by printed 行次, so a region that numbers its lines
differently keeps the same identities. The derived tables satisfy them by construction;
the checker evaluates them on the figures a department enters in ``公布数``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

from generator.identities import Identity
from generator.identities import same_figure as figures_alike
from generator.identities import sum_identity as _sum
from generator.kinds.final_accounts.tables import PERSONNEL_GROUPS
from generator.tables import Ref, Row, Table

#: Every identity rule id with what it checks; ``{table id}`` stands for the table's name
#: as the department's report prints it (``generator.kinds.final_accounts.rules``).
IDENTITY_RULES: dict[str, str] = {
    "SUMMARY-INCOME-TOTAL": "{summary} 本年收入合计（第27行）= 各项收入（第1–8行）之和",
    "SUMMARY-INCOME-GRAND": "{summary} 收入总计（第31行）= 第27+28+29行",
    "SUMMARY-EXPENDITURE-TOTAL": "{summary} 本年支出合计（第58行）= 各类支出（第32–57行）之和",
    "SUMMARY-EXPENDITURE-GRAND": "{summary} 支出总计（第62行）= 第58+59+60行",
    "SUMMARY-GRAND-EQUAL": "{summary} 收入总计（第31行）= 支出总计（第62行）",
    "INCOME-ROW": "{income} 每行 第1栏 = 第2–7栏之和",
    "INCOME-ROLLUP": "{income} 款 = 其项之和，类 = 其款之和，合计 = 各类之和",
    "EXPENDITURE-ROW": "{expenditure} 每行 第1栏 = 第2–6栏之和",
    "EXPENDITURE-ROLLUP": "{expenditure} 款 = 其项之和，类 = 其款之和，合计 = 各类之和",
    "FISCAL-SUMMARY-INCOME-TOTAL": "{fiscal_summary} 第27行 = 第1+2+3行",
    "FISCAL-SUMMARY-OPENING": "{fiscal_summary} 第28行 = 第29+30+31行",
    "FISCAL-SUMMARY-INCOME-GRAND": "{fiscal_summary} 第32行 = 第27+28行",
    "FISCAL-SUMMARY-EXPENDITURE-TOTAL": "{fiscal_summary} 第59行 = 第33–58行之和（每栏）",
    "FISCAL-SUMMARY-EXPENDITURE-GRAND": "{fiscal_summary} 第64行 = 第59+60行（每栏）",
    "FISCAL-SUMMARY-ROW": "{fiscal_summary} 每行 第2栏 = 第3+4+5栏",
    "FISCAL-SUMMARY-GRAND-EQUAL": "{fiscal_summary} 收入总计（第32行）= 支出总计（第64行 第2栏）",
    "GENERAL-BUDGET-ROW": "{general_budget} 每行 第1栏 = 第2+3栏",
    "GENERAL-BUDGET-ROLLUP": "{general_budget} 款 = 其项之和，类 = 其款之和，合计 = 各类之和",
    "BASIC-ECONOMIC-GROUP": "{basic_economic} 每个经济分类类级科目 = 其款级科目之和",
    "BASIC-ECONOMIC-PERSONNEL": "{basic_economic} 人员经费合计 = 301 + 303",
    "BASIC-ECONOMIC-PUBLIC": "{basic_economic} 公用经费合计 = 302 + 307 + 310 + 312 + 399",
    "GOV-FUND-ROW": "{gov_fund} 每行 第3栏 = 第4+5栏，第6栏 = 第1+2−3栏",
    "GOV-FUND-ROLLUP": "{gov_fund} 款 = 其项之和，类 = 其款之和，合计 = 各类之和",
    "SOE-ROW": "{soe} 每行 第1栏 = 第2+3栏",
    "SOE-ROLLUP": "{soe} 款 = 其项之和，类 = 其款之和，合计 = 各类之和",
    "THREE-PUBLIC-SUM": "{three_public} 栏1 = 2+3+6，栏3 = 4+5，栏7 = 8+9+12，栏9 = 10+11",
    "X-SUMMARY-EXPENDITURE-CLASS": "{summary} 各类支出 = {expenditure} 各类行 第1栏",
    "X-INCOME-SUMMARY-TOTAL": "{income} 合计 第1栏 = {summary} 本年收入合计",
    "X-EXPENDITURE-SUMMARY-TOTAL": "{expenditure} 合计 第1栏 = {summary} 本年支出合计",
    "X-FISCAL-SUMMARY-INCOME": "{fiscal_summary} 三项财政拨款收入 = {summary} 第1–3行",
    "X-GENERAL-BUDGET-FISCAL":
        "{general_budget} 合计及各类 第1栏 = {fiscal_summary} 本年支出合计及各类 第3栏",
    "X-GOV-FUND-FISCAL": "{gov_fund} 合计及各类 第3栏 = {fiscal_summary} 本年支出合计及各类 第4栏",
    "X-SOE-FISCAL": "{soe} 合计及各类 第1栏 = {fiscal_summary} 本年支出合计及各类 第5栏",
    "X-BASIC-ECONOMIC-GENERAL-BUDGET":
        "{basic_economic} 人员经费合计 + 公用经费合计 = {general_budget} 合计 第2栏（基本支出）",
}  # fmt: skip

#: Rule-id prefix of each table by function code.
FUNCTION_TABLES: dict[str, str] = {"income": "INCOME", "expenditure": "EXPENDITURE",
                                   "general_budget": "GENERAL-BUDGET", "gov_fund": "GOV-FUND",
                                   "soe": "SOE"}


def _lines(rows: Sequence[Row]) -> str:
    """第1–8行 / 第27+28+29行: the 行次 of consecutive or separate rows."""
    keys = [int(row.key) for row in rows]
    if len(keys) > 3 and keys == list(range(keys[0], keys[-1] + 1)):
        return f"第{keys[0]}–{keys[-1]}行"
    return "第" + "+".join(map(str, keys)) + "行"


def _summary_identities(t: Table) -> Iterator[Identity]:
    sid = t.id

    def ref(row: Row, column: int) -> Ref:
        return (sid, row.key, column)

    sources, classes = t.by_role("source"), t.by_role("class")
    income, grand = t.first("income-total"), t.first("income-grand")
    spent, grand_out = t.first("expenditure-total"), t.first("expenditure-grand")
    income_parts = [income, t.first("use-nonfiscal"), t.first("opening")]
    spent_parts = [spent, t.first("distribution"), t.first("closing")]
    yield _sum("SUMMARY-INCOME-TOTAL", ref(income, 1), [ref(r, 1) for r in sources],
               _lines(sources) + "之和")
    yield _sum("SUMMARY-INCOME-GRAND", ref(grand, 1), [ref(r, 1) for r in income_parts],
               _lines(income_parts))
    yield _sum("SUMMARY-EXPENDITURE-TOTAL", ref(spent, 2), [ref(r, 2) for r in classes],
               _lines(classes) + "之和")
    yield _sum("SUMMARY-EXPENDITURE-GRAND", ref(grand_out, 2),
               [ref(r, 2) for r in spent_parts], _lines(spent_parts))
    yield _sum("SUMMARY-GRAND-EQUAL", ref(grand_out, 2), [ref(grand, 1)], "")


def _fiscal_identities(t: Table) -> Iterator[Identity]:
    sid = t.id

    def ref(row: Row, column: int) -> Ref:
        return (sid, row.key, column)

    funds, openings, classes = (t.by_role("fund-income"), t.by_role("fund-opening"),
                                t.by_role("class"))
    income, opening, grand = t.first("income-total"), t.first("opening-total"), \
        t.first("income-grand")
    spent, closing, grand_out = (t.first("expenditure-total"), t.first("closing"),
                                 t.first("expenditure-grand"))
    yield _sum("FISCAL-SUMMARY-INCOME-TOTAL", ref(income, 1), [ref(r, 1) for r in funds],
               _lines(funds))
    yield _sum("FISCAL-SUMMARY-OPENING", ref(opening, 1), [ref(r, 1) for r in openings],
               _lines(openings))
    yield _sum("FISCAL-SUMMARY-INCOME-GRAND", ref(grand, 1),
               [ref(income, 1), ref(opening, 1)], _lines([income, opening]))
    for c in (2, 3, 4, 5):
        yield _sum("FISCAL-SUMMARY-EXPENDITURE-TOTAL", ref(spent, c),
                   [ref(r, c) for r in classes], f"{_lines(classes)} 第{c}栏之和")
        yield _sum("FISCAL-SUMMARY-EXPENDITURE-GRAND", ref(grand_out, c),
                   [ref(spent, c), ref(closing, c)], f"{_lines([spent, closing])} 第{c}栏")
    for row in (*classes, spent, closing, grand_out):
        yield _sum("FISCAL-SUMMARY-ROW", ref(row, 2), [ref(row, c) for c in (3, 4, 5)],
                   f"第{row.key}行 第3+4+5栏")
    yield _sum("FISCAL-SUMMARY-GRAND-EQUAL", ref(grand_out, 2), [ref(grand, 1)], "")


def _row_identities(table: Table, key: str) -> Iterator[Identity]:
    tid = table.id
    width = len(table.columns)
    if tid == "gov_fund":
        yield _sum("GOV-FUND-ROW", (tid, key, 3), [(tid, key, 4), (tid, key, 5)], "第4+5栏")
        yield Identity("GOV-FUND-ROW", (tid, key, 6),
                       ((1, (tid, key, 1)), (1, (tid, key, 2)), (-1, (tid, key, 3))),
                       "第1+2−3栏")
        return
    if tid == "soe":
        yield _sum("SOE-ROW", (tid, key, 1), [(tid, key, 2), (tid, key, 3)], "第2+3栏")
        yield Identity("SOE-ROW", (tid, key, 6),
                       ((1, (tid, key, 4)), (1, (tid, key, 5)), (-1, (tid, key, 1))),
                       "第4+5−1栏")
        return
    yield _sum(f"{FUNCTION_TABLES[tid]}-ROW", (tid, key, 1),
               [(tid, key, c) for c in range(2, width + 1)],
               f"第2–{width}栏之和" if width > 3 else "第2+3栏")


def _rollup_identities(table: Table, codes: set[str]) -> Iterator[Identity]:
    tid = table.id
    width = len(table.columns)
    parents = ["合计", *sorted(c for c in codes if len(c) in (3, 5))]
    for parent in parents:
        size = 3 if parent == "合计" else len(parent) + 2
        prefix = "" if parent == "合计" else parent
        children = sorted(c for c in codes if len(c) == size and c.startswith(prefix))
        if not children:
            continue
        level = {3: "各类", 5: "各款", 7: "各项"}[size]
        for c in range(1, width + 1):
            yield _sum(f"{FUNCTION_TABLES[tid]}-ROLLUP", (tid, parent, c),
                       [(tid, child, c) for child in children], f"{level}第{c}栏之和")


def _economic_identities(t: Table) -> Iterator[Identity]:
    tid = t.id
    groups = t.by_role("group")
    for group in groups:
        items = [(tid, row.key, 1) for row in t.by_role("item") if row.code[:3] == group.code]
        yield _sum("BASIC-ECONOMIC-GROUP", (tid, group.key, 1), items, "其款级科目之和")
    yield _sum("BASIC-ECONOMIC-PERSONNEL", (tid, "人员经费合计", 1),
               [(tid, g, 1) for g in PERSONNEL_GROUPS], " + ".join(PERSONNEL_GROUPS))
    public = [group.code for group in groups if group.code not in PERSONNEL_GROUPS]
    yield _sum("BASIC-ECONOMIC-PUBLIC", (tid, "公用经费合计", 1), [(tid, g, 1) for g in public],
               " + ".join(public))


def _cross_identities(tables: Mapping[str, Table]) -> Iterator[Identity]:
    summary, fiscal = tables["summary"], tables["fiscal_summary"]
    economic = tables["basic_economic"]
    for row in summary.by_role("class"):
        yield _sum("X-SUMMARY-EXPENDITURE-CLASS", ("summary", row.key, 2),
                   [("expenditure", row.code, 1)], "")
    funds = (("X-GENERAL-BUDGET-FISCAL", 3, "general_budget", 1),
             ("X-GOV-FUND-FISCAL", 4, "gov_fund", 3), ("X-SOE-FISCAL", 5, "soe", 1))
    for row in fiscal.by_role("class"):
        for rule, column, table, fund_column in funds:
            yield _sum(rule, ("fiscal_summary", row.key, column),
                       [(table, row.code, fund_column)], "")
    yield _sum("X-INCOME-SUMMARY-TOTAL", ("summary", summary.first("income-total").key, 1),
               [("income", "合计", 1)], "")
    yield _sum("X-EXPENDITURE-SUMMARY-TOTAL",
               ("summary", summary.first("expenditure-total").key, 2),
               [("expenditure", "合计", 1)], "")
    for source, fund in zip(summary.by_role("source"), fiscal.by_role("fund-income"),
                            strict=False):
        yield _sum("X-FISCAL-SUMMARY-INCOME", ("summary", source.key, 1),
                   [("fiscal_summary", fund.key, 1)], "")
    spent = fiscal.first("expenditure-total").key
    for rule, column, table, fund_column in funds:
        yield _sum(rule, ("fiscal_summary", spent, column), [(table, "合计", fund_column)], "")
    yield _sum("X-BASIC-ECONOMIC-GENERAL-BUDGET", ("general_budget", "合计", 2),
               [(economic.id, "人员经费合计", 1), (economic.id, "公用经费合计", 1)],
               f"{{{economic.id}}} 人员经费合计 + 公用经费合计")
    t9 = tables["three_public"]
    for half, start in (("预算", 0), ("决算", 6)):
        def col(k: int, half: str = half, start: int = start) -> Ref:
            return (t9.id, half, start + k)
        yield _sum("THREE-PUBLIC-SUM", col(1), [col(2), col(3), col(6)],
                   f"第{start + 2}+{start + 3}+{start + 6}栏")
        yield _sum("THREE-PUBLIC-SUM", col(3), [col(4), col(5)], f"第{start + 4}+{start + 5}栏")


def identities(tables: Mapping[str, Table], codes_by_table: Mapping[str, set[str]]
               ) -> Iterator[Identity]:
    """Every identity, with row and roll-up identities for the given codes of each table.

    ``codes_by_table`` maps each table by function code to the 类/款/项 codes to check
    (those with data and those given in 公布数).
    """
    yield from _summary_identities(tables["summary"])
    yield from _fiscal_identities(tables["fiscal_summary"])
    for table_id, codes in codes_by_table.items():
        table = tables[table_id]
        for key in ("合计", *sorted(codes)):
            yield from _row_identities(table, key)
        yield from _rollup_identities(table, codes)
    yield from _economic_identities(tables["basic_economic"])
    yield from _cross_identities(tables)


def same_figure(tables: Mapping[str, Table]) -> Iterator[tuple[Ref, Ref]]:
    """Pairs of cells that print one and the same figure (``generator.identities``):
    公开01表 第58行 and 公开03表 合计 第1栏, 公开01表 第62行 and 第58行 when 第59、60行
    are empty."""
    codes = {table: {row.code for row in tables[table].rows if row.code}
             for table in FUNCTION_TABLES}
    return figures_alike(tables, identities(tables, codes))
