"""Lookups of units and people from the ids a request names, shared by every supervision router."""

from yangguang.core.errors import DomainError
from yangguang.orgs.models import Person, Unit
from yangguang.orgs.queries import person_list, unit_get

from ..labels import fmt


def _unit(request, unit_id: int | None) -> Unit | None:
    # Only an absent id means "no unit": 0 is an id like any other, and names no unit (404).
    return unit_get(actor=request.user, unit_id=unit_id) if unit_id is not None else None


def _units(request, ids: list[int]) -> list[Unit]:
    return [unit_get(actor=request.user, unit_id=i) for i in ids]


def _people(request, ids: list[int]) -> list[Person]:
    found = {p.pk: p for p in person_list(actor=request.user).filter(pk__in=ids)}
    missing = [i for i in ids if i not in found]
    if missing:
        from django.utils.translation import gettext_lazy as _

        raise DomainError(
            "unknown_person", fmt(_("Unknown person %(id)s."), id=missing[0]), {"field": "people"}
        )
    return [found[i] for i in ids]
