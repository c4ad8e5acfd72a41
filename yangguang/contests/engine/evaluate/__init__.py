"""Evaluating one period (see pipeline.py for the steps). Public: `evaluate`, `Result`, `shared_ranks`."""

from .explain import GroupResult
from .pipeline import STEPS, evaluate
from .ranking import shared_ranks
from .result import Result

__all__ = ["STEPS", "GroupResult", "Result", "evaluate", "shared_ranks"]
