"""Templates are found user folder → region profile → base; settings merge the same way."""

from pathlib import Path

import pytest

from generator import api
from generator.render.html import load_profile

EXAMPLE = Path(__file__).parents[2] / "data" / "examples" / "zhengzhou-shuzhi-2023.yaml"


@pytest.fixture(scope="module")
def report() -> api.Report:
    return api.load_report(EXAMPLE)


def test_henan_profile_overrides_base_settings() -> None:
    profile = load_profile("决算", "河南")
    assert profile.settings["部门标签"] == "部门名称："  # henan/profile.yaml
    assert profile.settings["表号格式"] == "公开%02d表"  # base/profile.yaml
    assert [p.name for p in profile.search_path] == ["henan", "base"]


def test_user_folder_overrides_a_block_and_a_setting(tmp_path: Path,
                                                     report: api.Report) -> None:
    (tmp_path / "report.html.j2").write_text(
        '{% extends "base_report.html.j2" %}\n'
        '{% block cover %}<section class="cover"><p class="cover-title">自定义封面</p>'
        "</section>{% endblock %}\n", encoding="utf-8")
    (tmp_path / "profile.yaml").write_text('表号格式: "表%d"\n', encoding="utf-8")
    html = api.render_html(report, tmp_path)
    assert "自定义封面" in html and "部门决算</p>" not in html.split("</section>")[0]
    assert ">表1<" in html and "公开01表" not in html
    assert "部门名称：" in html  # the Henan setting still applies under the user's


def test_department_style_overrides_profile(report: api.Report) -> None:
    from dataclasses import replace

    dept = replace(report.department, style={"部门标签": "单位："})
    html = api.render_html(api.derive(dept))
    assert "单位：郑州" in html and "部门名称：郑州" not in html


def test_table_06_prints_a_group_the_layout_omits_when_it_has_money(
        report: api.Report) -> None:
    from dataclasses import replace
    from decimal import Decimal

    html = api.render_html(report)
    assert ">31204<" not in html  # Henan's layout has no 312 block
    dept = report.department
    dept = replace(dept, basic_economic=(*dept.basic_economic, ("31204", Decimal("1.00"))))
    html = api.render_html(api.derive(dept))
    assert ">31204<" in html and ">费用补贴<" in html
