"""What every services write shares: who may act, how a working-day limit is read, today."""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yangguang.core.errors import DomainError, Forbidden, NotFound
from yangguang.orgs.models import Unit
from yangguang.orgs.queries import has_role, in_scope

from .. import rules

STAFF = ("handler", "supervisor", "admin")
MANAGERS = ("supervisor", "admin")


def local_today() -> date:
    return timezone.localdate()


def _require(actor, roles, unit: Unit) -> None:
    if not has_role(actor, roles, unit):
        if in_scope(actor, unit):
            raise Forbidden()
        raise NotFound()


def _limit(value, field: str) -> int:
    try:
        n = int(value)
    except (TypeError, ValueError):
        raise DomainError(
            "invalid_limit",
            _("%(field)s must be a whole number of working days.") % {"field": field},
            {"field": field},
        )
    if n < 0 or n > rules.MAX_LIMIT:
        raise DomainError(
            "invalid_limit",
            _("%(field)s must be between 0 and %(max)d working days.")
            % {"field": field, "max": rules.MAX_LIMIT},
            {"field": field, "value": n},
        )
    return n
