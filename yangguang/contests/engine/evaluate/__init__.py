"""Evaluating one period (see pipeline.py for the steps). Public: `evaluate`, `Result`, `shared_ranks`,
`gc_paused`."""

from .explain import GroupResult
from .pipeline import STEPS, evaluate, gc_paused
from .ranking import shared_ranks
from .result import Result

__all__ = ["STEPS", "GroupResult", "Result", "evaluate", "gc_paused", "shared_ranks"]
