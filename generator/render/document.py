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


def balance_part_titles(root: HtmlElement) -> None:
    """Break a part title too long for one line where it reads best — after 第X部分, else
    in the middle — so that no line of it holds a lone character (…概 / 况).

    A ``br`` is inserted, so the PDF and the DOCX break the title at the same place.
    """
    for section in root.iter("section"):
        capacity = LINE_WIDTH.get(section.get("class", ""), 0) / PART_TITLE_SIZE * 0.96
        for heading in section.iter("h1"):
            text = heading.text or ""
            if len(heading) or not capacity or text_width(text) <= capacity:
                continue
            space = text.find(" ")
            halves = (text[:space], text[space + 1:]) if space > 0 else ("", "")
            if not (halves[0] and text_width(halves[1]) <= capacity):
                middle = len(text) // 2
                halves = (text[:middle], text[middle:])
            heading.text = halves[0]
            br = lxml.html.Element("br")
            br.tail = halves[1]
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
    validate(root, resources, charts)
    return Document(root, resources, charts)
