"""Who may fetch a judged event's entrant document (core.media): only those who administer the event.

The uploaded file is the original, names and all; judges read the sealed text (`Entrant.text`, names
replaced by the seal code) on the event page and never get the file, so a grader cannot learn a name
from it. Everyone else gets the same 404 as a missing file."""

from __future__ import annotations

from yangguang.core.errors import NotFound

from . import queries
from .models import Entrant


def entrant_document(request, name: str) -> bool:
    for event_id in Entrant.objects.filter(document=name).values_list("event_id", flat=True).distinct():
        try:
            event = queries.event_get(actor=request.user, event_id=event_id)
        except NotFound:
            continue
        if queries.can_manage_event(request.user, event):
            return True
    return False


GUARDS = {"contests/blind/": entrant_document}
