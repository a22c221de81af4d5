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


def round_money(value: Decimal) -> Decimal:
    """Round an amount to 0.01 万元, half-up."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


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


def rounding_tail(terms: int) -> Decimal:
    """The tolerance for a sum of ``terms`` rounded amounts (see TAIL_PER_TERM)."""
    return TAIL_PER_TERM * max(terms, 1)


def tolerance(terms: int) -> Decimal:
    """The rounding tail allowed when one side adds up ``terms`` rounded amounts.

    Zero for a single figure (the same rounded amount printed twice must be identical),
    else ``rounding_tail(terms)``.
    """
    return ZERO if terms <= 1 else rounding_tail(terms)
