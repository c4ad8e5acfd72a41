"""Every write of a knowledge contest: one transaction each, validated, audited.

One module per sub-domain; this package re-exports each use-case so callers keep writing
`from yangguang.exams import actions; actions.mark_submit(...)`:

- `committee`: the contest, its committee, opening it
- `bank`: the question bank (categories, questions, import, export)
- `papers`: blueprints and papers
- `candidates`: participating units, quotas, nominations, replacements, exam codes
- `sittings`: sittings, sites, seats, cross-invigilation, patrols
- `answering`: candidates answering (no login) and answer sheets keyed twice
- `grading`: closing, objective scores, sealed marking, unsealing, advancement
- `finals`: the on-stage final, arbitration, prizes

Candidates act without a login (a one-time exam code gives them a token); their writes
(`answer_save`, `event_log`, `candidate_submit`) are built to be retried and to survive a restart of
the app server: every answer is an upsert committed before the reply.
"""

from ._common import CODE_ALPHABET, KIND_CODES
from .answering import (
    EVENT_KINDS,
    SAVE_FIELDS,
    answer_save,
    answer_save_by_token,
    candidate_by_token,
    candidate_sign_in,
    candidate_submit,
    event_log,
    paper_visible,
    sheet_key,
    window,
)
from .bank import (
    EXPORT_HEADER,
    IMPORT_COLUMNS,
    KIND_LABEL,
    KIND_NAMES,
    category_ensure,
    parse_question,
    question_create,
    questions_export,
    questions_import,
)
from .candidates import (
    candidate_code_reissue,
    candidate_replace,
    candidates_nominate,
    exam_units_set,
    quota_draw,
)
from .committee import committee_add, exam_create, exam_open
from .finals import (
    arbitration_open,
    final_close,
    final_create,
    juror_add,
    prize_individual,
    prizes_award,
    round_start,
    score_record,
    vote_cast,
)
from .grading import exam_close, exam_unseal, grade_objective, mark_submit, objective_scores
from .papers import blueprint_save, candidate_papers_generate, paper_rederive, papers_draw
from .sittings import invigilation_solve, patrol_log, seats_assign, site_create, sitting_create

__all__ = [
    "CODE_ALPHABET",
    "KIND_CODES",
    "exam_create",
    "committee_add",
    "exam_open",
    "category_ensure",
    "parse_question",
    "question_create",
    "IMPORT_COLUMNS",
    "KIND_NAMES",
    "EXPORT_HEADER",
    "KIND_LABEL",
    "questions_import",
    "questions_export",
    "blueprint_save",
    "papers_draw",
    "paper_rederive",
    "candidate_papers_generate",
    "exam_units_set",
    "quota_draw",
    "candidates_nominate",
    "candidate_replace",
    "candidate_code_reissue",
    "sitting_create",
    "site_create",
    "seats_assign",
    "invigilation_solve",
    "patrol_log",
    "candidate_sign_in",
    "SAVE_FIELDS",
    "candidate_by_token",
    "paper_visible",
    "window",
    "answer_save",
    "answer_save_by_token",
    "EVENT_KINDS",
    "event_log",
    "candidate_submit",
    "sheet_key",
    "objective_scores",
    "exam_close",
    "grade_objective",
    "mark_submit",
    "exam_unseal",
    "final_create",
    "juror_add",
    "round_start",
    "score_record",
    "final_close",
    "arbitration_open",
    "vote_cast",
    "prizes_award",
    "prize_individual",
]
