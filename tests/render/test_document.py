"""The document stage: HTML parsed once, transformed (TOC), validated; both writers receive
the same Document, with its images as in-memory resources."""

from __future__ import annotations

import io
import pathlib
import subprocess
import zipfile

import pytest
from lxml import etree
from test_pdf_writer import PRINT_CSS, TEMPLATES, png

from generator.render.document import build_document
from generator.render.docx_writer import render_docx
from generator.render.pdf_writer import render_pdf
from generator.render.tree import DocumentTreeError

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def page(body: str, toc: bool = False) -> str:
    nav = ('<section class="toc"><p class="toc-title">目录</p><nav class="toc"></nav></section>'
           if toc else "")
    return (f'<html lang="zh-CN"><head><title>t</title></head><body>{nav}'
            f'<section class="portrait">{body}</section></body></html>')


FIGURE = ('<h1 id="p1">第一部分</h1><figure id="f1"><img src="figure-1.png" alt="收入结构">'
          "<figcaption>图1 收入决算结构</figcaption></figure>")


def test_toc_is_filled_from_the_outline_labels() -> None:
    document = build_document(page(
        '<h1 id="p1" data-label="第一部分 概况">第一部分 某部门概况</h1>'
        '<h2 id="s1">一、\n 职责</h2><h2 id="s2" data-label="">不进目录</h2>'
        '<p class="annex-title">自评表</p>', toc=True))
    entries = [(p.get("class"), p[0].get("href"), p[0].text)
               for p in document.root.iter("p") if p.get("class") in ("toc-1", "toc-2")]
    assert entries == [("toc-1", "#p1", "第一部分 概况"), ("toc-2", "#s1", "一、 职责")]
    # Every outline entry keeps its label for the PDF bookmarks: given, or its text.
    labels = {element.get("id") or element.text: element.get("data-label")
              for element in document.root.xpath("//*[@data-label]")}
    assert labels == {"p1": "第一部分 概况", "s1": "一、 职责", "s2": "", "自评表": "自评表"}


def test_a_label_belongs_to_an_outline_entry_only() -> None:
    with pytest.raises(DocumentTreeError, match="data-label"):
        build_document(page('<p data-label="x">正文</p>'))


def test_the_result_is_validated() -> None:
    with pytest.raises(DocumentTreeError, match="blink"):
        build_document(page("<blink>x</blink>"))


@pytest.mark.parametrize(("body", "message"), [
    ('<figure><img src="figure-1.png"></figure>', "names no resource"),
    ('<figure><img src="/etc/passwd.png"></figure>', "resource name"),
    ('<figure><img src="file:///x.png"></figure>', "resource name"),
    ('<figure><img src="figure-1.gif"></figure>', "resource name"),
    ("<figure><figcaption>图1</figcaption></figure>", "one img"),
    ('<p><img src="figure-1.png"></p>', "not allowed"),
])
def test_figures_name_their_resources(body: str, message: str) -> None:
    with pytest.raises(DocumentTreeError, match=message):
        build_document(page(body), {"figure-2.png": png(2, 2)})


def test_docx_embeds_a_figure_and_its_caption() -> None:
    document = build_document(page(FIGURE), {"figure-1.png": png(4000, 1000)})
    data = render_docx(document)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        media = [name for name in package.namelist() if name.startswith("word/media/")]
        assert [package.read(name) for name in media] == [png(4000, 1000)]
        body = etree.fromstring(package.read("word/document.xml"))
        styles = package.read("word/styles.xml").decode()
    paragraphs = list(body.iter(f"{W}p"))
    styled = {p.find(f"{W}pPr/{W}pStyle").get(f"{W}val"): p for p in paragraphs
              if p.find(f"{W}pPr/{W}pStyle") is not None}
    assert styled["Figure"].find(f".//{W}drawing") is not None
    caption = "".join(t.text for t in styled["Caption"].iter(f"{W}t"))
    assert caption == "图1 收入决算结构"
    extent = styled["Figure"].find(".//{*}extent")
    assert abs(int(extent.get("cx")) - 156 * 36000) < 1000  # scaled to the 156 mm text width
    assert abs(int(extent.get("cy")) - 39 * 36000) < 1000
    assert 'w:styleId="Figure"' in styles
    assert "黑体" in styles[styles.index('w:styleId="Caption"'):].split("</w:style>")[0]


def test_docx_without_figures_has_no_figure_styles() -> None:
    data = render_docx(build_document(page('<h1 id="p1">第一部分</h1>')))
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        styles = package.read("word/styles.xml").decode()
    assert 'w:styleId="Figure"' not in styles


def test_pdf_draws_the_resource_from_memory(tmp_path: pathlib.Path) -> None:
    document = build_document(page(FIGURE), {"figure-1.png": png(30, 20)})
    out = tmp_path / "figure.pdf"
    out.write_bytes(render_pdf(document, [PRINT_CSS], TEMPLATES, strict=True))
    listing = subprocess.run(["pdfimages", "-list", str(out)], capture_output=True,
                             check=True, text=True).stdout.splitlines()[2:]
    assert [line.split()[3:5] for line in listing] == [["30", "20"]]
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, check=True,
                          text=True).stdout
    assert "图1 收入决算结构" in text


def test_build_parses_the_html_once_for_both_formats(
        monkeypatch: pytest.MonkeyPatch, tmp_path: pathlib.Path) -> None:
    from generator import api
    from generator.render import document as stage

    calls: list[int] = []
    parse = stage.parse_html

    def counted(html: str):  # type: ignore[no-untyped-def]
        calls.append(1)
        return parse(html)

    monkeypatch.setattr(stage, "parse_html", counted)
    example = pathlib.Path(__file__).parents[2] / "data" / "examples" / "zhengzhou-shuzhi-2023.yaml"
    result = api.build(example, tmp_path)
    assert len(calls) == 1 and len(result.outputs) == 2
