"""The 第三部分 wording follows the numbers: direction words, 持平, zero budgets, empty funds."""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal as D
from pathlib import Path

import lxml.html
import pytest
from support import BASE, department, derive, findings_for, line, render_html, report_for

from generator.kinds.final_accounts.model import (
    Department,
    OfficeOperation,
    Overview,
    PriorYear,
    Procurement,
    Reception,
    ThreePublic,
)


def _department(**extra: object) -> Department:
    return department(line("2010301", basic="60.00", budget="50.00", budget_reason="人员增加。"),
                      line("2010302", project="40.00", budget_reason="年中追加项目。"), **extra)


def _text(dept: Department) -> str:
    html = render_html(derive(dept))
    return re.sub(r"\s+", "", lxml.html.document_fromstring(html).text_content())


def test_increase_and_decrease_words() -> None:
    up = _text(_department(prior=PriorYear(grand_total=D("80.00"),
                                           grand_total_reason="新增项目")))
    assert "与上年度相比，收、支总计各增加20.00万元，增长25.00%。主要原因是新增项目。" in up
    down = _text(_department(prior=PriorYear(grand_total=D("125.00"))))
    assert "收、支总计各减少25.00万元，下降20.00%。" in down


def test_flat_year_says_chiping_without_reason() -> None:
    text = _text(_department(prior=PriorYear(grand_total=D("100.00"),
                                             grand_total_reason="不应出现")))
    assert "与上年度相比，收、支总计持平。" in text
    assert "不应出现" not in text


def test_prior_year_from_zero_gives_no_rate() -> None:
    text = _text(_department(prior=PriorYear(grand_total=D("0"))))
    assert "收、支总计各增加100.00万元。" in text


def test_zero_budget_item_has_no_completion_rate() -> None:
    text = _text(_department())
    assert ("一般行政管理事务（项）。年初预算为0.00万元，支出决算为40.00万元，"
            "年初预算未安排，不计算完成率。"
            "决算数与年初预算数存在差异的主要原因是年中追加项目。") in text
    assert "年初预算为50.00万元，支出决算为60.00万元，完成年初预算的120.00%。" in text
    assert "完成年初预算的100.00%" not in text


def test_equal_budget_and_actual_needs_no_reason() -> None:
    dept = _department()
    same = replace(dept.lines[0], budget=D("60.00"))
    text = _text(replace(dept, lines=(same, dept.lines[1])))
    assert "年初预算为60.00万元，支出决算为60.00万元，完成年初预算的100.00%。" in text
    assert "人员增加" not in text


def test_empty_funds_and_empty_tables_say_so() -> None:
    text = _text(_department())
    assert "我部门2023年度没有政府性基金收入，也没有使用政府性基金安排的支出。" in text
    assert "说明：我部门没有政府性基金收入，也没有使用政府性基金安排的支出，故本表无数据。" in text
    assert "说明：我部门没有使用国有资本经营预算安排的支出，故本表无数据。" in text


def test_three_public_zero_budget_and_shares() -> None:
    tp = ThreePublic(reception=Reception(budget=D("0.20"), actual=D("0.17")),
                     reason="按需支出")
    text = _text(_department(three_public=tp))
    assert ("完成预算的85.00%。"
            "2023年度“三公”经费支出决算数与预算数存在差异的主要原因是按需支出。") in text
    assert "因公出国（境）费支出决算0.00万元，预算未安排，不计算完成率；" in text
    assert "公务接待费支出决算0.17万元，完成预算的85.00%，占100.00%。" in text
    assert "其他国内公务接待支出0.17万元。" in text


def test_office_operation_defaults_to_public_funds_and_compares() -> None:
    text = _text(_department(office_operation=OfficeOperation(current=D("10.00"),
                                                              prior=D("10.00"))))
    assert "2023年度机关运行经费支出10.00万元，与2022年度持平。" in text
    none = _text(_department())
    assert "我部门2023年度无机关运行经费支出。" in none


def test_procurement_small_micro_share_base_is_a_style_choice() -> None:
    procurement = Procurement(services=D("100.00"), sme=D("50.00"), small_micro=D("10.00"))
    default = _text(_department(procurement=procurement))
    assert "授予小微企业合同金额10.00万元，占政府采购支出总额的10.00%。" in default
    of_sme = _text(_department(procurement=procurement, style={"小微企业占比口径": "中小企业"}))
    assert "授予小微企业合同金额10.00万元，占授予中小企业合同金额的20.00%。" in of_sme


def test_user_text_is_escaped() -> None:
    dept = _department()
    dept = replace(dept, name='A&B<img src="file:///etc/passwd">{{ 7*7 }}')
    html = render_html(derive(dept))
    assert "<img" not in html and "&lt;img" in html
    assert "&gt;{{ 7*7 }}" in html  # printed literally, never evaluated


def test_glossary_extra_terms_follow_the_standard_ones(tmp_path: Path) -> None:
    text = BASE + ("名词解释补充:\n  - 术语: 专项债券\n"
                   "    解释: 地方政府为有一定收益的公益性项目发行的债券。\n")
    html = render_html(report_for(tmp_path, text))
    glossary = html[html.index("名词解释</h1>"):]
    assert "十九、专项债券：地方政府为有一定收益的公益性项目发行的债券。" in glossary


def test_small_micro_share_of_no_sme_awards_is_left_out(tmp_path: Path) -> None:
    text = BASE + ("政府采购:\n  服务: 10\n  授予中小企业: 0\n  授予小微企业: 0\n"
                   "样式设置:\n  小微企业占比口径: 中小企业\n")
    plain = re.sub(r"\s+", "", lxml.html.document_fromstring(
        render_html(report_for(tmp_path, text))).text_content())
    assert "授予小微企业合同金额0.00万元。" in plain and "的。" not in plain


def test_fund_reasons_are_printed_where_the_rule_asks_for_them(tmp_path: Path) -> None:
    from support import edit

    text = edit(BASE, {"    年初预算: 50.00\n":
                       "    年初预算: 40.00\n    差异原因: 年中追加专项债券。\n"})
    assert "BUDGET-REASON" not in {f.rule for f in findings_for(tmp_path, text)}
    html = render_html(report_for(tmp_path, text))
    assert "决算数与年初预算数存在差异的主要原因是年中追加专项债券。" in html


def test_a_new_department_is_compared_with_its_full_year_budget() -> None:
    """年初预算 0 and 全年预算 51.32 (a department set up during the year): the sentence
    states both and measures against the 全年预算, never '未安排' or a made-up rate."""
    dept = department(line("2010301", basic="51.32", budget="0", annual_budget="51.32"))
    text = _text(dept)
    assert ("年初预算为0.00万元，全年预算为51.32万元，支出决算为51.32万元，"
            "完成全年预算的100.00%。") in text
    assert "未安排" not in text.split("（三）具体情况")[1].split("六、")[0]


def test_the_profile_says_which_budget_sentences_compare_with() -> None:
    dept = department(line("2010301", basic="98.69", budget="120.00", annual_budget="100.00",
                           budget_reason="年中调减预算。"))
    assert "完成年初预算的82.24%" in _text(dept)
    full = _text(replace(dept, style={"完成率口径": "全年预算"}))
    assert ("年初预算为120.00万元，全年预算为100.00万元，支出决算为98.69万元，"
            "完成全年预算的98.69%。决算数与全年预算数存在差异的主要原因是年中调减预算。") in full


def test_fund_totals_given_under_budget_totals(tmp_path: Path) -> None:
    """A fund total the finance system gives (预算总额) is printed; the lines' sum checks it."""
    text = BASE + ("预算总额:\n  一般公共预算财政拨款:\n    年初预算: 160.01\n"
                   "    全年预算: 165.00\n")
    findings = findings_for(tmp_path, text)
    (note,) = [f for f in findings if f.rule == "BUDGET-TOTAL"]
    assert note.severity.name == "INFO" and "160.01" in note.message
    plain = re.sub(r"\s+", "", render_html(report_for(tmp_path, text)))
    assert "年初预算为160.01万元，全年预算为165.00万元，支出决算为160.00万元" in plain
    wrong = text.replace("160.01", "170.00")
    (error,) = [f for f in findings_for(tmp_path, wrong) if f.rule == "BUDGET-TOTAL"]
    assert error.severity.name == "ERROR" and "相差 10.00" in error.message


@pytest.mark.parametrize(("duties", "printed"), [
    (["负责甲。", "负责乙。"], ["（一）负责甲。", "（二）负责乙。"]),
    (["（一）负责甲。", "（二）负责乙。"], ["（一）负责甲。", "（二）负责乙。"]),
    (["1.负责甲。", "2.负责乙。"], ["1.负责甲。", "2.负责乙。"]),
    (["本部门主要职责是：", "负责甲。", "负责乙。"],
     ["本部门主要职责是：", "（一）负责甲。", "（二）负责乙。"]),
    (["负责统筹全区数据工作。"], ["负责统筹全区数据工作。"]),
])
def test_duties_are_numbered_only_when_they_need_it(duties: list[str], printed: list[str]
                                                    ) -> None:
    html = render_html(derive(_department(overview=Overview(duties=tuple(duties)))))
    part = html[html.index("部门职责</h2>"):html.index("机构设置</h2>")]
    assert re.findall(r"<p>(.*?)</p>", part) == printed


def test_without_a_compiled_date_the_cover_prints_none(tmp_path: Path) -> None:
    text = BASE.replace("编制日期: 2024-09\n", "")
    assert "DATE-ORDER" not in {f.rule for f in findings_for(tmp_path, text)}
    html = render_html(report_for(tmp_path, text))
    assert "cover-date" not in html


def test_untitled_performance_sections_and_a_replaced_glossary(tmp_path: Path) -> None:
    text = BASE + ("预算绩效:\n  - 段落: [本年度未开展重点绩效评价。]\n"
                   "  - 标题: 绩效自评结果\n    段落: [自评得分 95 分。]\n"
                   "名词解释:\n  - 术语: 财政拨款收入\n    解释: 本级财政当年拨付的资金。\n"
                   "名词解释补充:\n  - 术语: 专项债券\n    解释: 地方政府专项债券。\n")
    html = render_html(report_for(tmp_path, text))
    performance = html[html.index("预算绩效情况说明"):html.index("名词解释</h1>")]
    assert "<p>本年度未开展重点绩效评价。</p>" in performance
    assert "<h3>（一）绩效自评结果。</h3>" in performance
    glossary = html[html.index("名词解释</h1>"):]
    assert re.findall(r"<p>(.*?)</p>", glossary) == [
        "一、财政拨款收入：本级财政当年拨付的资金。", "二、专项债券：地方政府专项债券。"]


def test_no_three_public_at_all_is_said_once(tmp_path: Path) -> None:
    """No 三公 money, delegation, car or visit: the table says it has no data, and 九 says
    so in one sentence instead of a paragraph of zeros."""
    text = BASE[:BASE.index("三公经费:")]
    plain = re.sub(r"\s+", "", lxml.html.document_fromstring(
        render_html(report_for(tmp_path, text))).text_content())
    assert "说明：我部门本年度没有财政拨款“三公”经费支出，故本表无数据。" in plain
    start = plain.rindex("九、财政拨款“三公”经费支出决算情况说明")  # the section, not its TOC line
    nine = plain[start:plain.index("十、", start)]
    assert nine == ("九、财政拨款“三公”经费支出决算情况说明我部门2023年度无“三公”经费财政拨款"
                    "支出，没有因公出国（境）团组，没有购置公务用车，期末没有开支财政拨款的公务用车，"
                    "也没有公务接待。")
    held = text + "三公经费:\n  公务用车保有量: 1\n"  # a car is held: the full account
    plain = re.sub(r"\s+", "", lxml.html.document_fromstring(
        render_html(report_for(tmp_path, held))).text_content())
    assert "公务用车保有量为1辆" in plain
