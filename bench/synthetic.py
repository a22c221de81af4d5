"""A realistic synthetic set of departments for the batch benchmark (not a test).

Each department is derived from one of the examples under ``data/examples/`` (both kinds,
决算 and 预算, and the four regions they use), scaled to a size drawn from a realistic
spread — many small, some medium, a few large, the largest ten times the largest example
of its kind in 支出明细 lines (预算: 基本支出 lines), projects and annex rows — with its
amounts varied and every figure that depends on them recomputed, so that
``disclosure check`` finds no error in any of them:

* new lines take 科目 from the shipped catalog (``generator/catalog``), each line's
  amounts are varied, and its 本年收入 is set so that its balance stays what it was;
* 基本支出经济分类 is spread again over the new 一般公共预算 基本支出 (the 三公 items keep
  their amounts, so they stay within 三公经费), 机关运行经费 follows 公用经费;
* the 部门整体支出绩效自评表 carries the new 财政拨款 totals, 预算总额 and 科目年初预算 are
  recomputed from the lines, last year's figures and 政府采购 follow the new size;
* 公布数 and 预算来源 are dropped (they are the finance system's figures of the example).

The department is renamed (a place of its region and an agency) everywhere its name is
written, and project-level annex forms (预算: projects) are repeated with new project names.
The same seed gives byte-identical files. Usage::

    python bench/synthetic.py --count 100 --out /tmp/synthetic            # seed 1
    python bench/synthetic.py --count 6 --out /tmp/small --seed 7 --max-scale 3
    python bench/synthetic.py --correct /tmp/synthetic/syn-004-hubei-final.yaml

``--correct FILE`` applies one realistic correction in place: one amount raised by 1.00
(a project's spending, or a 预算 project's money), with every figure that repeats it
raised too, editing only those numbers in the file.
"""

from __future__ import annotations

import argparse
import copy
import math
import random
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from generator.catalog import budget_class_lines, function_catalog, function_class_lines
from generator.findings import InputError
from generator.kinds.budget import vocabulary as budget_terms
from generator.kinds.final_accounts import vocabulary as terms
from generator.kinds.final_accounts.forms import AMOUNT, FORM_SPECS
from generator.load import Mapping, Scalar, Value, load_bytes
from generator.load import Sequence as YamlSequence
from generator.money import round_money

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "data" / "examples"
FINAL, BUDGET = "决算", "预算"

#: File name of generated departments: syn-<index>-<region>-<kind>.yaml.
PREFIX = "syn-"
REGION_SLUGS = {"河南": "henan", "湖北": "hubei", "辽宁": "liaoning", "上海": "shanghai"}
KIND_SLUGS = {FINAL: "final", BUDGET: "budget"}

#: Economic items that are also 三公经费 (出国, 接待, 车辆运行, 车辆购置): their amounts
#: are kept as in the example so that they stay within the 三公 figures (rule TP-ECONOMIC).
THREE_PUBLIC_ITEMS = frozenset({"30212", "30217", "30231", "31013"})

#: Economic groups of 人员经费 (the rest of 基本支出 is 公用经费).
PERSONNEL_GROUPS = ("301", "303")

#: Size classes: share of the set and the range of scale (relative to the largest example
#: of the department's kind). The largest department of a set gets the maximum scale.
SIZE_CLASSES = (("small", 0.6, 0.3, 1.0), ("medium", 0.3, 1.0, 3.0), ("large", 0.1, 3.0, 10.0))
MAX_SCALE = 10.0

#: Places of each region and agencies, for department names.
PLACES = {
    "河南": ("郑州市金水区", "郑州市二七区", "郑州市中原区", "郑州市惠济区", "新乡市红旗区",
             "新乡市卫滨区", "洛阳市西工区", "洛阳市涧西区", "开封市龙亭区", "安阳市文峰区",
             "许昌市魏都区", "南阳市宛城区", "商丘市梁园区", "焦作市解放区"),
    "湖北": ("武汉市青山区", "武汉市江岸区", "武汉市洪山区", "武汉市武昌区", "武汉市汉阳区",
             "宜昌市西陵区", "襄阳市樊城区", "荆州市沙市区", "黄石市下陆区", "十堰市张湾区"),
    "辽宁": ("盘锦市大洼区", "盘锦市双台子区", "沈阳市和平区", "沈阳市沈河区", "大连市中山区",
             "鞍山市铁东区", "锦州市古塔区", "营口市站前区", "丹东市振兴区", "本溪市平山区"),
    "上海": ("上海市普陀区", "上海市静安区", "上海市徐汇区", "上海市长宁区", "上海市杨浦区",
             "上海市闵行区", "上海市宝山区", "上海市嘉定区", "上海市虹口区", "上海市松江区"),
}
AGENCIES = ("政务服务和大数据管理局", "大数据中心", "城市运行管理中心", "数字城管监督指挥中心",
            "教育局", "卫生健康委员会", "规划和自然资源局", "市场监督管理局", "统计局",
            "文化和旅游局", "交通运输局", "住房和城乡建设局", "农业农村局", "人力资源和社会保障局",
            "应急管理局", "司法局", "档案馆", "机关事务管理局", "生态环境局", "水务局", "民政局",
            "退役军人事务局", "科学技术局", "医疗保障局", "信访局", "城市管理局", "体育局",
            "融媒体中心")
PROJECT_TOPICS = ("政务外网", "城市运行管理平台", "网格化社会治理", "数据共享交换平台",
                  "视频监控联网", "12345热线", "电子证照", "公共数据开放", "智慧社区",
                  "应急指挥调度", "网络安全等级保护", "政务云资源", "一网通办", "智慧城管",
                  "档案数字化", "信息系统等级测评", "基层治理", "营商环境监测", "城市体征感知",
                  "政务服务大厅")
PROJECT_ACTIONS = ("运行维护", "建设", "升级改造", "服务采购", "专项经费", "监理服务", "安全保障")
CHINESE_ORDINALS = "二三四五六七八九十"


# --- sizes --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Size:
    """How big a department is: lines (决算 支出明细, 预算 基本支出), projects (决算:
    project-level annex forms; 预算: 项目) and annex rows (rows of every annex form; 预算:
    the 绩效目标 rows of the projects and of 整体绩效目标)."""

    lines: int
    projects: int
    annex_rows: int


def _rows_of(form: dict[str, Any]) -> int:
    """Rows of one annex form: the items of its lists, and of the lists in its mappings."""
    rows = 0
    for value in form.values():
        if isinstance(value, list):
            rows += len(value)
        elif isinstance(value, dict):
            rows += sum(isinstance(item, list) for item in value.values())
    return rows


def _is_project_form(form: dict[str, Any]) -> bool:
    """A project-level annex form (one per project), as opposed to a department's own."""
    return "项目名称" in form


def _project_rows(project: dict[str, Any]) -> int:
    """The 绩效目标 rows of a 预算 project."""
    return sum(len(rows) for rows in (project.get("绩效目标") or {}).values())


def size_of(data: dict[str, Any]) -> Size:
    """The size of a department's data (loaded YAML)."""
    if data["文档类型"] == BUDGET:
        projects = data.get("项目") or []
        targets = (data.get("整体绩效目标") or {}).get("绩效指标") or []
        return Size(len(data.get("基本支出") or []), len(projects),
                    sum(_project_rows(project) for project in projects) + len(targets))
    annexes = data.get("附件") or []
    return Size(len(data.get("支出明细") or []), sum(map(_is_project_form, annexes)),
                sum(_rows_of(form) for form in annexes))


# --- templates and plan -------------------------------------------------------------------


@dataclass(frozen=True)
class Template:
    """An example department the synthetic ones are derived from."""

    path: Path
    data: dict[str, Any]

    @property
    def kind(self) -> str:
        """文档类型: 决算 or 预算."""
        return str(self.data["文档类型"])

    @property
    def region(self) -> str:
        """地区样式."""
        return str(self.data["地区样式"])

    @property
    def size(self) -> Size:
        """The example's own size."""
        return size_of(self.data)


def load_templates(folder: Path = EXAMPLES) -> list[Template]:
    """Every example under ``folder``, in name order."""
    return [Template(path, yaml.safe_load(path.read_text(encoding="utf-8")))
            for path in sorted(folder.glob("*.yaml"))]


def largest_sizes(templates: Sequence[Template]) -> dict[str, Size]:
    """Per kind, the largest lines, projects and annex rows of its examples."""
    out: dict[str, Size] = {}
    for kind in {template.kind for template in templates}:
        sizes = [template.size for template in templates if template.kind == kind]
        out[kind] = Size(max(s.lines for s in sizes), max(s.projects for s in sizes),
                         max(s.annex_rows for s in sizes))
    return out


@dataclass(frozen=True)
class Plan:
    """One department to generate: its template, size class and scale (relative to the
    largest example of its kind), name and file name."""

    index: int
    template: Template
    size_class: str
    scale: float
    name: str
    short_name: str

    @property
    def file_name(self) -> str:
        """syn-<index>-<region>-<kind>.yaml."""
        region = REGION_SLUGS.get(self.template.region, "region")
        return f"{PREFIX}{self.index:03d}-{region}-{KIND_SLUGS[self.template.kind]}.yaml"


def size_plan(count: int, rng: random.Random, max_scale: float = MAX_SCALE
              ) -> list[tuple[str, float]]:
    """``count`` (size class, scale) pairs in random order: about 60 % small, 30 % medium
    and 10 % large (at least one large from 3 departments on), the largest at
    ``max_scale``. Scales above ``max_scale`` are capped."""
    large = max(1, round(count * SIZE_CLASSES[2][1])) if count >= 3 else 0
    medium = max(1, round(count * SIZE_CLASSES[1][1])) if count >= 2 else 0
    small = count - large - medium
    pairs: list[tuple[str, float]] = []
    for (name, _, low, high), number in zip(SIZE_CLASSES, (small, medium, large), strict=True):
        high = min(high, max_scale)
        low = min(low, high)
        pairs += [(name, _log_uniform(rng, low, high)) for _ in range(number)]
    if pairs:
        biggest = max(range(len(pairs)), key=lambda i: pairs[i][1])
        pairs[biggest] = (pairs[biggest][0], max_scale)
    rng.shuffle(pairs)
    return pairs


def _log_uniform(rng: random.Random, low: float, high: float) -> float:
    """A number between ``low`` and ``high``, uniform on a log scale."""
    return math.exp(rng.uniform(math.log(low), math.log(high)))


def plan_departments(count: int, seed: int, templates: Sequence[Template],
                     max_scale: float = MAX_SCALE) -> list[Plan]:
    """The departments of a set: templates taken in turn (in a seeded order, so a set of
    six holds every example), sizes from :func:`size_plan`, names unique in the set."""
    rng = random.Random(f"synthetic-plan-{seed}")
    order = list(templates)
    rng.shuffle(order)
    sizes = size_plan(count, rng, max_scale)
    used: set[str] = set()
    plans = []
    for index, (size_class, scale) in enumerate(sizes, 1):
        template = order[(index - 1) % len(order)]
        name, short_name = _department_name(template.region, rng, used)
        plans.append(Plan(index, template, size_class, scale, name, short_name))
    return plans


def _department_name(region: str, rng: random.Random, used: set[str]) -> tuple[str, str]:
    """A new department name of ``region`` (place + agency) and its short form."""
    places = PLACES.get(region, PLACES["河南"])
    for attempt in range(1000):
        place, agency = rng.choice(places), rng.choice(AGENCIES)
        suffix = "" if attempt < 100 else f"第{attempt}分中心"
        name = f"{place}{agency}{suffix}"
        if name not in used:
            used.add(name)
            district = place.split("市", 1)[1] or place
            return name, f"{district}{agency}{suffix}"
    raise RuntimeError("no unused department name left")  # pragma: no cover


# --- amounts ------------------------------------------------------------------------------


def amount(value: Any) -> Decimal:
    """A YAML amount (number or None) as a Decimal."""
    return Decimal(0) if value is None else Decimal(str(value))


def _places_of(values: Iterator[Any]) -> int:
    """The most decimals among amounts (at least 1): a 预算 of 河南 is entered in 0.1."""
    places = 1
    for value in values:
        exponent = amount(value).normalize().as_tuple().exponent
        places = max(places, -exponent if isinstance(exponent, int) else 0)
    return min(places, 2)


def scaled(value: Any, factor: float | Decimal, places: int = 2) -> Decimal:
    """``value × factor`` rounded half-up to ``places`` decimals."""
    return round_money(amount(value) * Decimal(str(factor)), places)


def spread(whole: Decimal, weights: dict[str, Decimal], places: int = 2) -> dict[str, Decimal]:
    """``whole`` divided in proportion to ``weights`` (each rounded down to ``places``,
    the remainder to the largest), so that the parts add up to it exactly."""
    unit = Decimal(1).scaleb(-places)
    weight_sum = sum(weights.values(), Decimal(0))
    if not weights or weight_sum <= 0:
        return {}
    parts = {key: (whole * weight / weight_sum).quantize(unit, rounding=ROUND_DOWN)
             for key, weight in weights.items()}
    largest = max(weights, key=lambda key: weights[key])
    parts[largest] += whole - sum(parts.values(), Decimal(0))
    return parts


def _factor(rng: random.Random) -> float:
    """How much one line's or project's amounts are varied: × 0.5 to × 2."""
    return _log_uniform(rng, 0.5, 2.0)


# --- renaming -----------------------------------------------------------------------------


def replace_text(value: Any, replacements: Sequence[tuple[str, str]]) -> Any:
    """``value`` with every string in it rewritten by ``replacements`` (in order)."""
    if isinstance(value, str):
        for old, new in replacements:
            if old:
                value = value.replace(old, new)
        return value
    if isinstance(value, list):
        return [replace_text(item, replacements) for item in value]
    if isinstance(value, dict):
        return {key: replace_text(item, replacements) for key, item in value.items()}
    return value


class ProjectNames:
    """New project names, unique in a department."""

    def __init__(self, rng: random.Random, taken: Sequence[str] = ()) -> None:
        self.rng = rng
        self.used = set(taken)

    def next(self) -> str:
        """A project name not used yet in the department."""
        base = f"{self.rng.choice(PROJECT_TOPICS)}{self.rng.choice(PROJECT_ACTIONS)}"
        name, phase = base, 0
        while name in self.used:
            phase += 1
            name = (f"{base}（{CHINESE_ORDINALS[phase - 1]}期）" if phase <= len(CHINESE_ORDINALS)
                    else f"{base}（第{phase + 1}期）")
        self.used.add(name)
        return name


# --- 决算 -----------------------------------------------------------------------------------


def _line_spending(line: dict[str, Any]) -> Decimal:
    """The expenditure of one 支出明细 line (its five expenditure columns)."""
    return sum((amount(line.get(column)) for column in terms.EXPENDITURE_COLUMNS), Decimal(0))


def _vary_line(line: dict[str, Any], factor: float) -> dict[str, Any]:
    """A 支出明细 line with its amounts × ``factor``, its balance (年初 + 收入 − 支出)
    scaled too and never negative."""
    out = dict(line)
    spending = _line_spending(line)
    old_balance = (amount(line.get("年初结转和结余")) + amount(line.get("本年收入", spending))
                   - spending)
    for column in (*terms.EXPENDITURE_COLUMNS, "年初预算", "全年预算"):
        if column in line:
            out[column] = scaled(line[column], factor)
    opening = scaled(line.get("年初结转和结余"), factor)
    income = _line_spending(out) + max(scaled(old_balance, factor), Decimal(0)) - opening
    if income < 0:
        opening, income = opening - income, Decimal(0)
    if "年初结转和结余" in line or opening:
        out["年初结转和结余"] = round_money(opening)
    if "本年收入" in line:
        out["本年收入"] = round_money(income)
    return out


def _catalog_items(classes: set[str]) -> list[str]:
    """The 项 codes of the catalog whose 类 is one of ``classes``, in code order."""
    return [code for code, entry in function_catalog().items()
            if entry.level == 3 and code[:3] in classes]


def _basic_codes(codes: Sequence[str]) -> list[str]:
    """The 项 a line of 基本支出 is usually booked to: 行政运行, 事业运行, and the
    pension, medical and housing items every department has."""
    return [code for code in codes
            if code.endswith(("01", "50")) or code[:3] in ("208", "210", "221")]


def _scale_lines(lines: list[dict[str, Any]], target: int, rng: random.Random,
                 classes: set[str]) -> list[dict[str, Any]]:
    """The example's lines with their amounts varied, and new lines (each modelled on an
    example line, with a 科目 from the catalog not used yet with its fund) up to ``target``."""
    out = [_vary_line(line, _factor(rng)) for line in lines]
    used = {(line["科目编码"], line["资金来源"]) for line in lines}
    all_codes = _catalog_items(classes)
    basic_codes = _basic_codes(all_codes)
    while len(out) < target:
        model = rng.choice(lines)
        pool = basic_codes if amount(model.get("基本支出")) else all_codes
        free = [code for code in pool if (code, model["资金来源"]) not in used]
        if not free:
            free = [code for code in all_codes if (code, model["资金来源"]) not in used]
        if not free:
            break  # every 科目 is used with this fund: the catalog's limit
        code = rng.choice(free)
        used.add((code, model["资金来源"]))
        line = _vary_line(model, _factor(rng))
        line["科目编码"] = code
        out.append(line)
    return out


def _economic_items(items: dict[str, Any], basic: Decimal) -> dict[str, Decimal]:
    """基本支出经济分类 spread over ``basic`` (the 一般公共预算 基本支出) in the example's
    proportions, its 三公 items kept (within the new total)."""
    kept = {code: amount(value) for code, value in items.items() if code in THREE_PUBLIC_ITEMS}
    if sum(kept.values(), Decimal(0)) > basic:
        kept = {code: Decimal(0) for code in kept}
    weights = {code: amount(value) for code, value in items.items()
               if code not in THREE_PUBLIC_ITEMS and amount(value) > 0}
    if not weights:
        weights = {"30101": Decimal(1)}
    parts = spread(basic - sum(kept.values(), Decimal(0)), weights)
    out = {code: round_money(kept.get(code, parts.get(code, Decimal(0)))) for code in items}
    out.update({code: round_money(value) for code, value in parts.items() if code not in out})
    return out


def _public_funding(items: dict[str, Any]) -> Decimal:
    """公用经费: the economic items outside 人员经费."""
    return sum((amount(value) for code, value in items.items()
                if not code.startswith(PERSONNEL_GROUPS)), Decimal(0))


def _integer_multiple(ratio: Decimal) -> int:
    """A whole multiple near ``ratio`` (at least 1): figures that must keep their sums and
    inequalities exactly (政府采购) are multiplied by it."""
    return max(1, int(ratio.to_integral_value()))


def _scale_mapping(values: dict[str, Any], factor: Decimal | int, places: int = 2
                   ) -> dict[str, Any]:
    """Every number of a mapping × ``factor`` (text and nested mappings left alone)."""
    return {key: scaled(value, factor, places)
            if isinstance(value, int | float | Decimal) and not isinstance(value, bool)
            else value for key, value in values.items()}


def _scale_form(form: dict[str, Any], factor: Decimal | float) -> dict[str, Any]:
    """An annex form with its amounts × ``factor``: the AMOUNT fields and records its spec
    declares, and 资金 (rows of [年初预算, 全年预算, 全年执行数]) of the 自评表."""
    out = copy.deepcopy(form)
    spec = FORM_SPECS.get(str(form.get("类型")))
    if spec is not None:
        for key, kind in spec.fields.items():
            if kind == AMOUNT and out.get(key) is not None:
                out[key] = scaled(out[key], factor)
        for key, record_spec in spec.records.items():
            amounts = [name for name, kind in record_spec.items() if kind == AMOUNT]
            for record in out.get(key) or []:
                for name in amounts:
                    if record.get(name) is not None:
                        record[name] = scaled(record[name], factor)
    funds = out.get("资金")
    if isinstance(funds, dict):
        out["资金"] = {fund: [None if cell is None else scaled(cell, factor) for cell in row]
                       for fund, row in funds.items()}
    return out


def _clone_project_forms(annexes: list[dict[str, Any]], target_projects: int, row_cap: int,
                         rng: random.Random) -> list[dict[str, Any]]:
    """The annex with project forms repeated (new project names, amounts varied) up to
    ``target_projects`` project forms, or until the annex would exceed ``row_cap`` rows."""
    models = [form for form in annexes if _is_project_form(form)]
    out = list(annexes)
    rows = sum(_rows_of(form) for form in out)
    names = ProjectNames(rng, [str(form["项目名称"]) for form in models])
    projects = len(models)
    while models and projects < target_projects:
        model = rng.choice(models)
        if rows + _rows_of(model) > row_cap:
            break
        form = replace_text(_scale_form(model, _factor(rng)),
                            [(str(model["项目名称"]), names.next())])
        out.append(form)
        rows += _rows_of(form)
        projects += 1
    return out


def _fit_final_accounts(data: dict[str, Any], template: dict[str, Any], rng: random.Random
                        ) -> None:
    """Recompute, in ``data`` (whose 支出明细 were scaled), every figure that depends on
    the lines, from ``template`` (the example's data)."""
    lines = data["支出明细"]
    old_total = sum(map(_line_spending, template["支出明细"]), Decimal(0))
    new_total = sum(map(_line_spending, lines), Decimal(0))
    ratio = new_total / old_total if old_total else Decimal(1)

    basic = sum((amount(line.get("基本支出")) for line in lines
                 if line["资金来源"] == terms.GENERAL_BUDGET), Decimal(0))
    old_items = template.get("基本支出经济分类") or {}
    if old_items or basic:
        data["基本支出经济分类"] = _economic_items(old_items, basic)
    public_ratio = (_public_funding(data.get("基本支出经济分类") or {})
                    / (_public_funding(old_items) or Decimal(1)))

    office = data.get("机关运行经费")
    if office:
        if office.get("本年") is not None:
            office["本年"] = min(scaled(office["本年"], public_ratio),
                               round_money(_public_funding(data["基本支出经济分类"])))
        if office.get("上年") is not None:
            office["上年"] = scaled(office["上年"], public_ratio)

    if data.get("上年"):
        data["上年"] = _scale_mapping(data["上年"], ratio)
    if data.get("政府采购"):
        data["政府采购"] = _scale_mapping(data["政府采购"], _integer_multiple(ratio))

    fiscal = [line for line in lines if line["资金来源"] in terms.FISCAL_FUNDS]
    if "预算总额" in data:
        data["预算总额"] = _budget_totals(data["预算总额"], lines)
    if "科目年初预算" in data:
        data["科目年初预算"] = _class_budgets(lines, rng)
    data["附件"] = [_fit_department_form(form, fiscal, ratio) for form in data.get("附件") or []]
    if not data["附件"]:
        del data["附件"]
    for key in ("公布数", "预算来源"):
        data.pop(key, None)


def _budget_totals(given: dict[str, Any], lines: list[dict[str, Any]]) -> dict[str, Any]:
    """预算总额 per fund: the sums of the lines' 年初预算 and 全年预算 where the lines carry
    them (a fund whose lines carry none is dropped)."""
    out = {}
    for fund, entry in given.items():
        own = [line for line in lines if line["资金来源"] == fund]
        fitted = {key: value for key, value in entry.items() if key == "差异原因"}
        for key in ("年初预算", "全年预算"):
            values = [amount(line[key]) for line in own if line.get(key)]
            if key in entry and values:
                fitted[key] = round_money(sum(values, Decimal(0)))
        if len(fitted) > ("差异原因" in fitted):
            out[fund] = fitted
    return out


def _class_budgets(lines: list[dict[str, Any]], rng: random.Random) -> dict[str, Decimal]:
    """科目年初预算 per 类 of the 一般公共预算 lines: the 类's spending × 0.95–1.10."""
    spent: dict[str, Decimal] = {}
    for line in lines:
        if line["资金来源"] == terms.GENERAL_BUDGET:
            code = line["科目编码"][:3]
            spent[code] = spent.get(code, Decimal(0)) + _line_spending(line)
    return {code: scaled(value, rng.uniform(0.95, 1.10)) for code, value in sorted(spent.items())}


def _fit_department_form(form: dict[str, Any], fiscal: list[dict[str, Any]], ratio: Decimal
                         ) -> dict[str, Any]:
    """A department-level annex form with its amounts × ``ratio``; the 部门整体支出绩效自评表
    carries the 财政拨款 totals of the lines exactly (rule ANNEX-TOTALS)."""
    if _is_project_form(form):
        return form
    out = _scale_form(form, ratio)
    funds = out.get("资金")
    if form.get("类型") == terms.DEPARTMENT_EVALUATION and isinstance(funds, dict) \
            and funds.get("财政拨款"):
        initial, annual, _ = (funds["财政拨款"] + [None] * 3)[:3]
        budgets = [amount(line["年初预算"]) for line in fiscal if line.get("年初预算")]
        annuals = [amount(line["全年预算"]) for line in fiscal if line.get("全年预算")]
        spent = sum(map(_line_spending, fiscal), Decimal(0))
        funds["财政拨款"] = [
            round_money(sum(budgets, Decimal(0))) if budgets else initial,
            round_money(sum(annuals, Decimal(0))) if annuals else annual,
            round_money(spent)]
    return out


def make_final_accounts(plan: Plan, largest: Size, rng: random.Random) -> dict[str, Any]:
    """A 决算 department: the plan's example scaled to the plan's size."""
    template = plan.template.data
    own = plan.template.size
    data = copy.deepcopy(template)
    classes = {entry.code for entry in function_class_lines()}
    target_lines = max(own.lines, round(plan.scale * largest.lines))
    data["支出明细"] = _scale_lines(template["支出明细"], target_lines, rng, classes)
    annexes = data.get("附件") or []
    if own.projects:
        target_projects = max(own.projects, round(plan.scale * largest.projects))
        row_cap = max(own.annex_rows, math.floor(plan.scale * largest.annex_rows))
        data["附件"] = _clone_project_forms(annexes, target_projects, row_cap, rng)
    projects = data.get("项目支出说明")
    if projects:
        wanted = max(len(projects), round(plan.scale * len(projects)))
        names = ProjectNames(rng, [p if isinstance(p, str) else p["项目名称"] for p in projects])
        while len(projects) < wanted:
            model = rng.choice(projects[: len(template["项目支出说明"])])
            if isinstance(model, str):
                projects.append(names.next())
            else:
                projects.append({**model, "项目名称": names.next(),
                                 **({"金额": scaled(model["金额"], _factor(rng))}
                                    if model.get("金额") is not None else {})})
    _fit_final_accounts(data, template, rng)
    return data


# --- 预算 -----------------------------------------------------------------------------------


def _budget_spending(data: dict[str, Any]) -> Decimal:
    """A 预算's whole spending: its basic lines and its projects."""
    basic = sum((amount(value) for line in data.get("基本支出") or []
                 for value in (line.get("经济分类") or {}).values()), Decimal(0))
    projects = sum((amount(value) for project in data.get("项目") or []
                    for value in (project.get("资金") or {}).values()), Decimal(0))
    return basic + projects


def _vary_items(items: dict[str, Any], factor: float, places: int, keep_three_public: bool
                ) -> dict[str, Decimal]:
    """Economic items × ``factor``; the 三公 items kept as they are, or left out."""
    out = {}
    for code, value in items.items():
        if code in THREE_PUBLIC_ITEMS:
            if keep_three_public:
                out[code] = round_money(amount(value), places)
            continue
        out[code] = scaled(value, factor, places)
    return out


def _vary_project(project: dict[str, Any], factor: float, places: int) -> dict[str, Any]:
    """A 预算 project with its money × ``factor``; its 经济分类 spread over the new money
    in the old proportions, without 三公 items (so they stay within 三公经费)."""
    out = copy.deepcopy(project)
    out["资金"] = {source: scaled(value, factor, places)
                   for source, value in (project.get("资金") or {}).items()}
    items = project.get("经济分类")
    if items:
        weights = {code: amount(value) for code, value in items.items()
                   if code not in THREE_PUBLIC_ITEMS and amount(value) > 0}
        whole = sum(out["资金"].values(), Decimal(0))
        out["经济分类"] = spread(whole, weights, places) if weights else {"30299": whole}
    return out


def make_budget(plan: Plan, largest: Size, rng: random.Random) -> dict[str, Any]:
    """A 预算 department: the plan's example scaled to the plan's size."""
    template = plan.template.data
    own = plan.template.size
    data = copy.deepcopy(template)
    places = _places_of(value for line in template.get("基本支出") or []
                        for value in (line.get("经济分类") or {}).values())
    classes = {entry.code for entry in budget_class_lines(int(template["年度"]))}
    codes = _catalog_items(classes)

    basic_lines = [{**line, "经济分类": _vary_items(line.get("经济分类") or {}, _factor(rng),
                                                  places, keep_three_public=True)}
                   for line in template.get("基本支出") or []]
    used = {(line["科目编码"], line["资金来源"], line.get("单位")) for line in basic_lines}
    target_lines = max(own.lines, round(plan.scale * largest.lines))
    while basic_lines and len(basic_lines) < target_lines:
        model = rng.choice(template["基本支出"])
        key = (model["资金来源"], model.get("单位"))
        free = [code for code in _basic_codes(codes) if (code, *key) not in used]
        if not free:
            break
        code = rng.choice(free)
        used.add((code, *key))
        basic_lines.append({**model, "科目编码": code,
                            "经济分类": _vary_items(model.get("经济分类") or {}, _factor(rng),
                                                  places, keep_three_public=False)})
    data["基本支出"] = basic_lines

    projects = [_vary_project(project, _factor(rng), places)
                for project in template.get("项目") or []]
    names = ProjectNames(rng, [str(project["项目名称"]) for project in projects])
    taken = {str(project["项目代码"]) for project in projects}
    target_projects = max(own.projects, round(plan.scale * largest.projects))
    row_cap = max(own.annex_rows, math.floor(plan.scale * largest.annex_rows))
    rows = own.annex_rows
    while projects and len(projects) < target_projects:
        model = rng.choice(template["项目"])
        if rows + _project_rows(model) > row_cap:
            break
        project = _vary_project(model, _factor(rng), places)
        project["项目名称"] = names.next()
        project["项目代码"] = _project_code(str(model["项目代码"]), len(projects), taken)
        same_class = [code for code in codes if code[:3] == model["科目编码"][:3]]
        project["科目编码"] = rng.choice(same_class or codes)
        projects.append(project)
        rows += _project_rows(project)
    data["项目"] = projects

    ratio = _budget_spending(data) / (_budget_spending(template) or Decimal(1))
    if data.get("上年"):
        data["上年"] = _scale_mapping(data["上年"], ratio, places)
    if data.get("政府采购"):
        data["政府采购"] = _scale_mapping(data["政府采购"], _integer_multiple(ratio), places)
    office = data.get("机关运行经费") or {}
    if office.get("本年") is not None:
        public = sum((_public_funding(line["经济分类"]) for line in basic_lines
                      if line["资金来源"] == budget_terms.GENERAL_BUDGET), Decimal(0))
        office["本年"] = min(scaled(office["本年"], ratio, places), public)
    for key in ("公布数",):
        data.pop(key, None)
    return data


def _project_code(model: str, number: int, taken: set[str]) -> str:
    """A new 项目代码 like ``model`` (same length and prefix), not in ``taken``."""
    width = len(model)
    serial = number
    while True:
        serial += 1
        code = f"{model[: max(width - 6, 0)]}{serial:06d}"[-width:] if width > 6 else f"{serial}"
        if code not in taken:
            taken.add(code)
            return code


# --- writing ------------------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    """YAML as finance staff write it: block style, keys in order, Chinese as is, amounts
    as plain numbers."""


def _represent_decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:float", str(value))


def _represent_list(dumper: yaml.SafeDumper, value: list[Any]) -> yaml.Node:
    """A short row of cells ([一级指标, 二级指标, …], [年初预算, 全年预算, 全年执行数]) on
    one line, as the examples write it; lists of mappings or of long texts in block style."""
    scalars = all(not isinstance(item, list | dict) for item in value)
    row = scalars and sum(len(str(item)) for item in value) <= 300
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=row or None)


_Dumper.add_representer(Decimal, _represent_decimal)
_Dumper.add_representer(list, _represent_list)


def department_yaml(data: dict[str, Any], header: str) -> str:
    """The department's YAML text, after a comment ``header``."""
    body = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                     default_flow_style=False, width=100_000)
    comment = "".join(f"# {line}\n" for line in header.splitlines())
    return comment + "\n" + body


def make_department(plan: Plan, largest: dict[str, Size], seed: int) -> dict[str, Any]:
    """The data of one planned department (deterministic for the plan and seed)."""
    rng = random.Random(f"synthetic-{seed}-{plan.index}")
    template = plan.template.data
    make = make_budget if plan.template.kind == BUDGET else make_final_accounts
    data = make(plan, largest[plan.template.kind], rng)
    renames = [(str(template["部门名称"]), plan.name)]
    if template.get("部门简称"):
        renames.append((str(template["部门简称"]), plan.short_name))
    data = replace_text(data, renames)
    data["部门名称"] = plan.name
    if template.get("部门简称"):
        data["部门简称"] = plan.short_name
    return data


@dataclass(frozen=True)
class Generated:
    """A department file written: where, from which example, at which scale, how big."""

    path: Path
    template: str
    kind: str
    region: str
    size_class: str
    scale: float
    size: Size


def generate(count: int, out: Path, seed: int = 1, max_scale: float = MAX_SCALE,
             examples: Path = EXAMPLES) -> list[Generated]:
    """Write ``count`` synthetic departments into ``out`` (earlier ``syn-*.yaml`` there are
    removed first, so the folder holds exactly this set)."""
    if count < 1:
        raise ValueError("count must be at least 1")
    if not 0 < max_scale <= MAX_SCALE:
        raise ValueError(f"max_scale must be in (0, {MAX_SCALE:g}]")
    templates = load_templates(examples)
    largest = largest_sizes(templates)
    out.mkdir(parents=True, exist_ok=True)
    for stale in out.glob(f"{PREFIX}*.yaml"):
        stale.unlink()
    written = []
    for plan in plan_departments(count, seed, templates, max_scale):
        data = make_department(plan, largest, seed)
        header = (f"Synthetic department for the batch benchmark (bench/synthetic.py, "
                  f"seed {seed}):\n"
                  f"{plan.template.path.name} scaled to {plan.scale:.2f} × the largest "
                  f"{plan.template.kind} example ({plan.size_class}).")
        path = out / plan.file_name
        path.write_text(department_yaml(data, header), encoding="utf-8")
        written.append(Generated(path, plan.template.path.name, plan.template.kind,
                                 plan.template.region, plan.size_class, plan.scale,
                                 size_of(data)))
    return written


# --- one correction -----------------------------------------------------------------------


@dataclass(frozen=True)
class Edit:
    """One number changed in a file: the field, its line, the old and new text."""

    field: str
    line: int
    column: int
    old: str
    new: str

    def __str__(self) -> str:
        return f"第 {self.line} 行 {self.field}：{self.old} → {self.new}"


class CorrectionError(ValueError):
    """The file cannot take the benchmark's correction (said in Chinese, with the file)."""


def _get(node: Value | None, *keys: str | int) -> Value | None:
    """The value at a path of mapping keys and list indexes, or None."""
    for key in keys:
        if isinstance(key, int) and isinstance(node, YamlSequence) and key < len(node.items):
            node = node.items[key]
        elif isinstance(key, str) and isinstance(node, Mapping):
            node = node.entries.get(key)
        else:
            return None
    return node


def _number(node: Value | None) -> Decimal | None:
    """A plain scalar's number, or None."""
    if not isinstance(node, Scalar) or node.quoted or node.null:
        return None
    try:
        return Decimal(node.text)
    except ArithmeticError:
        return None


def _raise(node: Value | None, field: str, step: Decimal) -> Edit | None:
    """The edit raising a plain number by ``step`` (keeping its decimals), or None."""
    value = _number(node)
    if value is None or not isinstance(node, Scalar):
        return None
    places = max(-int(value.as_tuple().exponent), 0)
    return Edit(field, node.position.line, node.position.column, node.text,
                f"{value + step:.{places}f}")


def _largest_item(items: Value | None) -> str | None:
    """The largest economic item outside 三公 of a mapping of items."""
    if not isinstance(items, Mapping):
        return None
    numbers = {code: _number(value) for code, value in items.entries.items()
               if code not in THREE_PUBLIC_ITEMS}
    numbers = {code: value for code, value in numbers.items() if value is not None and value > 0}
    return max(numbers, key=lambda code: numbers[code]) if numbers else None


def _final_accounts_edits(root: Mapping, step: Decimal) -> list[Edit]:
    """A project line's 项目支出 (or a basic line's 基本支出 and its economic item) + step,
    its 本年收入, and the 全年执行数 of the 部门整体支出绩效自评表."""
    lines = _get(root, "支出明细")
    items = lines.items if isinstance(lines, YamlSequence) else []
    choice: tuple[int, str] | None = None
    for column in ("项目支出", "基本支出"):
        for i, line in enumerate(items):
            source = _get(line, "资金来源")
            value = _number(_get(line, column))
            if (isinstance(source, Scalar) and source.text in terms.FISCAL_FUNDS and value
                    and (column == "项目支出" or source.text == terms.GENERAL_BUDGET)):
                choice = (i, column)
                break
        if choice:
            break
    if choice is None:
        return []
    i, column = choice
    edits = [_raise(_get(lines, i, column), f"支出明细[{i + 1}].{column}", step),
             _raise(_get(lines, i, "本年收入"), f"支出明细[{i + 1}].本年收入", step)]
    if column == "基本支出":
        code = _largest_item(_get(root, "基本支出经济分类"))
        if code is None:
            return []
        edits.append(_raise(_get(root, "基本支出经济分类", code), f"基本支出经济分类.{code}", step))
    annexes = _get(root, "附件")
    for j, form in enumerate(annexes.items if isinstance(annexes, YamlSequence) else []):
        kind = _get(form, "类型")
        if isinstance(kind, Scalar) and kind.text == terms.DEPARTMENT_EVALUATION:
            edits.append(_raise(_get(form, "资金", "财政拨款", 2),
                                f"附件[{j + 1}].资金.财政拨款[3]", step))
    return [edit for edit in edits if edit is not None]


def _budget_edits(root: Mapping, step: Decimal) -> list[Edit]:
    """A project's 一般公共预算 money + step, and its largest economic item outside 三公."""
    projects = _get(root, "项目")
    for i, project in enumerate(projects.items if isinstance(projects, YamlSequence) else []):
        money = _get(project, "资金", budget_terms.GENERAL_BUDGET)
        if not _number(money):
            continue
        items = _get(project, "经济分类")
        code = _largest_item(items)
        if items is not None and code is None:
            continue
        edits = [_raise(money, f"项目[{i + 1}].资金.{budget_terms.GENERAL_BUDGET}", step)]
        if code is not None:
            edits.append(_raise(_get(items, code), f"项目[{i + 1}].经济分类.{code}", step))
        return [edit for edit in edits if edit is not None]
    return []


def correct(path: Path, step: Decimal = Decimal("1.00")) -> list[Edit]:
    """Apply one realistic correction to a department file in place and return the edits:
    one amount raised by ``step`` and every figure that repeats it raised too, so the file
    still passes ``check``. Only those numbers change in the file; its comments and layout
    stay. A file with 公布数 (the finance system's totals, which would no longer agree) is
    refused."""
    data = path.read_bytes()
    try:
        root = load_bytes(data, str(path))
    except InputError as error:
        raise CorrectionError(f"{path}：无法读取（{error.findings[0]}）。") from error
    if not isinstance(root, Mapping):
        raise CorrectionError(f"{path}：不是部门数据文件。")
    if "公布数" in root.entries:
        raise CorrectionError(f"{path}：含“公布数”，改一个数后公布的合计不再相符；请用 "
                              "bench/synthetic.py 生成的文件（不含公布数）。")
    kind = _get(root, "文档类型")
    edits = (_budget_edits(root, step) if isinstance(kind, Scalar) and kind.text == BUDGET
             else _final_accounts_edits(root, step))
    if not edits:
        raise CorrectionError(f"{path}：没有可以更正的金额（找不到有项目支出的财政拨款行，"
                              "或有一般公共预算资金的项目）。")
    text = data.decode("utf-8").splitlines(keepends=True)
    for edit in sorted(edits, key=lambda edit: (edit.line, edit.column), reverse=True):
        row = text[edit.line - 1]
        start = edit.column - 1
        if row[start:start + len(edit.old)] != edit.old:
            raise CorrectionError(
                f"{path}:{edit.line}:{edit.column}：找不到“{edit.old}”，文件未改动。")
        text[edit.line - 1] = row[:start] + edit.new + row[start + len(edit.old):]
    path.write_text("".join(text), encoding="utf-8")
    return edits


# --- command line -------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    """Generate a set (``--count``, ``--out``) or correct one file (``--correct``)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, help="number of departments to generate")
    parser.add_argument("--out", type=Path, help="folder to write them to")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--max-scale", type=float, default=MAX_SCALE,
                        help=f"scale of the largest department (default {MAX_SCALE:g})")
    parser.add_argument("--correct", type=Path, metavar="FILE",
                        help="apply one correction (an amount + 1.00) to FILE in place")
    args = parser.parse_args(argv)
    if args.correct:
        try:
            edits = correct(args.correct)
        except (CorrectionError, OSError) as error:
            print(error, file=sys.stderr)
            return 1
        for edit in edits:
            print(f"{args.correct}: {edit}")
        return 0
    if args.count is None or args.out is None:
        parser.error("give --count and --out, or --correct FILE")
    if args.count < 1:
        parser.error("--count must be at least 1")
    if not 0 < args.max_scale <= MAX_SCALE:
        parser.error(f"--max-scale must be in (0, {MAX_SCALE:g}]")
    for item in generate(args.count, args.out, args.seed, args.max_scale):
        print(f"{item.path.name}  {item.kind} {item.region}  {item.size_class:<6} "
              f"×{item.scale:5.2f}  lines {item.size.lines:>4}  projects {item.size.projects:>4}  "
              f"annex rows {item.size.annex_rows:>5}  (from {item.template})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
