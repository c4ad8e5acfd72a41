"""Evaluating one period as named steps, per group (支行, 网点 …):

1. `decide_field` (eligibility.py): eligibility and `disqualify` rules on values, bases, plans, rates,
   facts and derived quantities; a removed participant has no score, rank, award or penalty;
2. `score_indicators` (scoring.py): each indicator's score by its method, capped, half up to cents;
3. `rank_field` (ranking.py): total = Σ score × weight / 100 (exact, half up), shared ranks, tie-break;
4. `mark_ineligible`, `give_awards` (awards.py): 取消评选资格 keeps the rank but bars awards; awards;
5. `apply_penalties` (penalties.py): penalties, also for the award-ineligible;
6. `build_templates` (explain.py): the per-group explanation template and JSON writer.

A rule that fails for one participant marks that participant with the error and counts as not met.
"""

from __future__ import annotations

import gc
from array import array
from contextlib import contextmanager

from .. import forked
from .awards import give_awards, mark_ineligible
from .context import GroupContext
from .eligibility import decide_field
from .explain import build_templates
from .numbers import scatter
from .penalties import apply_penalties, penalty_hits
from .ranking import rank_field
from .result import Result
from .scoring import score_indicators

STEPS = (
    decide_field,
    score_indicators,
    rank_field,
    mark_ineligible,
    give_awards,
    apply_penalties,
    build_templates,
)


@contextmanager
def gc_paused():
    """No cyclic garbage collection inside: an evaluation allocates hundreds of thousands of small
    containers and makes no cycles worth collecting, so the collector's repeated passes over them are
    pure cost (a third of a 16,000-participant preview). The previous state is restored after."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def evaluate(scheme, table, *, workers: int = 1) -> Result:
    """workers=2: the offline CLI's leave to share independent steps with a forked process (forked.py);
    the results are the same."""
    with gc_paused():
        return _evaluate(scheme, table, workers)


def _evaluate(scheme, table, workers: int = 1) -> Result:
    n = len(table)
    res = Result(
        scheme=scheme,
        table=table,
        cents=[None] * n,
        rank=[None] * n,
        bottom=[None] * n,
        tied=bytearray(n),
        disqualified=[None] * n,
        ineligible=[None] * n,
        awards=[None] * n,
        penalties=[None] * n,
        errors=[None] * n,
        fired=[None] * n,
        gpos=array("l", bytes(8 * n)) if array("l").itemsize == 8 else array("l", [0] * n),
        fpos=array("l", [-1]) * n,
        groups={},
        field_count={},
    )
    compiled: dict = {}
    codes = scheme.group_codes()
    if len(codes) == 1:
        by_group = {codes[0]: None}  # everyone: no index lists needed
    else:
        by_group = {c: [] for c in codes}
        for i, gc in enumerate(table.groups):
            by_group.setdefault(gc, []).append(i)
    for gcode in codes:
        ctx = GroupContext(scheme, table, res, gcode, by_group.get(gcode, []), compiled)
        ctx.workers = workers
        scatter(res.gpos, ctx.idx, range(ctx.m))
        apart = workers > 1 and ctx.nf >= forked.MIN_ROWS and ctx.scheme.penalties
        for step in STEPS:
            if step is give_awards and apart:
                # penalties do not depend on awards: their rules run in a forked process meanwhile
                _none, ctx.penalties_found = forked.shared(
                    lambda c=ctx: penalty_hits(c), lambda c=ctx: give_awards(c)
                )
            else:
                step(ctx)
    return res
