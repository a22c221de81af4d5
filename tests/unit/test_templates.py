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


# ------------------------------------------------------------- compiled templates kept


@pytest.fixture
def compiles(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the templates Jinja compiles from now on."""
    compiled: list[str] = []
    original = html_render.Environment.compile

    def counting(self: html_render.Environment, source: object, name: str | None = None,
                 *args: object, **kwargs: object) -> object:
        compiled.append(str(name))
        return original(self, source, name, *args, **kwargs)

    monkeypatch.setattr(html_render.Environment, "compile", counting)
    return compiled


def template_folders(tmp_path: Path) -> tuple[Path, Path, Path]:
    """Two region folders and a base folder holding ``page.html`` (used by both)."""
    henan, hubei, base = (tmp_path / name for name in ("henan", "hubei", "base"))
    for folder in (henan, hubei, base):
        folder.mkdir()
    (base / "page.html").write_text("{{ 1 + 1 }}：{{ '合计' }}", encoding="utf-8")
    return henan, hubei, base


def test_a_template_is_compiled_once_for_every_region(tmp_path: Path,
                                                      compiles: list[str]) -> None:
    henan, hubei, base = template_folders(tmp_path)
    kept = html_render.CompiledTemplateCache()
    first = html_render.new_environment((henan, base), kept).get_template("page.html")
    second = html_render.new_environment((hubei, base), kept).get_template("page.html")
    assert first.render() == second.render() == "2：合计"
    assert compiles == ["page.html"]


def test_a_later_run_loads_the_compiled_template_and_an_edit_is_compiled_again(
        tmp_path: Path, compiles: list[str]) -> None:
    henan, _, base = template_folders(tmp_path)
    folder = tmp_path / "cache"
    folder.mkdir()
    render = lambda: html_render.new_environment(  # noqa: E731 - a fresh run each time
        (henan, base), html_render.CompiledTemplateCache(folder)).get_template(
        "page.html").render()
    assert render() == "2：合计" and compiles == ["page.html"]
    assert len(list(folder.iterdir())) == 1
    assert render() == "2：合计" and compiles == ["page.html"]  # loaded, not compiled
    (base / "page.html").write_text("{{ 2 + 2 }}", encoding="utf-8")
    assert render() == "4" and compiles == ["page.html", "page.html"]


def test_a_damaged_cache_only_costs_a_compile(tmp_path: Path, compiles: list[str]) -> None:
    henan, _, base = template_folders(tmp_path)
    folder = tmp_path / "cache"
    folder.mkdir()
    html_render.new_environment((henan, base), html_render.CompiledTemplateCache(
        folder)).get_template("page.html")
    for kept in folder.iterdir():
        kept.write_bytes(kept.read_bytes()[:40])  # cut short
    again = html_render.new_environment((henan, base), html_render.CompiledTemplateCache(
        folder)).get_template("page.html")
    assert again.render() == "2：合计"
    assert compiles == ["page.html", "page.html"]


def test_a_cache_folder_that_is_no_folder_keeps_templates_in_memory(
        tmp_path: Path, compiles: list[str]) -> None:
    henan, hubei, base = template_folders(tmp_path)
    not_a_folder = tmp_path / "cache"
    not_a_folder.write_text("", encoding="utf-8")
    kept = html_render.CompiledTemplateCache(not_a_folder)
    for region in (henan, hubei):
        assert html_render.new_environment((region, base), kept).get_template(
            "page.html").render() == "2：合计"
    assert compiles == ["page.html"]


def test_the_cache_folder_follows_xdg_and_is_private(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    folder = html_render.cache_folder()
    assert folder == tmp_path / "xdg" / "disclosure-generator" / "templates"
    assert folder.is_dir() and folder.stat().st_mode & 0o777 == 0o700
    (tmp_path / "file").write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "file"))
    assert html_render.cache_folder() is None  # cannot be made: nothing kept between runs
