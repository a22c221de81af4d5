"""Identities: one printed cell equals a signed sum of others, whatever the document kind.

A kind lists the sums its tables print and the equalities between its tables as
:class:`Identity` objects (``generator.kinds.<kind>.identities``). Its derived tables
satisfy them by construction; the checker evaluates them on the figures a department
enters under ``公布数``, and :func:`same_figure` tells the printing of 公布数 which cells are
one and the same figure.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from generator.tables import NOTHING, Ref, Table


@dataclass(frozen=True)
class Identity:
    """``total`` = Σ sign × part; ``parts_text`` names the right side when it has several."""

    rule: str
    total: Ref
    parts: tuple[tuple[int, Ref], ...]
    parts_text: str = ""

    @property
    def refs(self) -> tuple[Ref, ...]:
        """Every cell the identity reads."""
        return (self.total, *(ref for _, ref in self.parts))


def sum_identity(rule: str, total: Ref, parts: Sequence[Ref], text: str) -> Identity:
    """``total`` = the sum of ``parts`` (``text`` names them in messages)."""
    return Identity(rule, total, tuple((1, p) for p in parts), text)


def same_figure(tables: Mapping[str, Table], found: Iterable[Identity]
                ) -> Iterator[tuple[Ref, Ref]]:
    """Pairs of cells that print one and the same figure: the two sides of a single-part
    identity (a class line of one table and the same class of another), and a total with
    its only non-empty part (总计 = 本年支出合计 when the carry-over lines are empty)."""
    for identity in found:
        filled = [(sign, ref) for sign, ref in identity.parts
                  if tables[ref[0]].cell(ref[1], ref[2]) != NOTHING]
        if len(filled) == 1 and filled[0][0] == 1:
            yield identity.total, filled[0][1]
