"""What several use-cases of the contests domain share: who may act on a competition or an event, the
competition's parsed scheme, a period inside it, a stable hash of stored inputs."""

from __future__ import annotations

import hashlib
import json

from django.utils.translation import gettext_lazy as _

from yangguang.core.errors import DomainError, Forbidden, NotFound
from yangguang.orgs.queries import has_role, person_of

from ..engine.expr import fmt
from ..engine.periods import parse_period
from ..engine.scheme import Scheme, parse_scheme
from ..models import Competition, Event, Judge


def may(actor, competition: Competition, permission: str) -> bool:
    """Administrators of the organiser's unit, or committee members granted `permission` in the scheme."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return False
    if actor.is_superuser or has_role(actor, "admin", competition.organiser):
        return True
    me = person_of(actor)
    if me is None:
        return False
    for m in (competition.scheme or {}).get("committee", []):
        if m.get("person") == me.code and permission in (m.get("may") or []):
            return True
    return False


def require(actor, competition: Competition, permission: str) -> None:
    if not may(actor, competition, permission):
        raise Forbidden(_("Only the organiser's administrators or the committee may do this."))


def scheme_of(competition: Competition) -> Scheme:
    return parse_scheme(competition.scheme)


def content_hash(obj) -> str:
    return hashlib.sha256(
        json.dumps(obj, sort_keys=True, ensure_ascii=False, default=str).encode()
    ).hexdigest()


def period_in(comp: Competition, key: str):
    p = parse_period(key)
    if p.end < comp.start or p.start > comp.end:
        raise DomainError(
            "period_outside",
            fmt(
                _("Period %(period)s is outside the competition (%(start)s – %(end)s)."),
                period=p.key,
                start=comp.start,
                end=comp.end,
            ),
            {"period": p.key},
        )
    return p


def event_admin(actor, event_or_unit) -> None:
    unit = getattr(event_or_unit, "organiser", event_or_unit)
    if not (getattr(actor, "is_superuser", False) or has_role(actor, "admin", unit)):
        raise Forbidden(_("Only administrators of the organiser unit may manage this event."))


def judge_of(actor, event: Event, roles: tuple[str, ...]) -> list[Judge]:
    me = person_of(actor)
    if me is None:
        raise NotFound()
    js = list(event.judges.filter(person=me, role__in=roles).select_related("person__unit"))
    if not js:
        raise NotFound()
    return js
