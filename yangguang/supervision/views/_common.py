"""Form parsing and rendering helpers the supervision pages share."""

from __future__ import annotations

import json
import re
from datetime import date

from django.contrib import messages
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from yangguang.core.errors import DomainError
from yangguang.orgs.models import Person, Unit
from yangguang.orgs.queries import person_list, unit_get


# -- parsing helpers ------------------------------------------------------------------------
def _date(value, field: str, required: bool = True) -> date | None:
    value = (value or "").strip()
    if not value:
        if required:
            raise DomainError("required", _("%(field)s is required.") % {"field": field}, {"field": field})
        return None
    try:
        d = parse_date(value)
    except ValueError:
        d = None
    if d is None:
        raise DomainError("bad_date", _("%(field)s: not a date (YYYY-MM-DD).") % {"field": field})
    return d


def _codes(value: str) -> list[str]:
    return [c for c in re.split(r"[、,，;；\s]+", value or "") if c]


def _unit(actor, code: str, field: str, required: bool = True) -> Unit | None:
    code = (code or "").strip()
    if not code:
        if required:
            raise DomainError("required", _("%(field)s is required.") % {"field": field}, {"field": field})
        return None
    try:
        return unit_get(actor=actor, code=code)
    except DomainError:
        raise DomainError("unknown_unit", _("Unknown unit code %(code)s.") % {"code": code}, {"field": field})


def _units(actor, value: str, field: str) -> list[Unit]:
    return [_unit(actor, c, field) for c in _codes(value)]


def _people(actor, value: str, field: str) -> list[Person]:
    codes = _codes(value)
    found = {p.code: p for p in person_list(actor=actor).filter(code__in=codes)}
    missing = [c for c in codes if c not in found]
    if missing:
        raise DomainError(
            "unknown_person", _("Unknown staff number %(code)s.") % {"code": missing[0]}, {"field": field}
        )
    return [found[c] for c in codes]


def _today() -> date:
    return timezone.localdate()


def _chart(option: dict) -> str:
    return json.dumps(option, ensure_ascii=False, default=str)


def _form_error(request, e: DomainError) -> None:
    messages.error(request, str(e.message))
