"""What every write of the disclosure domain shares: roles, the scope check, errors, sanitising."""

from __future__ import annotations

from datetime import date

import nh3
from django.db import transaction
from django.utils import timezone

from yangguang.core.errors import DomainError, Forbidden, NotFound
from yangguang.orgs.models import Unit
from yangguang.orgs.queries import has_role, in_scope

from ..models import CHANNELS

WRITE_ROLES = ("admin", "handler")
REVIEW_ROLES = ("admin", "leader", "supervisor")
APPROVE_ROLES = ("admin", "leader")
CHANNEL_CODES = {c for c, _l in CHANNELS}
ALLOWED_TAGS = {
    "p", "br", "strong", "b", "em", "i", "u", "ul", "ol", "li", "a", "h2", "h3", "h4", "table", "thead",
    "tbody", "tr", "th", "td", "blockquote", "span", "div", "hr", "sub", "sup",
}  # fmt: skip


def today() -> date:
    return timezone.localdate()


def sanitize(html: str) -> str:
    """Rich text bodies keep their structure, never their scripts."""
    return nh3.clean(html or "", tags=ALLOWED_TAGS, link_rel="noopener noreferrer")


def _require(actor, roles, unit: Unit) -> None:
    """Out of scope is a 404 like a missing object; in scope without the role is a 403."""
    if not has_role(actor, roles, unit):
        raise (
            Forbidden() if in_scope(actor, unit) and getattr(actor, "is_authenticated", False) else NotFound()
        )


def _catalogue_changed() -> None:
    """After commit, retire the cached public catalogue fragments (see public_views.catalogue)."""

    def bump():
        from django.core.cache import cache

        from ..queries import CATALOGUE_VERSION_KEY

        try:
            cache.incr(CATALOGUE_VERSION_KEY)
        except ValueError:
            cache.set(CATALOGUE_VERSION_KEY, 2, None)

    transaction.on_commit(bump)


def _err(code: str, message, field: str | None = None, **details):
    if field:
        details["field"] = field
    return DomainError(code, message, details)
