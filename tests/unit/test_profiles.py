"""Profiles: discovered from folders, settings typed by the kind's base, templates found
user folder → region → base, and a region template can extend the one it overrides."""

from __future__ import annotations

import os
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import jinja2
import pytest
from support import BASE, EXAMPLES, derive, edit, findings_for, render_html, report_for, write

from generator import api, profiles
from generator.findings import InputError
from generator.kinds.final_accounts import KIND
from generator.profiles import discover, kind_root, load_profile

EXAMPLE = next(p for p in EXAMPLES if p.stem == "zhengzhou-shuzhi-2023")


@pytest.fixture(scope="module")
def report() -> api.Any:
    return api.load_report(EXAMPLE)


def test_profiles_are_discovered_from_their_folders() -> None:
    profiles = discover(KIND.folder)
    assert profiles["河南"] == kind_root(KIND.folder) / "henan"
    assert "base" not in {p.name for p in profiles.values()}


def test_a_region_folder_is_a_profile_without_python(tmp_path: Path) -> None:
    region = tmp_path / "region"
    region.mkdir()
    (region / "profile.yaml").write_text("名称: 测试省\n基于: 河南\n表号格式: \"表%d\"\n",
                                         encoding="utf-8")
    text = edit(BASE, {"地区样式: 河南": "地区样式: 测试省"})
    report = report_for(tmp_path, text, region)
    assert report.settings["表号格式"] == "表%d"
    assert report.settings["部门标签"] == "部门名称："  # from 河南, which it is based on
    assert [p.name for p in report.profile.search_path] == ["region", "henan", "base"]
    assert ">表1<" in render_html(report)


def test_henan_profile_overrides_base_settings() -> None:
    profile = load_profile(KIND.name, KIND.folder, "河南")
    assert profile.settings["部门标签"] == "部门名称："  # henan/profile.yaml
    assert profile.settings["表号格式"] == "公开%02d表"  # base/profile.yaml
    assert [p.name for p in profile.search_path] == ["henan", "base"]


def test_user_folder_overrides_a_block_and_a_setting(tmp_path: Path) -> None:
    (tmp_path / "report.html.j2").write_text(
        '{% extends "base_report.html.j2" %}\n'
        '{% block cover %}<section class="cover"><p class="cover-title">自定义封面</p>'
        "</section>{% endblock %}\n", encoding="utf-8")
    (tmp_path / "profile.yaml").write_text('表号格式: "表%d"\n', encoding="utf-8")
    html = render_html(report_for(tmp_path, BASE, tmp_path))
    assert "自定义封面" in html and "部门决算</p>" not in html.split("</section>")[0]
    assert ">表1<" in html and "公开01表" not in html
    assert "部门名称：" in html  # the Henan setting still applies under the user's


def test_published_names_follow_the_numbering(tmp_path: Path) -> None:
    """A 公布数 written with the Henan code stops naming a table once the numbering changes:
    an error at its line, listing the names the report prints."""
    (tmp_path / "profile.yaml").write_text('表号格式: "表%d"\n', encoding="utf-8")
    with pytest.raises(InputError) as caught:
        report_for(tmp_path, BASE + "公布数:\n  公开06表:\n    人员经费合计: 80\n", tmp_path)
    (finding,) = caught.value.findings
    assert finding.rule == "PUBLISHED-TABLE" and "表6" in finding.message
    report = report_for(tmp_path, BASE + "公布数:\n  表6:\n    人员经费合计: 80\n", tmp_path)
    assert report.published[0].ref == ("basic_economic", "人员经费合计", 1)


def test_an_override_extends_the_template_it_replaces(tmp_path: Path) -> None:
    """``!name`` is the next ``name`` on the search path: a region words one section in a
    few lines and keeps the rest of it."""
    (tmp_path / "explanation").mkdir()
    (tmp_path / "explanation" / "overall.html.j2").write_text(
        '{% extends "!explanation/overall.html.j2" %}\n', encoding="utf-8")
    (tmp_path / "explanation" / "income.html.j2").write_text(
        '{% include "!explanation/income.html.j2" %}<p>本节由地区补充。</p>\n',
        encoding="utf-8")
    html = render_html(api.load_report(EXAMPLE, tmp_path))
    assert "2023年度收、支总计均为1,687.12万元。" in html
    assert html.count("二、收入决算情况说明") == 1
    assert "<p>本节由地区补充。</p>" in html


def test_dropping_a_section_renumbers_the_rest(tmp_path: Path) -> None:
    """A department (or region) lists the sections of one part; the others keep theirs."""
    sections = ("[overall, income, expenditure, fiscal, {general_budget: [overview, details]},"
                " basic, gov_fund, soe, three_public, procurement, assets, performance]")
    style = f"样式设置:\n  章节:\n    explanation: {sections}\n"
    html = render_html(report_for(tmp_path, BASE + style))
    assert "九、财政拨款“三公”经费支出决算情况说明" in html
    assert "十、政府采购支出情况说明" in html and "十二、预算绩效情况说明" in html
    assert "机关运行经费支出情况说明" not in html
    assert "（二）具体情况。" in html and "结构情况" not in html  # sub-sections renumber too
    assert "一、部门职责" in html and "二、机构设置" in html  # 第一部分 keeps its sections


def test_bad_setting_values_are_errors_at_their_line(tmp_path: Path) -> None:
    cases = {
        "  表格顺序: [summary, foo]\n": "没有“foo”这张表",
        "  部分顺序: [overview, tables, explanation, tables]\n": "“tables”写了不止一次",
        '  表号格式: "表N"\n': "应含一个 %d",
        "  百分比小数位: 30\n": "0 到 4",
        "  基本支出明细表分栏: []\n": "每栏至少一个",
        '  基本支出明细表分栏: [["301"], ["301", "999"]]\n': "只能出现一次",
        "  小微企业占比口径: 中小\n": "应为以下之一：总额、中小企业",
        "  章节:\n    explanation: [overall, 不存在]\n": "没有“不存在”这一节",
    }
    for style, message in cases.items():
        with pytest.raises(InputError) as caught:
            report_for(tmp_path, BASE + "样式设置:\n" + style)
        (finding,) = caught.value.findings
        assert finding.rule == "SETTING-VALUE" and message in finding.message, style
        assert finding.position.line == BASE.count("\n") + 2, style


def test_table_06_in_two_blocks(tmp_path: Path) -> None:
    report = report_for(tmp_path, BASE + '样式设置:\n  基本支出明细表分栏: [["301", "303"], '
                                         '["302", "307", "310", "312", "399"]]\n')
    html = render_html(report)
    assert '<td colspan="2" class="center">公用经费合计</td>' in html
    api.render_document(report)  # the table is a full rectangle


def test_department_style_overrides_profile(report: api.Any) -> None:
    dept = replace(report.department, style={"部门标签": "单位："})
    html = render_html(derive(dept))
    assert "单位：郑州" in html and "部门名称：郑州" not in html


def test_style_values_are_typed(tmp_path: Path) -> None:
    """正文千分位: false is a boolean false, honoured; percent decimals too."""
    text = BASE + "样式设置:\n  正文千分位: false\n  百分比小数位: 1\n"
    report = report_for(tmp_path, text)
    assert report.settings["正文千分位"] is False
    assert report.facts.general_budget_fund.completion.rate == Decimal("100.0")
    html = render_html(report_for(tmp_path, edit(text, {"基本支出: 100.00": "基本支出: 1100.00"})))
    assert "收入合计1234.00万元，其中：财政拨款收入1228.00万元，占99.5%" in html


def test_style_lists_and_mappings_are_accepted(tmp_path: Path) -> None:
    text = (BASE + "样式设置:\n  车辆类型名称: {其他用车: 其他车辆}\n"
            "  表格顺序: [summary, income, expenditure, fiscal_summary, general_budget,"
            " basic_economic, three_public, gov_fund, soe]\n")
    report = report_for(tmp_path, text)
    assert report.outline.table("three_public").code == "公开07表"
    # a mapping merges key by key: Henan's renaming of 省部级 stays
    assert report.settings["车辆类型名称"] == {"省部级领导干部用车": "省级领导干部用车",
                                               "其他用车": "其他车辆"}


@pytest.mark.parametrize(("style", "rule", "text"), [
    ("  不存在的设置: 1\n", "SETTING-UNKNOWN", "没有设置“不存在的设置”"),
    ("  正文千分位: 否定\n", "BOOL-FORMAT", "应写 true 或 false"),
    ("  百分比小数位: 一\n", "COUNT-FORMAT", "非负整数"),
    ("  部分顺序: overview\n", "TYPE-LIST", "应为列表"),
    ("  车辆类型名称: [a, b]\n", "TYPE-MAPPING", "映射"),
    ("  基本支出明细表分栏: [[\"301\"], {a: b}]\n", "SETTING-SHAPE", "同样的形式"),
])
def test_bad_style_is_an_error_at_its_line(tmp_path: Path, style: str, rule: str,
                                           text: str) -> None:
    with pytest.raises(InputError) as caught:
        findings_for(tmp_path, BASE + "样式设置:\n" + style)
    (finding,) = caught.value.findings
    assert finding.rule == rule and text in finding.message
    assert finding.position.line == BASE.count("\n") + 2


def test_a_profile_file_with_a_bad_setting_is_named(tmp_path: Path) -> None:
    (tmp_path / "profile.yaml").write_text("正文千分位: 也许\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        api.load_report(write(tmp_path, BASE, "dept.yaml"), tmp_path)
    (finding,) = caught.value.findings
    assert finding.position.file.endswith("profile.yaml") and finding.position.line == 1


def test_unknown_profile_lists_the_known_ones(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        report_for(tmp_path, edit(BASE, {"地区样式: 河南": "地区样式: 火星"}))
    (finding,) = caught.value.findings
    assert finding.rule == "FIELD-CHOICE" and "河南" in finding.message
    assert finding.position.line == 2


def test_table_06_prints_a_group_the_layout_omits_when_it_has_money(
        report: api.Any) -> None:
    html = render_html(report)
    assert ">31204<" not in html  # Henan's layout has no 312 block
    dept = report.department
    dept = replace(dept, basic_economic=(*dept.basic_economic, ("31204", Decimal("1.00"))))
    html = render_html(derive(dept))
    assert ">31204<" in html and ">费用补贴<" in html


def test_a_user_region_applies_only_to_departments_that_name_it(tmp_path: Path) -> None:
    """``--templates DIR`` with a 名称 adds a region; a Henan department stays Henan."""
    region = tmp_path / "region"
    region.mkdir()
    (region / "profile.yaml").write_text("名称: 浙江\n百分比小数位: 1\n", encoding="utf-8")
    henan = report_for(tmp_path, BASE, region)
    assert [p.name for p in henan.profile.search_path] == ["henan", "base"]
    assert henan.settings["百分比小数位"] == 2


def test_a_templates_path_that_is_not_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        report_for(tmp_path, BASE, tmp_path / "missing")
    (finding,) = caught.value.findings
    assert finding.rule == "TEMPLATES-FOLDER" and caught.value.unreadable


@pytest.mark.parametrize(("template", "line", "text"), [
    ("<p>{{ facts.nonexistent }}</p>\n", 1, "nonexistent"),
    ("<p>一</p>\n{% if %}\n", 2, "TemplateSyntaxError"),
    ("<p>{{ dept.__class__.__mro__ }}</p>\n", 1, "SecurityError"),
])
def test_a_mistake_in_a_users_template_is_named_at_its_line(
        tmp_path: Path, template: str, line: int, text: str) -> None:
    (tmp_path / "explanation").mkdir()
    path = tmp_path / "explanation" / "overall.html.j2"
    path.write_text(template, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        render_html(report_for(tmp_path, BASE, tmp_path))
    (finding,) = caught.value.findings
    assert finding.rule == "TEMPLATE-ERROR" and text in finding.message
    assert (finding.position.file, finding.position.line) == (str(path), line)


def test_a_region_rewords_one_sentence_through_a_block(tmp_path: Path) -> None:
    """{% extends "!…" %} with one {% block %}: that sentence changes, the section stays."""
    (tmp_path / "explanation").mkdir()
    (tmp_path / "explanation" / "general_budget.html.j2").write_text(
        '{% extends "!explanation/general_budget.html.j2" %}\n'
        "{% block item %}<p>{{ loop.index }}. {{ item.item_name }}：决算{{ money(item.actual) }}"
        "万元。</p>{% endblock %}\n", encoding="utf-8")
    html = render_html(api.load_report(EXAMPLE, tmp_path))
    assert "<p>1. 行政运行：决算4.94万元。</p>" in html
    assert "（二）结构情况。" in html and "五、一般公共预算财政拨款支出决算情况说明" in html
    assert "（项）。" not in html  # every 项 paragraph took the region's words


# --- computed once per process ---------------------------------------------------------


def test_profile_files_are_parsed_once_per_version(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """A second report parses no profile.yaml; a profile.yaml changed on disk is read
    again (its modification time is part of the cache key)."""
    region = tmp_path / "region"
    region.mkdir()
    settings = region / "profile.yaml"
    settings.write_text("名称: 测试省\n基于: 河南\n表号格式: \"表%d\"\n", encoding="utf-8")
    load_profile(KIND.name, KIND.folder, "测试省", region)
    parsed: list[Path] = []
    real = profiles.load_file
    monkeypatch.setattr(profiles, "load_file", lambda path: parsed.append(path) or real(path))
    assert load_profile(KIND.name, KIND.folder, "测试省", region).settings["表号格式"] == "表%d"
    assert parsed == []
    settings.write_text("名称: 测试省\n基于: 河南\n表号格式: \"第%d表\"\n", encoding="utf-8")
    os.utime(settings, ns=(10**9, 10**9))  # a new version, whatever the clock's grain
    assert load_profile(KIND.name, KIND.folder, "测试省", region).settings["表号格式"] == "第%d表"
    assert parsed == [settings]


def test_templates_are_compiled_once_and_a_change_on_disk_is_seen(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "explanation").mkdir()
    path = tmp_path / "explanation" / "overall.html.j2"
    path.write_text("<p>第一版</p>\n", encoding="utf-8")
    report = report_for(tmp_path, BASE, tmp_path)
    assert "第一版" in render_html(report)
    compiled: list[str | None] = []
    real = jinja2.Environment.compile
    monkeypatch.setattr(jinja2.Environment, "compile",
                        lambda env, source, name=None, *args, **kwargs:
                        compiled.append(name) or real(env, source, name, *args, **kwargs))
    assert "第一版" in render_html(report_for(tmp_path, BASE, tmp_path))
    assert compiled == []  # the second report compiled nothing
    path.write_text("<p>第二版</p>\n", encoding="utf-8")
    os.utime(path, ns=(10**9, 10**9))
    assert "第二版" in render_html(report)
    assert compiled == ["explanation/overall.html.j2"]
