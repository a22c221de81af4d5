"""The document stage: rendered HTML → tree transforms → the validated ``Document``.

The HTML the templates render is parsed once. Transforms then rewrite the tree before any
writer runs (as docutils' transforms do), so the PDF and the DOCX see the same content;
the result is validated against the vocabulary of docs/document-tree.md and handed, as a
:class:`~generator.render.tree.Document`, to both writers.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import lxml.html
from lxml.html import HtmlElement

from generator.render.tree import Document, parse_html, validate

Transform = Callable[[HtmlElement], None]


def fill_toc(root: HtmlElement) -> None:
    """Fill ``nav.toc`` with the document's h1/h2 headings, each a link to its heading.

    A heading's ``data-toc`` attribute, when present, is its label in the TOC (an empty
    one keeps it out). The attribute is removed from every heading, so the finished tree
    stays in the vocabulary.
    """
    navs = [nav for nav in root.iter("nav") if nav.get("class") == "toc"]
    headings = [heading for section in root.iter("section")
                if section.get("class") not in ("toc", "cover")
                for heading in section.iter("h1", "h2") if heading.get("id")]
    entries: list[HtmlElement] = []
    for heading in headings:
        label = heading.attrib.pop("data-toc", None)
        if label is None:
            label = heading.text_content().strip()
        if not label:
            continue
        entry = lxml.html.Element("p", {"class": f"toc-{heading.tag[1]}"})
        link = lxml.html.Element("a", {"href": "#" + heading.get("id")})
        link.text = label
        entry.append(link)
        entries.append(entry)
    for heading in root.iter("h1", "h2"):
        heading.attrib.pop("data-toc", None)
    if not navs:
        return
    nav = navs[0]
    for child in list(nav):
        nav.remove(child)
    nav.extend(entries)


#: The transforms every document goes through, in order.
TRANSFORMS: tuple[Transform, ...] = (fill_toc,)


def build_document(html: str, resources: Mapping[str, bytes] | None = None) -> Document:
    """Parse ``html`` once, apply :data:`TRANSFORMS`, validate, and return the Document.

    Raises ``DocumentTreeError`` when the result is outside the document-tree vocabulary.
    """
    root = parse_html(html)
    for transform in TRANSFORMS:
        transform(root)
    resources = dict(resources or {})
    validate(root, resources)
    return Document(root, resources)
