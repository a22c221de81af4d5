"""The loader reads with libyaml when it can, and every file — good, broken or hostile —
gives the same located values or the same findings as PyYAML's pure-Python loader."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import yaml

from generator import load
from generator.findings import InputError

REPO = Path(__file__).resolve().parents[2]
SMALL_EXAMPLE = REPO / "data" / "examples" / "zhengzhou-shuzhi-2023.yaml"

needs_libyaml = pytest.mark.skipif(getattr(yaml, "CSafeLoader", None) is None,
                                   reason="PyYAML was built without libyaml")


def outcome(text: str, *, fast: bool, monkeypatch: pytest.MonkeyPatch) -> object:
    """The located values of ``text``, or its findings, read by one loader."""
    with monkeypatch.context() as patch:
        if not fast:
            patch.setattr(load, "_FAST_LOADER", None)
        try:
            return load.load_text(text, "dept.yaml")
        except InputError as exc:
            return exc.findings, exc.unreadable


def assert_alike(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    assert outcome(text, fast=True, monkeypatch=monkeypatch) == outcome(
        text, fast=False, monkeypatch=monkeypatch), text


def repository_yaml() -> list[Path]:
    """Every YAML file of the repository: examples, fixtures, bad input, profiles."""
    return sorted(path for folder in ("data", "tests", "generator")
                  for path in (REPO / folder).rglob("*.y*ml"))


@needs_libyaml
def test_a_good_file_is_composed_by_libyaml(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yaml, "compose", lambda *args, **kwargs: pytest.fail("pure loader"))
    value = load.load_text(SMALL_EXAMPLE.read_text(encoding="utf-8"), "dept.yaml")
    assert isinstance(value, load.Mapping) and value.entries["文档类型"].text == "决算"


@needs_libyaml
def test_both_loaders_agree_on_every_yaml_file_of_the_repository(
        monkeypatch: pytest.MonkeyPatch) -> None:
    paths = repository_yaml()
    assert len(paths) > 40
    for path in paths:
        assert_alike(path.read_bytes().decode("utf-8-sig", "replace"), monkeypatch)


@needs_libyaml
@pytest.mark.parametrize("text", [
    "a: [1, 2]\nb: &x 3\nc: *x\n",          # anchor and alias
    "a: !!float 1\n",                       # a tag
    "a: ! 1\n",                             # the non-specific tag
    *(f"a: {'[' * depth}1{']' * depth}\n" for depth in (62, 63, 64)),  # nesting
    "a: 1\n---\nb: 2\n",                    # two documents
    "a: 1\na: 2\n",                         # a duplicate key
    "a: 3.\t9\n",                           # a tab libyaml would take for a space
    "a:\t1\n",
    '- ["x",\ufeff 2, 3]\n',                # a byte-order mark inside the text
    "a: [x: , y]\n",                        # empty values in flow collections
    "a: {x: , y}\n",
    "a: [1.5%x,2000:\n, 7]\n",
    "a: \"\\ud83d\"\n",                     # a lone surrogate escape
    "a: \"\\x01\"\n",                       # a control character escape
    "a: b: c\n",                            # syntax errors
    "a: 'open\n",
    "- a\nb: c\n",
    "# only a comment\n",
    "---\n",
    "a:\n  - 1\n  -\n  - [x, {y: z}, ~, '', \"\"]\nb: |\n  text\n  more\nc: >\n  folded\n",
    "a: 1\r\nb: [2, 3]\r\n",
    "a: 1\x85b: 2\u2028c: 3\n",
])
def test_both_loaders_agree_where_libyaml_differs_or_refuses(
        text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    assert_alike(text, monkeypatch)


MUTATIONS = ("- ", ": ", "'", '"', "[", "]", "{", "}", "&a ", "*a", "!!str ", "\t", "#",
             "|", ">", "\\", "? ", "---\n", "%YAML 1.1\n", ",", " ", "\n", "\ufeff", "\x85",
             "\u2028", "é", "𝕏", "~", "@", "\\x41", "\\ud83d", "a:b", "[a: ]", "{a: , b}",
             "\r\n", "\r", "  - ", "key:value", "<<: {a: 1}")


@needs_libyaml
def test_both_loaders_agree_on_mutated_department_files(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Windows of a real file with characters inserted, deleted and repeated."""
    rng = random.Random(11)
    lines = SMALL_EXAMPLE.read_text(encoding="utf-8").splitlines(keepends=True)
    for _ in range(150):
        start = rng.randrange(len(lines) - 25)
        text = "".join(lines[start:start + 25])
        for _ in range(rng.randint(1, 3)):
            at = rng.randrange(len(text) + 1)
            choice = rng.random()
            if choice < 0.6:
                text = text[:at] + rng.choice(MUTATIONS) + text[at:]
            elif choice < 0.8:
                text = text[:at] + text[at + rng.randint(1, 5):]
            else:
                text = text[:at] + text[at:at + 3][::-1] + text[at:]
        assert_alike(text, monkeypatch)
