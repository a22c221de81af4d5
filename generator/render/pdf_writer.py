"""PDF writer: the validated document tree (docs/document-tree.md) + print CSS → PDF bytes.

The writer decides nothing about content: it hands the document, serialised, and the
packaged stylesheets to WeasyPrint and returns the PDF. Its one job besides that is
safety. Every resource WeasyPrint asks for (stylesheet ``@import``, ``url()`` in CSS,
``<img src>``, ``<link>``) goes through :class:`AssetFetcher`, which serves regular files
under ``asset_root`` with a known asset suffix, and the document's own resources
(``img src="figure-1.png"``) from memory, and refuses everything else (``file://``
elsewhere, ``http(s)://``, ``ftp://``, ``data:`` other than small raster images) *before*
touching the network or the disk. Jinja autoescaping is the first wall against a
department name such as ``<img src="file:///etc/passwd">``; the fetcher is the second.

Fonts are not fetched: WeasyPrint gets them from fontconfig (the stacks in
``templates/base/print.css`` end with free fonts: FandolFang, AR PL Kaiti, Noto CJK).
Subsetting is fast when HarfBuzz's subsetter (``libharfbuzz-subset0``) is installed;
without it WeasyPrint falls back to fontTools and logs a warning, and CJK fonts then take
seconds each.

For readers and machines the PDF is tagged (its structure tree follows the document tree:
headings, paragraphs, tables with their header cells), carries the title, author, subject,
keywords and language the document's ``head`` states, opens with its bookmarks (parts,
sections, tables and annex forms, labelled as print.css says), and has page labels that
match the printed page numbers (:func:`page_labels`). Files given as ``attachments``
(the department's YAML, a CSV of every table) are embedded.

Determinism: for the same HTML, stylesheets, fonts and WeasyPrint version the output is
byte-identical. No creation or modification date is written unless the HTML carries
``<meta name="dcterms.created">`` / ``dcterms.modified`` (our templates do not), no file
identifier (``/ID``) is written, attachments carry no dates, and font subset tags are
derived from the glyphs used.
What still varies between machines: the ``Producer`` entry names the WeasyPrint version,
and the embedded glyph programs depend on the installed font files (a different Noto CJK
release or a Windows 仿宋 gives a different, equally valid PDF).
"""

from __future__ import annotations

import base64
import binascii
import io
import logging
import os
import pathlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import unquote, unquote_to_bytes, urlsplit
from urllib.request import url2pathname

import pydyf
from weasyprint import CSS, HTML, Attachment
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from generator.render.tree import IMAGE_TYPES, Document

__all__ = [
    "AssetFetcher",
    "EmbeddedFile",
    "ResourceRefusedError",
    "UnsafeResourcesError",
    "page_labels",
    "render_pdf",
    "write_pdf",
]

LOGGER = logging.getLogger(__name__)

#: Suffixes of packaged assets the fetcher may serve, with the MIME type it reports.
ASSET_TYPES: dict[str, str] = {
    ".css": "text/css",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".svg": "image/svg+xml",
    ".otf": "font/otf",
    ".ttf": "font/ttf",
    ".ttc": "font/collection",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
}

#: Media types allowed in ``data:`` URLs (raster images only: they cannot refer onward).
DATA_IMAGE_TYPES: frozenset[str] = frozenset({"image/png", "image/jpeg", "image/gif"})

#: Largest ``data:`` URL payload accepted, in decoded bytes.
MAX_DATA_BYTES = 512 * 1024

#: Largest packaged asset served, in bytes (a full CJK font is about 20 MB).
MAX_ASSET_BYTES = 64 * 1024 * 1024


#: Named pages (print.css ``@page cover``/``@page toc``) that the printed page counter
#: skips, with the page label they get; the first other page is printed (and labelled) 1.
FRONT_PAGES: dict[str, str] = {"cover": "封面", "toc": "目录"}


@dataclass(frozen=True)
class EmbeddedFile:
    """A file carried inside the PDF (an attachment): the data the report was made from.

    ``relationship`` is the file's PDF 2.0 ``AFRelationship`` to the document: ``Source``
    for the department's YAML, ``Data`` for the tables' CSV.
    """

    name: str
    data: bytes
    description: str = ""
    relationship: str = "Data"


class ResourceRefusedError(ValueError):
    """A URL the fetcher will not serve (outside ``asset_root``, network, unknown type)."""


class UnsafeResourcesError(RuntimeError):
    """The document asked for resources that were refused (raised by ``strict`` renders)."""

    def __init__(self, refused: Sequence[str]) -> None:
        self.refused: tuple[str, ...] = tuple(refused)
        listing = ", ".join(repr(url) for url in self.refused)
        super().__init__(f"refused {len(self.refused)} resource(s): {listing}")


class AssetFetcher(URLFetcher):
    """A WeasyPrint URL fetcher that serves packaged assets under one folder and nothing else.

    ``file:`` URLs are checked lexically first (no disk access for a path outside
    ``asset_root``), then with symlinks resolved, and must name a regular file with a
    suffix of :data:`ASSET_TYPES`. ``data:`` URLs are decoded in memory when they hold a
    raster image of at most ``max_data_bytes``. Every other URL is refused without any
    I/O: the inherited urllib opener is never used.

    Each call is recorded: ``served`` and ``refused`` list the URLs in order, so callers
    and tests can tell what the document tried to load.
    """

    def __init__(
        self,
        asset_root: pathlib.Path,
        *,
        resources: Mapping[str, bytes] | None = None,
        max_data_bytes: int = MAX_DATA_BYTES,
        max_asset_bytes: int = MAX_ASSET_BYTES,
    ) -> None:
        super().__init__(
            timeout=1,
            allowed_protocols=("file", "data"),
            allow_redirects=False,
            fail_on_errors=False,
        )
        self.asset_root: pathlib.Path = pathlib.Path(asset_root).resolve(strict=True)
        if not self.asset_root.is_dir():
            raise NotADirectoryError(f"asset_root is not a directory: {self.asset_root}")
        #: The document's resources, served from memory at ``asset_root/<name>``.
        self.resources: dict[str, bytes] = dict(resources or {})
        self.max_data_bytes = max_data_bytes
        self.max_asset_bytes = max_asset_bytes
        self.served: list[str] = []
        self.refused: list[str] = []

    @property
    def base_url(self) -> str:
        """The ``file:`` URL of ``asset_root`` with a trailing slash, for relative URLs."""
        return self.asset_root.as_uri() + "/"

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        """Serve ``url`` if it is an allowed asset, else raise :class:`ResourceRefusedError`."""
        try:
            scheme = urlsplit(url).scheme.lower()
            if scheme == "file":
                response = self._fetch_file(url)
            elif scheme == "data":
                response = self._fetch_data(url)
            else:
                raise ResourceRefusedError(f"scheme {scheme or '(none)'!r} is not allowed")
        except ResourceRefusedError as error:
            self.refused.append(url)
            LOGGER.warning("refused resource %s: %s", _shorten(url), error)
            raise
        self.served.append(url)
        return response

    def _fetch_file(self, url: str) -> URLFetcherResponse:
        """Serve a regular file under ``asset_root`` with a known asset suffix."""
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            raise ResourceRefusedError(f"remote file host {parts.netloc!r}")
        raw_path = url2pathname(parts.path)
        if "\x00" in raw_path:
            raise ResourceRefusedError("NUL byte in path")
        # Lexical check: no disk access at all for paths outside the asset folder.
        lexical = pathlib.Path(os.path.normpath(raw_path))
        if not lexical.is_absolute() or not _is_within(lexical, self.asset_root):
            raise ResourceRefusedError(f"outside the asset folder {self.asset_root}")
        if lexical.parent == self.asset_root and lexical.name in self.resources:
            return URLFetcherResponse(
                lexical.as_uri(), body=self.resources[lexical.name],
                headers={"Content-Type": IMAGE_TYPES[lexical.suffix.lower()]}, status=200)
        mime_type = ASSET_TYPES.get(lexical.suffix.lower())
        if mime_type is None:
            raise ResourceRefusedError(f"suffix {lexical.suffix!r} is not a packaged asset type")
        # Symlink check: the real file must also live under the asset folder.
        real = pathlib.Path(os.path.realpath(lexical))
        if not _is_within(real, self.asset_root):
            raise ResourceRefusedError("symlink leads outside the asset folder")
        try:
            if not real.is_file():
                raise ResourceRefusedError("not a regular file")
            if real.stat().st_size > self.max_asset_bytes:
                raise ResourceRefusedError(f"larger than {self.max_asset_bytes} bytes")
            body = real.read_bytes()
        except OSError as error:
            raise ResourceRefusedError(f"cannot read asset: {error.strerror}") from None
        return URLFetcherResponse(
            real.as_uri(), body=body, headers={"Content-Type": mime_type}, status=200
        )

    def _fetch_data(self, url: str) -> URLFetcherResponse:
        """Decode a ``data:`` URL holding a small raster image, in memory."""
        header, comma, payload = url[len("data:") :].partition(",")
        if not comma:
            raise ResourceRefusedError("malformed data: URL")
        params = [part.strip() for part in header.split(";")]
        mime_type = (params[0] or "text/plain").lower()
        if mime_type not in DATA_IMAGE_TYPES:
            raise ResourceRefusedError(f"data: URL of type {mime_type!r} is not allowed")
        is_base64 = "base64" in (param.lower() for param in params[1:])
        # Refuse on the encoded length first, before decoding anything large.
        if len(payload) > self.max_data_bytes * 4 // 3 + 4 and is_base64:
            raise ResourceRefusedError(f"data: URL larger than {self.max_data_bytes} bytes")
        try:
            body = (
                base64.b64decode(unquote(payload), validate=True)
                if is_base64
                else unquote_to_bytes(payload)
            )
        except (binascii.Error, ValueError):
            raise ResourceRefusedError("invalid base64 in data: URL") from None
        if len(body) > self.max_data_bytes:
            raise ResourceRefusedError(f"data: URL larger than {self.max_data_bytes} bytes")
        return URLFetcherResponse(
            "data:" + mime_type, body=body, headers={"Content-Type": mime_type}, status=200
        )


def render_pdf(document: Document, stylesheets: list[pathlib.Path], asset_root: pathlib.Path,
               *, strict: bool = False, attachments: Sequence[EmbeddedFile] = ()) -> bytes:
    """Render the document with the given print stylesheets to PDF bytes.

    The document's resources are served from memory; see :func:`write_pdf`.
    """
    fetcher = AssetFetcher(asset_root, resources=document.resources)
    return write_pdf(document.html(), stylesheets, asset_root, strict=strict, fetcher=fetcher,
                     attachments=attachments)


def write_pdf(
    html: str,
    stylesheets: list[pathlib.Path],
    asset_root: pathlib.Path,
    *,
    strict: bool = False,
    fetcher: AssetFetcher | None = None,
    attachments: Sequence[EmbeddedFile] = (),
) -> bytes:
    """Render HTML text with the given print stylesheets to PDF bytes.

    The pipeline calls :func:`render_pdf` with a validated Document; this lower level takes
    any HTML, for tools and for the tests of the fetcher.

    ``stylesheets`` are trusted files named by the caller (the packaged
    ``templates/base/print.css`` and any region or user override); they are read directly,
    and whatever *they* reference (``@import``, ``url()``) goes through the fetcher like
    every resource of ``html``. Relative URLs in ``html`` resolve against ``asset_root``.

    A refused resource is logged (``generator.render.pdf_writer`` and ``weasyprint``
    loggers, level WARNING) and left out of the PDF; with ``strict=True`` the render then
    raises :class:`UnsafeResourcesError` instead of returning. Pass your own ``fetcher``
    (an :class:`AssetFetcher` rooted at ``asset_root``) to inspect ``served``/``refused``
    afterwards.
    """
    if fetcher is None:
        url_fetcher = AssetFetcher(asset_root)
    elif fetcher.asset_root != pathlib.Path(asset_root).resolve():
        raise ValueError(f"fetcher serves {fetcher.asset_root}, not asset_root {asset_root}")
    else:
        url_fetcher = fetcher
    font_config = FontConfiguration()
    css = [
        CSS(
            string=pathlib.Path(path).read_text(encoding="utf-8"),
            base_url=pathlib.Path(path).resolve().as_uri(),
            url_fetcher=url_fetcher,
            font_config=font_config,
        )
        for path in stylesheets
    ]
    document = HTML(string=html, base_url=url_fetcher.base_url, url_fetcher=url_fetcher)
    pdf = document.write_pdf(
        stylesheets=css,
        font_config=font_config,
        pdf_identifier=False,
        uncompressed_pdf=False,
        pdf_tags=True,
        attachments=[Attachment(file_obj=io.BytesIO(item.data), name=item.name,
                                description=item.description,
                                relationship=item.relationship)
                     for item in attachments],
        finisher=_finish,
    )
    if pdf is None:  # pragma: no cover - write_pdf returns bytes when no target is given
        raise RuntimeError("WeasyPrint returned no PDF")
    if strict and url_fetcher.refused:
        raise UnsafeResourcesError(url_fetcher.refused)
    return pdf


def page_labels(page_names: Sequence[str]) -> list[tuple[int, dict[str, object]]]:
    """The PDF page-label ranges for pages with these CSS page names, as
    ``(first page index, {"P": prefix, "S": style, "St": start})`` pairs.

    The labels say what the pages print: front pages (:data:`FRONT_PAGES`) are 封面 and
    目录 (目录1, 目录2 … when the contents run over several pages), and the other pages
    are numbered from 1 in one run, as print.css's page counter numbers them.
    """
    ranges: list[tuple[int, dict[str, object]]] = []
    index = 0
    while index < len(page_names) and page_names[index] in FRONT_PAGES:
        name = page_names[index]
        end = index
        while end < len(page_names) and page_names[end] == name:
            end += 1
        label: dict[str, object] = {"P": FRONT_PAGES[name]}
        if end - index > 1:
            label.update(S="D", St=1)
        ranges.append((index, label))
        index = end
    if index < len(page_names):
        ranges.append((index, {"S": "D", "St": 1}))
    return ranges


def _page_name(page: object) -> str:
    """The CSS name of a laid-out WeasyPrint page ("" for the default page)."""
    page_type = getattr(getattr(page, "_page_box", None), "page_type", None)
    return str(getattr(page_type, "name", "") or "")


def _finish(document: object, pdf: pydyf.PDF) -> None:
    """Last touches to the PDF WeasyPrint wrote: page labels, viewer preferences (open
    with the bookmarks, show the title), and no dates on embedded files."""
    names = [_page_name(page) for page in document.pages]  # type: ignore[attr-defined]
    numbers = pydyf.Array()
    for first, label in page_labels(names):
        entry = pydyf.Dictionary()
        if "P" in label:
            entry["P"] = pydyf.String(str(label["P"]))
        if "S" in label:
            entry["S"] = "/" + str(label["S"])
            entry["St"] = label["St"]
        numbers.extend([first, entry])
    pdf.catalog["PageLabels"] = pydyf.Dictionary({"Nums": numbers})
    pdf.catalog["ViewerPreferences"] = pydyf.Dictionary({"DisplayDocTitle": "true"})
    if "Outlines" in pdf.catalog:
        pdf.catalog["PageMode"] = "/UseOutlines"
    for item in pdf.objects:
        extra = getattr(item, "extra", None)
        if isinstance(extra, dict) and extra.get("Type") == "/EmbeddedFile":
            extra["Params"].pop("CreationDate", None)
            extra["Params"].pop("ModDate", None)
    _name_attachments(pdf)


def _name_attachments(pdf: pydyf.PDF) -> None:
    """Give each embedded file a portable name: its Unicode name stays in ``UF``; ``F``
    and the name-tree key become ASCII (the name itself when ASCII, else
    ``attachment-NN.ext``), with the keys sorted as a name tree requires. WeasyPrint
    writes the UTF-8 bytes of a Chinese name in ``F``, which readers decode as Latin."""
    names = pdf.catalog.get("Names")
    reference = names.get("EmbeddedFiles") if isinstance(names, dict) else None
    if reference is None:
        return
    tree = pdf.objects[int(reference.split()[0])]
    listing = tree["Names"]
    keyed: list[tuple[str, bytes]] = []
    for position in range(0, len(listing), 2):
        spec_reference = listing[position + 1]
        spec = pdf.objects[int(spec_reference.split()[0])]
        name = str(spec["UF"].string)
        portable = name if name.isascii() else (
            f"attachment-{position // 2 + 1:02d}{pathlib.PurePath(name).suffix}")
        spec["F"] = pydyf.String(portable)
        keyed.append((portable, spec_reference))
    tree["Names"] = pydyf.Array([part for key, spec_reference in sorted(keyed)
                                 for part in (pydyf.String(key), spec_reference)])


def _is_within(path: pathlib.Path, root: pathlib.Path) -> bool:
    """Whether ``path`` is ``root`` or below it (purely lexical comparison)."""
    return path == root or path.is_relative_to(root)


def _shorten(url: str, limit: int = 120) -> str:
    """The URL cut to ``limit`` characters for log lines (data: URLs can be huge)."""
    return url if len(url) <= limit else url[: limit - 1] + "…"
