"""The completeness ledger: every kind's and region's list of elements has a judge and a
place in its report; a complete report has each element present or 不适用 with a reason;
removing any one element makes `check` name it (LEDGER-MISSING) and stops `build`; and
`disclosure check --ledger` prints the ledger, as text and in the JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from support import (
    BUDGET_COMPLETE,
    COMPLETE,
    EXAMPLES,
    edit,
    findings_for,
    report_for,
    write,
)

from generator import api, cli
from generator.findings import ChecksFailed, InputError
from generator.kinds import kinds
from generator.ledger import (
    LedgerEntry,
    Status,
    printed_places,
    read_spec,
)
from generator.profiles import discover, load_profile


def _profiles() -> list[tuple[str, str]]:
    return [(kind.name, name) for kind in kinds().values() for name in discover(kind.folder)]


@pytest.mark.parametrize(("kind_name", "profile_name"), _profiles())
def test_every_profile_has_a_ledger_each_element_judged_and_printed(
        kind_name: str, profile_name: str) -> None:
    """Each element of each shipped kind and region has a judge of its kind and, unless
    the region exempts it, a place its report's structure prints."""
    kind = kinds()[kind_name]
    profile = load_profile(kind.name, kind.folder, profile_name)
    elements = read_spec(profile.search_path, kind.judges)
    assert len(elements) > 20
    places = printed_places(profile.settings)
    for element in elements:
        assert element.judge in kind.judges
        if element.exempt is None:
            assert any(place in places for place in element.places), (profile_name, element.id)
        else:
            assert element.exempt.strip()


def _ledger(path: Path) -> tuple[LedgerEntry, ...]:
    return api.ledger(api.load_report(path))


@pytest.mark.parametrize("example", EXAMPLES, ids=[path.stem for path in EXAMPLES])
def test_examples_are_complete(example: Path) -> None:
    """Every example's report has each element, or the data says why it does not apply."""
    report = api.load_report(example)
    entries = api.ledger(report)
    missing = [(entry.element.name, entry.reason) for entry in entries
               if entry.status is Status.MISSING]
    assert not missing
    assert all(entry.reason for entry in entries)
    assert not [f for f in api.check(report) if f.rule == "LEDGER-MISSING"]
    spec = read_spec(report.profile.search_path, api.kind_of(report).judges)
    assert [entry.element.id for entry in entries] == [element.id for element in spec]


def test_not_applicable_reads_the_data(tmp_path: Path) -> None:
    """不适用 says why, from the data: no 国有资本经营 money, a table with data needs no
    empty-table statement; with money of that fund the section is present."""
    entries = {e.element.id: e for e in api.ledger(report_for(tmp_path, COMPLETE))}
    assert entries["soe"].status is Status.PRESENT  # BASE has a 国有资本经营 line
    assert entries["empty_soe"].status is Status.NOT_APPLICABLE
    assert entries["empty_soe"].reason == "本表有数据，无需空表说明"
    without = edit(COMPLETE, {"    资金来源: 国有资本经营预算财政拨款\n":
                              "    资金来源: 其他收入\n"})
    entries = {e.element.id: e for e in api.ledger(report_for(tmp_path, without))}
    assert entries["soe"].status is Status.NOT_APPLICABLE
    assert "公开08表各栏均为 0" in entries["soe"].reason
    assert entries["empty_soe"].status is Status.PRESENT


# --- one mutation per element: remove it, and check names it -------------------------------

#: For the elements the data gives, a mutation of COMPLETE (河南 决算) that removes it:
#: (replacements, YAML appended).
FINAL_ACCOUNTS_DATA: dict[str, tuple[dict[str, str], str]] = {
    "duties": ({"  部门职责:\n    - 负责本地区的测试工作。\n": '  部门职责: "  "\n'}, ""),
    "organization": ({"  机构设置:\n    - 测试部门内设科室 1 个。\n": ""}, ""),
    "three_public": ({"三公经费:\n  公务接待:\n    预算: 0.20\n    决算: 0.20\n    国内接待:\n"
                      "      团组数: 1\n      人次: 5\n": ""}, ""),
    "three_public_abroad": ({"三公经费:\n": "三公经费:\n  因公出国境: {预算: 1, 决算: 1}\n"}, ""),
    "three_public_purchase": ({"三公经费:\n": "三公经费:\n  公务用车购置: {预算: 5, 决算: 5}\n"},
                              ""),
    "three_public_held": ({"三公经费:\n": "三公经费:\n  公务用车运行维护: {预算: 1, 决算: 1}\n"},
                          ""),
    "three_public_reception": ({"    国内接待:\n      团组数: 1\n      人次: 5\n": ""}, ""),
    "procurement": ({"政府采购:\n  服务: 10.00\n  授予中小企业: 10.00\n  授予小微企业: 5.00\n": ""},
                    ""),
    "procurement_sme": ({"  授予中小企业: 10.00\n": ""}, ""),
    "procurement_small_micro": ({"  授予小微企业: 5.00\n": ""}, ""),
    "assets": ({"国有资产:\n  车辆:\n    其他用车: 1\n  单价100万元以上设备: 0\n": ""}, ""),
    "assets_equipment": ({"  单价100万元以上设备: 0\n": ""}, ""),
    "performance": ({"预算绩效:\n  - 标题: 绩效管理工作开展情况\n    段落:\n"
                     "      - 对全部项目开展了绩效自评。\n": ""}, ""),
    "annex": ({"附件:\n  - 类型: 部门整体绩效目标表\n    年度绩效目标: 完成年度测试工作。\n"
               "    绩效指标:\n      - [履职效能, 重点工作履行情况, 重点工作办结率, "
               "\"=\", \"100\", \"%\", 2023年12月]\n": ""}, ""),
    "glossary": ({}, "名词解释: []\n"),
    "prior_grand_total": ({"  收支总计变动原因: 新增项目。\n": ""}, ""),
    "prior_fiscal_total": ({"  财政拨款收支总计变动原因: 新增项目。\n": ""}, ""),
    "prior_general_budget": ({"  一般公共预算财政拨款支出: 150.00\n": ""}, ""),
    "prior_office_operation": ({"  变动原因: 人员增加。\n": ""}, ""),
}

#: The same for BUDGET_COMPLETE (河南 预算).
BUDGET_DATA: dict[str, tuple[dict[str, str], str]] = {
    "duties": ({"  部门职责:\n    - 负责本地区的测试工作。\n": "  部门职责: []\n"}, ""),
    "units": ({"  所属单位: []\n": ""}, ""),
    "three_public": ({"三公经费:\n  因公出国境: {预算: 0, 上年预算: 0}\n"
                      "  公务用车购置: {预算: 0, 上年预算: 0}\n"
                      "  公务用车运行维护: {预算: 0, 上年预算: 0}\n"
                      "  公务接待: {预算: 0.5, 上年预算: 0.5}\n": ""}, ""),
    "procurement": ({"政府采购: {货物: 0, 工程: 0, 服务: 0}\n": ""}, ""),
    "performance": ({"    绩效目标:\n      产出指标:\n        - [系统运行时间, \"≥99%\"]\n": "",
                     "    绩效目标:\n      产出指标:\n        - [设备购置数量, \"2台\"]\n": ""},
                    ""),
    "assets": ({"国有资产:\n  车辆: {一般公务用车: 0}\n  单价50万元以上通用设备: 0\n"
                "  单价100万元以上设备: 0\n": ""}, ""),
    "transfer_projects": ({"专项转移支付项目: []\n": ""}, ""),
    "glossary": ({}, "名词解释: []\n"),
    "prior_grand_total": ({"  收支总计变动原因: 新增项目。\n": ""}, ""),
    "prior_general_budget": ({"  一般公共预算收支变动原因: 新增项目。\n": ""}, ""),
    "prior_gov_fund": ({"  政府性基金收支: 20.0\n": ""}, ""),
    "prior_three_public": ({"  公务接待: {预算: 0.5, 上年预算: 0.5}\n":
                            "  公务接待: {预算: 0.5}\n"}, ""),
    "prior_three_public_abroad": ({"因公出国境: {预算: 0, 上年预算: 0}":
                                   "因公出国境: {预算: 0, 上年预算: 1}"}, ""),
    "prior_three_public_vehicles": ({"公务用车购置: {预算: 0, 上年预算: 0}":
                                     "公务用车购置: {预算: 0, 上年预算: 1}"}, ""),
    "prior_three_public_reception": ({"  公务接待: {预算: 0.5, 上年预算: 0.5}\n":
                                      "  公务接待: {预算: 0.5}\n"}, ""),
}

COMPLETE_TEXTS = {"决算": (COMPLETE, FINAL_ACCOUNTS_DATA), "预算": (BUDGET_COMPLETE, BUDGET_DATA)}


def _entry(tmp_path: Path, text: str, element_id: str) -> tuple[LedgerEntry, list[Any]]:
    report = report_for(tmp_path, text)
    (entry,) = [e for e in api.ledger(report) if e.element.id == element_id]
    return entry, [f for f in api.check(report) if f.rule == "LEDGER-MISSING"]


def _cases(data: bool) -> list[tuple[str, str]]:
    return [(kind, element) for kind, (_, mutations) in COMPLETE_TEXTS.items()
            for element in mutations] if data else [
        (kind.name, element.id) for kind in kinds().values()
        for element in read_spec(load_profile(kind.name, kind.folder, "河南").search_path,
                                 kind.judges)]


@pytest.mark.parametrize(("kind", "element_id"), _cases(data=True))
def test_removing_an_element_from_the_data_names_it(tmp_path: Path, kind: str,
                                                    element_id: str) -> None:
    text, mutations = COMPLETE_TEXTS[kind]
    replace, extra = mutations[element_id]
    assert not [e for e in api.ledger(report_for(tmp_path, text))
                if e.status is Status.MISSING]
    entry, findings = _entry(tmp_path, edit(text, replace) + extra, element_id)
    assert entry.status is Status.MISSING
    assert entry.field and entry.field in entry.message
    (finding,) = [f for f in findings if f"“{entry.element.name}”" in f.message]
    assert finding.message == entry.message and finding.position == entry.position


def test_every_element_a_data_judge_can_miss_has_a_mutation() -> None:
    """A judge that can say “missing” from the data is exercised for each element it
    judges (the structural judges — table, section … — only by the structure test)."""
    structural = {"table", "empty_note", "section", "fund", "office_operation"}
    for kind_name, (_, mutations) in COMPLETE_TEXTS.items():
        kind = kinds()[kind_name]
        profile = load_profile(kind.name, kind.folder, "河南")
        judged = {element.id for element in read_spec(profile.search_path, kind.judges)
                  if element.judge not in structural and element.exempt is None}
        assert judged == set(mutations), kind_name


def _without(settings: dict[str, Any], places: tuple[str, ...]) -> str:
    """A 样式设置 that drops every one of ``places`` from the report's structure."""
    parts = [part for part in settings["部分顺序"] if part not in places]
    sections = {}
    for part, specs in settings["章节"].items():
        kept: list[Any] = []
        for spec in specs:
            name = spec if isinstance(spec, str) else next(iter(spec))
            if f"{part}.{name}" in places:
                continue
            if isinstance(spec, dict):
                spec = {name: [sub for sub in spec[name] if f"{part}.{name}.{sub}" not in places]}
            kept.append(spec)
        sections[part] = kept
    tables = [table for table in settings["表格顺序"] if f"tables.{table}" not in places]
    return ("样式设置:\n" + f"  部分顺序: {json.dumps(parts, ensure_ascii=False)}\n"
            + f"  章节: {json.dumps(sections, ensure_ascii=False)}\n"
            + f"  表格顺序: {json.dumps(tables, ensure_ascii=False)}\n")


@pytest.mark.parametrize(("kind", "element_id"), _cases(data=False))
def test_removing_an_element_from_the_structure_names_it(tmp_path: Path, kind: str,
                                                         element_id: str) -> None:
    """A 样式设置 that drops the section or table printing an element makes it missing,
    at the setting, whatever the data."""
    document_kind = kinds()[kind]
    profile = load_profile(document_kind.name, document_kind.folder, "河南")
    (element,) = [e for e in read_spec(profile.search_path, document_kind.judges)
                  if e.id == element_id]
    text = COMPLETE_TEXTS[kind][0] + _without(dict(profile.settings), element.places)
    entry, findings = _entry(tmp_path, text, element_id)
    assert entry.status is Status.MISSING and entry.field and entry.field.startswith("设置")
    (finding,) = [f for f in findings if f"“{element.name}”" in f.message]
    assert "设置“" in finding.message and finding.position.line > 1  # at 样式设置


def test_empty_duties_do_not_build(tmp_path: Path) -> None:
    """A whitespace-only 部门职责 is an error at its line, and `build` refuses the file."""
    text = edit(COMPLETE, {"  部门职责:\n    - 负责本地区的测试工作。\n": '  部门职责: "   "\n'})
    (finding,) = findings_for(tmp_path, text, ledger=True)
    assert finding.rule == "LEDGER-MISSING" and "“部门职责”" in finding.message
    assert finding.position.line == text.splitlines().index('  部门职责: "   "') + 1
    with pytest.raises(ChecksFailed):
        api.build(write(tmp_path, text), tmp_path / "out")
    assert not (tmp_path / "out").exists()


# --- a region's ledger.yaml --------------------------------------------------------------


def _overlay(tmp_path: Path, ledger: str) -> Path:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "ledger.yaml").write_text(ledger, encoding="utf-8")
    return folder


def test_a_region_exempts_renames_and_adds(tmp_path: Path) -> None:
    """不要求 shows as 不适用 with the region's reason; a mapping renames; a new element
    with a judge of the kind is judged."""
    folder = _overlay(tmp_path, (
        "performance: {不要求: 本地区模板没有预算绩效一节}\n"
        "duties: {名称: 主要职能}\n"
        "soe_again: {名称: 国有资本经营（再列）, 判定: fund, 对象: soe,"
        " 位置: [explanation.soe]}\n"))
    text = edit(COMPLETE, {"预算绩效:\n  - 标题: 绩效管理工作开展情况\n    段落:\n"
                           "      - 对全部项目开展了绩效自评。\n": ""})
    report = report_for(tmp_path, text, folder)
    entries = {e.element.id: e for e in api.ledger(report)}
    assert entries["performance"].status is Status.NOT_APPLICABLE
    assert entries["performance"].reason == "地区样式“河南”不要求：本地区模板没有预算绩效一节"
    assert entries["duties"].element.name == "主要职能"
    assert entries["soe_again"].status is Status.PRESENT
    assert not [f for f in api.check(report) if f.rule == "LEDGER-MISSING"]


@pytest.mark.parametrize(("ledger", "text"), [
    ("duties: {判定: nobody}\n", "判定“nobody”不存在"),
    ("new: {名称: 新要素, 判定: section}\n", "没有“位置”"),
    ("duties: {不要求: \"\"}\n", "应写明该地区为何不要求"),
    ("duties: [部门职责]\n", "应为若干“字段: 值”（映射）"),
    ("duties:\n", "应为“名称、判定、位置、字段”的映射"),
    ("duties: {名字: 职责}\n", "没有字段“名字”"),
])
def test_a_ledger_without_a_judge_is_refused(tmp_path: Path, ledger: str, text: str) -> None:
    """An element nothing can judge never counts as present: the ledger.yaml is refused
    at its line."""
    folder = _overlay(tmp_path, ledger)
    with pytest.raises(InputError) as caught:
        api.check(report_for(tmp_path, COMPLETE, folder))
    (finding,) = caught.value.findings
    assert text in finding.message and finding.position.file.endswith("ledger.yaml")
    assert finding.position.line == 1


# --- disclosure check --ledger ---------------------------------------------------------------


def test_check_ledger_prints_a_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, edit(COMPLETE, {"  收支总计变动原因: 新增项目。\n": ""}))
    assert cli.main(["check", "--ledger", str(path)]) == 1
    out = capsys.readouterr().out.splitlines()
    start = out.index(f"{path} 的完整性清单：")
    assert out[start + 1].split() == ["要素", "状态", "位置", "说明"]
    rows = out[start + 2:]
    duties = next(line for line in rows if line.strip().startswith("部门职责"))
    assert duties.split()[1:4] == ["已有", "第一部分", "一"]
    reason = next(line for line in rows if "收支总计与上年比较及原因" in line)
    assert "缺少" in reason and "（应填：上年.收支总计变动原因）" in reason
    assert rows[-1].strip().startswith("合计：") and "缺少 1 项" in rows[-1]
    # the finding itself is printed as ever, above the ledger
    assert any("[LEDGER-MISSING]" in line for line in out[:start])


def test_check_ledger_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good, bad = write(tmp_path, COMPLETE, "good.yaml"), write(tmp_path, "a: [", "bad.yaml")
    assert cli.main(["check", "--ledger", "--format", "json", str(good), str(bad)]) == 2
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"findings", "ledgers"}
    assert data["ledgers"][str(bad)] is None
    entries = data["ledgers"][str(good)]
    duties = next(entry for entry in entries if entry["id"] == "duties")
    assert duties == {"id": "duties", "element": "部门职责", "status": "已有", "reason": "1 段",
                      "where": "第一部分 一"}
    assert {entry["status"] for entry in entries} == {"已有", "不适用"}
    # without --ledger the JSON stays a list of findings
    assert cli.main(["check", "--format", "json", str(good)]) == 0
    assert json.loads(capsys.readouterr().out) == []
