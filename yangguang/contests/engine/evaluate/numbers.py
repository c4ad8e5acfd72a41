"""Exact scoring: figures as decimals, scores and totals rounded half up (四舍五入) to 2 decimals.

A figure read from a cell is kept as a binary float for speed and recovered exactly as the decimal it
was written as (`Decimal(repr(x))`, exact for up to 15 significant digits). A score is computed in
floating point first, with a bound on its distance from the exact value (columns.py); only where that
bound reaches a rounding half (x.xx5) is it recomputed exactly (fractions) from the figures, so every
rounded score is the one exact arithmetic gives, at the cost of exact work for a handful of participants. Totals are exact integer sums of
score cents × weight (weights have at most 4 decimals).
"""

from __future__ import annotations

import math
from collections import deque
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from ..exact import SAFETY, U
from ..exact import half_up_cents as exact_cents

NAN = math.nan
CENT = Decimal("0.01")
HUNDRED = Decimal(100)
WEIGHT_SCALE = 10_000  # weights are held as integers × 10^4


def dec(x: float) -> Decimal | None:
    """The decimal a float figure stands for (None for a missing figure)."""
    if x != x:
        return None
    return Decimal(repr(float(x)))


def half_up_cents(x) -> int:
    """An exact value (Decimal, Fraction, int) → whole cents, ROUND_HALF_UP (an exact half goes away
    from zero)."""
    if isinstance(x, Decimal):
        return int(x.scaleb(2).quantize(Decimal(1), ROUND_HALF_UP))
    return exact_cents(x)


_NEAR = object()  # a score whose bound reaches a rounding half: decided exactly


def cents_of(col, exact, q) -> list:
    """Scores (floats, NaN when missing) → cents (int | None), half up; `exact(k)` → the exact value is
    asked only where the float's bound (`q.rel` × |x|, else `q.errs[k]`) reaches a rounding half
    (x.xx5), so the float cannot decide the rounding."""
    floor = math.floor
    rel = q.rel
    if rel is not None:
        t = SAFETY * (rel + U)
        out = [
            None
            if x != x
            else (r if x >= 0 else -r)
            if (y := abs(x) * 100.0) <= 1e15 and (tol := t * y) < y + 0.5 - (r := floor(y + 0.5)) < 1.0 - tol
            else _NEAR
            for x in col
        ]
    else:
        out = [
            None
            if x != x
            else (r if x >= 0 else -r)
            if (y := abs(x) * 100.0) <= 1e15
            and (tol := SAFETY * (e * 100.0 + U * y)) < y + 0.5 - (r := floor(y + 0.5)) < 1.0 - tol
            else _NEAR
            for x, e in zip(col, q.errs, strict=True)
        ]
    for k in [k for k, c in enumerate(out) if c is _NEAR]:
        try:
            ex = exact(k)
        except (ArithmeticError, InvalidOperation, TypeError):
            ex = None
        out[k] = None if ex is None else half_up_cents(ex)
    return out


def scatter(target, positions, values) -> None:
    """target[positions[k]] = values[k] for every k, at C speed (no Python per element)."""
    deque(map(target.__setitem__, positions, values), maxlen=0)


def weight_units(weight: float) -> int:
    return int(Decimal(repr(float(weight))) * WEIGHT_SCALE)


def totals_cents(weighted: list) -> list[int]:
    """Σ cents × weight units → totals in cents: ÷ (100 × 10^4), half up — ⌊(|t| + div/2) / div⌋ (div is
    even, so an exact half goes up), the sign restored."""
    div = 100 * WEIGHT_SCALE
    half = div // 2
    return [(t + half) // div if t >= 0 else -((half - t) // div) for t in weighted]


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
