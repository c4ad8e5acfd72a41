"""Step 3: totals and ranks. Total = Σ score × weight / 100, exact, half up to cents; equal totals share
a rank (1, 2, 2, 4) unless the scheme's tie-break quantities separate them."""

from __future__ import annotations

from itertools import repeat
from operator import sub

from .context import GroupContext
from .numbers import scatter, totals_cents, weight_units

WORST = -(1 << 62)


def shared_ranks(keys: list) -> tuple[list[int], list[int], bytearray]:
    """Ranks for keys (higher is better): equal keys share a rank (1, 2, 2, 4).

    Returns (rank, rank from the bottom, tied flags). Rank = 1 + how many are strictly better; from
    the bottom = 1 + how many are strictly worse."""
    n = len(keys)
    sk = sorted(keys, reverse=True)
    # 1 + a key's first position in that order (later pairs overwrite: the first position stays)
    first = dict(zip(reversed(sk), range(n, 0, -1), strict=True))
    rank = list(map(first.__getitem__, keys))  # whole columns at C speed: no Python per participant
    if len(first) == n:  # no ties: from the bottom is the rank read backwards
        return rank, list(map(sub, repeat(n + 1), rank)), bytearray(n)
    # n − a key's last position
    last = dict(zip(sk, range(n, 0, -1), strict=True))
    bottom = list(map(last.__getitem__, keys))
    tied = bytearray(map(int.__ne__, rank, map(sub, repeat(n + 1), bottom)))  # first ≠ last position
    return rank, bottom, tied


def key_column(ctx: GroupContext, name: str) -> list:
    """A ranking key by name (higher is better): an indicator's score cents, or a derived quantity."""
    ind = ctx.scheme.indicator(name)
    if ind is not None:
        return [WORST if c is None else c for c in ctx.cents[ind.code]]
    return [x if x == x else float("-inf") for x in ctx.field_named(name).vals]


def rank_field(ctx: GroupContext) -> None:
    totals = totals_cents(_weighted_sums(ctx))
    ctx.totals = totals
    tb = ctx.scheme.tie_break
    keys = totals
    if tb:
        cols = [key_column(ctx, x) for x in tb]
        if all(ctx.scheme.indicator(x) is not None for x in tb):  # score cents: whole numbers
            # whole cents: pack (total, tie-break …) into one integer key — same order, faster to rank
            for c in cols:
                lo, hi = min(c, default=0), max(c, default=0)
                span = hi - lo + 1
                keys = [k * span + (x - lo) for k, x in zip(keys, c, strict=True)]
        else:
            keys = list(zip(totals, *cols, strict=True))
    rk, bt, tied = shared_ranks(keys)
    ctx.rank, ctx.bottom = rk, bt
    res = ctx.res
    for target, values in ((res.cents, totals), (res.rank, rk), (res.bottom, bt), (res.tied, tied)):
        scatter(target, ctx.fidx, values)


def _weighted_sums(ctx: GroupContext) -> list[int]:
    """Σ score cents × weight units per field position (a missing score counts nothing)."""
    cols = [ctx.cents[ind.code] for ind in ctx.inds]
    weights = [weight_units(ind.weight) for ind in ctx.inds]
    if not cols or any(None in c for c in cols):
        totals = [0] * ctx.nf
        for cents, w in zip(cols, weights, strict=True):
            if None in cents:
                totals = [t if c is None else t + c * w for t, c in zip(totals, cents, strict=True)]
            else:
                totals = [t + c * w for t, c in zip(totals, cents, strict=True)]
        return totals
    # every score present: one pass over all the columns (a comprehension generated from the weights,
    # whole numbers of our own)
    names = [f"c{j}" for j in range(len(cols))]
    terms = " + ".join(f"{n} * {w}" for n, w in zip(names, weights, strict=True))
    fn = eval(f"lambda cols: [{terms} for {', '.join(names)}, in zip(*cols)]")  # noqa: S307
    return fn(cols)
