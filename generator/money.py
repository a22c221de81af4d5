"""Amounts and rates: Decimal arithmetic in 万元, rounding half-up in one place.

Every amount in the model is a ``Decimal`` in 万元 (two decimals, or exact when entered
in 元). Rates and shares are percentages rounded half-up to the profile's number of
decimals (two unless a region prints one). Nothing else in the package rounds.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
HUNDRED = Decimal(100)

#: Rounding tolerance per rounded term: published amounts are rounded from yuan to 0.01
#: 万元, so a sum of n published terms may differ from the published total by up to
#: n × 0.005, which we round up to 0.01 per term. Used by the checker.
TAIL_PER_TERM = Decimal("0.01")


def round_money(value: Decimal, places: int = 2) -> Decimal:
    """Round an amount to ``places`` decimals of 万元 (0.01 by default), half-up."""
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def round_rate(value: Decimal, places: int = 2) -> Decimal:
    """Round a percentage to ``places`` decimals, half-up."""
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def total(values: Iterable[Decimal]) -> Decimal:
    """Sum amounts exactly (inputs carry two decimals, so the sum does too)."""
    return sum(values, ZERO)


def percent(part: Decimal, whole: Decimal, places: int = 2) -> Decimal | None:
    """``part / whole × 100`` rounded half-up to ``places`` decimals; None when whole is 0."""
    if whole == 0:
        return None
    return round_rate(part * HUNDRED / whole, places)


def tail_per_term(places: int = 2) -> Decimal:
    """The rounding tail allowed per rounded term when amounts are printed with ``places``
    decimals: one unit of the last printed decimal (0.01 for two decimals, TAIL_PER_TERM;
    0.1 for the one decimal of a 预算's tables), twice the half unit a rounding can move."""
    return Decimal(1).scaleb(-places)


def rounding_tail(terms: int, per_term: Decimal = TAIL_PER_TERM) -> Decimal:
    """The tolerance for a sum of ``terms`` rounded amounts (``per_term`` each)."""
    return per_term * max(terms, 1)


def tolerance(terms: int, per_term: Decimal = TAIL_PER_TERM) -> Decimal:
    """The rounding tail allowed when one side adds up ``terms`` rounded amounts.

    Zero for a single figure (the same rounded amount printed twice must be identical),
    else ``rounding_tail(terms, per_term)``.
    """
    return ZERO if terms <= 1 else rounding_tail(terms, per_term)
