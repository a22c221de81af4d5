"""Validate a 预算 file: located YAML values → the budget Department, or every error at its
line.

Each field is read by a typed reader (``generator.reader``) that reports, in Chinese, the
file:line:col, the field's Chinese name, the value found and what to write instead;
reading goes on after an error so one run lists them all. The parts a 决算 file has too
(公布数, 名词解释, 科目名称补充, 样式设置) are read by the shared readers.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from generator.catalog import UNIT_KINDS
from generator.findings import InputError, Position, Severity
from generator.kinds.budget import model
from generator.kinds.budget import vocabulary as terms
from generator.load import Mapping, Scalar, Sequence, Value
from generator.profiles import Profile, read_settings
from generator.reader import INT, Reader, shape
from generator.schema import (
    key_paths,
    read_code_names,
    read_glossary_terms,
    read_item,
    read_published,
    read_top,
)

#: Economic groups basic spending may be booked to: the four columns of 基本支出.
BASIC_GROUP_CODES: tuple[str, ...] = tuple(code for code, _ in terms.BASIC_GROUPS)


def read_department(root: Value, source: str, profile: Profile) -> model.Department:
    """Validate the located tree of one 预算 file into a Department, or raise InputError.

    ``profile`` is the region profile the file names (its settings type ``样式设置``).
    """
    reader = Reader()
    top, year = read_top(reader, root, terms.TOP_LEVEL,
                         ("年度", "部门名称", "部门编码", "预算单位"))
    entries = top.entries
    code = _digits(reader, entries.get("部门编码"), "部门编码")
    units = _units(reader, entries.get("预算单位"), code)
    unit_codes = tuple(unit.code for unit in units)
    dept = model.Department(
        kind=profile.kind,
        profile=profile.name,
        year=year or 0,
        name=reader.text(entries.get("部门名称"), "部门名称") or "",
        code=code or "",
        compiled=reader.date(entries.get("编制日期"), "编制日期"),
        overview=_overview(reader, entries.get("概况")),
        units=units,
        basic=_basic_lines(reader, entries.get("基本支出"), unit_codes),
        projects=_projects(reader, entries.get("项目"), unit_codes),
        government_codes=_government_codes(reader, entries.get("政府经济分类对应")),
        three_public=_three_public(reader, entries.get("三公经费")),
        prior=model.PriorYear(**_fields(reader, entries.get("上年"), "上年", terms.PRIOR, {  # type: ignore[arg-type]
            attr: reader.text if attr.endswith("reason") else reader.optional_amount
            for attr in terms.PRIOR.values()})),
        office_operation=model.OfficeOperation(**_fields(  # type: ignore[arg-type]
            reader, entries.get("机关运行经费"), "机关运行经费", terms.OFFICE_OPERATION,
            {"current": reader.optional_amount, "purpose": reader.text})),
        procurement=model.Procurement(**_fields(  # type: ignore[arg-type]
            reader, entries.get("政府采购"), "政府采购", terms.PROCUREMENT,
            dict.fromkeys(terms.PROCUREMENT.values(), reader.amount))),
        assets=_assets(reader, entries.get("国有资产")),
        performance=reader.paragraphs(entries.get("预算绩效"), "预算绩效"),
        transfer_projects=_transfer_projects(reader, entries.get("专项转移支付项目")),
        department_targets=_department_targets(reader, entries.get("整体绩效目标")),
        code_names=read_code_names(reader, entries.get("科目名称补充")),
        glossary=(read_glossary_terms(reader, entries.get("名词解释"), "名词解释")
                  if "名词解释" in entries else None),
        glossary_extra=read_glossary_terms(reader, entries.get("名词解释补充"), "名词解释补充"),
        style=read_settings(reader, entries.get("样式设置"), profile.defaults, "样式设置"),
        published=read_published(reader, entries.get("公布数")),
        source=source,
        positions=key_paths(top),
    )
    if any(f.severity is Severity.ERROR for f in reader.findings):
        raise InputError(reader.findings)
    return dept


def _fields(reader: Reader, value: Value | None, where: str, keys: dict[str, str],
            readers: dict[str, Callable[[Value | None, str], object]]) -> dict[str, object]:
    """The fields of the mapping ``value`` (at ``where``), each read by its reader."""
    return reader.fields(reader.mapping(value, where, keys), keys, where, readers)


def _digits(reader: Reader, value: Value | None, where: str) -> str | None:
    """A code of digits written in quotes (部门编码 "033", 单位编码 "033001", 项目代码)."""
    found = reader.scalar(value, where)
    if found is None:
        return None
    text = found.text.strip()
    if not INT.match(text) or len(text) > 30:
        reader.error(found.position, "CODE-FORMAT",
                     f"“{where}”应为数字编码（如 \"033\"），这里写成了“{text}”。")
        return None
    if not found.quoted:
        reader.error(found.position, "CODE-QUOTE",
                     f"“{where}” {text} 没有加引号：编码是文字，请写成 \"{text}\"，"
                     "以免开头的 0 丢失（如 033 会被读成 33 或八进制数）。")
    return text


def _units(reader: Reader, value: Value | None, department: str | None
           ) -> tuple[model.Unit, ...]:
    """预算单位: each unit's code, name and kind; codes unique and not the 部门编码."""
    units: list[model.Unit] = []
    for i, item in enumerate(reader.sequence(value, "预算单位"), 1):
        where = f"预算单位第 {i} 项"
        fields = read_item(reader, item, where, terms.UNIT,
                           "“单位编码”“单位名称”（及“单位类型”）等字段")
        if fields is None:
            continue
        code = _digits(reader, reader.required(fields, "单位编码", f"{where}.单位编码"),
                       f"{where}.单位编码")
        name = reader.text(reader.required(fields, "单位名称", f"{where}.单位名称"),
                           f"{where}.单位名称")
        kind = reader.choice(fields.entries.get("单位类型"), f"{where}.单位类型", UNIT_KINDS)
        if code is None or not name:
            continue
        position = fields.key_positions.get("单位编码", fields.position)
        if code == department:
            reader.error(position, "UNIT-CODE", (
                f"“{where}.单位编码” {code} 与部门编码相同：部门编码印在部门一行，单位编码印在"
                "各单位一行（如部门 \"033\"、单位 \"033001\"），请改正其中之一。"))
        elif code in (unit.code for unit in units):
            reader.error(position, "UNIT-CODE",
                         f"“{where}.单位编码” {code} 重复：每个预算单位写一次。")
        else:
            units.append(model.Unit(code, name, kind or UNIT_KINDS[0], fields.position))
    return tuple(units)


def _unit_of(reader: Reader, fields: Mapping, where: str, units: tuple[str, ...]) -> str:
    """The unit a basic line or project belongs to: its ``单位``, or the only unit."""
    value = fields.entries.get("单位")
    if value is None or (isinstance(value, Scalar) and value.null):
        if len(units) > 1:
            reader.error(fields.position, "FIELD-REQUIRED", (
                f"“{where}”缺少“单位”：部门有 {len(units)} 个预算单位"
                f"（{'、'.join(units)}），请写明属于哪一个。"))
        return units[0] if units else ""
    code = _digits(reader, value, f"{where}.单位")
    if code is not None and code not in units:
        reader.error(value.position, "UNIT-UNKNOWN", (
            f"“{where}.单位”为 {code}，不是“预算单位”中的单位编码"
            f"（{'、'.join(units) or '尚未填写预算单位'}）：请核对。"))
    return code or ""


def _economic_items(reader: Reader, value: Value | None, where: str,
                    groups: tuple[str, ...] | None = None) -> tuple[model.EconomicItem, ...]:
    """经济分类: 5-digit 部门预算 economic item → amount (``groups``: those allowed)."""
    if value is None or (isinstance(value, Scalar) and value.null):
        return ()
    if not isinstance(value, Mapping):
        reader.error(value.position, "TYPE-MAPPING",
                     f"“{where}”应为 \"经济分类编码\": 金额 的映射（如 \"30101\": 123.3），"
                     f"这里写成了{shape(value)}。")
        return ()
    items: list[model.EconomicItem] = []
    for key, item in value.entries.items():
        at = f"{where}.{key}"
        position = value.key_positions[key]
        if not INT.match(key) or len(key) != 5:
            reader.error(position, "CODE-FORMAT",
                         f"“{at}”：经济分类科目编码应为 5 位数字（款），这里写成了“{key}”。")
            continue
        if groups is not None and key[:3] not in groups:
            reader.error(position, "ECON-GROUP", (
                f"“{at}”属于经济分类 {key[:3]} 类：基本支出只能列入 "
                f"{'、'.join(f'{code} {name}' for code, name in terms.BASIC_GROUPS)}，"
                "请核对编码，或把这笔支出列为项目支出。"))
            continue
        amount = reader.amount(item, at)
        if amount is not None:
            items.append((key, amount))
    return tuple(items)


def _positions(fields: Mapping, keys: dict[str, str]) -> dict[str, Position]:
    return {keys[key]: position for key, position in fields.key_positions.items()
            if key in keys}


def _basic_lines(reader: Reader, value: Value | None, units: tuple[str, ...]
                 ) -> tuple[model.BasicLine, ...]:
    lines = []
    for i, item in enumerate(reader.sequence(value, "基本支出"), 1):
        where = f"基本支出第 {i} 项"
        fields = read_item(reader, item, where, terms.BASIC_LINE,
                           "“科目编码”“资金来源”“经济分类”等字段")
        if fields is None:
            continue
        code = reader.code(reader.required(fields, "科目编码", f"{where}.科目编码"),
                           f"{where}.科目编码", (7,))
        source = reader.choice(reader.required(fields, "资金来源", f"{where}.资金来源"),
                               f"{where}.资金来源", terms.SOURCE_NAMES)
        unit = _unit_of(reader, fields, where, units)
        items = _economic_items(reader, reader.required(fields, "经济分类", f"{where}.经济分类"),
                                f"{where}.经济分类", BASIC_GROUP_CODES)
        if code is None or source is None:
            continue
        twin = next((line for line in lines if (line.code, line.source, line.unit)
                     == (code, source, unit)), None)
        if twin is not None:
            reader.error(fields.position, "LINE-DUPLICATE", (
                f"“{where}”与第 {twin.position.line if twin.position else '?'} 行的一项同为科目 "
                f"{code}、资金来源“{source}”、单位 {unit}：同一科目同一资金来源只写一项，"
                "请把两项的经济分类合并。"))
            continue
        lines.append(model.BasicLine(code, source, unit, items, fields.position,
                                     _positions(fields, terms.BASIC_LINE)))
    return tuple(lines)


def _funds(reader: Reader, value: Value | None, where: str) -> tuple[tuple[str, Decimal], ...]:
    """资金: 资金来源 → amount."""
    fields = reader.mapping(value, where, {name: name for name in terms.SOURCE_NAMES})
    if fields is None:
        return ()
    funds = []
    for key, item in fields.entries.items():
        if key not in terms.SOURCE_BY_NAME:
            continue
        amount = reader.amount(item, f"{where}.{key}")
        if amount is not None:
            funds.append((key, amount))
    return tuple(funds)


def _targets(reader: Reader, value: Value | None, where: str
             ) -> tuple[tuple[str, tuple[tuple[str, str], ...]], ...]:
    """绩效目标: per kind of indicator, a list of [三级指标, 指标值]."""
    fields = reader.mapping(value, where, {kind: kind for kind in terms.TARGET_KINDS})
    if fields is None:
        return ()
    targets = []
    for kind in terms.TARGET_KINDS:
        pairs = []
        for j, row in enumerate(reader.sequence(fields.entries.get(kind), f"{where}.{kind}"), 1):
            at = f"{where}.{kind}第 {j} 项"
            cells = reader.sequence(row, at)
            if len(cells) != 2:
                if isinstance(row, Sequence):
                    reader.error(row.position, "TARGET-ROW", (
                        f"“{at}”应为 [三级指标, 指标值] 两项，这里有 {len(cells)} 项。"))
                continue
            name, target = (reader.text(cell, at) or "" for cell in cells)
            pairs.append((name, target))
        targets.append((kind, tuple(pairs)))
    return tuple(targets)


def _projects(reader: Reader, value: Value | None, units: tuple[str, ...]
              ) -> tuple[model.Project, ...]:
    projects: list[model.Project] = []
    for i, item in enumerate(reader.sequence(value, "项目"), 1):
        where = f"项目第 {i} 项"
        fields = read_item(reader, item, where, terms.PROJECT,
                           "“项目代码”“项目名称”“科目编码”“资金”等字段")
        if fields is None:
            continue
        entries = fields.entries
        project_code = _digits(reader, reader.required(fields, "项目代码", f"{where}.项目代码"),
                               f"{where}.项目代码")
        name = reader.text(reader.required(fields, "项目名称", f"{where}.项目名称"),
                           f"{where}.项目名称")
        kind = reader.choice(reader.required(fields, "项目类型", f"{where}.项目类型"),
                             f"{where}.项目类型", terms.PROJECT_TYPES)
        unit = _unit_of(reader, fields, where, units)
        code = reader.code(reader.required(fields, "科目编码", f"{where}.科目编码"),
                           f"{where}.科目编码", (7,))
        funds = _funds(reader, reader.required(fields, "资金", f"{where}.资金"), f"{where}.资金")
        items = _economic_items(reader, entries.get("经济分类"), f"{where}.经济分类")
        targets = _targets(reader, entries.get("绩效目标"), f"{where}.绩效目标")
        if project_code is not None and project_code in (p.project_code for p in projects):
            reader.error(fields.key_positions["项目代码"], "PROJECT-CODE",
                         f"“{where}.项目代码” {project_code} 重复：每个项目写一次。")
            continue
        if None in (project_code, name, kind, code):
            continue
        projects.append(model.Project(
            project_code or "", name or "", kind or "", unit, code or "", funds, items,
            targets, fields.position, _positions(fields, terms.PROJECT)))
    return tuple(projects)


def _government_codes(reader: Reader, value: Value | None) -> dict[str, str]:
    """政府经济分类对应: 部门预算 item → the 政府预算 item it is booked to."""
    if value is None or (isinstance(value, Scalar) and value.null):
        return {}
    if not isinstance(value, Mapping):
        reader.error(value.position, "TYPE-MAPPING", (
            "“政府经济分类对应”应为 \"部门经济分类编码\": \"政府经济分类编码\" 的映射"
            f"（如 \"30214\": \"50201\"），这里写成了{shape(value)}。"))
        return {}
    found = {}
    for key, item in value.entries.items():
        where = f"政府经济分类对应.{key}"
        if not INT.match(key) or len(key) != 5:
            reader.error(value.key_positions[key], "CODE-FORMAT",
                         f"“{where}”：部门经济分类科目编码应为 5 位数字，这里写成了“{key}”。")
            continue
        target = reader.code(item, where, (5,))
        if target is not None:
            found[key] = target
    return found


def _three_public(reader: Reader, value: Value | None) -> model.ThreePublic:
    fields = reader.mapping(value, "三公经费", terms.THREE_PUBLIC)
    if fields is None:
        return model.ThreePublic()

    def item(key: str) -> model.ThreePublicItem:
        return model.ThreePublicItem(**_fields(  # type: ignore[arg-type]
            reader, fields.entries.get(key), f"三公经费.{key}", terms.THREE_PUBLIC_ITEM,
            {"budget": reader.amount, "prior": reader.optional_amount,
             "reason": reader.text}))

    return model.ThreePublic(
        abroad=item("因公出国境"), vehicle_purchase=item("公务用车购置"),
        vehicle_operation=item("公务用车运行维护"), reception=item("公务接待"),
        reason=reader.text(fields.entries.get("变动原因"), "三公经费.变动原因"),
        vehicle_reason=reader.text(fields.entries.get("公务用车变动原因"),
                                   "三公经费.公务用车变动原因"))


def _assets(reader: Reader, value: Value | None) -> model.Assets:
    fields = reader.mapping(value, "国有资产", terms.ASSETS)
    if fields is None:
        return model.Assets(vehicles=tuple((kind, 0) for kind in terms.VEHICLE_TYPES))
    vehicles = reader.mapping(fields.entries.get("车辆"), "国有资产.车辆",
                              {kind: kind for kind in terms.VEHICLE_TYPES})
    counts = dict.fromkeys(terms.VEHICLE_TYPES, 0)
    if vehicles is not None:
        for key, item in vehicles.entries.items():
            if key in counts:
                counts[key] = reader.count(item, f"国有资产.车辆.{key}") or 0
    values = reader.fields(fields, terms.ASSETS, "国有资产", {
        "equipment_over_50": reader.count, "equipment_over_100": reader.count})
    return model.Assets(vehicles=tuple(counts.items()), **values)  # type: ignore[arg-type]


def _transfer_projects(reader: Reader, value: Value | None
                       ) -> tuple[model.TransferProject, ...]:
    """专项转移支付项目: names, or 项目名称 with 金额."""
    found = []
    for i, item in enumerate(reader.sequence(value, "专项转移支付项目"), 1):
        where = f"专项转移支付项目第 {i} 项"
        if isinstance(item, Mapping):
            fields = reader.mapping(item, where, terms.TRANSFER_PROJECT)
            assert fields is not None
            name = reader.text(reader.required(fields, "项目名称", f"{where}.项目名称"),
                               f"{where}.项目名称")
            amount = reader.optional_amount(fields.entries.get("金额"), f"{where}.金额")
        else:
            name, amount = reader.text(item, where), None
        if name:
            found.append(model.TransferProject(name, amount))
    return tuple(found)


def _department_targets(reader: Reader, value: Value | None) -> model.DepartmentTargets:
    fields = reader.mapping(value, "整体绩效目标", terms.DEPARTMENT_TARGETS)
    if fields is None:
        return model.DepartmentTargets()
    entries = fields.entries
    tasks = []
    for i, item in enumerate(reader.sequence(entries.get("年度主要任务"),
                                             "整体绩效目标.年度主要任务"), 1):
        where = f"整体绩效目标.年度主要任务第 {i} 项"
        task = reader.mapping(item, where, terms.TASK)
        if task is not None:
            tasks.append(model.Task(
                reader.text(reader.required(task, "任务名称", f"{where}.任务名称"),
                            f"{where}.任务名称") or "",
                reader.text(task.entries.get("主要内容"), f"{where}.主要内容") or ""))
    indicators = []
    for i, row in enumerate(reader.sequence(entries.get("绩效指标"), "整体绩效目标.绩效指标"), 1):
        where = f"整体绩效目标.绩效指标第 {i} 行"
        cells = reader.sequence(row, where)
        if len(cells) != 5:
            if isinstance(row, Sequence):
                reader.error(row.position, "TARGET-ROW", (
                    f"“{where}”应为 [一级指标, 二级指标, 三级指标, 指标值, 指标值说明] 五项，"
                    f"这里有 {len(cells)} 项。"))
            continue
        indicators.append(model.TargetIndicator(
            *(reader.text(cell, f"{where} 第 {k} 项") or "" for k, cell in enumerate(cells, 1))))
    return model.DepartmentTargets(
        goal=reader.text(entries.get("年度履职目标"), "整体绩效目标.年度履职目标") or "",
        tasks=tuple(tasks), indicators=tuple(indicators))


def _overview(reader: Reader, value: Value | None) -> model.Overview:
    fields = reader.mapping(value, "概况", terms.OVERVIEW)
    if fields is None:
        return model.Overview()
    return model.Overview(
        duties=reader.paragraphs(fields.entries.get("部门职责"), "概况.部门职责"),
        offices=reader.paragraphs(fields.entries.get("内设机构"), "概况.内设机构"),
        subordinates=reader.paragraphs(fields.entries.get("所属单位"), "概况.所属单位"))
