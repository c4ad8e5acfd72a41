"""Objective grading. Stated rules:

- single choice and true/false: full points when equal to the key, else 0;
- multiple choice: full points only for exactly the key's set of options, else 0;
- fill in the blank: each blank is worth points ÷ blanks; a blank is right when, after NFKC
  normalisation (full-width → half-width), trimming, removing inner spaces and lower-casing, it
  equals one of that blank's accepted answers;
- short answer: not graded here (two graders, 2+1+1).
Scores are rounded half up to 0.01.
"""

from __future__ import annotations

import unicodedata
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def normalise(text) -> str:
    return "".join(unicodedata.normalize("NFKC", str(text)).split()).lower()


def grade(kind: str, key, value, points) -> tuple[Decimal, str]:
    pts = Decimal(str(points))
    if value is None or value == "" or value == []:
        return Decimal("0.00"), "no answer"
    if kind == "single":
        ok = _int(value) == key
        return (pts if ok else Decimal(0)).quantize(CENT), "equals key" if ok else "differs from key"
    if kind == "tf":
        ok = bool(value) is bool(key) and isinstance(value, bool)
        return (pts if ok else Decimal(0)).quantize(CENT), "equals key" if ok else "differs from key"
    if kind == "multi":
        try:
            got = {int(v) for v in value}
        except (TypeError, ValueError):
            return Decimal("0.00"), "not a list of options"
        ok = got == set(key or [])
        return (pts if ok else Decimal(0)).quantize(CENT), "exact set" if ok else "not the exact set"
    if kind == "fill":
        blanks = key or []
        if not blanks:
            return Decimal("0.00"), "no key"
        vals = value if isinstance(value, list) else [value]
        right = 0
        for i, accepted in enumerate(blanks):
            if i < len(vals) and normalise(vals[i]) in {normalise(a) for a in accepted}:
                right += 1
        score = (pts * right / len(blanks)).quantize(CENT, rounding=ROUND_HALF_UP)
        return score, f"{right}/{len(blanks)} blanks right"
    raise ValueError(f"not an objective type: {kind}")


def _int(v):
    try:
        return int(v)
    except (TypeError, ValueError):
        return None


def grade_paper(
    items: list[dict], keys: dict[int, tuple[str, object]], answers: dict[int, object]
) -> Decimal:
    """items: [{"q", "points"}]; keys: {q: (kind, key)}; answers: {q: value}. Objective total."""
    total = Decimal(0)
    for it in items:
        kind, key = keys[it["q"]]
        if kind == "short":
            continue
        total += grade(kind, key, answers.get(it["q"]), it["points"])[0]
    return total.quantize(CENT)
