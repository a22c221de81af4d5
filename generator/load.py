"""Load: YAML text → a tree of located values (every scalar knows its file:line:col).

Scalars are kept as their source text, never resolved by YAML 1.1 rules, so ``no`` stays
"no", ``010`` stays "010" and a code stays a string; the kind's validator (its ``schema``)
decides what each field means. Duplicate keys, anchors and aliases are refused, and so are
files that are empty, not UTF-8 or too large.

The text is parsed by libyaml (PyYAML's C parser) when PyYAML was built with it, and the
located values are composed from its events; a file that is to be refused in any way
(a syntax error, an alias, a tag …) is read again by PyYAML's pure-Python loader, whose
errors are the ones reported. Both give every value the same line and column.
"""

from __future__ import annotations

import errno
import re
import stat
from dataclasses import dataclass
from pathlib import Path

import yaml

from generator.findings import Finding, InputError, Position, Severity

#: Largest input accepted. A department's data is a few hundred KB at most.
MAX_BYTES = 2 * 1024 * 1024

#: Deepest nesting of lists and mappings accepted (the examples need 5).
MAX_DEPTH = 64


@dataclass
class Scalar:
    """A scalar as written: its source text, whether it was quoted, and where."""

    text: str
    quoted: bool
    position: Position
    null: bool = False


@dataclass
class Sequence:
    """A YAML sequence of located values."""

    items: list[Value]
    position: Position


@dataclass
class Mapping:
    """A YAML mapping with string keys, remembering where each key was written."""

    entries: dict[str, Value]
    key_positions: dict[str, Position]
    position: Position


Value = Scalar | Sequence | Mapping


def _error(position: Position, rule: str, message: str) -> InputError:
    return InputError([Finding(position, Severity.ERROR, rule, message)], unreadable=True)


class _NoAliasLoader(yaml.SafeLoader):
    """A SafeLoader whose composer refuses anchors and aliases (no expansion bombs) and
    structures nested deeper than MAX_DEPTH (no recursion overflow)."""

    _depth = 0

    def compose_node(self, parent, index):  # type: ignore[no-untyped-def]
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, "别名", event.start_mark
            )
        event = self.peek_event()
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            raise yaml.composer.ComposerError(None, None, "锚点", event.start_mark)
        if getattr(event, "tag", None) is not None:
            raise yaml.composer.ComposerError(None, None, "标签", event.start_mark)
        if self._depth >= MAX_DEPTH:
            raise yaml.composer.ComposerError(None, None, "嵌套", event.start_mark)
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


#: PyYAML's libyaml parser, when PyYAML was built with it.
_FAST_LOADER: type | None = getattr(yaml, "CSafeLoader", None)


class _Refused(Exception):
    """The fast composer met something the pure-Python loader must read and report."""


def _compose_fast(text: str) -> yaml.Node | None:
    """The node tree of ``text`` composed from libyaml's events, as ``_NoAliasLoader``
    composes it (None for an empty stream). Raises ``_Refused`` for anything that loader
    refuses — an alias, an anchor, a tag, nesting beyond MAX_DEPTH, a second document —,
    for the few texts libyaml reads or places otherwise (a tab, a byte-order mark inside
    the text, an empty value in a flow collection), and for any error of libyaml, so that
    the pure loader reads and reports them its own way."""
    assert _FAST_LOADER is not None
    if "\t" in text or "\ufeff" in text:
        # libyaml takes a tab for a space where PyYAML's loader refuses it (in a plain
        # value, after a colon), and skips a byte-order mark inside the text where that
        # loader counts it: keep that loader's reading of both.
        raise _Refused
    root: yaml.Node | None = None
    stack: list[yaml.Node] = []  # open sequences and mappings, innermost last
    pending_key: list[yaml.Node | None] = []  # per open mapping: its key awaiting a value
    documents = 0
    try:
        for event in yaml.parse(text, Loader=_FAST_LOADER):
            if isinstance(event, yaml.ScalarEvent | yaml.SequenceStartEvent
                          | yaml.MappingStartEvent):
                if event.anchor is not None or event.tag is not None or len(stack) >= MAX_DEPTH:
                    raise _Refused
                if isinstance(event, yaml.ScalarEvent):
                    style = event.style or None  # libyaml: "" for a plain scalar
                    if not event.value and style is None and stack and stack[-1].flow_style:
                        raise _Refused  # an empty value in [ ] or { }: libyaml places it
                        # elsewhere than PyYAML's loader does
                    node: yaml.Node = yaml.ScalarNode(None, event.value, event.start_mark,
                                                      event.end_mark, style)
                elif isinstance(event, yaml.SequenceStartEvent):
                    node = yaml.SequenceNode(None, [], event.start_mark, None,
                                             event.flow_style)
                else:
                    node = yaml.MappingNode(None, [], event.start_mark, None,
                                            event.flow_style)
                if not stack:
                    root = node
                elif isinstance(stack[-1], yaml.SequenceNode):
                    stack[-1].value.append(node)
                elif pending_key[-1] is None:
                    pending_key[-1] = node
                else:
                    stack[-1].value.append((pending_key[-1], node))
                    pending_key[-1] = None
                if not isinstance(node, yaml.ScalarNode):
                    stack.append(node)
                    pending_key.append(None)
            elif isinstance(event, yaml.SequenceEndEvent | yaml.MappingEndEvent):
                stack.pop().end_mark = event.end_mark
                pending_key.pop()
            elif isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise _Refused
            elif isinstance(event, yaml.AliasEvent):
                raise _Refused
    except (yaml.YAMLError, UnicodeError) as exc:
        raise _Refused from exc
    return root


def load_text(text: str, file: str) -> Value:
    """Parse YAML ``text`` (from ``file``, for positions) into located values."""
    if _FAST_LOADER is not None:
        try:
            node = _compose_fast(text)
        except _Refused:
            pass  # the pure loader below finds and reports what is wrong
        else:
            if node is None:
                raise _error(Position(file, 1, 1), "FILE-EMPTY",
                             "文件没有内容：请按 docs/data-format.md 填写部门数据。")
            return _convert(node, file)
    try:
        node = yaml.compose(text, Loader=_NoAliasLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark and (exc.problem or "").startswith("found unexpected end of stream"):
            mark = exc.context_mark  # an unclosed quote or bracket: point at where it opens
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        pos = Position(file, line, col)
        if exc.problem in ("别名", "锚点"):
            raise _error(pos, "YAML-ALIAS",
                         f"不支持 YAML {exc.problem}（& 和 *）：请把每个数值直接写出。") from None
        if exc.problem == "标签":
            raise _error(pos, "YAML-TAG",
                         "不支持 YAML 标签（以 ! 开头，如 !!float、!!str）：它会改变数值的读法，"
                         "请删去标签，把数值或文字直接写出（文字加引号）。") from None
        if exc.problem == "嵌套":
            raise _error(pos, "YAML-DEPTH",
                         f"列表和映射嵌套超过 {MAX_DEPTH} 层：部门数据不会这么深，"
                         "请检查括号 [ ] { } 是否配对。") from None
        raise _error(pos, "YAML-SYNTAX",
                     f"YAML 语法错误：{_describe_problem(exc.problem)}。请检查第 {line} 行附近"
                     "的缩进、冒号和引号。") from None
    except yaml.reader.ReaderError as exc:  # control characters, NUL …
        before = text[: exc.position]
        line = before.count("\n") + 1
        col = exc.position - (before.rfind("\n") + 1) + 1
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        raise _error(Position(file, line, col), "FILE-CONTROL-CHAR",
                     f"文件含有不可见的控制字符 U+{code:04X}（第 {line} 行第 {col} 列）："
                     "可能是从其他软件复制时带入的，请删除该字符，或确认选择的是 YAML 文本文件。"
                     ) from None
    except yaml.YAMLError as exc:  # anything else PyYAML may raise
        raise _error(Position(file, 1, 1), "YAML-SYNTAX", f"无法读取 YAML：{exc}") from None
    if node is None:
        raise _error(Position(file, 1, 1), "FILE-EMPTY",
                     "文件没有内容：请按 docs/data-format.md 填写部门数据。")
    return _convert(node, file)


def load_file(path: Path) -> Value:
    """Read ``path`` (UTF-8 YAML) into located values; raise InputError when unreadable."""
    return load_bytes(read_source(path), str(path))


def read_source(path: Path) -> bytes:
    """The bytes of a department's file; InputError when it cannot be read, is empty or
    is too large to be one department's data."""
    name = str(path)
    try:
        if path.exists() and not path.is_dir() and not stat.S_ISREG(path.stat().st_mode):
            raise _error(Position(name, 1, 1), "FILE-READ",
                         "这不是普通文件（是设备、管道或套接字）：请给出部门数据的 YAML 文件。")
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)  # never more than one department's worth
    except OSError as exc:
        reason = _OS_ERRORS.get(exc.errno or 0, exc.strerror or str(exc))
        raise _error(Position(name, 1, 1), "FILE-READ", f"无法读取文件：{reason}。") from None
    if len(data) > MAX_BYTES:
        size = path.stat().st_size if path.is_file() else len(data)
        raise _error(Position(name, 1, 1), "FILE-SIZE",
                     f"文件过大（{size:,} 字节，上限 {MAX_BYTES:,} 字节）："
                     "一个部门的数据不应这么大，请检查是否误选了文件。")
    if not data.strip():
        raise _error(Position(name, 1, 1), "FILE-EMPTY",
                     "文件没有内容：请按 docs/data-format.md 填写部门数据。")
    return data


def load_bytes(data: bytes, name: str) -> Value:
    """Decode a department's file (UTF-8, with or without BOM) into located values."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise _error(Position(name, line, col), "FILE-ENCODING",
                     f"文件不是 UTF-8 编码（第 {line} 行第 {col} 个字节处）："
                     "请在编辑器中以 UTF-8 格式另存后重试。") from None
    return load_text(text, name)


_OS_ERRORS = {
    errno.ENOENT: "文件不存在，请检查路径",
    errno.EACCES: "没有读取权限",
    errno.EISDIR: "这是一个文件夹，不是文件",
}


def _describe_problem(problem: str | None) -> str:
    known = {
        "but found another document": "文件中有多个 YAML 文档（多余的 ---），一个文件只写一个部门",
        "found undefined alias": "出现了别名（*）",
        "found unknown escape character": "双引号中的反斜杠 \\ 后跟了无效字符（路径请用单引号）",
        "found unexpected ':'": "出现了多余的冒号（含冒号的文字请加引号）",
        "expected ',' or ']'": "方括号 [ ] 中的列表没有正确结束",
        "expected ',' or '}'": "花括号 { } 中的映射没有正确结束",
        "found character '%' that cannot start any token": "% 不能出现在开头（请给这段文字加引号）",
        "found character '@' that cannot start any token": "@ 不能出现在开头（请给这段文字加引号）",
        "found character '`' that cannot start any token": "` 不能出现在开头（请给这段文字加引号）",
        "mapping values are not allowed here":
            "此处不能出现冒号分隔的键值（可能缩进不对或缺少引号）",
        "could not find expected ':'": "缺少冒号",
        "found character '\\t' that cannot start any token": "含有制表符（Tab），请改用空格缩进",
        "expected <block end>, but found '-'": "列表项的缩进不一致",
        "expected <block end>, but found '<block mapping start>'": "缩进不一致",
        "found unexpected end of stream": "引号或括号没有闭合",
    }
    if problem is None:
        return "无法解析"
    for english, chinese in known.items():
        if problem.startswith(english):
            return chinese
    return f"无法解析（{problem}）"


def _position(node: yaml.Node, file: str) -> Position:
    return Position(file, node.start_mark.line + 1, node.start_mark.column + 1)


#: Characters no report can carry, or that would print other than as written: lone
#: surrogates (from \ud83d escapes), control characters other than tab and line breaks,
#: Unicode non-characters, and the bidirectional overrides that reverse text on the page.
_UNPRINTABLE = re.compile(
    "[\ud800-\udfff\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff"
    "\u202a-\u202e\u2066-\u2069]")

_CHARACTER_NAMES = {0: "空字符 NUL", 0xFFFE: "非字符", 0xFFFF: "非字符",
                    0x202E: "从右到左改写符", 0x202D: "从左到右改写符"}


#: Bounds on what one department's file may hold, far above any real report: characters
#: in one text, characters in one unbroken word (a run with no place to break a line),
#: items in one list, keys in one mapping. Beyond them the layout or the checks would run
#: for minutes; the file is refused at the line instead.
MAX_TEXT_CHARS = 20_000
MAX_WORD_CHARS = 300
MAX_ITEMS = 5_000

_LONG_WORD = re.compile(f"[!-~]{{{MAX_WORD_CHARS + 1},}}")


def _bound(position: Position, rule: str, message: str) -> InputError:
    return InputError([Finding(position, Severity.ERROR, rule, message)])


def _check_text(text: str, node: yaml.Node, file: str) -> None:
    """Refuse, at its line, a text holding a character a document cannot carry, or too
    long to lay out."""
    if len(text) > MAX_TEXT_CHARS:
        raise _bound(_position(node, file), "TEXT-LENGTH", (
            f"这段文字有 {len(text):,} 个字符，超过上限 {MAX_TEXT_CHARS:,}：一段说明不会这么长，"
            "请检查是否误粘贴了其他内容，或分成几段（列表的几项）。"))
    word = _LONG_WORD.search(text)
    if word is not None:
        raise _bound(_position(node, file), "TEXT-WORD", (
            f"第 {word.start() + 1} 个字符起有一串 {len(word.group()):,} 个不含空格的字母、数字或"
            f"符号（上限 {MAX_WORD_CHARS}）：报告无处换行。请加空格或删去误粘贴的内容。"))
    found = _UNPRINTABLE.search(text)
    if found is None:
        return
    code = ord(found.group())
    before = text[: found.start()]
    position = _position(node, file)
    if node.style in (None, "") and "\n" not in before:  # a plain scalar: the exact column
        position = Position(file, position.line, position.column + len(before))
    kind = _CHARACTER_NAMES.get(code) or (
        "孤立的代理码，即转义 \\u 只写了半个字符" if 0xD800 <= code <= 0xDFFF
        else "双向文字控制符" if code >= 0x2000 else "控制字符")
    raise _error(position, "TEXT-CHARACTER", (
        f"第 {found.start() + 1} 个字符是 U+{code:04X}（{kind}），报告无法照原样印出：请删去它"
        "（常由转义 \\u、\\x 或从其他软件复制带入）。"))


def _convert(node: yaml.Node, file: str) -> Value:
    pos = _position(node, file)
    if isinstance(node, yaml.ScalarNode):
        _check_text(node.value, node, file)
        quoted = node.style in ("'", '"', "|", ">")
        null = not quoted and node.value in ("", "~", "null", "Null", "NULL")
        return Scalar(node.value, quoted, pos, null)
    if len(node.value) > MAX_ITEMS:
        what = "项" if isinstance(node, yaml.SequenceNode) else "个字段"
        raise _bound(pos, "LIST-LENGTH", (
            f"这里有 {len(node.value):,} {what}，超过上限 {MAX_ITEMS:,}：一个部门的数据不会这么多，"
            "请检查是否误粘贴或重复了内容。"))
    if isinstance(node, yaml.SequenceNode):
        return Sequence([_convert(item, file) for item in node.value], pos)
    assert isinstance(node, yaml.MappingNode)
    entries: dict[str, Value] = {}
    keys: dict[str, Position] = {}
    for key_node, value_node in node.value:
        key_pos = _position(key_node, file)
        if not isinstance(key_node, yaml.ScalarNode):
            raise _error(key_pos, "YAML-KEY", "键必须是文字，不能是列表或映射。")
        key = key_node.value
        _check_text(key, key_node, file)
        if key in entries:
            first = keys[key]
            raise _error(key_pos, "YAML-DUPLICATE-KEY",
                         f"字段“{key}”重复出现（第一次在第 {first.line} 行）："
                         "同一层级每个字段只能写一次，请删除或合并其中一处。")
        entries[key] = _convert(value_node, file)
        keys[key] = key_pos
    return Mapping(entries, keys, pos)
