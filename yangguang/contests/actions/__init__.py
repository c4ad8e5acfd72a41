"""Every write of the contests domain: one transaction each, validated, audited.

Stable entry points other domains (supervision) build on — see docs/contests.md:

    competition_import_scheme(*, actor, scheme: str | dict, organiser=None) -> Competition
    data_import(*, actor, competition, period, data: bytes, filename) -> DataSheet
    evaluation_run(*, actor, competition, period: str, note="") -> Evaluation
    bulletin_publish(*, actor, evaluation, title="", addressees="", body="", signer="",
                     issued_on=None, public=None) -> Bulletin

By sub-domain:

    competitions.py    competitions and schemes, and the figures they rank on (import, hand entry)
    evaluations.py     evaluations (versions, the current one) and bulletins
    events.py          judged events: create, judges, entrants, scores (submitted or entered), close
    blind_review.py    sealed documents, 2+1+1 grader assignment, release of identities
    record_review.py   the self, cross and central checks of a case file
    builder.py         the scheme builder: form fields ⇄ scheme, live preview, saving
    _common.py         who may act, the parsed scheme, a period inside the competition
"""

from ..queries import blind_state
from ._common import may, require, scheme_of
from .blind_review import event_release
from .builder import builder_preview, builder_save
from .competitions import competition_import_scheme, data_import, entry_set
from .evaluations import (
    RESULT_COLUMNS,
    build_inputs,
    bulletin_publish,
    evaluation_make_current,
    evaluation_run,
    snapshot_rows,
)
from .events import entrant_add, event_close, event_create, judge_add, mark_record, mark_submit

__all__ = [
    "builder_preview",
    "builder_save",
    "RESULT_COLUMNS",
    "blind_state",
    "build_inputs",
    "bulletin_publish",
    "competition_import_scheme",
    "data_import",
    "entrant_add",
    "entry_set",
    "evaluation_make_current",
    "evaluation_run",
    "event_close",
    "event_create",
    "event_release",
    "judge_add",
    "mark_record",
    "mark_submit",
    "may",
    "require",
    "scheme_of",
    "snapshot_rows",
]
