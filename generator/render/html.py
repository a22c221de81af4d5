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

import hashlib
import os
import pickle
from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path
from typing import Any, Protocol

import jinja2
import jinja2.bccache
from jinja2.sandbox import SandboxedEnvironment

from generator import narrative, numbering
from generator.findings import Finding, InputError, Position, Severity
from generator.numbering import Outline
from generator.profiles import TEMPLATE_ROOT, Profile
from generator.render.document import build_document
from generator.render.tree import DocumentTreeError


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


#: How every template environment reads and compiles templates (also part of the key of
#: a compiled template in :class:`CompiledTemplateCache`).
_ENVIRONMENT_OPTIONS: dict[str, Any] = {
    "autoescape": True,
    "undefined": jinja2.StrictUndefined,
    "trim_blocks": True,
    "lstrip_blocks": True,
    "keep_trailing_newline": True,
    "extensions": ["jinja2.ext.loopcontrols"],
}


class CompiledTemplateCache(jinja2.BytecodeCache):
    """Compiled templates, kept in memory for every environment of the process and, when
    ``folder`` is given, on disk between runs: a template is compiled once, not once per
    region and per run.

    A compiled template is found by the template's name and file (and the environment's
    options, :data:`_ENVIRONMENT_OPTIONS`) and used only while its source is unchanged
    (Jinja compares a checksum of the source), so an edited template is compiled again.
    A folder that cannot be read or written only makes the cache an in-memory one.
    """

    def __init__(self, folder: Path | None = None) -> None:
        self._memory: dict[str, tuple[str, Any]] = {}
        self._disk = None if folder is None else jinja2.FileSystemBytecodeCache(str(folder))
        self._salt = hashlib.sha1(repr(sorted(
            (name, getattr(value, "__name__", value))
            for name, value in _ENVIRONMENT_OPTIONS.items())).encode()).hexdigest()

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        return super().get_cache_key(f"{self._salt}|{name}", filename)

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        kept = self._memory.get(bucket.key)
        if kept is not None and kept[0] == bucket.checksum:
            bucket.code = kept[1]
            return
        if self._disk is not None:
            try:
                self._disk.load_bytecode(bucket)
            except (OSError, ValueError, EOFError, TypeError, pickle.UnpicklingError):
                bucket.reset()  # unreadable or damaged: compiled again
            if bucket.code is not None:
                self._memory[bucket.key] = (bucket.checksum, bucket.code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._memory[bucket.key] = (bucket.checksum, bucket.code)
        if self._disk is not None:
            try:
                self._disk.dump_bytecode(bucket)
            except OSError:  # a read-only or full disk: kept in memory only
                pass


def cache_folder() -> Path | None:
    """Where compiled templates are kept between runs: ``disclosure-generator/templates``
    in ``$XDG_CACHE_HOME`` (default ``~/.cache``), made private to the user; None when it
    cannot be made or belongs to someone else (then nothing is kept between runs)."""
    root = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    folder = Path(root) / "disclosure-generator" / "templates"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if hasattr(os, "getuid") and folder.stat().st_uid != os.getuid():
            return None
    except (OSError, RuntimeError):  # no home, read-only file system …
        return None
    return folder


@cache
def compiled_templates() -> CompiledTemplateCache:
    """The process's cache of compiled templates, shared by every environment."""
    return CompiledTemplateCache(cache_folder())


@cache
def environment(search_path: tuple[Path, ...]) -> Environment:
    """The template environment of a search path, one per process (templates compiled
    once: :func:`compiled_templates`)."""
    return new_environment(search_path, compiled_templates())


def new_environment(search_path: tuple[Path, ...],
                    compiled: CompiledTemplateCache | None = None) -> Environment:
    """A template environment over ``search_path`` with our filters, keeping compiled
    templates in ``compiled`` (None: compiled on first use, kept by this environment)."""
    env = Environment(loader=SearchPathLoader(search_path), bytecode_cache=compiled,
                      **_ENVIRONMENT_OPTIONS)
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


def check_templates(report: RenderedReport) -> list[Finding]:
    """The mistakes of the report's templates that lie outside the package (a user's
    ``--templates`` folder, a region folder added elsewhere), each at its template's file
    and line: a block that overrides none of the template it extends (its words would
    never print), a template that cannot be parsed, and whatever rendering the report
    raises in them (an undefined name, a filter's error, a sandbox refusal). [] when every
    template on the search path is packaged: those are tested with the package.

    ``disclosure check`` runs this, so that what the build would refuse, check refuses
    first. An error in a packaged template is a bug and is raised as is.
    """
    search_path = report.profile.search_path
    if not _outside_package(search_path):
        return []
    findings = _unknown_blocks(environment(search_path))
    try:
        html = _render(report)
    except Exception as exc:
        problem = template_problem(exc)
        if problem is None:
            raise
        return findings + [f for f in problem.findings if f not in findings]
    # the figures' images are drawn by the build; here only their names are needed
    resources = {figure.resource: b"" for figure in getattr(report, "figures", ())}
    try:
        build_document(html, resources)
    except DocumentTreeError as exc:
        problem = tree_problem(exc, search_path)
        if problem is None:
            raise
        findings += problem.findings
    return findings


def tree_problem(exc: DocumentTreeError, search_path: tuple[Path, ...]) -> InputError | None:
    """A document outside the tree's vocabulary, when templates outside the package made
    it (their mistake, at the first such folder); else None (a bug of ours)."""
    outside = _outside_package(search_path)
    if not outside:
        return None
    folder = search_path[outside[0]]
    return InputError([Finding(Position(str(folder), 1, 1), Severity.ERROR, "TEMPLATE-TREE", (
        f"模板生成的报告含有不支持的内容（{exc}；行号指生成的 HTML）。"
        "模板只能用 docs/document-tree.md 列出的元素和类（如 section、h1–h4、p、table），"
        "请检查这个文件夹中改动过的模板。"))])


def _outside_package(search_path: tuple[Path, ...]) -> list[int]:
    """Indexes of the search path's folders that are not under the packaged templates."""
    root = TEMPLATE_ROOT.resolve()
    return [index for index, folder in enumerate(search_path)
            if not folder.resolve().is_relative_to(root)]


def _unknown_blocks(env: Environment) -> list[Finding]:
    """Each ``{% block %}`` of a template outside the package that the template it
    extends (with its own parents) does not have, and each such template that cannot be
    parsed or whose parent cannot be found."""
    loader = env.loader
    assert isinstance(loader, SearchPathLoader)
    findings: list[Finding] = []
    for index in _outside_package(loader.folders):
        folder = loader.folders[index]
        for path in sorted(folder.rglob("*.j2")):
            name = f"{path.relative_to(folder).as_posix()}{_AFTER}{index}"
            try:
                tree = env.parse(path.read_text(encoding="utf-8"), name, str(path))
                extends = tree.find(jinja2.nodes.Extends)
                if extends is None or not isinstance(extends.template, jinja2.nodes.Const):
                    continue
                written = str(extends.template.value)
                parent = env.join_path(written, name)
                available = _blocks(env, parent)
            except jinja2.TemplateNotFound as exc:
                findings.append(Finding(Position(str(path), extends.lineno, 1), Severity.ERROR,
                                        "TEMPLATE-ERROR", (
                    f"模板继承的“{exc.name}”找不到：请检查 extends 后的模板名"
                    "（覆盖同名模板并继承它时写“!模板名”）。")))
                continue
            except Exception as exc:
                problem = template_problem(exc)
                if problem is None:
                    raise
                findings += problem.findings
                continue
            for block in _outer_blocks(tree):
                if block.name not in available:
                    known = "、".join(sorted(available)) or "（没有）"
                    findings.append(Finding(Position(str(path), block.lineno, 1),
                                            Severity.ERROR, "TEMPLATE-BLOCK", (
                        f"块“{block.name}”在所继承的模板“{written}”"
                        f"（{loader.locate(parent)[1]}）中不存在，这段内容不会印出。"
                        f"可覆盖的块：{known}。请检查块名是否写错。")))
    return findings


def _blocks(env: Environment, template: str, seen: frozenset[str] = frozenset()
            ) -> set[str]:
    """The names of the blocks a template defines, with those of the templates it
    extends (a template extending itself, which Jinja would loop on, ends the chain)."""
    if template in seen:
        return set()
    loader = env.loader
    assert isinstance(loader, SearchPathLoader)
    source, filename, _ = loader.get_source(env, template)
    tree = env.parse(source, template, filename)
    names = {block.name for block in tree.find_all(jinja2.nodes.Block)}
    extends = tree.find(jinja2.nodes.Extends)
    if extends is not None and isinstance(extends.template, jinja2.nodes.Const):
        names |= _blocks(env, env.join_path(str(extends.template.value), template),
                         seen | {template})
    return names


def _outer_blocks(node: jinja2.nodes.Node) -> list[jinja2.nodes.Block]:
    """The blocks of a template that are not inside another block (those are the ones
    that must override a block of the parent)."""
    found: list[jinja2.nodes.Block] = []
    for child in node.iter_child_nodes():
        if isinstance(child, jinja2.nodes.Block):
            found.append(child)
        else:
            found += _outer_blocks(child)
    return found


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
        f"模板出错{_TEMPLATE_ERRORS.get(type(exc).__name__, '')}"
        f"（{type(exc).__name__}：{detail}）：请检查这个模板的这一行。"))])


#: What each kind of template error means, for the message.
_TEMPLATE_ERRORS = {
    "TemplateSyntaxError": "，语法不对",
    "UndefinedError": "，用到了报告中没有的名称或属性",
    "SecurityError": "，模板在沙箱中运行，不允许访问这个属性或调用这个函数",
    "TypeError": "，过滤器或函数的参数不对",
    "ValueError": "，过滤器或函数得到了不能处理的值",
    "TemplateNotFound": "，引用的模板找不到",
}


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
