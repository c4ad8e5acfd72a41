"""Panel results: drop the highest and the lowest score when the panel is large enough, average the
rest, 2 decimals (ROUND_HALF_UP). Pure."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


def panel_result(totals: list, min_judges_to_trim: int = 5) -> tuple[Decimal | None, str]:
    xs = sorted(Decimal(str(t)) for t in totals)
    if not xs:
        return None, "no scores"
    rule = f"mean of {len(xs)} scores"
    if len(xs) >= min_judges_to_trim and len(xs) >= 3:
        xs = xs[1:-1]
        rule = f"highest and lowest dropped ({len(xs) + 2} judges ≥ {min_judges_to_trim}), mean of {len(xs)}"
    mean = (sum(xs) / len(xs)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return mean, rule
