"""Untrusted text stays text: a department name and a reason holding HTML tags that point
at a local file and at a URL, `&`, quotes and a Jinja expression print literally in the
DOCX and the PDF, and building the report opens no such file and makes no connection.

Runs the real pipeline (`disclosure build` through ``generator.cli.main``): needs the PDF
and DOCX writers (generator/render/) and poppler-utils (pdftotext, pdfimages)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest
from support import COMPLETION, HEADER

from generator import api, cli
from generator.render import pdf_writer

IMG = '<img src="file:///etc/passwd">'
LINK = '<link rel=stylesheet href="http://127.0.0.1:9/x.css">'
NAME = f"测试{IMG}部门&“引号”\"双引号\"'单引号'{{{{ 7*7 }}}}"
REASON = f"按需支出{LINK}&amp; {{{{ 7*7 }}}} {{% if true %}}X{{% endif %}}<script>alert(1)</script>"

needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None or shutil.which("pdfimages") is None,
    reason="poppler-utils not installed")


def _yaml() -> str:
    quoted = json.dumps  # a JSON string is a valid YAML double-quoted scalar
    header = HEADER.replace("测试部门", quoted(NAME, ensure_ascii=False))
    return header + f"""\
支出明细:
  - 科目编码: "2010301"
    资金来源: 一般公共预算财政拨款
    基本支出: 10.00
    年初预算: 12.00
    差异原因: {quoted(REASON, ensure_ascii=False)}
基本支出经济分类:
  "30101": 10.00
三公经费: {{}}
""" + COMPLETION


class _Spy:
    """Records, through an audit hook, every file opened and every socket connection."""

    def __init__(self) -> None:
        self.active = False
        self.opened: list[str] = []
        self.connected: list[str] = []

    def __call__(self, event: str, args: tuple[object, ...]) -> None:
        if not self.active:
            return
        if event == "open" and args:
            self.opened.append(str(args[0]))
        elif event in ("socket.connect", "socket.getaddrinfo") and len(args) > 1:
            self.connected.append(repr(args[1:]))


_SPY = _Spy()
sys.addaudithook(_SPY)  # audit hooks cannot be removed: the spy is switched on and off


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, object]]:
    folder = tmp_path_factory.mktemp("untrusted")
    source = folder / "dept.yaml"
    source.write_text(_yaml(), encoding="utf-8")
    fetched: list[str] = []
    original = pdf_writer.AssetFetcher.fetch

    def spy_fetch(self: pdf_writer.AssetFetcher, url: str,
                  headers: dict[str, str] | None = None) -> object:
        fetched.append(url)
        return original(self, url, headers)

    _SPY.opened.clear()
    _SPY.connected.clear()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pdf_writer.AssetFetcher, "fetch", spy_fetch)
        _SPY.active = True
        try:
            status = cli.main(["build", str(source), "--out", str(folder / "out")])
        finally:
            _SPY.active = False
    html = api.render_html(api.load_report(source))
    yield {"status": status, "docx": folder / "out" / "dept.docx",
           "pdf": folder / "out" / "dept.pdf", "html": html, "fetched": fetched,
           "opened": list(_SPY.opened), "connected": list(_SPY.connected)}


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_build_succeeds(built: dict[str, object]) -> None:
    assert built["status"] == 0
    assert Path(str(built["docx"])).is_file() and Path(str(built["pdf"])).is_file()


def test_html_escapes_everything(built: dict[str, object]) -> None:
    html = str(built["html"])
    assert "<img" not in html and "<link rel=stylesheet" not in html and "<script" not in html
    assert "&lt;img src=" in html and "&lt;script&gt;" in html
    assert "&amp;amp;" in html  # the “&amp;” the user typed is text, not an entity
    assert "{{ 7*7 }}" in html and "{% if true %}X{% endif %}" in html


def test_docx_shows_the_text_literally(built: dict[str, object]) -> None:
    document = docx.Document(str(built["docx"]))
    texts = [p.text for p in document.paragraphs]
    texts += [cell.text for table in document.tables for row in table.rows
              for cell in row.cells]
    text = "\n".join(texts)
    assert NAME in text
    assert REASON in text
    with zipfile.ZipFile(str(built["docx"])) as archive:
        assert not [n for n in archive.namelist() if n.startswith("word/media/")]
        body = archive.read("word/document.xml").decode("utf-8")
    assert "<img" not in body and "&lt;img" in body


@needs_poppler
def test_pdf_shows_the_text_literally(built: dict[str, object]) -> None:
    result = subprocess.run(["pdftotext", "-enc", "UTF-8", str(built["pdf"]), "-"],
                            capture_output=True, text=True, check=True)
    text = _squash(result.stdout)
    for expected in (IMG, LINK, "{{ 7*7 }}", "<script>alert(1)</script>", "&amp;",
                     "“引号”\"双引号\"'单引号'", "{% if true %}X{% endif %}"):
        assert _squash(expected) in text, expected
    assert "测试49" not in text and "部门&“引号”\"双引号\"'单引号'49" not in text


@needs_poppler
def test_pdf_embeds_no_image(built: dict[str, object]) -> None:
    result = subprocess.run(["pdfimages", "-list", str(built["pdf"])],
                            capture_output=True, text=True, check=True)
    assert len(result.stdout.strip().splitlines()) <= 2  # the header lines only


def test_no_file_read_and_no_connection(built: dict[str, object]) -> None:
    fetched = [str(u) for u in built["fetched"]]  # type: ignore[attr-defined]
    assert not [u for u in fetched if "passwd" in u or "127.0.0.1" in u], fetched
    opened = [str(p) for p in built["opened"]]  # type: ignore[attr-defined]
    assert any(p.endswith(".tmp") for p in opened), "the spy saw no file at all"
    assert not [p for p in opened if "passwd" in p], opened
    assert built["connected"] == []
