"""Profiles: a region's templates and settings, found by folder, typed by the kind's base.

Each document kind has a folder of templates under ``generator/templates/<kind folder>/``:
``base/`` holds the layout and wording every region starts from, and every other folder
holding a ``profile.yaml`` with a ``名称`` (河南, 辽宁 …) is a region profile, discovered at
run time — adding a region is adding a folder. A profile may name the profile it is
``基于`` (based on); its templates then come first and the parent's after it.

``base/profile.yaml`` declares every setting with its default, and so its type: a region's
``profile.yaml``, a user's template folder and a department's ``样式设置`` may override a
setting only with a value of the same shape (a boolean for a boolean, a list of codes for a
list of codes …); anything else is an error at its file and line.

A user's template folder (``--templates DIR``) either defines a region of its own (its
``profile.yaml`` has a ``名称``) or, without one, is put ahead of whatever region the
department names.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from generator.findings import Finding, InputError, Position, Severity
from generator.load import Mapping as MappingValue
from generator.load import Scalar, Value, load_file
from generator.load import Sequence as SequenceValue
from generator.reader import Reader, shape

#: The templates and stylesheets shipped in the package (package data).
TEMPLATE_ROOT = Path(str(resources.files("generator") / "templates"))

#: Keys of a profile.yaml that describe the profile rather than set anything.
META_KEYS = ("名称", "基于")
SETTINGS_FILE = "profile.yaml"


@dataclass(frozen=True)
class Profile:
    """A region profile of a document kind: its template search path and settings."""

    kind: str
    name: str
    search_path: tuple[Path, ...]
    settings: Mapping[str, Any]
    defaults: Mapping[str, Any] = field(default_factory=dict, repr=False)
    #: Where each setting was last set (file:line of its key), for messages.
    origins: Mapping[str, Position] = field(default_factory=dict, repr=False)

    def with_style(self, style: Mapping[str, Any], positions: Mapping[str, Position]
                   ) -> tuple[dict[str, Any], dict[str, Position]]:
        """The settings with a department's 样式设置 over them, and where each was set
        (``positions``: where each 样式设置 key was written)."""
        origins = {**self.origins, **{key: positions[key] for key in style if key in positions}}
        return merge(self.settings, style), origins

    @property
    def stylesheets(self) -> list[Path]:
        """Print CSS files for the PDF, most general first."""
        return self._style_files("print.css")

    @property
    def typst_styles(self) -> list[Path]:
        """Typst style files for the PDF of the Typst engine (``print.typ``, the
        counterpart of print.css), most general first: a later one may redefine a function
        of an earlier one."""
        return self._style_files("print.typ")

    def _style_files(self, name: str) -> list[Path]:
        """``templates/base/NAME``, then each ``NAME`` on the search path, most general
        first."""
        found = [TEMPLATE_ROOT / "base" / name]
        for folder in reversed(self.search_path):
            style = folder / name
            if style.is_file() and style not in found:
                found.append(style)
        return found

    def glossary(self) -> tuple[tuple[str, str], ...] | None:
        """The region's standard 名词解释: the first ``glossary.yaml`` on the search path (a
        list of ``术语``/``解释``), or None when the profile has none (the kind's catalog
        list applies). A malformed file is an InputError at its line."""
        for folder in self.search_path:
            path = folder / "glossary.yaml"
            if path.is_file():
                return read_glossary(path)
        return None

    def reference_docx(self) -> Path | None:
        """The first ``reference.docx`` on the search path, if any."""
        for folder in self.search_path:
            if (folder / "reference.docx").is_file():
                return folder / "reference.docx"
        return None


#: Explanations a glossary.yaml may ask the report to compute (``生成``).
GENERATED_TERMS: tuple[str, ...] = ("使用科目",)


@cache
def read_glossary(path: Path) -> tuple[tuple[str, str], ...]:
    """A region's glossary.yaml: a list of ``术语``/``解释`` pairs, in print order; a term
    with ``生成: 使用科目`` instead of ``解释`` has an empty explanation, which the report
    fills with the function codes the department used (``facts.codes_used``)."""
    reader = Reader()
    terms = []
    for i, item in enumerate(reader.sequence(load_file(path), str(path)), 1):
        where = f"{path.name} 第 {i} 项"
        fields = reader.mapping(item, where, {"术语": "term", "解释": "definition",
                                              "生成": "generated"})
        if fields is None:
            reader.error(item.position, "TYPE-MAPPING", f"“{where}”应有“术语”和“解释”。")
            continue
        term = reader.text(reader.required(fields, "术语", f"{where}.术语"), f"{where}.术语")
        if "生成" in fields.entries:
            # A term whose explanation the report computes: 使用科目 lists the function
            # codes the department used (湖北: 本部门使用的支出功能分类科目).
            reader.choice(fields.entries["生成"], f"{where}.生成", GENERATED_TERMS)
            if term:
                terms.append((term, ""))
            continue
        text = reader.text(reader.required(fields, "解释", f"{where}.解释"), f"{where}.解释")
        if term and text:
            terms.append((term, text))
    if reader.findings:
        raise InputError(reader.findings)
    return tuple(terms)


def kind_root(kind_folder: str) -> Path:
    """The packaged templates of a document kind."""
    return TEMPLATE_ROOT / kind_folder


def check_user_templates(user_templates: Path | None) -> None:
    """Refuse a ``--templates`` path that is not a folder (InputError, unreadable)."""
    if user_templates is not None and not user_templates.is_dir():
        raise InputError([Finding(Position(str(user_templates), 1, 1), Severity.ERROR,
                                  "TEMPLATES-FOLDER", (
            "--templates 应指向一个模板文件夹（其中有 profile.yaml 或要覆盖的模板），"
            "这个路径不存在或不是文件夹：请检查路径。"))], unreadable=True)


def discover(kind_folder: str, user_templates: Path | None = None) -> dict[str, Path]:
    """Every region profile of a kind: 名称 → folder (a user folder with a 名称 included)."""
    found: dict[str, Path] = {}
    root = kind_root(kind_folder)
    folders = sorted(p for p in root.iterdir() if p.is_dir() and p.name != "base")
    if user_templates is not None:
        folders.append(user_templates)
    for folder in folders:
        name = _meta(folder).get("名称")
        if name:
            found[name] = folder
    return found


def load_profile(kind: str, kind_folder: str, name: str,
                 user_templates: Path | None = None) -> Profile:
    """The profile ``name`` (地区样式) of a document kind, with its settings merged and
    typed: base ← parent profiles ← the profile ← the user's folder.

    Raises InputError (at the offending file and line) for an unknown profile, a cycle of
    ``基于``, or a setting that is unknown or of the wrong shape.
    """
    profiles = discover(kind_folder, user_templates)
    base = kind_root(kind_folder) / "base"
    chain: list[Path] = []
    current: str | None = name
    while current is not None:
        folder = profiles.get(current)
        if folder is None:
            where = chain[-1] / SETTINGS_FILE if chain else Path(SETTINGS_FILE)
            raise InputError([Finding(Position(str(where), 1, 1), Severity.ERROR,
                                      "PROFILE-UNKNOWN", (
                f"没有名为“{current}”的地区样式。已有：{'、'.join(sorted(profiles))}。"))])
        if folder in chain:
            raise InputError([Finding(Position(str(folder / SETTINGS_FILE), 1, 1),
                                      Severity.ERROR, "PROFILE-CYCLE",
                                      f"地区样式“{current}”的“基于”形成了循环。")])
        chain.append(folder)
        current = _meta(folder).get("基于")
    if user_templates is not None and not _meta(user_templates).get("名称"):
        chain.insert(0, user_templates)  # an overlay: ahead of whatever region is named
    defaults, origins = _settings_file(base / SETTINGS_FILE, None)
    settings = dict(defaults)
    for folder in reversed(chain):
        overrides, where = _settings_file(folder / SETTINGS_FILE, defaults)
        settings = merge(settings, overrides)
        origins = {**origins, **where}
    return Profile(kind, name, (*chain, base), settings, defaults, origins)


def merge(settings: Mapping[str, Any], overrides: Mapping[str, Any]) -> dict[str, Any]:
    """``overrides`` over ``settings``: a mapping setting is merged key by key (a region
    renames one table or one part's sections, the rest stays); any other value replaces."""
    merged = dict(settings)
    for key, value in overrides.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = {**merged[key], **value}
        else:
            merged[key] = value
    return merged


def read_settings(reader: Reader, value: Value | None, defaults: Mapping[str, Any],
                  where: str) -> dict[str, Any]:
    """Read a mapping of settings (a profile.yaml or a department's 样式设置) against the
    defaults: each key must be a known setting, each value of its default's shape."""
    if value is None or (isinstance(value, Scalar) and value.null):
        return {}
    if not isinstance(value, MappingValue):
        reader.error(value.position, "TYPE-MAPPING",
                     f"“{where}”应为“设置名: 值”的映射，这里写成了{shape(value)}。")
        return {}
    out: dict[str, Any] = {}
    for key, item in value.entries.items():
        if key in META_KEYS:
            continue
        if key not in defaults:
            reader.error(value.key_positions[key], "SETTING-UNKNOWN", (
                f"“{where}”下没有设置“{key}”。可用设置：{'、'.join(defaults)}。"))
            continue
        setting = _read_value(reader, item, defaults[key], f"{where}.{key}")
        if setting is not None:
            out[key] = setting
    return out


# --- reading values of a given shape ---------------------------------------------------


def _read_value(reader: Reader, value: Value, default: Any, where: str) -> Any:
    """``value`` read with the type of ``default``; None (and a finding) when it differs."""
    if isinstance(default, bool):
        before = len(reader.findings)
        result = reader.boolean(value, where)
        return None if len(reader.findings) > before else result
    if isinstance(default, int):
        return reader.count(value, where, None)
    if isinstance(default, str):
        if isinstance(value, Scalar):
            return "" if value.null else value.text
        reader.error(value.position, "TYPE-SCALAR",
                     f"“{where}”应为一段文字，这里写成了{shape(value)}。")
        return None
    if isinstance(default, list):
        if not isinstance(value, SequenceValue):
            reader.error(value.position, "TYPE-LIST",
                         f"“{where}”应为列表（如 {_example(default)}），这里写成了{shape(value)}。")
            return None
        return _read_like(reader, value, [default], where)
    if isinstance(default, dict):
        if not isinstance(value, MappingValue):
            reader.error(value.position, "TYPE-MAPPING",
                         f"“{where}”应为“键: 值”的映射，这里写成了{shape(value)}。")
            return None
        return _read_like(reader, value, [default], where)
    raise TypeError(f"setting {where}: unsupported default {default!r}")  # pragma: no cover


def _read_like(reader: Reader, value: Value, examples: Sequence[Any], where: str) -> Any:
    """A value shaped like one of ``examples``: text, a list whose items are shaped like
    the examples' items, or a mapping whose values are shaped like theirs."""
    lists = [e for e in examples if isinstance(e, list)]
    dicts = [e for e in examples if isinstance(e, dict)]
    if isinstance(value, Scalar) and not value.null:
        if not examples or any(isinstance(e, str) for e in examples):
            return value.text
    elif isinstance(value, SequenceValue) and lists:
        items = [item for example in lists for item in example]
        read = [_read_like(reader, item, items, f"{where} 第 {i} 项")
                for i, item in enumerate(value.items, 1)]
        return None if any(item is None for item in read) else read
    elif isinstance(value, MappingValue) and dicts:
        values = [item for example in dicts for item in example.values()]
        out = {}
        for key, item in value.entries.items():
            out[key] = _read_like(reader, item, values, f"{where}.{key}")
        return None if any(item is None for item in out.values()) else out
    reader.error(value.position, "SETTING-SHAPE",
                 f"“{where}”写成了{shape(value)}，"
                 f"应与默认设置同样的形式（如 {_example(examples)}）。")
    return None


def _example(default: Any) -> str:
    text = repr(default).replace("'", "")
    return text if len(text) <= 60 else text[:57] + "…"


# --- profile.yaml files ----------------------------------------------------------------


def _meta(folder: Path) -> dict[str, str]:
    """名称 and 基于 of a profile folder ({} without a profile.yaml)."""
    path = folder / SETTINGS_FILE
    if not path.is_file():
        return {}
    return _read_file(str(path), path.stat().st_mtime_ns)[0]


def _settings_file(path: Path, defaults: Mapping[str, Any] | None
                   ) -> tuple[dict[str, Any], dict[str, Position]]:
    """The settings of one profile.yaml and where each key stands ({} when absent); the
    base's when ``defaults`` is None (they define the settings, so they are read without
    a schema)."""
    if not path.is_file():
        return {}, {}
    _, value = _read_file(str(path), path.stat().st_mtime_ns)
    positions = dict(value.key_positions) if isinstance(value, MappingValue) else {}
    reader = Reader()
    if defaults is None:
        settings = _plain(value)
        if not isinstance(settings, dict):
            raise InputError([Finding(Position(str(path), 1, 1), Severity.ERROR,
                                      "TYPE-MAPPING", "profile.yaml 应为“设置名: 值”的映射。")])
        settings = {k: v for k, v in settings.items() if k not in META_KEYS}
    else:
        settings = read_settings(reader, value, defaults, path.name)
        if reader.findings:
            raise InputError(reader.findings)
    return settings, {key: positions[key] for key in settings if key in positions}


@cache
def _read_file(path: str, mtime_ns: int) -> tuple[dict[str, str], Value]:
    """One profile.yaml, read once per version of the file: (名称/基于, located values)."""
    del mtime_ns  # part of the cache key only
    value = load_file(Path(path))
    meta: dict[str, str] = {}
    if isinstance(value, MappingValue):
        for key in META_KEYS:
            item = value.entries.get(key)
            if isinstance(item, Scalar) and not item.null:
                meta[key] = item.text.strip()
    return meta, value


def _plain(value: Value) -> Any:
    """Located values as plain Python, YAML-typed (for the base settings, which we write)."""
    if isinstance(value, MappingValue):
        return {key: _plain(item) for key, item in value.entries.items()}
    if isinstance(value, SequenceValue):
        return [_plain(item) for item in value.items]
    if value.null:
        return None
    if not value.quoted and value.text in ("true", "false"):
        return value.text == "true"
    if not value.quoted and value.text.isdigit():
        return int(value.text)
    return value.text
