"""Document kinds: 决算 (final accounts) and, beside it, any other kind of disclosure.

A kind is a sibling package under ``generator/kinds/`` that brings its own model, schema,
derive step, tables, rules and templates (``generator/templates/<folder>/``); everything
else — the loader, located findings, money and rounding, phrase builders, catalogs,
profiles, numbering, the document tree, both writers, atomic writes and the CLI — is
shared. A department's file selects its kind with ``文档类型`` and its region profile with
``地区样式`` (:func:`select`).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from collections.abc import Mapping as MappingType
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from generator.findings import Finding, InputError, Position, Severity
from generator.ledger import Judge
from generator.load import Mapping, Scalar, Value
from generator.profiles import (
    Profile,
    check_user_templates,
    discover,
    load_profile,
)
from generator.reader import shape
from generator.rulebook import RuleBook


@dataclass(frozen=True)
class DocumentKind:
    """One kind of disclosure: how its files are read, derived and checked.

    ``read(root, source, profile)`` validates a located YAML tree into the kind's
    Department; ``check_settings(profile, department)`` finds the mistakes in the settings
    the department's report would use; ``derive(department, profile)`` computes its
    Report; ``rulebook`` checks a Report; ``folder`` names its templates under
    ``generator/templates/``; ``judges`` judge the elements of its completeness ledger
    (``generator.ledger``), by the name its ledger.yaml gives them.
    """

    name: str
    folder: str
    read: Callable[[Value, str, Profile], Any]
    check_settings: Callable[[Profile, Any], list[Finding]]
    derive: Callable[[Any, Profile], Any]
    rulebook: RuleBook
    judges: MappingType[str, Judge] = field(default_factory=dict)


@cache
def kinds() -> dict[str, DocumentKind]:
    """Every document kind, by its 文档类型: each package under ``generator/kinds`` that
    exports a ``KIND`` (adding a kind is adding a package, not editing this one)."""
    found: dict[str, DocumentKind] = {}
    for module in pkgutil.iter_modules(__path__):
        if module.ispkg:
            kind = getattr(importlib.import_module(f"{__name__}.{module.name}"), "KIND", None)
            if isinstance(kind, DocumentKind):
                found[kind.name] = kind
    return found


def _text(top: Mapping, key: str) -> tuple[str | None, Position]:
    value = top.entries.get(key)
    position = top.key_positions.get(key, top.position)
    if isinstance(value, Scalar) and not value.null:
        return value.text.strip(), value.position
    return None, position


def select(root: Value, source: str, user_templates: Path | None = None
           ) -> tuple[DocumentKind, Profile]:
    """The kind (文档类型) and region profile (地区样式) a department's file names.

    Raises InputError, at the lines of the two fields, when either is missing or unknown.
    """
    check_user_templates(user_templates)
    if not isinstance(root, Mapping):
        raise InputError([Finding(root.position, Severity.ERROR, "TYPE-MAPPING", (
            f"“文件顶层”应为若干“字段: 值”（映射），这里写成了{shape(root)}：请按 "
            "docs/data-format.md 填写部门数据。"))])
    available = kinds()
    kind_name, kind_at = _text(root, "文档类型")
    profile_name, profile_at = _text(root, "地区样式")
    findings: list[Finding] = []
    if kind_name is None:
        findings.append(Finding(kind_at, Severity.ERROR, "FIELD-REQUIRED",
                                "缺少必填字段“文档类型”：请补上。"))
    elif kind_name not in available:
        findings.append(Finding(kind_at, Severity.ERROR, "FIELD-CHOICE", (
            f"“文档类型”写成了“{kind_name}”，应为以下之一：{'、'.join(available)}。")))
    if profile_name is None:
        findings.append(Finding(profile_at, Severity.ERROR, "FIELD-REQUIRED",
                                "缺少必填字段“地区样式”：请补上。"))
    if findings:
        raise InputError(findings)
    assert kind_name is not None and profile_name is not None
    kind = available[kind_name]
    profiles = discover(kind.folder, user_templates)
    if profile_name not in profiles:
        raise InputError([Finding(profile_at, Severity.ERROR, "FIELD-CHOICE", (
            f"“地区样式”写成了“{profile_name}”，应为以下之一：{'、'.join(profiles)}。"
            "新的地区样式是 generator/templates 下的一个文件夹，或用 --templates 指定的文件夹"
            "（其 profile.yaml 写明“名称”）。"))])
    return kind, load_profile(kind.name, kind.folder, profile_name, user_templates)
