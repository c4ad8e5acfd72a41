"""Who may fetch a disclosure attachment (core.media): anyone once its record is published to the
public; before that (drafts, confidentiality review) or for a non-public audience, only staff whose
scope covers the record's unit. Anything else is the same 404 as a missing file."""

from __future__ import annotations

from . import queries
from .models import Attachment


def attachment(request, name: str) -> bool:
    records = Attachment.objects.filter(file=name).values("disclosure_id")
    if queries.public_records().filter(pk__in=records).exists():
        return True
    return queries.disclosure_list(actor=request.user).filter(pk__in=records).exists()


GUARDS = {"disclosure/": attachment}
