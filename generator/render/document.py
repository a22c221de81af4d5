"""The document stage: rendered HTML → tree transforms → the validated ``Document``.

The HTML the templates render is parsed once. Transforms then rewrite the tree before any
writer runs (as docutils' transforms do), so the PDF and the DOCX see the same content;
the result is validated against the vocabulary of docs/document-tree.md and handed, as a
:class:`~generator.render.tree.Document`, to both writers.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

import lxml.html
from lxml.html import HtmlElement

from generator.render.tree import Document, parse_html, validate

if TYPE_CHECKING:
    from generator.render.charts import ChartSpec

Transform = Callable[[HtmlElement], None]


def label_outline(root: HtmlElement) -> None:
    """Give every entry of the document's outline its label (``data-label``): part and
    section titles (h1/h2 with an id) and annex form titles (p.annex-title).

    A template sets ``data-label`` where the label differs from the printed text (a
    table's title with its number, 一、收入支出决算总表; a project's form with the
    project's name); elsewhere the label is the text, white space collapsed. An empty
    label keeps the entry out of the TOC and the bookmarks. The TOC (``fill_toc``) and the
    PDF's bookmarks (print.css) read the same labels.
    """
    for section in root.iter("section"):
        if section.get("class") in ("toc", "cover"):
            continue
        for element in section.iter("h1", "h2", "p"):
            outline = (element.tag != "p" and element.get("id")) or (
                element.tag == "p" and element.get("class") == "annex-title")
            if outline and element.get("data-label") is None:
                element.set("data-label", " ".join(element.text_content().split()))


def fill_toc(root: HtmlElement) -> None:
    """Fill ``nav.toc`` with the document's h1/h2 headings, each a link to its heading and
    labelled with its outline label (``label_outline``)."""
    navs = [nav for nav in root.iter("nav") if nav.get("class") == "toc"]
    if not navs:
        return
    entries: list[HtmlElement] = []
    for section in root.iter("section"):
        if section.get("class") in ("toc", "cover"):
            continue
        for heading in section.iter("h1", "h2"):
            label = heading.get("data-label")
            if not heading.get("id") or not label:
                continue
            entry = lxml.html.Element("p", {"class": f"toc-{heading.tag[1]}"})
            link = lxml.html.Element("a", {"href": "#" + heading.get("id")})
            link.text = label
            entry.append(link)
            entries.append(entry)
    nav = navs[0]
    for child in list(nav):
        nav.remove(child)
    nav.extend(entries)


#: Width of the type area (pt) by section kind, as print.css and the reference DOCX set
#: the pages: portrait A4 with 2.8 + 2.6 cm margins, landscape A4 with 2 + 2 cm.
LINE_WIDTH = {"portrait": 442.2, "landscape": 728.5}
#: Font size (pt) of a part title (h1), as print.css and the DOCX style Heading 1 set it.
PART_TITLE_SIZE = 22.0


def text_width(text: str) -> float:
    """The width of ``text`` in em: CJK characters and full-width punctuation 1, ASCII
    letters and digits about half, a space a third (the fonts' proportions, closely)."""
    width = 0.0
    for char in text:
        if char == " ":
            width += 0.33
        elif char.isascii():
            width += 0.55
        else:
            width += 1.0
    return width


#: Characters after which a long name may break: the end of a place's or body's name
#: (郑州高新技术产业开发区 / 新型智慧城市运行中心). 市 and 州 are not among them: they end
#: words inside names too (城市, 郑州).
NAME_ENDS = "省区县局委厅"


def _breaks(text: str) -> dict[int, int]:
    """Where a title may break, each with its cost: after 第X部分 or 附件： and before a
    year (0), after the end of a name (NAME_ENDS, 1)."""
    found = {i + 1: 1 for i, char in enumerate(text[:-1]) if char in NAME_ENDS}
    found |= {i + 1: 0 for i, char in enumerate(text[:-1]) if char in " ："}
    found |= {i: 0 for i in range(1, len(text))
              if text[i].isdigit() and not text[i - 1].isdigit()}
    return found


def _lines(text: str, capacity: float) -> list[str]:
    """A title too long for one line as the fewest lines that fit, broken where it reads
    best: after 第X部分 when the rest fits on one line; else at the breaks of ``_breaks``
    that cost least, the lines as even as they can be; else in the middle."""
    space = text.find(" ")
    if space > 0 and text_width(text[space + 1:]) <= capacity:
        return [text[:space], text[space + 1:]]
    costs = {**_breaks(text), len(text): 0}
    ends = [0, *sorted(costs)]
    best: dict[int, tuple[int, int, float, list[str]]] = {0: (0, 0, 0.0, [])}
    for end in ends[1:]:
        for start in ends:
            if start >= end or start not in best:
                continue
            line = text[start:end].strip()
            width = text_width(line)
            if width > capacity:
                continue
            count, cost, widest, lines = best[start]
            candidate = (count + 1, cost + costs[end], max(widest, width), [*lines, line])
            if end not in best or candidate[:3] < best[end][:3]:
                best[end] = candidate
    if len(text) in best:
        return best[len(text)][3]
    middle = len(text) // 2
    return [text[:middle], text[middle:]]


def balance_part_titles(root: HtmlElement) -> None:
    """Break a part title, or the department's name on the cover, too long for one line
    where it reads best (``_lines``), so that no line of it holds a lone character
    (…概 / 况, …中 / 心).

    A ``br`` is inserted, so the PDF and the DOCX break the title at the same place.
    """
    for section in root.iter("section"):
        kind = section.get("class", "")
        if kind == "cover":
            titles = [p for p in section.iter("p") if p.get("class") == "cover-title"]
            width = LINE_WIDTH["portrait"]
        else:
            titles, width = list(section.iter("h1")), LINE_WIDTH.get(kind, 0)
        capacity = width / PART_TITLE_SIZE * 0.96
        for heading in titles:
            text = heading.text or ""
            if len(heading) or not capacity or text_width(text) <= capacity:
                continue
            lines = _lines(text, capacity)
            heading.text = lines[0]
            for line in lines[1:]:
                br = lxml.html.Element("br")
                br.tail = line
                heading.append(br)


#: The transforms every document goes through, in order.
TRANSFORMS: tuple[Transform, ...] = (label_outline, fill_toc, balance_part_titles)


def build_document(html: str, resources: Mapping[str, bytes] | None = None,
                   charts: Mapping[str, ChartSpec] | None = None) -> Document:
    """Parse ``html`` once, apply :data:`TRANSFORMS`, validate, and return the Document.

    ``resources`` are the images the figures name; ``charts`` the specs of those that are
    charts drawn from data (``chart-1.svg`` → its ChartSpec), which the DOCX writer draws
    as native charts. Raises ``DocumentTreeError`` when the result is outside the
    document-tree vocabulary.
    """
    root = parse_html(html)
    for transform in TRANSFORMS:
        transform(root)
    resources = dict(resources or {})
    charts = dict(charts or {})
    document = Document(root, resources, charts)
    validate(root, resources, charts, grid_of=document.table_grid)
    return document
