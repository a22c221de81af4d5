"""Render HTML: Report → the HTML of one semantic document, via sandboxed Jinja templates.

Templates are found on the profile's search path — the user's template folder, then the
region profile (and the profiles it is based on), then the document kind's base — so a
region overrides only the templates it words differently. An overriding template can
extend the very template it replaces by naming it with a leading ``!``
(``{% extends "!explanation/income.html.j2" %}``): the name is then looked up only in the
folders after the one the overriding template came from, as Sphinx's template loader does.

Templates choose words and layout; every number they print was computed by the kind's
derive step, and they print it with the profile's number style (``money``, ``cell``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path
from typing import Any, Protocol

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from generator import narrative, numbering
from generator.findings import Finding, InputError, Position, Severity
from generator.numbering import Outline
from generator.profiles import TEMPLATE_ROOT, Profile


class RenderedReport(Protocol):
    """What every document kind's report offers its templates.

    ``settings`` must hold the number style every kind's base profile declares:
    ``正文千分位`` and ``表格千分位`` (thousands separators in sentences and in tables) and
    ``表格零值`` (what a zero cell prints). A kind may also declare ``金额小数位`` (the
    decimals of every printed amount, 2 when not declared) and ``正文金额去零`` (whether a
    sentence drops the trailing zeros of an amount, 5209.0 → 5209).
    """

    @property
    def department(self) -> Any: ...
    @property
    def profile(self) -> Profile: ...
    @property
    def settings(self) -> Mapping[str, Any]: ...
    @property
    def outline(self) -> Outline: ...
    @property
    def tables(self) -> Mapping[str, Any]: ...
    @property
    def facts(self) -> Any: ...

_AFTER = "@"  # "name@3": look up ``name`` from the search path's fourth folder on


class SearchPathLoader(jinja2.BaseLoader):
    """Loads a template from the first folder of ``folders`` that has it.

    ``name@k`` (made by :meth:`Environment.join_path` for ``!name``) searches from the
    k-th folder on, so an override can extend the template it overrides.
    """

    def __init__(self, folders: tuple[Path, ...]) -> None:
        self.folders = folders

    def locate(self, template: str) -> tuple[int, Path]:
        """(index of the folder, path) of a template name, honouring ``@k``."""
        name, start = _split(template)
        if ".." in Path(name).parts or Path(name).is_absolute():
            raise jinja2.TemplateNotFound(template)
        for index in range(start, len(self.folders)):
            path = self.folders[index] / name
            if path.is_file():
                return index, path
        raise jinja2.TemplateNotFound(name)

    def get_source(self, environment: jinja2.Environment, template: str
                   ) -> tuple[str, str, Callable[[], bool]]:
        _, path = self.locate(template)
        mtime = path.stat().st_mtime_ns
        return (path.read_text(encoding="utf-8"), str(path),
                lambda: path.is_file() and path.stat().st_mtime_ns == mtime)


def _split(template: str) -> tuple[str, int]:
    name, at, start = template.rpartition(_AFTER)
    if at and start.isdigit():
        return name, int(start)
    return template, 0


class Environment(SandboxedEnvironment):
    """A sandboxed environment whose ``!name`` means: the next ``name`` on the search path."""

    def join_path(self, template: str, parent: str) -> str:
        if not template.startswith("!"):
            return template
        loader = self.loader
        assert isinstance(loader, SearchPathLoader)
        index, _ = loader.locate(parent)
        return f"{template[1:]}{_AFTER}{index + 1}"


@cache
def environment(search_path: tuple[Path, ...]) -> Environment:
    """The template environment of a search path (compiled templates are kept)."""
    env = Environment(
        loader=SearchPathLoader(search_path),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.loopcontrols"],
    )
    env.globals.update(zip=zip)
    env.filters.update(
        pct=_percent,
        cn=numbering.chinese_number,
        cn_year=numbering.chinese_year,
        paren=numbering.paren_number,
        item=numbering.item_number,
        paren_arabic=numbering.paren_arabic,
        class_label=narrative.class_label,
        join_names=narrative.join_names,
        sentence=narrative.sentence,
        clause=narrative.clause,
        score=narrative.format_score,
    )
    return env


@jinja2.pass_context
def _percent(context: jinja2.runtime.Context, value: Any) -> str:
    """A percentage in the profile's style (百分比去零: no trailing zeros after the point)."""
    style = context.get("style") or {}
    return narrative.format_percent(value, bool(style.get("百分比去零", False)))


def render_html(report: RenderedReport) -> str:
    """Render the report's HTML with its profile's templates and settings.

    A mistake
    in a user's or region's template (outside the packaged ones) is an InputError at the
    template's file and line; one in a packaged template is a bug and is raised as is.
    """
    try:
        return _render(report)
    except Exception as exc:
        problem = template_problem(exc)
        if problem is None:
            raise
        raise problem from None


def template_problem(exc: BaseException) -> InputError | None:
    """The error at its template's file and line, when it lies in a template that is not
    packaged (a user's or a region's added outside the package); else None."""
    where: tuple[str, int] | None = None
    if isinstance(exc, jinja2.TemplateSyntaxError) and exc.filename:
        where = (exc.filename, exc.lineno or 1)
    else:
        traceback = exc.__traceback__
        while traceback is not None:
            filename = traceback.tb_frame.f_code.co_filename
            if filename.endswith(".j2"):
                where = (filename, traceback.tb_lineno)
            traceback = traceback.tb_next
    if where is None or Path(where[0]).resolve().is_relative_to(TEMPLATE_ROOT.resolve()):
        return None
    detail = getattr(exc, "message", None) or str(exc)
    return InputError([Finding(Position(where[0], where[1], 1), Severity.ERROR,
                               "TEMPLATE-ERROR", (
        f"模板出错（{type(exc).__name__}：{detail}）：请检查这个模板的这一行。"))])


def _render(report: RenderedReport) -> str:
    dept = report.department
    settings = report.settings
    text_thousands = bool(settings["正文千分位"])
    table_thousands = bool(settings["表格千分位"])
    zero_cell = str(settings["表格零值"])
    places = int(settings.get("金额小数位", 2))
    strip = bool(settings.get("正文金额去零", False))

    def money(value: Any) -> str:
        """An amount in a sentence."""
        return narrative.format_amount(getattr(value, "value", value), text_thousands,
                                       places, strip)

    def cell(value: Any, zero: str | None = None) -> str:
        """An amount in a number table (zero as the profile prints it, or as ``zero``)."""
        return narrative.format_cell(getattr(value, "value", value), table_thousands,
                                     zero_cell if zero is None else zero, places)

    def amount_cell(value: Any) -> str:
        """An amount in an annex form: always printed, zero as 0.00."""
        return narrative.format_amount(getattr(value, "value", value), table_thousands,
                                       places)

    template = environment(report.profile.search_path).get_template("report.html.j2")
    return template.render(
        report=report,
        dept=dept,
        style=settings,
        outline=report.outline,
        tables=report.tables,
        facts=report.facts,
        money=money,
        cell=cell,
        amount_cell=amount_cell,
    )
