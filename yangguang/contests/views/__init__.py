"""Staff pages: thin over actions and queries, one module per sub-domain (urls.py names them):

competitions.py   the list, a competition, its scheme and figures
evaluations.py    evaluations, versions, bulletins and their exports
events.py         judged events: tasks, scores, entrants, close and release
"""

from .competitions import competition, data_import, entry, home, scheme_edit, scheme_export, scheme_import
from .evaluations import (
    bulletin,
    bulletin_export,
    bulletin_file,
    evaluate,
    evaluation,
    evaluation_export,
    make_current,
    publish,
)
from .events import entrant_new, event, event_close, event_new, event_release, event_score

__all__ = [
    "bulletin",
    "bulletin_export",
    "bulletin_file",
    "competition",
    "data_import",
    "entrant_new",
    "entry",
    "evaluate",
    "evaluation",
    "evaluation_export",
    "event",
    "event_close",
    "event_new",
    "event_release",
    "event_score",
    "home",
    "make_current",
    "publish",
    "scheme_edit",
    "scheme_export",
    "scheme_import",
]
