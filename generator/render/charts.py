"""Charts drawn from data: one :class:`ChartSpec`, an SVG for the PDF and a native Word chart.

A report's figures (图1 收、支决算总计变动情况, 图2 收入决算结构 …) are specified by the
same Decimal amounts as the sentences that describe them, so the two cannot disagree. A
:class:`ChartSpec` is drawn twice:

- :func:`chart_svg` draws it with matplotlib as an SVG whose text stays text (labels in
  the report's 黑体 stack, so WeasyPrint sets them in the same CJK fonts as the report and
  the PDF keeps them as selectable, vector text). The document names it as a resource
  (``img src="chart-1.svg"``).
- :func:`add_native_chart` writes it into a DOCX as a native chart part (DrawingML chart
  XML written by python-pptx's chart XML writer, with the workbook python-pptx makes
  embedded for Word's 编辑数据), which a finance officer restyles in Word or WPS and
  whose numbers Word shows.

Both outputs are byte-deterministic: the SVG's ids are salted with a constant and it
carries no date, and the embedded workbook's creation date is fixed.

matplotlib and python-pptx are imported inside the functions that use them: together
they take most of a second to import, and most commands (``disclosure check``, reports
without charts) draw none.
"""

from __future__ import annotations

import io
import math
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Literal
from xml.sax.saxutils import quoteattr

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import Part, XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Length
from lxml import etree

from generator.money import percent
from generator.narrative import format_amount, format_percent
from generator.render.document import text_width

if TYPE_CHECKING:
    from docx.text.run import Run
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from pptx.chart.data import CategoryChartData

__all__ = [
    "CHART_CONTENT_TYPE",
    "CHART_HEIGHT",
    "CHART_WIDTH",
    "HEITI_FAMILIES",
    "PALETTE",
    "ChartKind",
    "ChartSpec",
    "Series",
    "add_native_chart",
    "chart_svg",
    "chart_workbook",
    "chart_xml",
    "fixed_workbook_date",
]

ChartKind = Literal["bar", "pie"]

#: The chart's size: the portrait type area's width (15.6 cm) and 7.5 cm high.
CHART_WIDTH: Length = Cm(15.6)
CHART_HEIGHT: Length = Cm(7.5)
#: The 黑体 font stack of ``templates/base/print.css`` (``--font-heiti``), then the free
#: 黑体 fonts ``scripts/setup.sh`` installs (Noto Sans CJK, FandolHei). matplotlib
#: measures the text with the first it has; the SVG names them all, so WeasyPrint picks
#: the report's own 黑体.
HEITI_FAMILIES: tuple[str, ...] = ("SimHei", "黑体", "STHeiti", "Microsoft YaHei",
                                   "Noto Sans CJK SC", "FandolHei", "DejaVu Sans")
#: The font the native chart's text names (East Asian and Latin).
DOCX_FONT = "黑体"
#: Muted fills, light enough for black labels inside a slice (contrast 5:1 or more).
PALETTE: tuple[str, ...] = ("#6A8BB0", "#D6BA7E", "#93AD84", "#C98F86", "#A7A2B9",
                            "#D9D2BE", "#7FA6AB", "#BCCBDD")
TEXT_COLOR = "#000000"
GRID_COLOR = "#D9D9D9"
AXIS_COLOR = "#595959"
#: Number format of amounts in the native chart and its workbook: ``4,345.99``.
AMOUNT_FORMAT = "#,##0.00"
#: Text sizes in points: axis and category labels, value labels.
LABEL_SIZE = 10.5
VALUE_SIZE = 9.0
PIE_LABEL_SIZE = 9.5

CHART_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CHART_URI = "http://schemas.openxmlformats.org/drawingml/2006/chart"
#: The creation date written into every embedded workbook (XlsxWriter writes the clock's).
WORKBOOK_DATE = "2000-01-01T00:00:00Z"
_SVG_SALT = "disclosure-chart"
#: A ``font-family`` declaration in the SVG's style attributes. WeasyPrint (70) splits
#: the list at commas and strips quotes but not spaces, so ``'SimHei', '黑体'`` would name
#: a family `` '黑体``: the SVG's lists are written without spaces after the commas.
_FONT_LIST_RE = re.compile(rb"font-family:[^;\"]*")
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
_NS = {"c": CHART_URI, "a": "http://schemas.openxmlformats.org/drawingml/2006/main"}


@dataclass(frozen=True)
class Series:
    """One named series of amounts (万元), one value per category of its chart."""

    name: str
    values: tuple[Decimal, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "values", tuple(self.values))
        if not self.name.strip():
            raise ValueError("a series needs a name")
        for value in self.values:
            if not isinstance(value, Decimal) or not value.is_finite():
                raise ValueError(f"series {self.name!r}: {value!r} is not a finite Decimal")


@dataclass(frozen=True)
class ChartSpec:
    """What a figure shows: clustered bars (``bar``) or one series' parts (``pie``).

    ``title`` is the figure's title without its number (收入决算结构); the caption
    (图2 …) prints it under the chart, so the drawings leave it out and use it only as
    the chart's name. ``unit`` is the unit of every value; ``percent_places`` and
    ``strip_zeros`` print a pie's shares as the report's text prints percentages.
    """

    kind: ChartKind
    title: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    unit: str = "万元"
    percent_places: int = 2
    strip_zeros: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "categories", tuple(self.categories))
        object.__setattr__(self, "series", tuple(self.series))
        if self.kind not in ("bar", "pie"):
            raise ValueError(f"chart kind {self.kind!r} is not 'bar' or 'pie'")
        if not self.categories or any(not name.strip() for name in self.categories):
            raise ValueError(f"chart {self.title!r}: categories must be non-empty names")
        if len(set(self.categories)) != len(self.categories):
            raise ValueError(f"chart {self.title!r}: category names repeat")
        if not self.series or len({s.name for s in self.series}) != len(self.series):
            raise ValueError(f"chart {self.title!r}: needs series with distinct names")
        for series in self.series:
            if len(series.values) != len(self.categories):
                raise ValueError(f"chart {self.title!r}: series {series.name!r} has "
                                 f"{len(series.values)} values for "
                                 f"{len(self.categories)} categories")
        if self.kind == "pie":
            if len(self.series) != 1:
                raise ValueError(f"pie chart {self.title!r} takes exactly one series")
            values = self.series[0].values
            if any(value < 0 for value in values) or sum(values) <= 0:
                raise ValueError(f"pie chart {self.title!r}: values must be non-negative "
                                 "with a positive total")

    def shares(self) -> tuple[Decimal, ...]:
        """The first series' values as percentages of their total (``percent_places``
        decimals, half-up, as the text's shares are computed): a pie's shares."""
        values = self.series[0].values
        whole = sum(values, Decimal(0))
        return tuple(Decimal(0) if share is None else share
                     for share in (percent(value, whole, self.percent_places)
                                   for value in values))


# ----------------------------------------------------------------------------------- SVG


def chart_svg(spec: ChartSpec) -> bytes:
    """Draw ``spec`` as an SVG, :data:`CHART_WIDTH` × :data:`CHART_HEIGHT`.

    Text stays text (``svg.fonttype: none``) in the :data:`HEITI_FAMILIES` stack; bars
    and slices carry their values (``4,345.99``), slices their share too; several series
    get a legend. The output is byte-identical for the same spec, matplotlib version and
    fonts. matplotlib's ``rcParams`` are changed only for the duration of the call
    (``rc_context``), and no pyplot figure manager is involved.
    """
    import matplotlib
    from matplotlib.figure import Figure

    rc = {
        "svg.fonttype": "none",
        "svg.hashsalt": _SVG_SALT,
        "font.family": ["sans-serif"],
        "font.sans-serif": list(HEITI_FAMILIES),
        "font.size": LABEL_SIZE,
        "text.color": TEXT_COLOR,
        "axes.unicode_minus": False,
        "axes.edgecolor": AXIS_COLOR,
        "xtick.color": TEXT_COLOR,
        "ytick.color": TEXT_COLOR,
        "legend.frameon": False,
    }
    with matplotlib.rc_context(rc):
        figure = Figure(figsize=(CHART_WIDTH.inches, CHART_HEIGHT.inches), dpi=72,
                        layout="constrained" if spec.kind == "bar" else None)
        if spec.kind == "bar":
            _draw_bars(figure, spec)
        else:
            _draw_pie(figure, spec)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="svg", transparent=True,
                       metadata={"Date": None, "Creator": None, "Title": spec.title})
    return _FONT_LIST_RE.sub(lambda m: re.sub(rb",\s+", b",", m.group(0)), buffer.getvalue())


def _draw_bars(figure: Figure, spec: ChartSpec) -> None:
    """Clustered columns: categories along the bottom, one colour a series."""
    from matplotlib.ticker import FixedLocator, FuncFormatter, MaxNLocator

    ax: Axes = figure.add_subplot()
    count = len(spec.series)
    group = 0.62 if count > 1 else 0.36
    width = group / count
    positions = range(len(spec.categories))
    values = [float(v) for s in spec.series for v in s.values]
    for index, series in enumerate(spec.series):
        offset = -group / 2 + width * (index + 0.5)
        bars = ax.bar([x + offset for x in positions], [float(v) for v in series.values],
                      width * 0.9, color=PALETTE[index % len(PALETTE)], label=series.name,
                      zorder=2)
        ax.bar_label(bars, labels=[format_amount(v) for v in series.values], padding=2,
                     fontsize=VALUE_SIZE)
    ax.set_xticks(list(positions), list(spec.categories))
    high, low = max(0.0, *values), min(0.0, *values)
    if high == low:
        high = 1.0
    span = high - low
    top, bottom = high + 0.16 * span, low - (0.16 * span if low < 0 else 0)
    ticks = list(MaxNLocator(nbins=6, steps=[1, 2, 2.5, 5, 10]).tick_values(
        bottom, top))  # round steps; ticks[0] ≤ bottom, top ≤ ticks[-1]
    bottom, top = min(bottom, ticks[0]), max(top, ticks[-1])
    whole = all(float(t).is_integer() for t in ticks)
    ax.yaxis.set_major_locator(FixedLocator(ticks))
    ax.yaxis.set_major_formatter(FuncFormatter(
        lambda value, _: f"{value:,.0f}" if whole else f"{value:,.2f}"))
    ax.set_ylim(bottom, top)
    ax.set_xlim(-0.6, len(spec.categories) - 0.4)
    ax.yaxis.grid(True, color=GRID_COLOR, linewidth=0.5)
    ax.set_axisbelow(True)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.spines["bottom"].set_linewidth(0.6)
    ax.tick_params(axis="both", length=0, labelsize=LABEL_SIZE, pad=4)
    ax.annotate(f"单位：{spec.unit}", (0, 1), xycoords="axes fraction", xytext=(0, 12),
                textcoords="offset points", ha="right", va="bottom", fontsize=LABEL_SIZE)
    if count > 1:
        ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=count,
                  fontsize=LABEL_SIZE, handlelength=1.0, handleheight=0.8,
                  columnspacing=2.0, borderaxespad=0.3)


def _draw_pie(figure: Figure, spec: ChartSpec) -> None:
    """A pie clockwise from twelve o'clock (as Word draws one), each slice labelled
    outside with its name, amount and share, the labels of each side kept apart."""
    from matplotlib.patches import Wedge

    width, height = CHART_WIDTH.pt, CHART_HEIGHT.pt
    ax: Axes = figure.add_axes((0, 0, 1, 1))
    ax.set_xlim(-width / 2, width / 2)
    ax.set_ylim(-height / 2, height / 2)
    ax.set_axis_off()
    radius = 0.34 * height
    column = radius + 24  # the labels' inner edge, either side of the centre
    room = (width / 2 - column - 4) / PIE_LABEL_SIZE  # label width available, in em
    values = spec.series[0].values
    shares = spec.shares()
    total = float(sum(values, Decimal(0)))
    angle = 90.0
    slices: list[tuple[float, str]] = []  # (mid angle, label text)
    for index, value in enumerate(values):
        sweep = 360.0 * float(value) / total
        if sweep > 0:
            ax.add_patch(Wedge((0, 0), radius, angle - sweep, angle, edgecolor="white",
                               facecolor=PALETTE[index % len(PALETTE)], linewidth=1.0))
        lines = [*_wrap(spec.categories[index], room),
                 f"{format_amount(value)}{spec.unit}，"
                 f"{format_percent(shares[index], spec.strip_zeros)}"]
        slices.append((math.radians(angle - sweep / 2), "\n".join(lines)))
        angle -= sweep
    line = PIE_LABEL_SIZE * 1.25
    for sign in (1, -1):
        side = [(middle, text) for middle, text in slices
                if (math.cos(middle) >= -1e-9) == (sign == 1)]
        heights = [line * (text.count("\n") + 1) + 3 for _, text in side]
        wanted = [(radius + 10) * math.sin(middle) for middle, _ in side]
        for (middle, text), y in zip(side, _spread(wanted, heights, height / 2 - 2),
                                     strict=True):
            # a leader: out of the slice along its middle, then across to its label
            ax.plot([radius * math.cos(middle), (radius + 8) * math.cos(middle),
                     sign * (column - 3)],
                    [radius * math.sin(middle), (radius + 8) * math.sin(middle), y],
                    color=AXIS_COLOR, linewidth=0.5)
            ax.text(sign * column, y, text, ha="left" if sign == 1 else "right",
                    va="center", multialignment="left" if sign == 1 else "right",
                    fontsize=PIE_LABEL_SIZE, linespacing=1.25)


def _wrap(text: str, room: float) -> list[str]:
    """``text`` broken into as few lines as fit ``room`` em (CJK characters 1 em), of
    balanced lengths (政府性基金预算 / 财政拨款收入, never a lone last character)."""
    count = max(1, math.ceil(text_width(text) / room))
    size = math.ceil(len(text) / count)
    return [text[i:i + size] for i in range(0, len(text), size)]


def _spread(wanted: Sequence[float], heights: Sequence[float], limit: float) -> list[float]:
    """Centres of labels of the given heights, each as near its ``wanted`` height as the
    others allow: no two overlap, and all stay within ``±limit`` where room allows."""
    order = sorted(range(len(wanted)), key=lambda i: -wanted[i])
    ys = [wanted[i] for i in order]
    hs = [heights[i] for i in order]
    for k, _ in enumerate(ys):  # top down: below the one above, under the top edge
        ceiling = limit - hs[k] / 2 if k == 0 else ys[k - 1] - (hs[k - 1] + hs[k]) / 2
        ys[k] = min(ys[k], ceiling)
    for k in range(len(ys) - 1, -1, -1):  # bottom up: above the bottom edge and the next
        floor = -limit + hs[k] / 2 if k == len(ys) - 1 else ys[k + 1] + (hs[k + 1] + hs[k]) / 2
        ys[k] = max(ys[k], floor)
    placed = [0.0] * len(wanted)
    for k, i in enumerate(order):
        placed[i] = ys[k]
    return placed


# ---------------------------------------------------------------------------------- DOCX


def add_native_chart(run: Run, spec: ChartSpec, width: Length = CHART_WIDTH,
                     height: Length = CHART_HEIGHT) -> str:
    """Put ``spec`` into ``run`` as a native Word chart; return the chart's part name.

    The chart part (``/word/charts/chartN.xml``) is related from the run's part and shown
    by an inline drawing in the run; the workbook holding its data
    (``/word/embeddings/Microsoft_Excel_WorksheetN.xlsx``) is related from the chart part
    and named by its ``c:externalData``, so Word's 编辑数据 opens it. The chart caches the
    categories and values, so Word, WPS and LibreOffice draw it without the workbook.
    """
    story = run.part
    package = story.package
    workbook = Part(package.next_partname("/word/embeddings/Microsoft_Excel_Worksheet%d.xlsx"),
                    XLSX_CONTENT_TYPE, chart_workbook(spec), package)
    chart_name = package.next_partname("/word/charts/chart%d.xml")
    chart = XmlPart(chart_name, CHART_CONTENT_TYPE, parse_xml(chart_xml(spec)), package)
    workbook_id = chart.relate_to(workbook, RT.PACKAGE)
    external = OxmlElement("c:externalData", {qn("r:id"): workbook_id})
    external.append(OxmlElement("c:autoUpdate", {"val": "0"}))
    chart.element.find(qn("c:txPr")).addnext(external)
    chart_id = story.relate_to(chart, RT.CHART)
    shape_id = story.next_id
    extent = f'cx="{Emu(width)}" cy="{Emu(height)}"'
    run._r.add_drawing(parse_xml(
        '<wp:inline distT="0" distB="0" distL="0" distR="0" xmlns:wp="http://schemas.'
        'openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.'
        'openxmlformats.org/drawingml/2006/main" xmlns:c="http://schemas.openxmlformats.org/'
        'drawingml/2006/chart" xmlns:r="http://schemas.openxmlformats.org/officeDocument/'
        f'2006/relationships"><wp:extent {extent}/>'
        '<wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f'<wp:docPr id="{shape_id}" name="图表 {shape_id}" descr={quoteattr(spec.title)}/>'
        "<wp:cNvGraphicFramePr/>"
        f'<a:graphic><a:graphicData uri="{CHART_URI}"><c:chart r:id="{chart_id}"/>'
        "</a:graphicData></a:graphic></wp:inline>"))
    return str(chart_name)


def _chart_data(spec: ChartSpec) -> CategoryChartData:
    """python-pptx's chart data for ``spec``: categories, series, amount format."""
    from pptx.chart.data import CategoryChartData

    data = CategoryChartData(number_format=AMOUNT_FORMAT)
    data.categories = spec.categories
    for series in spec.series:
        data.add_series(series.name, series.values)
    return data


def chart_workbook(spec: ChartSpec) -> bytes:
    """The workbook behind the native chart (categories in column A, one column a
    series, as python-pptx lays it out), with fixed dates (:func:`fixed_workbook_date`)."""
    return fixed_workbook_date(_chart_data(spec).xlsx_blob)


def chart_xml(spec: ChartSpec) -> bytes:
    """The chart part's XML: python-pptx's chart for ``spec``, styled as the SVG is (no
    title, muted fills, values labelled with two decimals, 黑体 text, no chart border).

    The link to the embedded workbook (``c:externalData``) is added by
    :func:`add_native_chart`, which knows its relationship id.
    """
    from pptx.chart.chart import Chart
    from pptx.chart.xmlwriter import ChartXmlWriter
    from pptx.dml.color import RGBColor
    from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION, XL_TICK_MARK
    from pptx.oxml import parse_xml as parse_pptx_xml
    from pptx.util import Pt

    kind = XL_CHART_TYPE.PIE if spec.kind == "pie" else XL_CHART_TYPE.COLUMN_CLUSTERED
    space = parse_pptx_xml(ChartXmlWriter(kind, _chart_data(spec)).xml.encode("utf-8"))
    chart = Chart(space, None)
    chart.has_title = False
    chart.font.size = Pt(LABEL_SIZE)
    chart.font.color.rgb = RGBColor.from_string(TEXT_COLOR[1:])
    plot = chart.plots[0]
    plot.vary_by_categories = spec.kind == "pie"
    plot.has_data_labels = True
    labels = plot.data_labels
    labels.number_format = AMOUNT_FORMAT
    labels.number_format_is_linked = False
    labels.show_value = True
    labels.font.size = Pt(VALUE_SIZE if spec.kind == "bar" else LABEL_SIZE)
    if spec.kind == "pie":
        labels.show_category_name = True
        labels.position = XL_LABEL_POSITION.BEST_FIT  # Word moves crowded labels out
        chart.has_legend = False
        for index, point in enumerate(plot.series[0].points):
            _fill(point.format, PALETTE[index % len(PALETTE)])
            point.format.line.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
            point.format.line.width = Pt(1)
        _separator(space.find(".//c:dLbls", _NS), "\n")
    else:
        labels.position = XL_LABEL_POSITION.OUTSIDE_END
        plot.gap_width = 80
        plot.overlap = -8
        for index, series in enumerate(plot.series):
            _fill(series.format, PALETTE[index % len(PALETTE)])
            series.format.line.fill.background()
        chart.has_legend = len(spec.series) > 1
        if chart.has_legend:
            chart.legend.position = XL_LEGEND_POSITION.TOP
            chart.legend.include_in_layout = False
        values, categories = chart.value_axis, chart.category_axis
        values.has_major_gridlines = True
        values.major_gridlines.format.line.color.rgb = RGBColor.from_string(GRID_COLOR[1:])
        values.major_gridlines.format.line.width = Pt(0.5)
        values.format.line.fill.background()
        values.major_tick_mark = XL_TICK_MARK.NONE
        values.tick_labels.number_format = "#,##0"
        values.tick_labels.number_format_is_linked = False
        if min(v for s in spec.series for v in s.values) >= 0:
            values.minimum_scale = 0  # bars start at zero, as the SVG's do
        values.has_title = True
        values.axis_title.text_frame.text = f"单位：{spec.unit}"
        title_font = values.axis_title.text_frame.paragraphs[0].runs[0].font
        title_font.bold = False
        title_font.size = Pt(LABEL_SIZE)
        _horizontal_title(space.find(".//c:valAx/c:title", _NS))
        categories.major_tick_mark = XL_TICK_MARK.NONE
        categories.format.line.color.rgb = RGBColor.from_string(AXIS_COLOR[1:])
        categories.format.line.width = Pt(0.6)
    _east_asian_fonts(space)
    _chart_space_frame(space)
    return etree.tostring(space, encoding="UTF-8", xml_declaration=True, standalone=True)


def _fill(fmt: object, color: str) -> None:
    from pptx.dml.color import RGBColor

    fmt.fill.solid()  # type: ignore[attr-defined]
    fmt.fill.fore_color.rgb = RGBColor.from_string(color[1:])  # type: ignore[attr-defined]


def _c(tag: str, **attrs: str) -> etree._Element:
    prefix, name = tag.split(":")
    element = etree.Element(f"{{{_NS[prefix]}}}{name}")
    for key, value in attrs.items():
        element.set(key, value)
    return element


def _separator(dlbls: etree._Element, text: str) -> None:
    """Set the data labels' separator (``c:separator``, after ``c:showBubbleSize``)."""
    for old in dlbls.findall("c:separator", _NS):
        dlbls.remove(old)
    anchor = dlbls.find("c:showBubbleSize", _NS)
    separator = _c("c:separator")
    separator.text = text
    if anchor is None:
        dlbls.append(separator)
    else:
        anchor.addnext(separator)


def _horizontal_title(title: etree._Element) -> None:
    """Lay an axis title horizontally at the top left of the chart (单位：万元), as the
    SVG prints it, instead of rotated beside the axis."""
    body = title.find("c:tx/c:rich/a:bodyPr", _NS)
    if body is not None:
        body.set("rot", "0")
        body.set("vert", "horz")
    layout = _c("c:layout")
    manual = etree.SubElement(layout, f"{{{CHART_URI}}}manualLayout")
    for name, value in (("xMode", "edge"), ("yMode", "edge"), ("x", "0.01"), ("y", "0.01")):
        etree.SubElement(manual, f"{{{CHART_URI}}}{name}").set("val", value)
    for old in title.findall("c:layout", _NS):
        title.remove(old)
    title.find("c:tx", _NS).addnext(layout)
    overlay = title.find("c:overlay", _NS)
    if overlay is None:
        layout.addnext(_c("c:overlay", val="0"))


def _east_asian_fonts(space: etree._Element) -> None:
    """Name :data:`DOCX_FONT` as the Latin and East Asian font of the chart's text (every
    ``a:defRPr`` and ``a:rPr``), so Word and WPS show the Chinese labels in 黑体."""
    for rpr in space.iter(f"{{{_NS['a']}}}defRPr", f"{{{_NS['a']}}}rPr"):
        for tag in ("latin", "ea", "cs"):
            for old in rpr.findall(f"a:{tag}", _NS):
                rpr.remove(old)
        # a:latin, a:ea, a:cs follow the fill and effect children, before hlinkClick …
        successor = next((child for child in rpr if etree.QName(child).localname in (
            "sym", "hlinkClick", "hlinkMouseOver", "rtl", "extLst")), None)
        for tag in ("latin", "ea", "cs"):
            font = etree.Element(f"{{{_NS['a']}}}{tag}", typeface=DOCX_FONT)
            if successor is None:
                rpr.append(font)
            else:
                successor.addprevious(font)


def _chart_space_frame(space: etree._Element) -> None:
    """Square corners, the document's language, and no fill or border around the chart
    (Word draws rounded corners and a frame when the chart does not say otherwise)."""
    first = space[0]
    lead = [_c("c:lang", val="zh-CN"), _c("c:roundedCorners", val="0")]
    if etree.QName(first).localname == "date1904":
        first.addnext(lead[0])
    else:
        first.addprevious(lead[0])
    lead[0].addnext(lead[1])
    shape = _c("c:spPr")
    etree.SubElement(shape, f"{{{_NS['a']}}}noFill")
    line = etree.SubElement(shape, f"{{{_NS['a']}}}ln")
    etree.SubElement(line, f"{{{_NS['a']}}}noFill")
    space.find("c:chart", _NS).addnext(shape)


def fixed_workbook_date(xlsx: bytes) -> bytes:
    """The workbook with :data:`WORKBOOK_DATE` as its creation and modification dates
    and fixed zip entry dates, so that the same chart always embeds the same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:(created|modified)[^>]*>)[^<]*",
                                 rb"\g<1>" + WORKBOOK_DATE.encode(), content)
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, content)
    return out.getvalue()
