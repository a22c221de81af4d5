"""Tests of generator.render.pdf_writer: document-tree HTML + print.css → PDF bytes.

The sample (fixtures/pdf_sample.html) uses every element and class of
docs/document-tree.md. The rendered PDF is inspected with poppler-utils (pdftotext,
pdffonts, pdfinfo, pdfimages), so no PDF library is needed; WeasyPrint's log is captured
and any WARNING or ERROR fails the render tests.
"""

from __future__ import annotations

import html as html_lib
import logging
import os
import pathlib
import re
import shutil
import socket
import struct
import subprocess
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

import pypdf
import pytest

from generator.render.pdf_writer import (
    AssetFetcher,
    EmbeddedFile,
    ResourceRefusedError,
    UnsafeResourcesError,
    page_labels,
    write_pdf,
)

REPO = pathlib.Path(__file__).resolve().parents[2]
TEMPLATES = REPO / "generator" / "templates"
PRINT_CSS = TEMPLATES / "base" / "print.css"
SAMPLE = pathlib.Path(__file__).resolve().parent / "fixtures" / "pdf_sample.html"

POPPLER = ("pdftotext", "pdffonts", "pdfinfo", "pdfimages")
needs_poppler = pytest.mark.skipif(
    any(shutil.which(tool) is None for tool in POPPLER),
    reason="poppler-utils (pdftotext, pdffonts, pdfinfo, pdfimages) not installed",
)

#: Physical page numbers (1-based) of the sample, as laid out by print.css.
COVER, TOC, PART_1, TABLE_01, TABLE_01_CONT, TABLE_03 = 1, 2, 3, 4, 5, 6


# ----------------------------------------------------------------------------- helpers


@dataclass
class Rendered:
    """A rendered PDF on disk, with the log records emitted while rendering it."""

    path: pathlib.Path
    data: bytes
    records: list[logging.LogRecord]
    fetcher: AssetFetcher


class _Collector(logging.Handler):
    """Collects every record at or above ``level`` from the loggers it is attached to."""

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def render_logged(
    html: str, asset_root: pathlib.Path, out: pathlib.Path, **kwargs: object
) -> Rendered:
    """Render with print.css, capturing the weasyprint and pdf_writer loggers."""
    collector = _Collector()
    loggers = [logging.getLogger("weasyprint"), logging.getLogger("generator.render.pdf_writer")]
    for logger in loggers:
        logger.addHandler(collector)
    fetcher = AssetFetcher(asset_root)
    try:
        data = write_pdf(html, [PRINT_CSS], asset_root, fetcher=fetcher, **kwargs)  # type: ignore[arg-type]
    finally:
        for logger in loggers:
            logger.removeHandler(collector)
    out.write_bytes(data)
    return Rendered(out, data, collector.records, fetcher)


def run(*args: str | os.PathLike[str]) -> str:
    """Run a poppler tool and return its standard output."""
    result = subprocess.run(
        [str(arg) for arg in args], check=True, capture_output=True, text=True, timeout=60
    )
    return result.stdout


def page_text(pdf: pathlib.Path, page: int, *, layout: bool = False) -> str:
    """The text of one page (1-based), via pdftotext."""
    options = ["-layout"] if layout else []
    return run("pdftotext", *options, "-f", str(page), "-l", str(page), pdf, "-")


def squeeze(text: str) -> str:
    """Text without any whitespace (pdftotext breaks CJK lines where the PDF wraps them)."""
    return re.sub(r"\s+", "", text)


def page_count(pdf: pathlib.Path) -> int:
    """Number of pages, via pdfinfo."""
    match = re.search(r"^Pages:\s+(\d+)", run("pdfinfo", pdf), re.MULTILINE)
    assert match, "pdfinfo printed no page count"
    return int(match[1])


def page_sizes(pdf: pathlib.Path) -> dict[int, tuple[float, float]]:
    """Width and height in points of every page, via ``pdfinfo -f 1 -l N``."""
    output = run("pdfinfo", "-f", "1", "-l", str(page_count(pdf)), pdf)
    return {
        int(number): (float(width), float(height))
        for number, width, height in re.findall(
            r"^Page\s+(\d+) size:\s+([\d.]+) x ([\d.]+) pts", output, re.MULTILINE
        )
    }


@dataclass(frozen=True)
class FontRow:
    """One line of pdffonts output."""

    name: str
    type: str
    embedded: bool


def fonts(pdf: pathlib.Path) -> list[FontRow]:
    """Fonts used by the PDF, via pdffonts (columns: name type encoding emb sub uni obj)."""
    rows = []
    for line in run("pdffonts", pdf).splitlines()[2:]:
        # Name and type may contain spaces; emb/sub/uni/object id are the last 5 tokens.
        match = re.match(
            r"^(\S+)\s+(.+?)\s+(\S+)\s+(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+$", line
        )
        assert match, f"unparsed pdffonts line: {line!r}"
        rows.append(FontRow(match[1], match[2], match[4] == "yes"))
    return rows


def family(font_name: str) -> str:
    """The PostScript family of an embedded font, without its subset tag (ABCDEF+)."""
    return font_name.split("+", 1)[-1]


def problems(records: list[logging.LogRecord]) -> list[str]:
    """Log lines at WARNING or above."""
    return [
        f"{r.name}:{r.levelname}: {r.getMessage()}" for r in records if r.levelno >= logging.WARNING
    ]


def png(width: int, height: int) -> bytes:
    """A valid, solid-colour RGB PNG of the given size (no imaging library needed)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body))
            + kind
            + body
            + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
        )

    raw = b"".join(b"\x00" + b"\x80\x20\x20" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def image_sizes(pdf: pathlib.Path) -> list[tuple[int, int]]:
    """(width, height) of every image embedded in the PDF, via ``pdfimages -list``."""
    sizes = []
    for line in run("pdfimages", "-list", pdf).splitlines()[2:]:
        columns = line.split()
        sizes.append((int(columns[3]), int(columns[4])))
    return sizes


# ---------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    """The sample document rendered once for the whole module."""
    out = tmp_path_factory.mktemp("pdf") / "sample.pdf"
    return render_logged(SAMPLE.read_text(encoding="utf-8"), TEMPLATES, out)


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Record (and block) every attempt to resolve a host or open a socket connection."""
    attempts: list[str] = []

    def refuse(name: str):  # type: ignore[no-untyped-def]
        def blocked(*args: object, **kwargs: object) -> None:
            attempts.append(f"{name}{args!r}")
            raise OSError(f"network access attempted: {name}")

        return blocked

    monkeypatch.setattr(socket, "getaddrinfo", refuse("getaddrinfo"))
    monkeypatch.setattr(socket, "create_connection", refuse("create_connection"))
    monkeypatch.setattr(socket.socket, "connect", refuse("connect"))
    yield attempts


@pytest.fixture
def asset_root(tmp_path: pathlib.Path) -> pathlib.Path:
    """An asset folder with a stylesheet, an image and a non-asset file, plus a secret
    file and an image next to (outside) it."""
    root = tmp_path / "assets"
    (root / "img").mkdir(parents=True)
    (root / "extra.css").write_text("p { color: #000 }", encoding="utf-8")
    (root / "img" / "inside.png").write_bytes(png(3, 2))
    (root / "data.yaml").write_text("secret: 1\n", encoding="utf-8")
    (tmp_path / "secret.css").write_text("p { color: red }", encoding="utf-8")
    (tmp_path / "outside.png").write_bytes(png(5, 7))
    return root


# ----------------------------------------------------------------- the sample rendering


@needs_poppler
def test_render_logs_no_warning(sample: Rendered) -> None:
    """No WARNING/ERROR from WeasyPrint (missing fonts or glyphs, bad CSS, failed fetch)."""
    assert problems(sample.records) == []
    assert sample.fetcher.refused == []
    assert sample.data.startswith(b"%PDF-")


@needs_poppler
def test_text_has_sentences_and_amounts(sample: Rendered) -> None:
    """Chinese sentences, headings and amounts survive as extractable text."""
    text = squeeze(run("pdftotext", sample.path, "-"))
    expected = [
        "2023年度",
        "郑州高新技术产业开发区数智治理中心",
        "部门决算",
        "二〇二四年九月",
        "第一部分郑州高新技术产业开发区数智治理中心概况",
        "（一）具体落实国家、省、市、区新型智慧城市建设、大数据发展、推进城市治理体系"
        "和治理能力现代化建设等方面的方针政策、法律法规和决策部署的事务性工作。",
        "负责“智慧高新”城市大脑的运行管理和维护升级",
        "2023年度收入、支出决算总计1,687.12万元。与2022年度相比，收、支总计各减少"
        "338.01万元，下降16.69%。",
        "进一步贯彻落实过紧日子的要求，压缩财政支出",
        "基本支出691.78万元，占41.00%；项目支出995.34万元，占59.00%。",
        "公开01表",
        "部门：郑州高新技术产业开发区数智治理中心",
        "单位：万元",
        "一、一般公共预算财政拨款收入",
        "二十六、抗疫特别国债安排的支出",
        "1,664.90",
        "注：本表反映部门本年度的总收支和年末结转结余情况。",
        "本部门2023年度无国有资本经营预算财政拨款收入",
        "部门整体支出绩效自评表",
    ]
    missing = [sentence for sentence in expected if sentence not in text]
    assert missing == []


@needs_poppler
def test_table_amounts_are_right_aligned_in_their_rows(sample: Rendered) -> None:
    """Each 公开03表 row keeps code, name and amounts on one line, amounts last."""
    lines = page_text(sample.path, TABLE_03, layout=True).splitlines()
    rows = {line.split()[0]: line.split()[1:] for line in lines if line.strip()}
    assert rows["2110301"] == ["大气", "991.44", "0.00", "991.44"]
    assert rows["211"] == ["节能环保支出", "1,664.90", "673.46", "991.44"]
    assert rows["合计"] == ["1,687.12", "691.78", "995.34"]


@needs_poppler
def test_fonts_are_embedded_free_cjk(sample: Rendered) -> None:
    """Every font is embedded, and all text is set in the free CJK fonts the stylesheet
    names (no other fallback): 仿宋 body in FandolFang, 黑体 headings in Noto Sans CJK,
    宋体 tables in Noto Serif CJK, 楷体 in AR PL Kaiti."""
    rows = fonts(sample.path)
    assert rows, "pdffonts listed no font"
    assert [row.name for row in rows if not row.embedded] == []
    families = {family(row.name) for row in rows}
    assert {name for name in families if not re.search(r"CJK|Kai|Fandol", name)} == set()
    assert any(name.startswith("FandolFang") for name in families)
    assert any(name.startswith("Noto-Sans-CJK-SC") for name in families)
    assert any(name.startswith("Noto-Serif-CJK-SC") for name in families)


@needs_poppler
def test_font_check_detects_a_fallback_font(tmp_path: pathlib.Path) -> None:
    """Control for the test above: a script Noto CJK lacks brings in another font."""
    html = (
        '<html lang="zh-CN"><body><section class="portrait">'
        "<p>格鲁吉亚文：ქართული</p></section></body></html>"
    )
    rendered = render_logged(html, TEMPLATES, tmp_path / "fallback.pdf")
    families = {family(row.name) for row in fonts(rendered.path)}
    assert any("CJK" not in name for name in families), families


@needs_poppler
def test_page_orientation_and_count(sample: Rendered) -> None:
    """A4 portrait pages, except the landscape table section (two pages)."""
    sizes = page_sizes(sample.path)
    assert len(sizes) == page_count(sample.path) == 10
    landscape = sorted(number for number, (width, height) in sizes.items() if width > height)
    assert landscape == [TABLE_01, TABLE_01_CONT]
    for width, height in sizes.values():
        assert sorted((round(width), round(height))) == [595, 842]  # A4 in points
    assert "收入支出决算总表" in page_text(sample.path, TABLE_01)


@needs_poppler
def test_sections_start_pages(sample: Rendered) -> None:
    """Cover, TOC and each section (and h1 part) begin on their own page."""
    assert (
        squeeze(page_text(sample.path, COVER))
        == "2023年度郑州高新技术产业开发区数智治理中心部门决算二〇二四年九月"
    )
    assert squeeze(page_text(sample.path, TOC)).startswith("目录第一部分")
    assert squeeze(page_text(sample.path, PART_1)).startswith("第一部分")
    assert squeeze(page_text(sample.path, TABLE_01)).startswith("第二部分")
    assert squeeze(page_text(sample.path, TABLE_03)).startswith("支出决算表公开03表")
    # div.page-break: the 08 table starts the next page.
    assert squeeze(page_text(sample.path, TABLE_03 + 1)).startswith(
        "国有资本经营预算财政拨款支出决算表"
    )


@needs_poppler
def test_page_numbers_only_on_body_pages(sample: Rendered) -> None:
    """Footer "- n -" from the first body page (n = 1); none on cover and TOC."""
    footer = re.compile(r"^\s*-\s*(\d+)\s*-\s*$", re.MULTILINE)
    assert not footer.search(page_text(sample.path, COVER))
    assert not footer.search(page_text(sample.path, TOC))
    for physical in range(PART_1, page_count(sample.path) + 1):
        match = footer.search(page_text(sample.path, physical))
        assert match, f"no page number on page {physical}"
        assert int(match[1]) == physical - TOC


@needs_poppler
def test_toc_has_leaders_and_target_page_numbers(sample: Rendered) -> None:
    """TOC entries end with dotted leaders and the body page number of their target."""
    toc = page_text(sample.path, TOC, layout=True)
    entries = dict(re.findall(r"^\s*(\S.*?\S)\s*\.{5,}\s*(\d+)\s*$", toc, re.MULTILINE))
    assert entries["一、部门职责"] == "1"
    assert entries["一、收入支出决算总表"] == str(TABLE_01 - TOC)
    assert entries["二、支出决算表"] == str(TABLE_03 - TOC)
    assert entries["三、国有资本经营预算财政拨款支出决算表"] == str(TABLE_03 + 1 - TOC)
    assert len(entries) == 11


@needs_poppler
def test_table_header_repeats_on_continuation_page(sample: Rendered) -> None:
    """公开01表 breaks across two pages; the thead rows repeat on the second."""
    first = squeeze(page_text(sample.path, TABLE_01))
    second = squeeze(page_text(sample.path, TABLE_01_CONT))
    assert "收入支出决算总表" not in second
    for header in ("收入", "支出", "项目", "行次", "决算数", "栏次"):
        assert header in second
    assert "二十六、抗疫特别国债安排的支出" in second
    assert "一、一般公共服务支出" in first


@needs_poppler
def test_output_is_deterministic(sample: Rendered, tmp_path: pathlib.Path) -> None:
    """Same input, same bytes; no creation or modification date in the metadata."""
    again = render_logged(SAMPLE.read_text(encoding="utf-8"), TEMPLATES, tmp_path / "again.pdf")
    assert again.data == sample.data
    info = run("pdfinfo", sample.path)
    assert "CreationDate" not in info
    assert "ModDate" not in info
    assert re.search(r"^Title:\s+2023年度郑州高新技术产业开发区数智治理中心部门决算$", info, re.M)


def test_page_labels_follow_the_printed_numbers() -> None:
    """Front pages are named, every other page numbered from 1 in one run."""
    assert page_labels(["cover", "toc", "", "landscape", ""]) == [
        (0, {"P": "封面"}), (1, {"P": "目录"}), (2, {"S": "D", "St": 1})]
    assert page_labels(["cover", "toc", "toc", ""]) == [
        (0, {"P": "封面"}), (1, {"P": "目录", "S": "D", "St": 1}), (3, {"S": "D", "St": 1})]
    assert page_labels(["", ""]) == [(0, {"S": "D", "St": 1})]
    assert page_labels([]) == []


@needs_poppler
def test_the_sample_pdf_is_tagged_labelled_and_bookmarked(sample: Rendered) -> None:
    reader = pypdf.PdfReader(sample.path)
    assert bool(reader.trailer["/Root"]["/MarkInfo"]["/Marked"])
    labels = reader.page_labels
    assert labels[:3] == ["封面", "目录", "1"] and labels[-1] == str(len(labels) - 2)
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert titles[0].startswith("第一部分")


def test_attachments_are_embedded_with_portable_names_and_no_dates(
        tmp_path: pathlib.Path) -> None:
    html = ('<html lang="zh-CN"><head><title>t</title></head><body>'
            '<section class="portrait"><p>正文</p></section></body></html>')
    files = [EmbeddedFile("dept.yaml", "名称: 某部门\n".encode(), "部门数据", "Source"),
             EmbeddedFile("公开01表 收入支出决算总表.csv", b"a,b\r\n", "表格数据")]
    first = write_pdf(html, [PRINT_CSS], TEMPLATES, attachments=files)
    assert write_pdf(html, [PRINT_CSS], TEMPLATES, attachments=files) == first
    path = tmp_path / "a.pdf"
    path.write_bytes(first)
    reader = pypdf.PdfReader(path)
    tree = reader.trailer["/Root"]["/Names"]["/EmbeddedFiles"]["/Names"]
    keys = [str(key) for key in tree[::2]]
    assert keys == sorted(keys) == ["attachment-02.csv", "dept.yaml"]
    specs = {str(spec.get_object()["/UF"]): spec.get_object() for spec in tree[1::2]}
    assert set(specs) == {"dept.yaml", "公开01表 收入支出决算总表.csv"}
    for name, item in zip(("dept.yaml", "公开01表 收入支出决算总表.csv"), files, strict=True):
        stream = specs[name]["/EF"]["/F"].get_object()
        assert stream.get_data() == item.data
        assert "/CreationDate" not in stream["/Params"] and "/ModDate" not in stream["/Params"]
    assert str(specs["dept.yaml"]["/Desc"]) == "部门数据"


def test_print_css_styles_every_document_tree_class() -> None:
    """Each class of the document-tree vocabulary has a rule in print.css."""
    from generator.render.tree import VOCABULARY

    css = PRINT_CSS.read_text(encoding="utf-8")
    classes = sorted({name for rule in VOCABULARY.values() for name in rule.classes})
    assert {"cover-kind", "table-title", "num", "landscape"} <= set(classes)
    missing = [name for name in classes if not re.search(rf"\.{re.escape(name)}\b(?!-)", css)]
    assert missing == []
    assert "@page landscape" in css
    assert "target-counter(attr(href), page)" in css


# ------------------------------------------------------------------------- the fetcher


def test_fetcher_refuses_file_outside_root_without_disk_access(
    asset_root: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """file:///etc/passwd and ../ escapes are refused by a lexical check: no stat, no read."""
    fetcher = AssetFetcher(asset_root)
    touched: list[str] = []

    def spy(name: str):  # type: ignore[no-untyped-def]
        def record(*args: object, **kwargs: object) -> None:
            touched.append(name)
            raise AssertionError(f"disk access: {name}")

        return record

    monkeypatch.setattr(os.path, "realpath", spy("realpath"))
    monkeypatch.setattr(pathlib.Path, "read_bytes", spy("read_bytes"))
    monkeypatch.setattr(pathlib.Path, "is_file", spy("is_file"))
    monkeypatch.setattr(pathlib.Path, "stat", spy("stat"))
    urls = [
        "file:///etc/passwd",
        f"{asset_root.as_uri()}/../secret.css",
        f"{asset_root.as_uri()}/img/../../outside.png",
        f"{asset_root.as_uri()}%2F..%2Fsecret.css",
        "file://evil.example.com/etc/passwd",
    ]
    for url in urls:
        with pytest.raises(ResourceRefusedError):
            fetcher.fetch(url)
    assert touched == []
    assert fetcher.refused == urls
    assert fetcher.served == []


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com/x.css",
        "https://example.com/logo.png",
        "ftp://example.com/x.css",
        "javascript:alert(1)",
        "gopher://example.com/",
    ],
)
def test_fetcher_refuses_network_without_any_request(
    asset_root: pathlib.Path, no_network: list[str], url: str
) -> None:
    """Every non-file, non-data scheme is refused before any name lookup or connection."""
    fetcher = AssetFetcher(asset_root)
    with pytest.raises(ResourceRefusedError, match="not allowed"):
        fetcher.fetch(url)
    assert no_network == []
    assert fetcher.refused == [url]


def test_fetcher_serves_assets_and_refuses_other_files_inside_root(
    asset_root: pathlib.Path,
) -> None:
    """Known asset types under the root are served; other suffixes and escapes are not."""
    fetcher = AssetFetcher(asset_root)
    response = fetcher.fetch(f"{asset_root.as_uri()}/extra.css")
    assert response.read() == b"p { color: #000 }"
    assert response.content_type == "text/css"
    image = fetcher.fetch(f"{asset_root.as_uri()}/img/inside.png")
    assert image.read() == png(3, 2)
    assert image.content_type == "image/png"
    for refused in ("data.yaml", "missing.css", "img"):
        with pytest.raises(ResourceRefusedError):
            fetcher.fetch(f"{asset_root.as_uri()}/{refused}")


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks")
def test_fetcher_refuses_symlink_leading_outside(asset_root: pathlib.Path) -> None:
    """A symlink under the root that points outside it is refused."""
    link = asset_root / "link.css"
    link.symlink_to(asset_root.parent / "secret.css")
    with pytest.raises(ResourceRefusedError, match="symlink"):
        AssetFetcher(asset_root).fetch(link.as_uri())


def test_fetcher_data_urls(asset_root: pathlib.Path) -> None:
    """Small raster data: images are decoded in memory; other data: URLs are refused."""
    import base64

    fetcher = AssetFetcher(asset_root, max_data_bytes=1024)
    small = base64.b64encode(png(2, 2)).decode()
    assert fetcher.fetch(f"data:image/png;base64,{small}").read() == png(2, 2)
    big = base64.b64encode(png(60, 60) + b"\x00" * 2048).decode()
    refused = [
        "data:text/html,<img src=file:///etc/passwd>",
        "data:text/css,@import url(file:///etc/passwd);",
        "data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg'/>",
        f"data:image/png;base64,{big}",
        "data:image/png;base64,@@@not-base64@@@",
    ]
    for url in refused:
        with pytest.raises(ResourceRefusedError):
            fetcher.fetch(url)
    assert len(fetcher.refused) == len(refused)


def test_fetcher_requires_existing_root(tmp_path: pathlib.Path) -> None:
    """The asset root must exist and be a folder."""
    with pytest.raises(FileNotFoundError):
        AssetFetcher(tmp_path / "nope")
    (tmp_path / "file.css").write_text("", encoding="utf-8")
    with pytest.raises(NotADirectoryError):
        AssetFetcher(tmp_path / "file.css")


# --------------------------------------------------- the fetcher inside a real render


HOSTILE = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>t</title>
<link rel="stylesheet" href="http://example.com/x.css">
<link rel="stylesheet" href="{outside_css}">
</head><body><section class="portrait">
<p>内部图片：<img src="img/inside.png"></p>
<p>外部图片：<img src="{outside_png}"></p>
<p>系统文件：<img src="file:///etc/passwd"></p>
<p>网络图片：<img src="https://example.com/logo.png"></p>
</section></body></html>
"""


@needs_poppler
def test_render_fetches_only_assets_under_root(
    asset_root: pathlib.Path, no_network: list[str], tmp_path: pathlib.Path
) -> None:
    """In a real render, files outside asset_root and network URLs reach the fetcher, are
    refused (and logged), and are not embedded; the image under the root is embedded."""
    outside_png = (asset_root.parent / "outside.png").as_uri()
    outside_css = (asset_root.parent / "secret.css").as_uri()
    html = HOSTILE.format(outside_png=outside_png, outside_css=outside_css)
    rendered = render_logged(html, asset_root, tmp_path / "hostile.pdf")

    assert no_network == []
    assert set(rendered.fetcher.refused) == {
        "http://example.com/x.css",
        outside_css,
        outside_png,
        "file:///etc/passwd",
        "https://example.com/logo.png",
    }
    assert rendered.fetcher.served == [f"{asset_root.as_uri()}/img/inside.png"]
    assert image_sizes(rendered.path) == [(3, 2)]  # inside.png only, not outside.png (5×7)
    logged = "\n".join(problems(rendered.records))
    assert "file:///etc/passwd" in logged
    assert "http://example.com/x.css" in logged
    assert "root:" not in run("pdftotext", rendered.path, "-")  # /etc/passwd not inlined


def test_strict_render_raises_on_refused_resource(
    asset_root: pathlib.Path, no_network: list[str]
) -> None:
    """strict=True turns any refused resource into an error instead of a PDF."""
    html = HOSTILE.format(outside_png="file:///etc/hostname", outside_css="file:///etc/hosts")
    logger = logging.getLogger("weasyprint")
    previous = logger.level
    logger.setLevel(logging.CRITICAL)  # the refusals are expected here
    try:
        with pytest.raises(UnsafeResourcesError) as caught:
            write_pdf(html, [PRINT_CSS], asset_root, strict=True)
    finally:
        logger.setLevel(previous)
    assert "file:///etc/passwd" in caught.value.refused
    assert no_network == []


@needs_poppler
def test_escaped_department_name_stays_text(
    asset_root: pathlib.Path, no_network: list[str], tmp_path: pathlib.Path
) -> None:
    """A department name full of markup, escaped as Jinja does, is printed, not fetched."""
    name = '<img src="file:///etc/passwd"><link rel="stylesheet" href="http://example.com/x">'
    html = (
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>t</title></head>'
        f'<body><section class="portrait"><p class="table-meta"><span class="left">部门：'
        f'{html_lib.escape(name)}</span><span class="right">单位：万元</span></p>'
        "</section></body></html>"
    )
    rendered = render_logged(html, asset_root, tmp_path / "escaped.pdf")
    assert problems(rendered.records) == []
    assert rendered.fetcher.refused == rendered.fetcher.served == []
    assert no_network == []
    assert squeeze(name) in squeeze(run("pdftotext", rendered.path, "-"))


def test_fetcher_must_match_asset_root(asset_root: pathlib.Path, tmp_path: pathlib.Path) -> None:
    """A fetcher rooted elsewhere than asset_root is a programming error."""
    with pytest.raises(ValueError, match="asset_root"):
        write_pdf("<p>x</p>", [PRINT_CSS], asset_root, fetcher=AssetFetcher(tmp_path))


def test_sample_follows_the_document_tree_contract() -> None:
    """The fixture stays inside the vocabulary the tree check accepts."""
    tree = pytest.importorskip("generator.render.tree")
    tree.parse_document(SAMPLE.read_text(encoding="utf-8"))
