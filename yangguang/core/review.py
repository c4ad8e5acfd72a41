"""Double-blind marking with arbitration: the 2+1+1 rule shared by blind review (contests) and
sealed grading (exams). Pure.

Two graders mark independently. If their gap is within the tolerance, the result is their mean.
Otherwise a third grader marks; if the third mark is within the tolerance of at least one of the
first two, the result is the mean of the third mark and the nearer of the two (ties: the higher).
Otherwise the group leader's mark is final.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class ReviewState:
    needs: str | None  # "second", "third", "leader", or None when settled
    result: Decimal | None
    rule: str  # a short explanation of how the result came about


def q2(x) -> Decimal:
    return Decimal(str(x)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def resolve_2p1p1(marks: list, tolerance, leader=None) -> ReviewState:
    """marks: the first, second and (optional) third graders' marks in order; leader: the leader's."""
    tol = Decimal(str(tolerance))
    m = [Decimal(str(x)) for x in marks]
    if len(m) < 2:
        return ReviewState("second", None, _("waiting for the second grader"))
    a, b = m[0], m[1]
    if abs(a - b) <= tol:
        return ReviewState(
            None,
            q2((a + b) / 2),
            _("|%(a)s-%(b)s| ≤ %(tol)s: the mean of the two marks") % {"a": a, "b": b, "tol": tol},
        )
    if len(m) < 3:
        return ReviewState(
            "third", None, _("|%(a)s-%(b)s| > %(tol)s: a third grader marks") % {"a": a, "b": b, "tol": tol}
        )
    c = m[2]
    near = sorted([a, b], key=lambda x: (abs(x - c), -x))[0]
    if abs(near - c) <= tol:
        return ReviewState(
            None,
            q2((near + c) / 2),
            _("third mark %(c)s within %(tol)s of %(near)s: the mean of the two")
            % {"c": c, "tol": tol, "near": near},
        )
    if leader is None:
        return ReviewState(
            "leader",
            None,
            _("third mark %(c)s beyond %(tol)s of both: the group leader decides") % {"c": c, "tol": tol},
        )
    return ReviewState(None, q2(leader), _("the group leader's mark %(m)s is final") % {"m": leader})
