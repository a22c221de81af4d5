"""Render HTML: Report → one semantic HTML document (the document tree), via Jinja.

Templates are found on a search path — the user's template folder, then the region
profile, then the document kind's base — so a region overrides only the blocks it words
differently (``{% extends %}``). Each profile folder has a ``profile.yaml`` of settings
(number formats, wording choices) that a department's ``样式设置`` may override.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
import yaml

from generator import narrative, vocabulary
from generator.catalog import standard_glossary
from generator.derive import Report

#: The templates and stylesheets shipped in the package (package data).
TEMPLATE_ROOT = Path(str(resources.files("generator") / "templates"))


@dataclass(frozen=True)
class Profile:
    """A region profile of a document kind: its template search path and settings."""

    kind: str
    name: str
    search_path: tuple[Path, ...]
    settings: dict[str, Any]

    @property
    def stylesheets(self) -> list[Path]:
        """Print CSS files for the PDF, most general first."""
        found = [TEMPLATE_ROOT / "base" / "print.css"]
        for folder in reversed(self.search_path):
            css = folder / "print.css"
            if css.is_file() and css not in found:
                found.append(css)
        return found


def _read_settings(folder: Path) -> dict[str, Any]:
    path = folder / "profile.yaml"
    if not path.is_file():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise ValueError(f"{path}: profile settings must be a mapping")
    return data


def load_profile(kind: str, profile: str, user_templates: Path | None = None) -> Profile:
    """The profile for 文档类型 ``kind`` and 地区样式 ``profile`` (Chinese names)."""
    kind_dir = TEMPLATE_ROOT / vocabulary.DOCUMENT_KINDS[kind]
    folders = [kind_dir / vocabulary.PROFILES[profile], kind_dir / "base"]
    if user_templates is not None:
        folders.insert(0, user_templates)
    settings: dict[str, Any] = {}
    for folder in reversed(folders):
        settings.update(_read_settings(folder))
    return Profile(kind, profile, tuple(folders), settings)


@cache
def _environment(search_path: tuple[Path, ...]) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(p) for p in search_path]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.loopcontrols"],
    )
    env.globals.update(
        change=narrative.change,
        share=narrative.share,
        completion=narrative.completion,
        zip=zip,
    )
    env.filters.update(
        pct=narrative.format_percent,
        cn=narrative.chinese_number,
        cn_year=narrative.chinese_year,
        class_label=narrative.class_label,
        join_names=narrative.join_names,
        sentence=narrative.sentence,
        score=narrative.format_score,
    )
    return env


def render_html(report: Report, profile: Profile) -> str:
    """Render the report's HTML document with the profile's templates and settings."""
    dept = report.department
    settings = {**profile.settings, **dept.style}
    text_thousands = bool(settings.get("正文千分位", True))
    table_thousands = bool(settings.get("表格千分位", True))
    zero_cell = str(settings.get("表格零值", ""))

    def money(value: Any) -> str:
        return narrative.format_amount(value, text_thousands)

    def cell(value: Any) -> str:
        return narrative.format_cell(value, table_thousands, zero_cell)

    def amount_cell(value: Any) -> str:
        """Amounts in annex forms: always printed, zero as 0.00."""
        return narrative.format_amount(value, table_thousands)

    env = _environment(profile.search_path)
    template = env.get_template("report.html.j2")
    html = template.render(
        report=report,
        dept=dept,
        style=settings,
        glossary_terms=[*standard_glossary(dept.kind), *dept.glossary_extra],
        money=money,
        cell=cell,
        amount_cell=amount_cell,
        g=vocabulary,
    )
    return html
