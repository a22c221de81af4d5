"""A user's templates (``--templates DIR``): every mistake in them is found by ``disclosure
check`` at the template's file and line, exit 1, and never reaches the build as an
internal error; a folder that does not exist is refused; the user's number style is used."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import BASE, COMPLETE, edit, report_for, write

from generator import api, cli
from generator.render import html as html_render

OVERALL = Path("explanation") / "overall.html.j2"


def user_template(folder: Path, name: Path, text: str) -> Path:
    """``text`` written as the template ``name`` of the user's folder ``folder``."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    """The command's exit status and everything it printed."""
    status = cli.main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return status, out + err


@pytest.mark.parametrize(("template", "line", "words"), [
    ("<p>一</p>\n<p>{{ facts.nonexistent }}</p>\n", 2, "用到了报告中没有的名称"),
    ("<p>{{ dept.name | int(1, 2, 3) }}</p>\n", 1, "过滤器或函数的参数不对"),
    ("<p>{{ dept.__class__.__mro__ }}</p>\n", 1, "模板在沙箱中运行"),
    ("<p>一</p>\n\n{% if %}\n", 3, "语法不对"),
])
def test_check_finds_a_template_that_fails_at_render_time(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], template: str, line: int,
        words: str) -> None:
    folder = tmp_path / "mine"
    path = user_template(folder, OVERALL, template)
    dept = write(tmp_path, BASE)
    status, printed = run(capsys, "check", str(dept), "--templates", str(folder))
    assert status == cli.ERRORS
    assert f"{path}:{line}:1: 错误 [TEMPLATE-ERROR] 模板出错，{words}" in printed
    status, printed = run(capsys, "build", str(dept), "--templates", str(folder),
                          "--out", str(tmp_path / "out"), "--ignore-errors")
    assert status == cli.ERRORS and f"{path}:{line}:1:" in printed
    assert not (tmp_path / "out" / "dept.docx").exists()


def test_a_block_that_overrides_nothing_is_named_with_its_template(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "mine"
    name = Path("explanation") / "general_budget.html.j2"
    path = user_template(folder, name, (
        '{% extends "!explanation/general_budget.html.j2" %}\n'
        "{% block item %}<p>{{ item.item_name }}</p>{% endblock %}\n"
        "{% block itme %}<p>拼错了块名</p>{% endblock %}\n"))
    status, printed = run(capsys, "check", str(write(tmp_path, BASE)),
                          "--templates", str(folder))
    assert status == cli.ERRORS
    assert f"{path}:3:1: 错误 [TEMPLATE-BLOCK] 块“itme”在所继承的模板" in printed
    assert "“!explanation/general_budget.html.j2”" in printed and "可覆盖的块：" in printed
    assert "块“item”" not in printed  # the block that exists is fine


def test_a_block_of_a_grandparent_may_be_overridden(tmp_path: Path) -> None:
    """report.html.j2 extends base_report.html.j2: its blocks count too."""
    folder = tmp_path / "mine"
    user_template(folder, Path("report.html.j2"), (
        '{% extends "!report.html.j2" %}\n'
        '{% block cover %}<section class="cover"><p class="cover-title">封面</p>'
        "</section>{% endblock %}\n"))
    assert api.check(report_for(tmp_path, COMPLETE, folder)) == []


def test_a_parent_that_does_not_exist_is_named(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    path = user_template(folder, Path("extra.html.j2"),
                         '\n{% extends "nowhere.html.j2" %}\n{% block x %}{% endblock %}\n')
    findings = api.check(report_for(tmp_path, COMPLETE, folder))
    assert [(f.rule, f.position.file, f.position.line) for f in findings] == [
        ("TEMPLATE-ERROR", str(path), 2)]
    assert "nowhere.html.j2" in findings[0].message


def test_markup_outside_the_document_vocabulary_is_the_templates_mistake(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "mine"
    user_template(folder, OVERALL, "<blink>闪烁</blink>\n")
    dept = write(tmp_path, BASE)
    status, printed = run(capsys, "check", str(dept), "--templates", str(folder))
    assert status == cli.ERRORS
    assert f"{folder}:1:1: 错误 [TEMPLATE-TREE]" in printed and "<blink>" in printed
    status, printed = run(capsys, "build", str(dept), "--templates", str(folder),
                          "--out", str(tmp_path / "out"), "--ignore-errors")
    assert status == cli.ERRORS and "[TEMPLATE-TREE]" in printed and "INTERNAL" not in printed


def test_packaged_templates_are_not_rendered_by_check(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    report = report_for(tmp_path, BASE)
    monkeypatch.setattr(html_render, "_render", lambda report: pytest.fail("rendered"))
    assert html_render.check_templates(report) == []


@pytest.mark.parametrize("command", ["check", "build"])
def test_a_templates_folder_that_does_not_exist_is_refused(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str) -> None:
    missing = tmp_path / "no-such-folder"
    extra = ["--out", str(tmp_path / "out")] if command == "build" else []
    status, printed = run(capsys, command, str(write(tmp_path, BASE)),
                          "--templates", str(missing), *extra)
    assert status == cli.UNREADABLE
    assert f"{missing}:1:1: 错误 [TEMPLATES-FOLDER] --templates 应指向一个模板文件夹" in printed


@pytest.mark.parametrize(("setting", "printed", "absent"), [
    ("false", "收入合计1234.00万元", "收入合计1,234.00万元"),
    ("true", "收入合计1,234.00万元", "收入合计1234.00万元"),
])
def test_the_users_thousands_setting_is_read_and_used(
        tmp_path: Path, setting: str, printed: str, absent: str) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "profile.yaml").write_text(f"正文千分位: {setting}\n", encoding="utf-8")
    text = edit(BASE, {"基本支出: 100.00": "基本支出: 1100.00"})
    report = report_for(tmp_path, text, folder)
    assert report.settings["正文千分位"] is (setting == "true")
    html = api.render_html(report)
    assert printed in html and absent not in html
