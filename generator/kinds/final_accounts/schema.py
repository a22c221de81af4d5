"""Validate a 决算 file: located YAML values → the Department model, or every error at its
line.

Each field is read by a typed reader (text, amount, count, code …) that reports, in
Chinese, the file:line:col, the field's Chinese name, the value found and what to write
instead. Reading goes on after an error so one run lists them all.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import TypeVar

from generator.findings import InputError, Position, Severity
from generator.kinds.final_accounts import model as m
from generator.kinds.final_accounts import vocabulary as g
from generator.load import Mapping, Scalar, Sequence, Value
from generator.profiles import Profile, read_settings
from generator.published import PublishedRow
from generator.reader import AMOUNT, INT, Reader, shape
from generator.vocabulary import AMOUNT_UNITS

T = TypeVar("T")

# --- the department ----------------------------------------------------------------------


def read_department(root: Value, source: str, profile: Profile) -> m.Department:
    """Validate the located tree of one 决算 file into a Department, or raise InputError.

    ``profile`` is the region profile the file names (its settings type ``样式设置``).
    """
    r = Reader()
    top = r.mapping(root, "文件顶层", g.TOP_LEVEL)
    if top is None:
        if not r.findings:
            r.error(root.position, "TYPE-MAPPING", "文件顶层应为“字段: 值”形式的部门数据。")
        raise InputError(r.findings)
    e = top.entries
    unit = r.choice(e.get("金额单位"), "金额单位", tuple(AMOUNT_UNITS)) or "万元"
    r.unit, r.per_wan = unit, AMOUNT_UNITS[unit]
    for key in ("年度", "部门名称", "编制日期", "支出明细"):
        r.required(top, key, key)
    year = r.count(e.get("年度"), "年度", None)
    if year is not None and not 2000 <= year <= 2100:
        r.error(e["年度"].position, "YEAR-RANGE", f"“年度”为 {year}，不是合理的年份。")
    name = r.text(e.get("部门名称"), "部门名称")
    compiled = r.month(e.get("编制日期"), "编制日期")

    code_names = _code_names(r, e.get("科目名称补充"))
    lines = _lines(r, e.get("支出明细"))
    dept = m.Department(
        kind=profile.kind,
        profile=profile.name,
        year=year or 0,
        name=name or "",
        compiled=compiled or (0, 0),
        overview=_overview(r, e.get("概况")),
        lines=lines,
        carryover=m.Carryover(**r.fields(  # type: ignore[arg-type]
            r.mapping(e.get("结转结余"), "结转结余", g.CARRYOVER), g.CARRYOVER, "结转结余",
            {a: r.amount for a in g.CARRYOVER.values()})),
        basic_economic=_basic_economic(r, e.get("基本支出经济分类")),
        prior=_prior(r, e.get("上年")),
        three_public=_three_public(r, e.get("三公经费")),
        office_operation=m.OfficeOperation(**r.fields(  # type: ignore[arg-type]
            r.mapping(e.get("机关运行经费"), "机关运行经费", g.OFFICE_OPERATION),
            g.OFFICE_OPERATION, "机关运行经费",
            {"current": lambda v, w: r.amount(v, w, None),
             "prior": lambda v, w: r.amount(v, w, None), "reason": r.text})),
        procurement=m.Procurement(**r.fields(  # type: ignore[arg-type]
            r.mapping(e.get("政府采购"), "政府采购", g.PROCUREMENT), g.PROCUREMENT, "政府采购",
            {a: r.amount for a in g.PROCUREMENT.values()})),
        assets=_assets(r, e.get("国有资产")),
        performance=_performance(r, e.get("预算绩效")),
        glossary_extra=_glossary_extra(r, e.get("名词解释补充")),
        annexes=_annexes(r, e.get("附件")),
        code_names=code_names,
        style=read_settings(r, e.get("样式设置"), profile.defaults, "样式设置"),
        published=_published(r, e.get("公布数")),
        source=source,
        positions=_key_paths(top),
    )
    if any(f.severity is Severity.ERROR for f in r.findings):
        raise InputError(r.findings)
    return dept


def _key_paths(top: Mapping) -> dict[str, Position]:
    """Where every key and list item of the file was written, by dotted path."""
    paths: dict[str, Position] = {}
    stack: list[tuple[str, Value]] = [("", top)]
    while stack:
        prefix, value = stack.pop()
        if isinstance(value, Mapping):
            for key, child in value.entries.items():
                path = f"{prefix}.{key}" if prefix else key
                paths[path] = value.key_positions[key]
                stack.append((path, child))
        elif isinstance(value, Sequence):
            for i, item in enumerate(value.items, 1):
                path = f"{prefix}[{i}]"
                paths[path] = item.position
                stack.append((path, item))
    return paths


def _published(r: Reader, value: Value | None) -> tuple[PublishedRow, ...]:
    """公布数: figures as printed by the finance system, by table, row and 栏.

    Tables and rows are resolved against the department's profile and tables when the
    report is derived; here each row is read as one amount or a list of them.
    """
    if value is None or (isinstance(value, Scalar) and value.null):
        return ()
    if not isinstance(value, Mapping):
        r.error(value.position, "TYPE-MAPPING",
                f"“公布数”应为“表名: 各行金额”的映射，这里写成了{shape(value)}。")
        return ()
    out: list[PublishedRow] = []
    for table, rows_value in value.entries.items():
        where = f"公布数.{table}"
        if not isinstance(rows_value, Mapping):
            if not (isinstance(rows_value, Scalar) and rows_value.null):
                r.error(rows_value.position, "TYPE-MAPPING",
                        f"“{where}”应为“行: 金额”的映射，这里写成了{shape(rows_value)}。")
            continue
        for row, cell in rows_value.entries.items():
            cells: list[Value] = cell.items if isinstance(cell, Sequence) else [cell]
            values = []
            for column, item in enumerate(cells, 1):
                if isinstance(item, Scalar) and item.null:
                    values.append((None, item.position))  # a column not given
                    continue
                amount = r.amount(item, f"{where}.{row} 第{column}个数", None)
                values.append((amount, item.position))
            out.append(PublishedRow(table, row, tuple(values),
                                    rows_value.key_positions[row],
                                    value.key_positions[table], cell.position))
    return tuple(out)


def _overview(r: Reader, value: Value | None) -> m.Overview:
    mp = r.mapping(value, "概况", g.OVERVIEW)
    if mp is None:
        return m.Overview()
    return m.Overview(
        duties=r.paragraphs(mp.entries.get("部门职责"), "概况.部门职责"),
        organization=r.paragraphs(mp.entries.get("机构设置"), "概况.机构设置"),
    )


def _code_names(r: Reader, value: Value | None) -> dict[str, str]:
    mp = r.mapping(value, "科目名称补充", {})
    names: dict[str, str] = {}
    if mp is None:
        return names
    r.findings = [f for f in r.findings if not (f.rule == "FIELD-UNKNOWN"
                                                and f.position in mp.key_positions.values())]
    for key, val in mp.entries.items():
        where = f"科目名称补充.{key}"
        if not INT.match(key) or len(key) not in (3, 5, 7):
            r.error(mp.key_positions[key], "CODE-FORMAT",
                    f"“{where}”：科目编码应为 3、5 或 7 位数字，这里写成了“{key}”。")
            continue
        text = r.text(val, where)
        if text:
            names[key] = text
    return names


def _lines(r: Reader, value: Value | None) -> tuple[m.ExpenditureLine, ...]:
    lines = []
    readers: dict[str, Callable[[Value | None, str], object]] = {
        attr: r.amount for attr in g.EXPENDITURE_COLUMNS.values()}
    readers |= {"opening_balance": r.amount, "budget": r.amount,
                "income": lambda v, w: r.amount(v, w, None),
                "budget_reason": r.text, "purpose": r.text}
    for i, item in enumerate(r.sequence(value, "支出明细"), 1):
        where = f"支出明细第 {i} 项"
        mp = r.mapping(item, where, g.LINE)
        if mp is None:
            if isinstance(item, Scalar):
                r.error(item.position, "TYPE-MAPPING", f"{where}应为“科目编码: …”等字段。")
            continue
        code = r.code(r.required(mp, "科目编码", f"{where}.科目编码"), f"{where}.科目编码", (7,))
        source = r.choice(r.required(mp, "资金来源", f"{where}.资金来源"),
                          f"{where}.资金来源", g.INCOME_SOURCES)
        values = r.fields(mp, g.LINE, where, readers)
        income = values.pop("income", None)
        if code is None or source is None:
            continue
        lines.append(m.ExpenditureLine(
            code=code, source=source, income_given=income,  # type: ignore[arg-type]
            position=mp.position,
            field_positions={g.LINE[k]: p for k, p in mp.key_positions.items() if k in g.LINE},
            **values))  # type: ignore[arg-type]
    return tuple(lines)


def _basic_economic(r: Reader, value: Value | None) -> tuple[tuple[str, Decimal], ...]:
    if value is None or (isinstance(value, Scalar) and value.null):
        return ()
    if not isinstance(value, Mapping):
        r.error(value.position, "TYPE-MAPPING",
                "“基本支出经济分类”应为 \"经济分类编码\": 金额 的映射。")
        return ()
    items = []
    for key, val in value.entries.items():
        where = f"基本支出经济分类.{key}"
        if not INT.match(key) or len(key) != 5:
            r.error(value.key_positions[key], "CODE-FORMAT",
                    f"“{where}”：经济分类科目编码应为 5 位数字（款），这里写成了“{key}”。")
            continue
        amount = r.amount(val, where)
        if amount is not None:
            items.append((key, amount))
    return tuple(items)


def _prior(r: Reader, value: Value | None) -> m.PriorYear:
    mp = r.mapping(value, "上年", g.PRIOR)
    readers: dict[str, Callable[[Value | None, str], object]] = {}
    for attr in g.PRIOR.values():
        readers[attr] = r.text if attr.endswith("reason") else (
            lambda v, w: r.amount(v, w, None))
    return m.PriorYear(**r.fields(mp, g.PRIOR, "上年", readers))  # type: ignore[arg-type]


def _three_public(r: Reader, value: Value | None) -> m.ThreePublic:
    mp = r.mapping(value, "三公经费", g.THREE_PUBLIC)
    if mp is None:
        return m.ThreePublic()
    e = mp.entries

    def part(key: str, keys: dict[str, str], cls: type[T],
             extra: dict[str, Callable[[Value | None, str], object]]) -> T:
        where = f"三公经费.{key}"
        sub = r.mapping(e.get(key), where, keys)
        readers: dict[str, Callable[[Value | None, str], object]] = {
            "budget": r.amount, "actual": r.amount, "reason": r.text, **extra}
        return cls(**r.fields(sub, keys, where, readers))

    def visits(keys: dict[str, str]) -> Callable[[Value | None, str], object]:
        def read(v: Value | None, where: str) -> m.Visits:
            sub = r.mapping(v, where, keys)
            return m.Visits(**r.fields(sub, keys, where, {  # type: ignore[arg-type]
                "amount": r.amount, "groups": r.count, "persons": r.count,
                "purpose": r.text}))
        return read

    return m.ThreePublic(
        abroad=part("因公出国境", g.ABROAD, m.Abroad,
                    {"groups": r.count, "persons": r.count}),
        vehicle_purchase=part("公务用车购置", g.VEHICLE_PURCHASE, m.VehiclePurchase,
                              {"count": r.count}),
        vehicle_operation=part("公务用车运行维护", g.VEHICLE_OPERATION, m.VehicleOperation,
                               {"purpose": r.text}),
        reception=part("公务接待", g.RECEPTION, m.Reception,
                       {"foreign": visits(g.FOREIGN_RECEPTION),
                        "domestic": visits(g.DOMESTIC_RECEPTION)}),
        **r.fields(mp, g.THREE_PUBLIC, "三公经费", {  # type: ignore[arg-type]
            "reason": r.text, "vehicle_reason": r.text, "vehicles_held": r.count,
            "vehicle_note": r.text}),
    )


def _assets(r: Reader, value: Value | None) -> m.Assets:
    mp = r.mapping(value, "国有资产", g.ASSETS)
    if mp is None:
        return m.Assets()
    vehicles_map = r.mapping(mp.entries.get("车辆"), "国有资产.车辆",
                             {t: t for t in g.VEHICLE_TYPES})
    counts = dict.fromkeys(g.VEHICLE_TYPES, 0)
    if vehicles_map is not None:
        for key, val in vehicles_map.entries.items():
            if key in counts:
                counts[key] = r.count(val, f"国有资产.车辆.{key}") or 0
    values = r.fields(mp, g.ASSETS, "国有资产", {
        "equipment_over_50": lambda v, w: r.count(v, w, None),
        "equipment_over_100": lambda v, w: r.count(v, w, None),
        "list_vehicle_types": r.boolean})
    return m.Assets(vehicles=tuple(counts.items()), **values)  # type: ignore[arg-type]


def _performance(r: Reader, value: Value | None) -> tuple[m.PerformanceSection, ...]:
    sections = []
    for i, item in enumerate(r.sequence(value, "预算绩效"), 1):
        where = f"预算绩效第 {i} 节"
        mp = r.mapping(item, where, g.PERFORMANCE_SECTION)
        if mp is None:
            continue
        title = r.text(r.required(mp, "标题", f"{where}.标题"), f"{where}.标题") or ""
        paragraphs: list[str | m.Subheading] = []
        for j, para in enumerate(r.sequence(mp.entries.get("段落"), f"{where}.段落"), 1):
            if isinstance(para, Mapping):
                sub = r.mapping(para, f"{where}.段落第 {j} 项", {"小标题": "text"})
                text = r.text(sub.entries.get("小标题") if sub else None,
                              f"{where}.段落第 {j} 项.小标题")
                if text:
                    paragraphs.append(m.Subheading(text))
            else:
                text = r.text(para, f"{where}.段落第 {j} 项")
                if text:
                    paragraphs.append(text)
        sections.append(m.PerformanceSection(title, tuple(paragraphs)))
    return tuple(sections)


def _glossary_extra(r: Reader, value: Value | None) -> tuple[tuple[str, str], ...]:
    terms = []
    for i, item in enumerate(r.sequence(value, "名词解释补充"), 1):
        where = f"名词解释补充第 {i} 项"
        mp = r.mapping(item, where, g.GLOSSARY_TERM)
        if mp is None:
            continue
        term = r.text(r.required(mp, "术语", f"{where}.术语"), f"{where}.术语")
        definition = r.text(r.required(mp, "解释", f"{where}.解释"), f"{where}.解释")
        if term and definition:
            terms.append((term, definition))
    return tuple(terms)


# --- annex -------------------------------------------------------------------------------


def _cells(r: Reader, value: Value | None, where: str, n: int) -> list[str]:
    items = r.sequence(value, where)
    if items and len(items) != n:
        r.error(value.position, "ANNEX-ROW",  # type: ignore[union-attr]
                f"“{where}”应有 {n} 个单元格，这里有 {len(items)} 个。")
        return []
    return [r.text(item, f"{where} 第 {k} 格") or "" for k, item in enumerate(items, 1)]


def _score(r: Reader, text: str, pos: Position, where: str) -> Decimal | None:
    if text == "":
        return None
    if not AMOUNT.match(text):
        r.error(pos, "ANNEX-SCORE", f"“{where}”应为分数（如 9.68），这里写成了“{text}”。")
        return None
    return Decimal(text)


def _annexes(r: Reader, value: Value | None) -> tuple[m.Evaluation, ...]:
    out = []
    for i, item in enumerate(r.sequence(value, "附件"), 1):
        where = f"附件第 {i} 项"
        if not isinstance(item, Mapping):
            r.mapping(item, where, {})
            continue
        kind = r.choice(r.required(item, "类型", f"{where}.类型"), f"{where}.类型",
                        g.EVALUATION_KINDS)
        if kind is None:
            continue
        keys = (g.DEPARTMENT_EVALUATION_KEYS if kind == g.DEPARTMENT_EVALUATION
                else g.PROJECT_EVALUATION_KEYS)
        mp = r.mapping(item, where, keys)
        assert mp is not None
        e = mp.entries
        funds_map = r.mapping(e.get("资金"), f"{where}.资金",
                              {f: f for f in g.EVALUATION_FUNDS})
        funds = []
        for fund in g.EVALUATION_FUNDS:
            cells = (r.sequence(funds_map.entries.get(fund), f"{where}.资金.{fund}")
                     if funds_map else [])
            amounts = [r.amount(c, f"{where}.资金.{fund}", None) for c in cells[:3]]
            amounts += [None] * (3 - len(amounts))
            funds.append(m.FundRow(fund, *amounts))
        indicators = []
        for j, row in enumerate(r.sequence(e.get("绩效指标"), f"{where}.绩效指标"), 1):
            w = f"{where}.绩效指标第 {j} 行"
            cells = _cells(r, row, w, 9)
            if cells:
                indicators.append(m.Indicator(
                    *cells[:5], _score(r, cells[5], row.position, w + " 分值"),
                    _score(r, cells[6], row.position, w + " 得分"), cells[7], cells[8]))
        management = []
        for j, row in enumerate(r.sequence(e.get("资金管理情况"), f"{where}.资金管理情况"), 1):
            w = f"{where}.资金管理情况第 {j} 行"
            cells = _cells(r, row, w, 5)
            if cells:
                management.append(m.ManagementItem(
                    cells[0], cells[1], _score(r, cells[2], row.position, w + " 分值"),
                    _score(r, cells[3], row.position, w + " 得分"), cells[4]))
        tasks = []
        for j, row in enumerate(r.sequence(e.get("年度主要任务"), f"{where}.年度主要任务"), 1):
            tm = r.mapping(row, f"{where}.年度主要任务第 {j} 项", g.TASK)
            if tm is not None:
                tasks.append(m.Task(*(r.text(tm.entries.get(k), k) or "" for k in g.TASK)))
        goal_key = "年度履职目标" if kind == g.DEPARTMENT_EVALUATION else "年度总体目标"
        goal = r.mapping(e.get(goal_key), f"{where}.{goal_key}", g.GOAL)
        goal_text = {k: (r.text(goal.entries.get(k), k) or "") if goal else "" for k in g.GOAL}
        out.append(m.Evaluation(
            kind=kind, funds=tuple(funds),
            fund_weight=r.amount(e.get("资金分值"), f"{where}.资金分值", None),
            fund_score=r.amount(e.get("资金得分"), f"{where}.资金得分", None),
            indicators=tuple(indicators),
            goal_expected=goal_text["预期目标"], goal_achieved=goal_text["实际完成情况"],
            project=r.text(e.get("项目名称"), f"{where}.项目名称") or "",
            authority=r.text(e.get("主管部门"), f"{where}.主管部门") or "",
            implementer=r.text(e.get("实施单位"), f"{where}.实施单位") or "",
            department=r.text(e.get("部门名称"), f"{where}.部门名称") or "",
            filled=r.month(e.get("填报日期"), f"{where}.填报日期"),
            management=tuple(management), tasks=tuple(tasks), position=mp.position,
        ))
    return tuple(out)
