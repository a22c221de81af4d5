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
from generator.kinds.final_accounts import budget_source, forms, model
from generator.kinds.final_accounts import vocabulary as terms
from generator.kinds.final_accounts.forms import FORM_SPECS
from generator.load import Mapping, Scalar, Value
from generator.profiles import Profile, read_settings
from generator.reader import AMOUNT, INT, Reader
from generator.schema import (
    key_paths,
    read_code_names,
    read_glossary_terms,
    read_item,
    read_published,
    read_top,
)

T = TypeVar("T")

# --- the department ----------------------------------------------------------------------


def read_department(root: Value, source: str, profile: Profile) -> model.Department:
    """Validate the located tree of one 决算 file into a Department, or raise InputError.

    ``profile`` is the region profile the file names (its settings type ``样式设置``).
    """
    reader = Reader()
    top, year = read_top(reader, root, terms.TOP_LEVEL, ("年度", "部门名称", "支出明细"))
    entries = top.entries
    name = reader.text(entries.get("部门名称"), "部门名称")
    compiled = reader.date(entries.get("编制日期"), "编制日期")

    code_names = read_code_names(reader, entries.get("科目名称补充"))
    lines = _lines(reader, entries.get("支出明细"))
    if "支出明细" in entries and not lines and not reader.findings:
        reader.error(top.key_positions["支出明细"], "FIELD-EMPTY", (
            "“支出明细”没有任何一行：报告的表和说明都由它计算，一个部门至少有一行支出"
            "（科目编码、资金来源和金额），请补上。"))
    dept = model.Department(
        kind=profile.kind,
        profile=profile.name,
        year=year or 0,
        name=name or "",
        compiled=compiled,
        overview=_overview(reader, entries.get("概况")),
        lines=lines,
        carryover=model.Carryover(**_block(  # type: ignore[arg-type]
            reader, entries, "结转结余", terms.CARRYOVER,
            dict.fromkeys(terms.CARRYOVER.values(), reader.amount))),
        basic_economic=_basic_economic(reader, entries.get("基本支出经济分类")),
        prior=_prior(reader, entries.get("上年")),
        three_public=_three_public(reader, entries.get("三公经费")),
        office_operation=model.OfficeOperation(**_block(  # type: ignore[arg-type]
            reader, entries, "机关运行经费", terms.OFFICE_OPERATION,
            {"current": reader.optional_amount, "prior": reader.optional_amount,
             "reason": reader.text})),
        procurement=model.Procurement(**_block(  # type: ignore[arg-type]
            reader, entries, "政府采购", terms.PROCUREMENT,
            {attr: reader.optional_amount if attr in terms.PROCUREMENT_OPTIONAL
             else reader.amount for attr in terms.PROCUREMENT.values()})),
        assets=_assets(reader, entries.get("国有资产")),
        performance=_performance(reader, entries.get("预算绩效")),
        performance_management=_performance_management(reader, entries.get("绩效管理")),
        key_work=_key_work(reader, entries.get("重点工作完成情况")),
        class_budgets=_class_budgets(reader, entries.get("科目年初预算")),
        projects=_projects(reader, entries.get("项目支出说明")),
        short_name=reader.text(entries.get("部门简称"), "部门简称") or "",
        glossary=(read_glossary_terms(reader, entries.get("名词解释"), "名词解释")
                  if "名词解释" in entries else None),
        glossary_extra=read_glossary_terms(reader, entries.get("名词解释补充"), "名词解释补充"),
        annexes=_annexes(reader, entries.get("附件")),
        code_names=code_names,
        budget_totals=_budget_totals(reader, entries.get("预算总额")),
        style=read_settings(reader, entries.get("样式设置"), profile.defaults, "样式设置"),
        published=read_published(reader, entries.get("公布数")),
        source=source,
        positions=key_paths(top),
    )
    if any(f.severity is Severity.ERROR for f in reader.findings):
        raise InputError(reader.findings)
    if "预算来源" in entries:
        dept = budget_source.apply(dept, budget_source.read_budget_source(
            entries["预算来源"], source, dept.year, dept.name))
    return dept


def _block(reader: Reader, entries: dict[str, Value], key: str, keys: dict[str, str],
           readers: dict[str, Callable[[Value | None, str], object]]) -> dict[str, object]:
    """The fields of the top-level mapping ``key``, each read by its reader."""
    return reader.fields(reader.mapping(entries.get(key), key, keys), keys, key, readers)


def _overview(reader: Reader, value: Value | None) -> model.Overview:
    fields = reader.mapping(value, "概况", terms.OVERVIEW)
    if fields is None:
        return model.Overview()
    units = []
    for i, item in enumerate(reader.sequence(fields.entries.get("决算单位"), "概况.决算单位"), 1):
        where = f"概况.决算单位第 {i} 项"
        if isinstance(item, Mapping):
            reader.mapping(item, where, terms.UNIT)
            name = reader.text(reader.required(item, "名称", f"{where}.名称"), f"{where}.名称")
            remark = reader.text(item.entries.get("备注"), f"{where}.备注")
        else:
            name, remark = reader.text(item, where), None
        if name:
            units.append(model.Unit(name, remark or ""))
    return model.Overview(
        duties=reader.paragraphs(fields.entries.get("部门职责"), "概况.部门职责"),
        organization=reader.paragraphs(fields.entries.get("机构设置"), "概况.机构设置"),
        duties_summary=reader.text(fields.entries.get("部门职责总述"), "概况.部门职责总述"),
        units=tuple(units),
    )


def _projects(reader: Reader, value: Value | None) -> tuple[model.Project, ...]:
    """项目支出说明: each project by name, with its amount and effect where stated."""
    projects = []
    for i, item in enumerate(reader.sequence(value, "项目支出说明"), 1):
        where = f"项目支出说明第 {i} 项"
        if not isinstance(item, Mapping):
            name = reader.text(item, where)
            if name:
                projects.append(model.Project(name))
            continue
        fields = reader.mapping(item, where, terms.PROJECT)
        name = reader.text(reader.required(item, "项目名称", f"{where}.项目名称"),
                           f"{where}.项目名称")
        values = reader.fields(fields, terms.PROJECT, where, {
            "name": reader.text, "amount": reader.optional_amount, "effect": reader.text})
        values.pop("name", None)
        if name:
            projects.append(model.Project(name, **values))  # type: ignore[arg-type]
    return tuple(projects)


def _performance_management(reader: Reader, value: Value | None
                            ) -> model.PerformanceManagement:
    """绩效管理: the year's performance-management counts, amounts and grades."""
    fields = reader.mapping(value, "绩效管理", terms.PERFORMANCE_MANAGEMENT)
    if fields is None:
        return model.PerformanceManagement()
    counts = {"targets_required", "targets_set", "monitored", "evaluated", "problems",
              "problems_fixed", "problems_fixing"}
    texts = {"rules", "mechanism"}
    readers: dict[str, Callable[[Value | None, str], object]] = {}
    for attr in terms.PERFORMANCE_MANAGEMENT.values():
        if attr != "ratings":
            readers[attr] = (reader.optional_count if attr in counts else reader.text
                             if attr in texts else reader.optional_amount)
    values = reader.fields(fields, terms.PERFORMANCE_MANAGEMENT, "绩效管理", readers)
    ratings: list[tuple[str, int]] = []
    grades = reader.mapping(fields.entries.get("评级"), "绩效管理.评级",
                            {grade: grade for grade in terms.RATINGS})
    if grades is not None:
        for grade in terms.RATINGS:
            count = reader.optional_count(grades.entries.get(grade), f"绩效管理.评级.{grade}")
            if count is not None:
                ratings.append((grade, count))
    return model.PerformanceManagement(ratings=tuple(ratings), **values)  # type: ignore[arg-type]


def _lines(reader: Reader, value: Value | None) -> tuple[model.ExpenditureLine, ...]:
    lines = []
    readers: dict[str, Callable[[Value | None, str], object]] = {
        attr: reader.amount for attr in terms.EXPENDITURE_COLUMNS.values()}
    readers |= {"opening_balance": reader.amount, "budget": reader.amount,
                "annual_budget": reader.optional_amount,
                "income": reader.optional_amount,
                "budget_reason": reader.text, "purpose": reader.text}
    for i, item in enumerate(reader.sequence(value, "支出明细"), 1):
        where = f"支出明细第 {i} 项"
        fields = read_item(reader, item, where, terms.LINE, "“科目编码: …”等字段")
        if fields is None:
            continue
        code = reader.code(reader.required(fields, "科目编码", f"{where}.科目编码"),
                           f"{where}.科目编码", (7,))
        source = reader.choice(reader.required(fields, "资金来源", f"{where}.资金来源"),
                          f"{where}.资金来源", terms.INCOME_SOURCES)
        values = reader.fields(fields, terms.LINE, where, readers)
        income = values.pop("income", None)
        if code is None or source is None:
            continue
        twin = next((j for j, other in enumerate(lines, 1)
                     if (other.code, other.source) == (code, source)), None)
        if twin is not None:
            first = lines[twin - 1].position
            reader.error(fields.position, "LINE-DUPLICATE", (
                f"“{where}”与第 {first.line if first else '?'} 行的一项同为科目 {code}、资金来源"
                f"“{source}”：同一科目同一资金来源只写一行，请把两行的金额合并。"))
            continue
        lines.append(model.ExpenditureLine(
            code=code, source=source, income_given=income,  # type: ignore[arg-type]
            position=fields.position,
            field_positions={terms.LINE[key]: position
                             for key, position in fields.key_positions.items()
                             if key in terms.LINE},
            **values))  # type: ignore[arg-type]
    return tuple(lines)


def _budget_totals(reader: Reader, value: Value | None) -> dict[str, model.BudgetTotal]:
    """预算总额: per fund (一般公共预算财政拨款 …), 年初预算, 全年预算 and 差异原因."""
    funds = reader.mapping(value, "预算总额", {fund: fund for fund in terms.FISCAL_FUNDS})
    if funds is None:
        return {}
    totals = {}
    for fund, item in funds.entries.items():
        if fund not in terms.FISCAL_FUNDS:
            continue
        where = f"预算总额.{fund}"
        fields = reader.mapping(item, where, terms.BUDGET_TOTAL)
        values = reader.fields(fields, terms.BUDGET_TOTAL, where, {
            "initial": reader.optional_amount, "annual": reader.optional_amount,
            "reason": reader.text})
        totals[fund] = model.BudgetTotal(**values,  # type: ignore[arg-type]
                                         position=funds.key_positions[fund])
    return totals


def _basic_economic(reader: Reader, value: Value | None) -> tuple[tuple[str, Decimal], ...]:
    if value is None or (isinstance(value, Scalar) and value.null):
        return ()
    if not isinstance(value, Mapping):
        reader.error(value.position, "TYPE-MAPPING",
                "“基本支出经济分类”应为 \"经济分类编码\": 金额 的映射。")
        return ()
    items = []
    for key, val in value.entries.items():
        where = f"基本支出经济分类.{key}"
        if not INT.match(key) or len(key) != 5:
            reader.error(value.key_positions[key], "CODE-FORMAT",
                    f"“{where}”：经济分类科目编码应为 5 位数字（款），这里写成了“{key}”。")
            continue
        amount = reader.amount(val, where)
        if amount is not None:
            items.append((key, amount))
    return tuple(items)


def _prior(reader: Reader, value: Value | None) -> model.PriorYear:
    fields = reader.mapping(value, "上年", terms.PRIOR)
    readers: dict[str, Callable[[Value | None, str], object]] = {}
    for attr in terms.PRIOR.values():
        readers[attr] = reader.text if attr.endswith("reason") else (
            reader.optional_amount)
    return model.PriorYear(**reader.fields(fields, terms.PRIOR, "上年", readers))  # type: ignore[arg-type]


def _three_public(reader: Reader, value: Value | None) -> model.ThreePublic:
    fields = reader.mapping(value, "三公经费", terms.THREE_PUBLIC)
    if fields is None:
        return model.ThreePublic()
    entries = fields.entries

    def part(key: str, keys: dict[str, str], cls: type[T],
             extra: dict[str, Callable[[Value | None, str], object]]) -> T:
        where = f"三公经费.{key}"
        sub = reader.mapping(entries.get(key), where, keys)
        readers: dict[str, Callable[[Value | None, str], object]] = {
            "budget": reader.amount, "actual": reader.amount, "reason": reader.text,
            "prior": reader.optional_amount, "change_reason": reader.text,
            "purpose": reader.text, **extra}
        return cls(**reader.fields(sub, keys, where, readers))

    def visits(keys: dict[str, str]) -> Callable[[Value | None, str], object]:
        def read(value: Value | None, where: str) -> model.Visits:
            sub = reader.mapping(value, where, keys)
            return model.Visits(**reader.fields(sub, keys, where, {  # type: ignore[arg-type]
                "amount": reader.amount, "groups": reader.count, "persons": reader.count,
                "purpose": reader.text}))
        return read

    return model.ThreePublic(
        abroad=part("因公出国境", terms.ABROAD, model.Abroad,
                    {"groups": reader.count, "persons": reader.count}),
        vehicle_purchase=part("公务用车购置", terms.VEHICLE_PURCHASE, model.VehiclePurchase,
                              {"count": reader.count}),
        vehicle_operation=part("公务用车运行维护", terms.VEHICLE_OPERATION, model.VehicleOperation,
                               {}),
        reception=part("公务接待", terms.RECEPTION, model.Reception,
                       {"foreign": visits(terms.FOREIGN_RECEPTION),
                        "domestic": visits(terms.DOMESTIC_RECEPTION)}),
        **reader.fields(fields, terms.THREE_PUBLIC, "三公经费", {  # type: ignore[arg-type]
            "reason": reader.text, "vehicle_reason": reader.text,
            "vehicle_prior": reader.optional_amount, "vehicle_change_reason": reader.text,
            "vehicles_held": reader.count,
            "vehicle_note": reader.text}),
    )


def _assets(reader: Reader, value: Value | None) -> model.Assets:
    fields = reader.mapping(value, "国有资产", terms.ASSETS)
    if fields is None:
        return model.Assets()
    vehicles_map = reader.mapping(fields.entries.get("车辆"), "国有资产.车辆",
                             {t: t for t in terms.VEHICLE_TYPES})
    counts = dict.fromkeys(terms.VEHICLE_TYPES, 0)
    if vehicles_map is not None:
        for key, val in vehicles_map.entries.items():
            if key in counts:
                counts[key] = reader.count(val, f"国有资产.车辆.{key}") or 0
    values = reader.fields(fields, terms.ASSETS, "国有资产", {
        "equipment_over_50": reader.optional_count,
        "equipment_over_100": reader.optional_count,
        "list_vehicle_types": reader.boolean})
    return model.Assets(vehicles=tuple(counts.items()), **values)  # type: ignore[arg-type]


def _key_work(reader: Reader, value: Value | None) -> model.KeyWork:
    """重点工作完成情况: title, sections of text (as 预算绩效's) and a table of matters."""
    fields = reader.mapping(value, "重点工作完成情况", terms.KEY_WORK)
    if fields is None:
        return model.KeyWork()
    rows = []
    for i, item in enumerate(reader.sequence(fields.entries.get("表格"),
                                             "重点工作完成情况.表格"), 1):
        where = f"重点工作完成情况.表格第 {i} 行"
        row = reader.mapping(item, where, terms.KEY_WORK_ROW)
        if row is None:
            continue
        matter = reader.text(reader.required(row, "重要事项", f"{where}.重要事项"),
                             f"{where}.重要事项")
        values = reader.fields(row, terms.KEY_WORK_ROW, where,
                               {"goal": reader.text, "done": reader.text})
        if matter:
            rows.append(model.KeyWorkRow(matter, **values))  # type: ignore[arg-type]
    return model.KeyWork(
        title=reader.text(fields.entries.get("标题"), "重点工作完成情况.标题") or "",
        sections=_performance(reader, fields.entries.get("段落"), "重点工作完成情况.段落"),
        rows=tuple(rows))


def _class_budgets(reader: Reader, value: Value | None) -> dict[str, Decimal]:
    """科目年初预算: 年初预算 by function code (3, 5 or 7 digits)."""
    if value is None or (isinstance(value, Scalar) and value.null):
        return {}
    if not isinstance(value, Mapping):
        reader.error(value.position, "TYPE-MAPPING",
                     "“科目年初预算”应为 \"科目编码\": 金额 的映射（如 \"201\": 1214.55）。")
        return {}
    budgets: dict[str, Decimal] = {}
    for key, item in value.entries.items():
        where = f"科目年初预算.{key}"
        if not INT.match(key) or len(key) not in (3, 5, 7):
            reader.error(value.key_positions[key], "CODE-FORMAT",
                         f"“{where}”：科目编码应为 3、5 或 7 位数字，这里写成了“{key}”。")
            continue
        amount = reader.amount(item, where)
        if amount is not None:
            budgets[key] = amount
    return budgets


def _performance(reader: Reader, value: Value | None, key: str = "预算绩效"
                 ) -> tuple[model.PerformanceSection, ...]:
    sections = []
    for i, item in enumerate(reader.sequence(value, key), 1):
        where = f"{key}第 {i} 节"
        fields = reader.mapping(item, where, terms.PERFORMANCE_SECTION)
        if fields is None:
            continue
        title = reader.text(fields.entries.get("标题"), f"{where}.标题") or ""
        paragraphs: list[str | model.Subheading] = []
        for j, para in enumerate(reader.sequence(fields.entries.get("段落"), f"{where}.段落"), 1):
            if isinstance(para, Mapping):
                sub = reader.mapping(para, f"{where}.段落第 {j} 项", {"小标题": "text"})
                text = reader.text(sub.entries.get("小标题") if sub else None,
                              f"{where}.段落第 {j} 项.小标题")
                if text:
                    paragraphs.append(model.Subheading(text))
            else:
                text = reader.text(para, f"{where}.段落第 {j} 项")
                if text:
                    paragraphs.append(text)
        sections.append(model.PerformanceSection(title, tuple(paragraphs)))
    return tuple(sections)


# --- annex -------------------------------------------------------------------------------


def _cells(reader: Reader, value: Value | None, where: str, n: int) -> list[str]:
    items = reader.sequence(value, where)
    if items and len(items) != n:
        reader.error(value.position, "ANNEX-ROW",  # type: ignore[union-attr]
                f"“{where}”应有 {n} 个单元格，这里有 {len(items)} 个。")
        return []
    return [reader.text(item, f"{where} 第 {k} 格") or "" for k, item in enumerate(items, 1)]


def _score(reader: Reader, text: str, pos: Position, where: str) -> Decimal | None:
    if text == "":
        return None
    if not AMOUNT.match(text):
        reader.error(pos, "ANNEX-SCORE", f"“{where}”应为分数（如 9.68），这里写成了“{text}”。")
        return None
    return Decimal(text)


def _form(reader: Reader, item: Mapping, kind: str, where: str) -> model.Form:
    """An annex form of a declared kind (forms.FORM_SPECS), read by its spec."""
    spec = FORM_SPECS[kind]
    keys = {"类型": "kind", **{key: key for key in (*spec.fields, *spec.tables, *spec.records)}}
    reader.mapping(item, where, keys)
    entries = item.entries
    scalar_readers: dict[str, Callable[[Value | None, str], object]] = {
        forms.TEXT: reader.text, forms.AMOUNT: reader.optional_amount,
        forms.COUNT: reader.optional_count, forms.SCORE: reader.score}
    fields = {key: scalar_readers[kind_of](entries.get(key), f"{where}.{key}")
              for key, kind_of in spec.fields.items()}
    def read_rows(value: Value | None, cells: tuple[str, ...], at: str
                  ) -> tuple[tuple[str, ...], ...]:
        table = []
        for j, row in enumerate(reader.sequence(value, at), 1):
            row_where = f"{at}第 {j} 行"
            texts = _cells(reader, row, row_where, len(cells))
            for k, (text, kind_of) in enumerate(zip(texts, cells, strict=False), 1):
                if kind_of == forms.SCORE and text and forms.number(text) is None:
                    reader.error(row.position, "ANNEX-SCORE",
                                 f"“{row_where}”第 {k} 格应为分数（如 8.3），这里写成了“{text}”。")
            if texts:
                table.append(tuple(texts))
        return tuple(table)

    rows = {key: read_rows(entries.get(key), cells, f"{where}.{key}")
            for key, cells in spec.tables.items()}
    records: dict[str, tuple[dict[str, object], ...]] = {}
    for key, record_keys in spec.records.items():
        found = []
        for j, record in enumerate(reader.sequence(entries.get(key), f"{where}.{key}"), 1):
            record_where = f"{where}.{key}第 {j} 项"
            mapping = reader.mapping(record, record_where, {k: k for k in record_keys})
            if mapping is None:
                continue
            found.append({k: (read_rows(mapping.entries.get(k), kind_of, f"{record_where}.{k}")
                              if isinstance(kind_of, tuple) else
                              scalar_readers[kind_of](mapping.entries.get(k),
                                                      f"{record_where}.{k}"))
                          for k, kind_of in record_keys.items()})
        records[key] = tuple(found)
    return model.Form(kind, spec.template, fields, rows, records, item.position)


def _annexes(reader: Reader, value: Value | None) -> tuple[model.Evaluation | model.Form, ...]:
    out: list[model.Evaluation | model.Form] = []
    for i, item in enumerate(reader.sequence(value, "附件"), 1):
        where = f"附件第 {i} 项"
        if not isinstance(item, Mapping):
            reader.mapping(item, where, {})
            continue
        kind = reader.choice(reader.required(item, "类型", f"{where}.类型"), f"{where}.类型",
                        (*terms.EVALUATION_KINDS, *FORM_SPECS))
        if kind is None:
            continue
        if kind in FORM_SPECS:
            out.append(_form(reader, item, kind, where))
            continue
        keys = (terms.DEPARTMENT_EVALUATION_KEYS if kind == terms.DEPARTMENT_EVALUATION
                else terms.PROJECT_EVALUATION_KEYS)
        fields = reader.mapping(item, where, keys)
        assert fields is not None
        entries = fields.entries
        funds_map = reader.mapping(entries.get("资金"), f"{where}.资金",
                              {f: f for f in terms.EVALUATION_FUNDS})
        funds = []
        for fund in terms.EVALUATION_FUNDS:
            cells = (reader.sequence(funds_map.entries.get(fund), f"{where}.资金.{fund}")
                     if funds_map else [])
            amounts = [reader.optional_amount(cell, f"{where}.资金.{fund}") for cell in cells[:3]]
            amounts += [None] * (3 - len(amounts))
            funds.append(model.FundRow(fund, *amounts))
        indicators = []
        for j, row in enumerate(reader.sequence(entries.get("绩效指标"), f"{where}.绩效指标"), 1):
            row_where = f"{where}.绩效指标第 {j} 行"
            cells = _cells(reader, row, row_where, 9)
            if cells:
                indicators.append(model.Indicator(
                    *cells[:5], _score(reader, cells[5], row.position, row_where + " 分值"),
                    _score(reader, cells[6], row.position, row_where + " 得分"),
                    cells[7], cells[8]))
        management = []
        rows = reader.sequence(entries.get("资金管理情况"), f"{where}.资金管理情况")
        for j, row in enumerate(rows, 1):
            row_where = f"{where}.资金管理情况第 {j} 行"
            cells = _cells(reader, row, row_where, 5)
            if cells:
                management.append(model.ManagementItem(
                    cells[0], cells[1], _score(reader, cells[2], row.position, row_where + " 分值"),
                    _score(reader, cells[3], row.position, row_where + " 得分"), cells[4]))
        tasks = []
        rows = reader.sequence(entries.get("年度主要任务"), f"{where}.年度主要任务")
        for j, row in enumerate(rows, 1):
            task = reader.mapping(row, f"{where}.年度主要任务第 {j} 项", terms.TASK)
            if task is not None:
                tasks.append(model.Task(*(reader.text(task.entries.get(key), key) or ""
                                          for key in terms.TASK)))
        goal_key = "年度履职目标" if kind == terms.DEPARTMENT_EVALUATION else "年度总体目标"
        goal = reader.mapping(entries.get(goal_key), f"{where}.{goal_key}", terms.GOAL)
        goal_text = {key: (reader.text(goal.entries.get(key), key) or "") if goal else ""
                     for key in terms.GOAL}
        out.append(model.Evaluation(
            kind=kind, funds=tuple(funds),
            fund_weight=reader.score(entries.get("资金分值"), f"{where}.资金分值"),
            fund_score=reader.score(entries.get("资金得分"), f"{where}.资金得分"),
            indicators=tuple(indicators),
            goal_expected=goal_text["预期目标"], goal_achieved=goal_text["实际完成情况"],
            project=reader.text(entries.get("项目名称"), f"{where}.项目名称") or "",
            authority=reader.text(entries.get("主管部门"), f"{where}.主管部门") or "",
            implementer=reader.text(entries.get("实施单位"), f"{where}.实施单位") or "",
            department=reader.text(entries.get("部门名称"), f"{where}.部门名称") or "",
            filled=reader.month(entries.get("填报日期"), f"{where}.填报日期"),
            management=tuple(management), tasks=tuple(tasks), position=fields.position,
        ))
    return tuple(out)
