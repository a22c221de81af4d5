"""Findings: what the loader, validator and checker report, pointing at a line of YAML."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Severity(Enum):
    """How bad a finding is: an error stops the build, a warning asks for a look, a piece
    of information says what the report does (it never needs an action)."""

    ERROR = "错误"
    WARNING = "警告"
    INFO = "提示"


@dataclass(frozen=True)
class Position:
    """A place in an input file (line and column are 1-based)."""

    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Finding:
    """One problem found in a department's data, in Chinese, at its YAML position."""

    position: Position
    severity: Severity
    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.position}: {self.severity.value} [{self.rule}] {self.message}"

    def as_dict(self) -> dict[str, object]:
        """The finding as plain data (for ``--format json``)."""
        return {
            "file": self.position.file,
            "line": self.position.line,
            "column": self.position.column,
            "severity": self.severity.value,
            "rule": self.rule,
            "message": self.message,
        }


class InputError(Exception):
    """The input could not be turned into a model; ``findings`` says why, line by line."""

    def __init__(self, findings: list[Finding], *, unreadable: bool = False) -> None:
        super().__init__("\n".join(str(f) for f in findings))
        self.findings = findings
        #: True when the file could not be read at all (not a file, not UTF-8, bad YAML).
        self.unreadable = unreadable


class ChecksFailed(InputError):
    """The data was read, but the checks found errors (``build --force`` goes past them)."""


def internal_error(path: str, exc: BaseException) -> Finding:
    """A program error while handling ``path``, as one finding (never a traceback)."""
    return Finding(Position(path, 1, 1), Severity.ERROR, "INTERNAL", (
        f"程序内部错误（{type(exc).__name__}: {exc}）：这不是数据的问题，请把此文件报告给维护者。"))
