"""Bad input never crashes and never costs data: every broken file in this folder (and a
few generated here) run through the real command, ``python -m generator check FILE``, gives
one clear Chinese error at its line, no traceback, and the exit status of expected.yaml."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from support import COMPLETION, HEADER, ONE_LINE

from generator.load import MAX_BYTES

HERE = Path(__file__).parent
REPO = HERE.parents[1]
EXPECTED: dict[str, dict[str, object]] = yaml.safe_load(
    (HERE / "expected.yaml").read_text(encoding="utf-8"))
HEAD, LINES = HEADER, ONE_LINE


def _generate(kind: str, folder: Path) -> Path:
    """Write a generated case (binary, huge or missing) into ``folder``; return its path."""
    path = folder / f"{kind}.yaml"
    if kind == "gbk":
        path.write_bytes(("# 部门数据\n" + HEAD + LINES).encode("utf-8").split(b"\n", 1)[0]
                         + b"\n" + (HEAD + LINES).encode("gbk"))
    elif kind == "utf16":
        path.write_bytes((HEAD + LINES).encode("utf-16"))
    elif kind == "png":
        path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    elif kind == "control":
        path.write_text(HEAD.replace("测试部门", "测试\x07部门") + LINES, encoding="utf-8")
    elif kind == "deep":
        path.write_text("a: " + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    elif kind == "huge":
        paragraph = "    - " + "部门职责说明。" * 200 + "\n"
        count = MAX_BYTES // len(paragraph.encode("utf-8")) + 2
        path.write_text(HEAD + LINES + "概况:\n  部门职责:\n" + paragraph * count,
                        encoding="utf-8")
        assert path.stat().st_size > MAX_BYTES
    elif kind in ("long-text", "long-word", "many-items"):
        text = {"long-text": "说明。" * 10_000, "long-word": "x" * 1_000,
                "many-items": ""}[kind]
        items = "".join(f"    - 第{i}条\n" for i in range(6_000)) if kind == "many-items" \
            else f"    - {text}\n"
        path.write_text(HEAD + "概况:\n  部门职责:\n" + items + LINES, encoding="utf-8")
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind != "missing":
        raise AssertionError(kind)
    return path


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", *args], capture_output=True,
                          text=True, cwd=REPO, timeout=60, check=False)


def test_every_file_has_an_expectation() -> None:
    files = {p.stem for p in HERE.glob("*.yaml")} - {"expected"}
    assert files == {case for case, e in EXPECTED.items() if "generate" not in e}


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_bad_input(case: str, tmp_path: Path) -> None:
    expected = EXPECTED[case]
    generate = expected.get("generate")
    path = _generate(str(generate), tmp_path) if generate else HERE / f"{case}.yaml"
    result = _run("check", str(path))
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output
    assert result.returncode == expected["status"], output
    prefix = f"{path}:{expected['at']}: 错误 [{expected['rule']}] "
    lines = [line for line in result.stdout.splitlines() if line.startswith(prefix)]
    assert lines, f"expected a line starting {prefix!r}, got:\n{result.stdout}"
    assert any(str(expected["message"]) in line for line in lines), lines
    # one clear error: the file's findings are about this problem only
    assert len(result.stdout.splitlines()) == 1, result.stdout


@pytest.mark.parametrize("case", ["empty", "syntax-colon", "negative-amount"])
def test_bad_input_as_json(case: str) -> None:
    result = _run("check", "--format", "json", str(HERE / f"{case}.yaml"))
    findings = yaml.safe_load(result.stdout)  # JSON is YAML
    line, column = (int(x) for x in str(EXPECTED[case]["at"]).split(":"))
    assert result.returncode == EXPECTED[case]["status"]
    assert findings == [{
        "file": str(HERE / f"{case}.yaml"), "line": line, "column": column, "severity": "错误",
        "rule": EXPECTED[case]["rule"], "message": findings[0]["message"]}]
    assert str(EXPECTED[case]["message"]) in findings[0]["message"]


def test_folder_without_yaml(tmp_path: Path) -> None:
    result = _run("check", str(tmp_path))
    assert result.returncode == 2
    assert "没有找到 YAML 文件" in result.stderr and "Traceback" not in result.stderr


def test_one_bad_file_does_not_hide_the_others(tmp_path: Path) -> None:
    good = tmp_path / "good.yaml"
    good.write_text(HEAD + LINES + '    差异原因: 调整。\n基本支出经济分类:\n  "30101": 4.94\n'
                    + "三公经费: {}\n" + COMPLETION, encoding="utf-8")
    result = _run("check", str(HERE / "negative-amount.yaml"), str(HERE / "empty.yaml"),
                  str(good))
    assert result.returncode == 2  # the worst status wins
    assert "negative-amount.yaml:9:11" in result.stdout
    assert "empty.yaml:1:1" in result.stdout
    assert f"{good}: 检查通过。" in result.stderr


@pytest.mark.parametrize("text", ["no", "NO", "yes", "010", "1e3", "0x1F", "~text", "2024-09-01"])
def test_yaml_11_words_in_text_stay_text(tmp_path: Path, text: str) -> None:
    """A department called “no” is called “no”: the loader never resolves YAML 1.1 types."""
    from generator.api import load_department

    path = tmp_path / "dept.yaml"
    path.write_text(HEAD.replace("测试部门", text) + LINES, encoding="utf-8")
    assert load_department(path).model.name == text
