"""Exact scoring: figures as decimals, scores and totals rounded half up (四舍五入) to 2 decimals.

A figure read from a cell is kept as a binary float for speed and recovered exactly as the decimal it
was written as (`Decimal(repr(x))`, exact for up to 15 significant digits). A score is computed in
floating point first; only where that result lies within a hair of a rounding half (x.xx5) is it
recomputed in `Decimal` from the figures, so every rounded score is the one exact decimal arithmetic
gives, at the cost of Decimal work for a handful of participants. Totals are exact integer sums of
score cents × weight (weights have at most 4 decimals).
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

NAN = math.nan
CENT = Decimal("0.01")
HUNDRED = Decimal(100)
WEIGHT_SCALE = 10_000  # weights are held as integers × 10^4


def dec(x: float) -> Decimal | None:
    """The decimal a float figure stands for (None for a missing figure)."""
    if x != x:
        return None
    return Decimal(repr(float(x)))


def half_up_cents(x: Decimal) -> int:
    """Decimal → whole cents, ROUND_HALF_UP (an exact half goes away from zero)."""
    return int(x.scaleb(2).quantize(Decimal(1), ROUND_HALF_UP))


def cents_of(col, exact) -> list:
    """Scores (floats, NaN when missing) → cents (int | None), half up; `exact(k)` → Decimal | None is
    asked only where the float lies too close to a half to decide."""
    out = []
    append = out.append
    floor = math.floor
    for k, x in enumerate(col):
        if x != x:
            append(None)
            continue
        y = x * 100.0 if x >= 0 else -x * 100.0
        r = floor(y + 0.5)
        f = y + 0.5 - r
        tol = 1e-9 + y * 1e-13
        if f < tol or f > 1.0 - tol or y > 1e15:
            try:
                e = exact(k)
            except (ArithmeticError, InvalidOperation, TypeError):
                e = None
            append(None if e is None else half_up_cents(e))
        else:
            append(r if x >= 0 else -r)
    return out


def weight_units(weight: float) -> int:
    return int(Decimal(repr(float(weight))) * WEIGHT_SCALE)


def total_cents(weighted: int) -> int:
    """Σ cents × weight units → the total in cents: ÷ (100 × 10^4), half up."""
    div = 100 * WEIGHT_SCALE
    q, r = divmod(abs(weighted), div)
    if 2 * r >= div:
        q += 1
    return q if weighted >= 0 else -q


def cents_text(c: int | None) -> str:
    """Cents as a number padded to 2 decimals ("95.50"); "—" for none."""
    if c is None:
        return "—"
    sign = "-" if c < 0 else ""
    c = abs(c)
    return f"{sign}{c // 100}.{c % 100:02d}"


def cents_decimal(c: int | None) -> Decimal | None:
    return None if c is None else Decimal(c).scaleb(-2)


def g(x) -> str:
    """A figure for an explanation: up to 10 significant digits, no exponent for everyday sizes."""
    if x is None or x != x:
        return "—"
    if isinstance(x, Decimal):
        x = float(x)
    s = "%.10g" % x  # noqa: UP031
    return s
