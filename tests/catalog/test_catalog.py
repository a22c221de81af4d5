"""Tests of the shipped reference data (generator.catalog)."""

from __future__ import annotations

import csv
import io
import re
from importlib.resources import files

import pytest

from generator.catalog import (
    FUNCTION_CLASS_CODES,
    UNIT_KINDS,
    CatalogEntry,
    budget_class_lines,
    economic_catalog,
    function_catalog,
    function_class_lines,
    government_code,
    government_economic_catalog,
    standard_glossary,
)

# The 26 类 lines of 公开01表/04表, in print order (seed 000, table 01).
CLASS_LINES = [
    ("201", "一般公共服务支出"),
    ("202", "外交支出"),
    ("203", "国防支出"),
    ("204", "公共安全支出"),
    ("205", "教育支出"),
    ("206", "科学技术支出"),
    ("207", "文化旅游体育与传媒支出"),
    ("208", "社会保障和就业支出"),
    ("210", "卫生健康支出"),
    ("211", "节能环保支出"),
    ("212", "城乡社区支出"),
    ("213", "农林水支出"),
    ("214", "交通运输支出"),
    ("215", "资源勘探工业信息等支出"),
    ("216", "商业服务业等支出"),
    ("217", "金融支出"),
    ("219", "援助其他地区支出"),
    ("220", "自然资源海洋气象等支出"),
    ("221", "住房保障支出"),
    ("222", "粮油物资储备支出"),
    ("223", "国有资本经营预算支出"),
    ("224", "灾害防治及应急管理支出"),
    ("229", "其他支出"),
    ("231", "债务还本支出"),
    ("232", "债务付息支出"),
    ("234", "抗疫特别国债安排的支出"),
]

# Seed 000's 公开06表, every group and item (read column by column), plus 312 from seed 003.
SEED_ECONOMIC = {
    "301": "工资福利支出",
    "30101": "基本工资",
    "30102": "津贴补贴",
    "30103": "奖金",
    "30106": "伙食补助费",
    "30107": "绩效工资",
    "30108": "机关事业单位基本养老保险缴费",
    "30109": "职业年金缴费",
    "30110": "职工基本医疗保险缴费",
    "30111": "公务员医疗补助缴费",
    "30112": "其他社会保障缴费",
    "30113": "住房公积金",
    "30114": "医疗费",
    "30199": "其他工资福利支出",
    "302": "商品和服务支出",
    "30201": "办公费",
    "30202": "印刷费",
    "30203": "咨询费",
    "30204": "手续费",
    "30205": "水费",
    "30206": "电费",
    "30207": "邮电费",
    "30208": "取暖费",
    "30209": "物业管理费",
    "30211": "差旅费",
    "30212": "因公出国（境）费用",
    "30213": "维修（护）费",
    "30214": "租赁费",
    "30215": "会议费",
    "30216": "培训费",
    "30217": "公务接待费",
    "30218": "专用材料费",
    "30224": "被装购置费",
    "30225": "专用燃料费",
    "30226": "劳务费",
    "30227": "委托业务费",
    "30228": "工会经费",
    "30229": "福利费",
    "30231": "公务用车运行维护费",
    "30239": "其他交通费用",
    "30240": "税金及附加费用",
    "30299": "其他商品和服务支出",
    "303": "对个人和家庭的补助",
    "30301": "离休费",
    "30302": "退休费",
    "30303": "退职（役）费",
    "30304": "抚恤金",
    "30305": "生活补助",
    "30306": "救济费",
    "30307": "医疗费补助",
    "30308": "助学金",
    "30309": "奖励金",
    "30310": "个人农业生产补贴",
    "30311": "代缴社会保险费",
    "30399": "其他对个人和家庭的补助",
    "307": "债务利息及费用支出",
    "30701": "国内债务付息",
    "30702": "国外债务付息",
    "310": "资本性支出",
    "31001": "房屋建筑物购建",
    "31002": "办公设备购置",
    "31003": "专用设备购置",
    "31005": "基础设施建设",
    "31006": "大型修缮",
    "31007": "信息网络及软件购置更新",
    "31008": "物资储备",
    "31009": "土地补偿",
    "31010": "安置补助",
    "31011": "地上附着物和青苗补偿",
    "31012": "拆迁补偿",
    "31013": "公务用车购置",
    "31019": "其他交通工具购置",
    "31021": "文物和陈列品购置",
    "31022": "无形资产购置",
    "31099": "其他资本性支出",
    "312": "对企业补助",
    "31201": "资本金注入",
    "31203": "政府投资基金股权投资",
    "31204": "费用补贴",
    "31205": "利息补贴",
    "31299": "其他对企业补助",
    "399": "其他支出",
    "39907": "国家赔偿费用支出",
    "39908": "对民间非营利组织和群众性自治组织补贴",
    "39909": "经常性赠与",
    "39910": "资本性赠与",
    "39999": "其他支出",
}

# A sample of the function codes the seeds print, with the full (untruncated) names.
SEED_FUNCTION = {
    "2010301": "行政运行",
    "2010350": "事业运行",
    "2010399": "其他政府办公厅（室）及相关机构事务支出",
    "2010550": "事业运行",
    "20131": "党委办公厅（室）及相关机构事务",
    "2013150": "事业运行",
    "20601": "科学技术管理事务",
    "2060101": "行政运行",
    "2069999": "其他科学技术支出",
    "2080108": "信息化建设",
    "2080505": "机关事业单位基本养老保险缴费支出",
    "2080506": "机关事业单位职业年金缴费支出",
    "2101103": "公务员医疗补助",
    "2101199": "其他行政事业单位医疗支出",
    "21101": "环境保护管理事务",
    "2110101": "行政运行",
    "21103": "污染防治",
    "2110301": "大气",
    "2120102": "一般行政管理事务",
    "2120199": "其他城乡社区管理事务支出",
    "21208": "国有土地使用权出让收入安排的支出",
    "2120803": "城市建设支出",
    "21305": "巩固脱贫攻坚成果衔接乡村振兴",
    "2130599": "其他巩固脱贫攻坚成果衔接乡村振兴支出",
    "2210201": "住房公积金",
    "2210202": "提租补贴",
    "2210203": "购房补贴",
    "22904": "其他政府性基金及对应专项债务收入安排的支出",
    "2290402": "其他地方自行试点项目收益专项债券收入安排的支出",
    "22999": "其他支出",
    "2299999": "其他支出",
}

FUNCTION_LEVELS = {3: 1, 5: 2, 7: 3}
ECONOMIC_LEVELS = {3: 1, 5: 2}


def _raw_codes(filename: str) -> list[str]:
    text = files("generator.catalog").joinpath(filename).read_text(encoding="utf-8")
    return [row["code"] for row in csv.DictReader(io.StringIO(text))]


# --- function classification -------------------------------------------------------------


def test_function_codes_well_formed_with_matching_level_and_name() -> None:
    catalog = function_catalog()
    assert len(catalog) > 300
    for code, entry in catalog.items():
        assert isinstance(entry, CatalogEntry)
        assert entry.code == code
        assert re.fullmatch(r"2\d{2}(\d{2}){0,2}", code), code
        assert entry.level == FUNCTION_LEVELS[len(code)], code
        assert entry.name and entry.name == entry.name.strip(), code
        assert not re.search(r"\s", entry.name), code


def test_function_file_codes_unique_and_sorted() -> None:
    codes = _raw_codes("function_classification.csv")
    assert len(codes) == len(set(codes))
    assert codes == sorted(codes)
    assert list(function_catalog()) == codes


def test_function_hierarchy_complete() -> None:
    catalog = function_catalog()
    for code, entry in catalog.items():
        if entry.level == 2:
            assert catalog[code[:3]].level == 1, f"款 {code} lacks its 类"
        if entry.level == 3:
            assert catalog[code[:5]].level == 2, f"项 {code} lacks its 款"


def test_function_has_every_class_of_the_table_01_list() -> None:
    catalog = function_catalog()
    for code, name in [*CLASS_LINES, ("230", "转移性支出"), ("233", "债务发行费用支出")]:
        assert catalog[code].name == name
        assert catalog[code].level == 1


def test_function_seed_codes_have_full_names() -> None:
    catalog = function_catalog()
    for code, name in SEED_FUNCTION.items():
        assert catalog[code].name == name, code
    # seed 002 table 05 misprints 201 as 一般公共预算服务支出: the catalog keeps the right name
    assert catalog["201"].name == "一般公共服务支出"


def test_function_standard_items() -> None:
    catalog = function_catalog()
    expected = {
        "2010302": "一般行政管理事务",
        "20805": "行政事业单位养老支出",
        "2080501": "行政单位离退休",
        "2080502": "事业单位离退休",
        "2080599": "其他行政事业单位养老支出",
        "21011": "行政事业单位医疗",
        "2101101": "行政单位医疗",
        "2101102": "事业单位医疗",
        "22101": "保障性安居工程支出",
        "22102": "住房改革支出",
    }
    for code, name in expected.items():
        assert catalog[code].name == name, code


def test_function_catalog_returns_a_copy() -> None:
    first = function_catalog()
    first.pop("201")
    first["999"] = CatalogEntry("999", "x", 1)
    again = function_catalog()
    assert "201" in again
    assert "999" not in again


# --- the 26 类 lines -----------------------------------------------------------------------


def test_function_class_lines_in_print_order() -> None:
    lines = function_class_lines()
    assert len(lines) == 26
    assert [(e.code, e.name) for e in lines] == CLASS_LINES
    assert all(e.level == 1 for e in lines)
    assert tuple(e.code for e in lines) == FUNCTION_CLASS_CODES
    assert "230" not in FUNCTION_CLASS_CODES
    assert "233" not in FUNCTION_CLASS_CODES


# --- economic classification -------------------------------------------------------------


def test_economic_codes_well_formed_unique() -> None:
    codes = _raw_codes("economic_classification.csv")
    assert len(codes) == len(set(codes))
    catalog = economic_catalog()
    assert list(catalog) == codes
    for code, entry in catalog.items():
        assert entry.code == code
        assert re.fullmatch(r"3\d{2}(\d{2})?", code), code
        assert entry.level == ECONOMIC_LEVELS[len(code)], code
        assert entry.name and not re.search(r"\s", entry.name), code


def test_economic_groups_in_catalog_order_each_followed_by_its_items() -> None:
    catalog = economic_catalog()
    groups = [code for code, entry in catalog.items() if entry.level == 1]
    assert groups == ["301", "302", "303", "307", "310", "312", "399"]
    current = None
    for code, entry in catalog.items():
        if entry.level == 1:
            current = code
        else:
            assert current is not None and code.startswith(current), code
    items = [code for code, entry in catalog.items() if entry.level == 2]
    assert items == sorted(items)


def test_economic_has_every_line_of_seed_table_06() -> None:
    catalog = economic_catalog()
    for code, name in SEED_ECONOMIC.items():
        assert code in catalog, code
        assert catalog[code].name == name, code
    # seed 001 prints 维修(护)费 with ASCII parentheses: the catalog keeps the full-width form
    assert catalog["30213"].name == "维修（护）费"


def test_economic_catalog_returns_a_copy() -> None:
    economic_catalog().clear()
    assert "30101" in economic_catalog()


# --- glossary ----------------------------------------------------------------------------


def test_final_accounts_glossary() -> None:
    terms = standard_glossary("决算")
    assert len(terms) == 18
    assert terms[0] == ("财政拨款收入", "单位从同级政府财政部门取得的财政预算资金。")
    assert [t for t, _ in terms][-2:] == ["“三公”经费", "机关运行经费"]
    assert len({t for t, _ in terms}) == 18
    for term, text in terms:
        assert term and text.endswith("。"), term
        assert "\n" not in text and not re.search(r"\s", text), term
    # the PDF line break inside 机关运行经费 is gone
    assert "包括办公及印刷费" in terms[-1][1]


def test_budget_glossary() -> None:
    terms = standard_glossary("预算")
    names = [t for t, _ in terms]
    assert names[0] == "财政拨款收入"
    assert "“三公”经费" in names
    assert len(names) == len(set(names)) == 10
    for term, text in terms:
        assert text.endswith("。") and not re.search(r"\s", text), term
    basic = dict(terms)["基本支出"]
    assert basic.endswith("人员经费和日常公用经费两部分。")


def test_glossary_unknown_kind() -> None:
    with pytest.raises(ValueError):
        standard_glossary("季报")


def test_glossary_returns_a_copy() -> None:
    standard_glossary("决算").clear()
    assert len(standard_glossary("决算")) == 18


# --- 预算: 政府预算支出经济分类 and the 部门 → 政府 对照 ---------------------------------------

#: The pairs seed 001 prints (表六 部门预算 item beside its 政府预算 item), for a 行政单位.
SEED_PAIRS = {
    "30101": "50101", "30103": "50101", "30199": "50199", "30108": "50102",
    "30110": "50102", "30113": "50103", "30114": "50199", "30201": "50201",
    "30211": "50201", "30213": "50209", "30214": "50201", "30215": "50202",
    "30217": "50206", "30299": "50299",
}


def test_government_catalog_well_formed_groups_before_items() -> None:
    catalog = government_economic_catalog()
    assert catalog, "the catalog is empty"
    group = ""
    for code, entry in catalog.items():
        assert re.fullmatch(r"5\d{2}(\d{2})?", code), code
        assert entry.level == (1 if len(code) == 3 else 2), code
        if entry.level == 1:
            group = code
        else:
            assert code.startswith(group), f"{code} is not under {group}"


def test_government_code_reproduces_the_seed_pairs() -> None:
    for item, government in SEED_PAIRS.items():
        assert government_code(item, "行政单位") == government, item


def test_government_code_by_unit_kind() -> None:
    """A 事业单位 books wages to 505 (对事业单位经常性补助), a 行政单位 to 501."""
    assert government_code("30101", "行政单位") == "50101"
    assert government_code("30101", "事业单位") == "50501"
    assert government_code("30198", "行政单位") is None
    assert government_code("30101", "企业") is None


def test_every_pair_points_into_both_catalogs() -> None:
    department_items = economic_catalog()
    government_items = government_economic_catalog()
    rows = list(csv.DictReader(io.StringIO(
        files("generator.catalog").joinpath("economic_to_government.csv")
        .read_text(encoding="utf-8"))))
    assert rows
    for row in rows:
        assert row["code"] in department_items, row["code"]
        for kind in UNIT_KINDS:
            assert row[kind] in government_items, (row["code"], kind, row[kind])


def test_budget_class_lines_follow_the_years() -> None:
    """224 灾害防治及应急管理 is listed from 2019, 234 抗疫特别国债 from 2020."""
    codes_2019 = [entry.code for entry in budget_class_lines(2019)]
    codes_2024 = [entry.code for entry in budget_class_lines(2024)]
    assert "224" in codes_2019 and "234" not in codes_2019
    assert "234" in codes_2024
    assert codes_2024 == sorted(codes_2024)
    assert {"201", "206", "212", "229"} <= set(codes_2024)
