"""Who may fetch a staff photo (core.media): logged-in staff whose scope covers the person, the same
rule as the staff card (三卡) that shows it. Anyone else gets the same 404 as a missing file."""

from __future__ import annotations

from yangguang.core.errors import NotFound

from .models import Person
from .queries import person_get


def photo(request, name: str) -> bool:
    for person_id in Person.objects.filter(photo=name).values_list("pk", flat=True):
        try:
            person_get(actor=request.user, person_id=person_id)
        except NotFound:
            continue
        return True
    return False


GUARDS = {"people/": photo}
