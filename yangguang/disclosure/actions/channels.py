"""Channels (公开渠道): where a published record reaches the public, and the check every channel passes."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from yangguang.audit import actions as audit

from ..models import (
    Disclosure,
    Publication,
)
from ._common import (
    CHANNEL_CODES,
    WRITE_ROLES,
    _catalogue_changed,
    _err,
    _require,
    today,
)


def _check_channel(channel: str, issue: str) -> None:
    if channel not in CHANNEL_CODES:
        raise _err("bad_channel", _("Unknown channel: %(c)s") % {"c": channel}, "channel")
    if channel in ("gazette", "press") and not (issue or "").strip():
        raise _err(
            "issue_required",
            _("A gazette needs its issue number and a press conference its session."),
            "issue",
        )


@transaction.atomic
def disclosure_add_channel(*, actor, disclosure: Disclosure, channel: str, on: date, issue: str = ""):
    """Publish an already published record through one more channel (a gazette issue, a broadcast …)."""
    _require(actor, WRITE_ROLES, disclosure.unit)
    if disclosure.status != "published":
        raise _err("not_approved", _("A record reaches the public only through an approved list."))
    _check_channel(channel, issue)
    if on < disclosure.published_on or on > today():
        raise _err(
            "bad_date",
            _("The publication date must lie between first publication and today."),
            "published_on",
        )
    p = Publication.objects.create(
        disclosure=disclosure, unit=disclosure.unit, channel=channel, issue=issue, published_on=on
    )
    audit.record_create(actor=actor, instance=p, unit=disclosure.unit)
    _catalogue_changed()
    return p
