"""A mutation campaign: the consistent and complete departments of both kinds
(support.COMPLETE, support.BUDGET_COMPLETE), each mutated at one place — a value replaced
by a hostile or malformed one, a line deleted, duplicated or re-indented — and run through
what ``disclosure check`` runs. For every case:

- no traceback and no internal error (exit 3): a user's mistake is exit 1 or 2;
- every finding is located in the file (a line that exists);
- a case check accepts (no error) renders: every file that passes check must build.

CI runs ``CASES_PER_KIND`` cases per kind (2,400 in all). More, e.g. 20,000 a kind:

    HYPOTHESIS_CASES=20000 .venv/bin/python -m pytest tests/mutation -q

Hypothesis keeps the failing cases it finds in ``.hypothesis/`` and replays them first.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import BUDGET_COMPLETE, COMPLETE

from generator import api
from generator.cli import INTERNAL, check_file

CASES_PER_KIND = int(os.environ.get("HYPOTHESIS_CASES", "1200"))

#: Values a finance officer, a spreadsheet export or an attacker might put in a field.
HOSTILE = [
    "", "~", "null", "[]", "{}", "[1, 2]", "{a: 1}", "0", "-1", "-0.01", "1e3", "1.005",
    "010", "0x10", "1_000", "1,000.00", "１２３", "²", "99999999999999999999999999999",
    "123456789012", "0.00001", ".5", "5.", "inf", "nan", "true", "no", "yes", "on",
    '"12.34"', "'2010301'", '"2010301"', "2010301", '"201030"', '"20103011"', '"abc"',
    '"\\ud83d"', '"\\0"', '"\\x07"', '"\\uFFFE"', '"\\u202E反向"', '"\\t"', "!!float 1",
    "!!str 12", "&a 1", "*a", "|\n  多行\n  文字", ">-\n  折叠", '"<script>x</script>"',
    '"{{ 7*7 }}"', '"{% for x in y %}"', '"%s%d%n"', '"../../etc/passwd"', '"C:\\\\x"',
    '"' + "很长的说明" * 5000 + '"', '"' + "x" * 400 + '"', '"2024-13-45"', "2024-09",
    "2024-02-30", '"人员调整\\n按需支出。"', '"支出支出"',
]


def _mutate(text: str, data: st.DataObject) -> str:
    """``text`` mutated at one line chosen by ``data``."""
    lines = text.splitlines()
    index = data.draw(st.integers(0, len(lines) - 1), label="line")
    line = lines[index]
    action = data.draw(st.sampled_from(["value", "value", "value", "delete", "duplicate",
                                        "indent", "key"]), label="action")
    if action == "delete":
        del lines[index]
    elif action == "duplicate":
        lines.insert(index, line)
    elif action == "indent":
        lines[index] = data.draw(st.sampled_from(["  ", "    ", "\t"])) + line
    elif action == "key" and ":" in line:
        key, _, rest = line.partition(":")
        new_key = data.draw(st.sampled_from(["未知字段", "", "\"\"", "- x", key + key]))
        lines[index] = f"{key[: len(key) - len(key.lstrip())]}{new_key}:{rest}"
    elif ":" in line:
        key, _, _ = line.partition(":")
        value = data.draw(st.one_of(
            st.sampled_from(HOSTILE),
            st.decimals(allow_nan=False, allow_infinity=False, places=data.draw(
                st.integers(0, 4))).map(str),
            st.text(min_size=1, max_size=30).map(lambda s: '"' + s.replace("\\", "\\\\")
                                                 .replace('"', '\\"') + '"'),
        ), label="value")
        lines[index] = f"{key}: {value}"
    return "\n".join(lines) + "\n"


def _campaign(tmp_path: Path, base: str, data: st.DataObject) -> None:
    text = _mutate(base, data)
    path = tmp_path / "dept.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    report, findings, status = check_file(path)
    assert status != INTERNAL, [str(f) for f in findings]
    count = text.count("\n") + 1
    for finding in findings:
        assert finding.position.file == str(path), finding
        assert 1 <= finding.position.line <= count, finding
        assert finding.message, finding
    if report is not None and not api.has_errors(findings):
        api.render_document(report)  # every accepted file builds (templates and tree)


_SETTINGS = settings(max_examples=CASES_PER_KIND, deadline=None, derandomize=True,
                     suppress_health_check=[HealthCheck.function_scoped_fixture,
                                            HealthCheck.too_slow])


@_SETTINGS
@given(data=st.data())
def test_final_accounts_mutations(tmp_path: Path, data: st.DataObject) -> None:
    _campaign(tmp_path, COMPLETE, data)


@_SETTINGS
@given(data=st.data())
def test_budget_mutations(tmp_path: Path, data: st.DataObject) -> None:
    _campaign(tmp_path, BUDGET_COMPLETE, data)


@pytest.mark.parametrize("base", [COMPLETE, BUDGET_COMPLETE], ids=["决算", "预算"])
def test_the_bases_pass_and_render(tmp_path: Path, base: str) -> None:
    """The campaign starts from files check accepts (else it would test nothing)."""
    path = tmp_path / "dept.yaml"
    path.write_text(base, encoding="utf-8")
    report, findings, status = check_file(path)
    assert status == 0 and report is not None and not api.has_errors(findings)
    api.render_document(report)
