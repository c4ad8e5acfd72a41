"""Every write of a knowledge contest: one transaction each, validated, audited.

Candidates act without a login (a one-time exam code gives them a token); their writes
(`answer_save`, `event_log`, `candidate_submit`) are built to be retried and to survive a restart of
the app server: every answer is an upsert committed before the reply.
"""

from __future__ import annotations

import hashlib
import json
import random
import secrets
from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yangguang.audit.actions import record, record_create, record_update, snapshot
from yangguang.core.errors import Conflict, DomainError, Forbidden, ImportRejected, NotFound, RowError
from yangguang.core.review import resolve_2p1p1
from yangguang.core.tabular import read_table, write_table
from yangguang.orgs.models import Person, Post, Unit

from .models import (
    KINDS,
    OBJECTIVE,
    Answer,
    Arbitration,
    Blueprint,
    Candidate,
    Category,
    CommitteeMember,
    Exam,
    ExamEvent,
    ExamUnit,
    Final,
    Juror,
    Mark,
    Paper,
    Patrol,
    Prize,
    Question,
    Replacement,
    Round,
    ScoreEvent,
    SheetEntry,
    Site,
    SiteStaff,
    Sitting,
    Team,
    UnitResult,
    Vote,
)
from .queries import GRADE, MANAGE, SET, can
from .rules import advancement, dupes, finals, grading, invigilation, papers, quota

KIND_CODES = {k for k, _l in KINDS}
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I


def _require(actor, roles, unit, what=None):
    if not can(actor, roles, unit):
        raise Forbidden(what)


def _seed(value=None) -> int:
    return int(value) if value is not None else secrets.randbits(48)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# -- exams and committee --------------------------------------------------------------------
@transaction.atomic
def exam_create(*, actor, unit: Unit, name: str, **fields) -> Exam:
    _require(actor, MANAGE, unit, _("Only an administrator of the organising unit may create a contest."))
    name = (name or "").strip()
    if not name:
        raise DomainError("required", _("A contest needs a name."), {"field": "name"})
    allowed = {
        "quota_percent",
        "quota_rounding",
        "shuffle_options",
        "versions",
        "duration_minutes",
        "mark_tolerance",
        "unit_rule",
        "advance_count",
        "grading_leader",
    }
    bad = set(fields) - allowed
    if bad:
        raise DomainError("bad_field", _("Unknown fields: %(f)s") % {"f": ", ".join(sorted(bad))})
    exam = Exam(unit=unit, name=name, seed=_seed(), **fields)
    if exam.quota_rounding not in quota.ROUNDINGS:
        raise DomainError("bad_rounding", _("Unknown rounding rule: %(r)s") % {"r": exam.quota_rounding})
    exam.save()
    record_create(actor=actor, instance=exam, unit=unit)
    return exam


@transaction.atomic
def committee_add(*, actor, exam: Exam, person: Person, role: str, title: str = "") -> CommitteeMember:
    _require(actor, MANAGE, exam.unit)
    if role not in dict(CommitteeMember.ROLES):
        raise DomainError("bad_role", _("Unknown committee role: %(r)s") % {"r": role}, {"field": "role"})
    m, created = CommitteeMember.objects.get_or_create(
        exam=exam, person=person, role=role, defaults={"title": title}
    )
    if created:
        record_create(actor=actor, instance=m, unit=exam.unit)
    return m


# -- question bank --------------------------------------------------------------------------
def category_ensure(*, actor, unit: Unit, path: list[str]) -> Category:
    """The category at `path` (names, top first), created when missing."""
    _require(actor, SET, unit, _("Only question setters may edit the bank."))
    parent = None
    for name in [p.strip() for p in path if p and p.strip()]:
        parent, created = Category.objects.get_or_create(unit=unit, parent=parent, name=name[:100])
        if created:
            record_create(actor=actor, instance=parent, unit=unit)
    if parent is None:
        raise DomainError("required", _("A question needs a category."), {"field": "category"})
    return parent


def _letters(value: str) -> list[int]:
    out = []
    for ch in str(value).upper().replace(",", "").replace("，", "").replace(" ", ""):
        if not ("A" <= ch <= "Z"):
            raise ValueError(ch)
        out.append(ord(ch) - 65)
    return out


def parse_question(data: dict) -> dict:
    """Validate one question given as plain fields; answers for choices as letters (A, ACD)."""
    kind = str(data.get("kind", "")).strip()
    if kind not in KIND_CODES:
        raise DomainError("bad_kind", _("Unknown question type: %(k)s") % {"k": kind}, {"field": "kind"})
    stem = str(data.get("stem", "")).strip()
    if not stem:
        raise DomainError("required", _("The question text is empty."), {"field": "stem"})
    try:
        difficulty = int(data.get("difficulty") or 2)
    except (TypeError, ValueError):
        difficulty = 0
    if difficulty not in (1, 2, 3):
        raise DomainError("bad_difficulty", _("Difficulty must be 1, 2 or 3."), {"field": "difficulty"})
    options = [str(o).strip() for o in data.get("options") or [] if str(o).strip()]
    raw = data.get("answer")
    answer = None
    if kind in ("single", "multi"):
        if len(options) < 2:
            raise DomainError(
                "few_options", _("A choice question needs at least two options."), {"field": "options"}
            )
        try:
            letters = raw if isinstance(raw, list) else _letters(raw or "")
        except ValueError:
            letters = []
        letters = sorted({int(x) for x in letters})
        if not letters or any(x < 0 or x >= len(options) for x in letters):
            raise DomainError(
                "bad_answer", _("The answer must name existing options (A, B …)."), {"field": "answer"}
            )
        if kind == "single" and len(letters) != 1:
            raise DomainError(
                "bad_answer", _("A single-choice question has exactly one answer."), {"field": "answer"}
            )
        answer = letters[0] if kind == "single" else letters
    elif kind == "tf":
        if isinstance(raw, bool):
            answer = raw
        else:
            text = str(raw or "").strip().lower()
            if text in ("对", "正确", "是", "√", "true", "t", "y", "1"):
                answer = True
            elif text in ("错", "错误", "否", "×", "false", "f", "n", "0"):
                answer = False
            else:
                raise DomainError(
                    "bad_answer", _("A true/false answer must be 对 or 错."), {"field": "answer"}
                )
        options = []
    elif kind == "fill":
        if isinstance(raw, list):
            answer = [[str(a) for a in blank] for blank in raw]
        else:
            answer = [
                [a.strip() for a in blank.split("/") if a.strip()] for blank in str(raw or "").split("|")
            ]
        if not answer or any(not b for b in answer):
            raise DomainError(
                "bad_answer",
                _("Give each blank's accepted answers: a/b|c (| between blanks)."),
                {"field": "answer"},
            )
        options = []
    else:
        options = []
        if not str(data.get("rubric", "")).strip():
            raise DomainError("required", _("A short-answer question needs a rubric."), {"field": "rubric"})
    return {
        "kind": kind,
        "stem": stem,
        "difficulty": difficulty,
        "options": options,
        "answer": answer,
        "rubric": str(data.get("rubric", "") or "").strip(),
        "legal_basis": str(data.get("legal_basis", "") or "").strip()[:300],
        "explanation": str(data.get("explanation", "") or "").strip(),
    }


@transaction.atomic
def question_create(*, actor, unit: Unit, category: list[str] | Category, **data) -> Question:
    _require(actor, SET, unit, _("Only question setters may edit the bank."))
    fields = parse_question(data)
    cat = (
        category if isinstance(category, Category) else category_ensure(actor=actor, unit=unit, path=category)
    )
    q = Question(unit=unit, category=cat, fingerprint=dupes.fingerprint(fields["stem"]), **fields)
    existing = list(Question.objects.filter(unit=unit).values_list("id", "stem"))
    near = dupes.Index(existing).nearest(q.stem)
    q.near_duplicate_of_id = near[0] if near else None
    q.save()
    record_create(actor=actor, instance=q, unit=unit)
    return q


IMPORT_COLUMNS = {
    "题型": "kind",
    "type": "kind",
    "分类": "category",
    "category": "category",
    "难度": "difficulty",
    "difficulty": "difficulty",
    "题干": "stem",
    "question": "stem",
    "选项a": "A",
    "选项b": "B",
    "选项c": "C",
    "选项d": "D",
    "选项e": "E",
    "选项f": "F",
    "a": "A",
    "b": "B",
    "c": "C",
    "d": "D",
    "e": "E",
    "f": "F",
    "答案": "answer",
    "answer": "answer",
    "评分要点": "rubric",
    "rubric": "rubric",
    "法律依据": "legal_basis",
    "legal basis": "legal_basis",
    "解析": "explanation",
    "explanation": "explanation",
}
KIND_NAMES = {
    "单选": "single",
    "单选题": "single",
    "多选": "multi",
    "多选题": "multi",
    "判断": "tf",
    "判断题": "tf",
    "填空": "fill",
    "填空题": "fill",
    "简答": "short",
    "简答题": "short",
}
EXPORT_HEADER = [
    "题型",
    "分类",
    "难度",
    "题干",
    "选项A",
    "选项B",
    "选项C",
    "选项D",
    "选项E",
    "选项F",
    "答案",
    "评分要点",
    "法律依据",
    "解析",
]
KIND_LABEL = {"single": "单选", "multi": "多选", "tf": "判断", "fill": "填空", "short": "简答"}


@transaction.atomic
def questions_import(*, actor, unit: Unit, data: bytes, filename: str, threshold: float = 0.8) -> dict:
    """All-or-nothing import. Near-duplicates (of the bank or of an earlier row) are imported but
    flagged with the question they resemble."""
    _require(actor, SET, unit, _("Only question setters may edit the bank."))
    table = read_table(data, filename)
    cols = {h: IMPORT_COLUMNS.get(h.strip().lower()) for h in table.header}
    errors, parsed = [], []
    for row_no, row in table.rows:
        plain = {}
        for h, v in row.items():
            if cols.get(h):
                plain[cols[h]] = v
        kind = str(plain.get("kind", "")).strip()
        plain["kind"] = KIND_NAMES.get(kind, kind)
        plain["options"] = [plain.get(x, "") for x in "ABCDEF"]
        try:
            fields = parse_question(plain)
        except DomainError as e:
            errors.append(RowError(row_no, e.details.get("field"), e.message))
            continue
        path = [p for p in str(plain.get("category", "")).replace(">", "/").split("/") if p.strip()]
        if not path:
            errors.append(RowError(row_no, "category", _("A question needs a category.")))
            continue
        parsed.append((row_no, path, fields))
    if errors:
        raise ImportRejected(errors)
    index = dupes.Index(list(Question.objects.filter(unit=unit).values_list("id", "stem")))
    flagged, created = [], 0
    for row_no, path, fields in parsed:
        cat = category_ensure(actor=actor, unit=unit, path=path)
        near = index.nearest(fields["stem"], threshold)
        q = Question.objects.create(
            unit=unit,
            category=cat,
            fingerprint=dupes.fingerprint(fields["stem"]),
            near_duplicate_of_id=near[0] if near else None,
            **fields,
        )
        index.add(q.pk, q.stem)
        created += 1
        if near:
            flagged.append({"row": row_no, "question": q.pk, "similar_to": near[0], "similarity": near[1]})
    record(
        actor=actor,
        action="import",
        model="exams.question",
        unit=unit,
        after={"created": created, "flagged": flagged},
        note=filename[:200],
    )
    return {"created": created, "flagged": flagged}


def questions_export(*, actor, unit: Unit, fmt: str = "xlsx") -> bytes:
    _require(actor, SET, unit, _("Only question setters may read the bank."))
    rows = []
    cats = {c.pk: c for c in Category.objects.filter(unit=unit)}

    def path(c):
        out = []
        while c is not None:
            out.append(c.name)
            c = cats.get(c.parent_id)
        return "/".join(reversed(out))

    for q in Question.objects.filter(unit=unit).order_by("id"):
        opts = (q.options + [""] * 6)[:6]
        if q.kind == "single":
            ans = chr(65 + q.answer)
        elif q.kind == "multi":
            ans = "".join(chr(65 + x) for x in q.answer)
        elif q.kind == "tf":
            ans = "对" if q.answer else "错"
        elif q.kind == "fill":
            ans = "|".join("/".join(b) for b in q.answer)
        else:
            ans = ""
        rows.append(
            [
                KIND_LABEL[q.kind],
                path(cats[q.category_id]),
                q.difficulty,
                q.stem,
                *opts,
                ans,
                q.rubric,
                q.legal_basis,
                q.explanation,
            ]
        )
    return write_table(EXPORT_HEADER, rows, fmt, title="题库")


# -- blueprints and papers ------------------------------------------------------------------
def _cells(exam: Exam, cells: list[dict]) -> list[papers.Cell]:
    names = dict(Category.objects.filter(unit__path__in=_ancestor_paths(exam.unit)).values_list("id", "name"))
    out = []
    for i, c in enumerate(cells, start=1):
        try:
            kind = c["kind"]
            cat = int(c["category"])
            diff = int(c["difficulty"]) if c.get("difficulty") not in (None, "", "*") else None
            count = int(c["count"])
            pts = Decimal(str(c["points"]))
        except (KeyError, TypeError, ValueError, InvalidOperation):
            raise DomainError("bad_cell", _("Blueprint cell %(n)d is incomplete.") % {"n": i}, {"cell": i})
        if kind not in KIND_CODES or count < 1 or pts <= 0 or cat not in names:
            raise DomainError("bad_cell", _("Blueprint cell %(n)d is not valid.") % {"n": i}, {"cell": i})
        out.append(papers.Cell(kind, cat, diff, count, str(pts), names[cat]))
    if not out:
        raise DomainError("empty_blueprint", _("A blueprint needs at least one cell."))
    return out


def _ancestor_paths(unit: Unit) -> list[str]:
    return [unit.path[: unit.steplen * i] for i in range(1, unit.depth + 1)]


@transaction.atomic
def blueprint_save(*, actor, exam: Exam, name: str, cells: list[dict]) -> Blueprint:
    _require(actor, SET, exam.unit, _("Only question setters may write blueprints."))
    _cells(exam, cells)
    bp = Blueprint.objects.create(exam=exam, name=name or "蓝图", cells=cells)
    record_create(actor=actor, instance=bp, unit=exam.unit)
    return bp


def _bank(exam: Exam) -> tuple[list[papers.BankItem], dict]:
    cats = dict(
        Category.objects.filter(unit__path__in=_ancestor_paths(exam.unit)).values_list("id", "parent_id")
    )
    items, info = [], {}
    for q in Question.objects.filter(unit__path__in=_ancestor_paths(exam.unit), active=True).values(
        "id", "kind", "category_id", "difficulty", "options", "answer"
    ):
        chain, c = set(), q["category_id"]
        while c is not None and c not in chain:
            chain.add(c)
            c = cats.get(c)
        items.append(
            papers.BankItem(q["id"], q["kind"], frozenset(chain), q["difficulty"], len(q["options"]))
        )
        info[q["id"]] = q
    return items, info


@transaction.atomic
def papers_draw(*, actor, exam: Exam, blueprint: Blueprint, seed: int | None = None) -> list[Paper]:
    """Draw every version (A, B …) from the blueprint; each version's seed is recorded."""
    _require(actor, SET, exam.unit, _("Only question setters may draw papers."))
    if exam.status != "draft":
        raise Conflict("exam_started", _("Papers cannot be redrawn once the sitting has opened."))
    cells = _cells(exam, blueprint.cells)
    bank, info = _bank(exam)
    base = _seed(seed)
    Paper.objects.filter(exam=exam).delete()
    out = []
    for i, version in enumerate(exam.versions or "A"):
        vseed = base + i
        items = papers.draw_paper(cells, bank, vseed, shuffle=True)
        rows = []
        for it in items:
            q = info[it.q]
            d = it.as_dict() | {"k": q["kind"], "n": len(q["options"])}
            if q["kind"] == "fill":
                d["b"] = len(q["answer"] or [])
            rows.append(d)
        p = Paper.objects.create(exam=exam, blueprint=blueprint, version=version, seed=vseed, items=rows)
        record_create(actor=actor, instance=p, unit=exam.unit, note=f"seed {vseed}")
        out.append(p)
    return out


def paper_rederive(paper: Paper) -> list[dict]:
    """Re-derive a paper from its blueprint and recorded seed (for audit): the items it must have."""
    cells = _cells(paper.exam, paper.blueprint.cells)
    bank, _info = _bank(paper.exam)
    return [it.as_dict() for it in papers.draw_paper(cells, bank, paper.seed, shuffle=True)]


def candidate_papers_generate(*, actor, exam: Exam, batch: int = 2000) -> int:
    """Give every candidate a version (alternating by seat) and, when configured, their own option order."""
    _require(actor, SET + MANAGE, exam.unit)
    versions = list(Paper.objects.filter(exam=exam).order_by("version"))
    if not versions:
        raise DomainError("no_papers", _("Draw the papers first."))
    n_opts = {}
    for p in versions:
        for it in p.items:
            n_opts[it["q"]] = it.get("n", 0)
    cands = list(
        Candidate.objects.filter(exam=exam, active=True)
        .order_by("site_id", "seat", "id")
        .only("id", "seal_code")
    )
    with transaction.atomic():
        for i, c in enumerate(cands):
            p = versions[i % len(versions)]
            c.paper_id = p.pk
            c.layout = (
                papers.candidate_layout(p.items, p.seed, c.seal_code, n_opts) if exam.shuffle_options else {}
            )
        if connection.vendor == "postgresql":  # one statement instead of CASE WHEN batches
            with connection.cursor() as cur:
                cur.execute(
                    f"UPDATE {Candidate._meta.db_table} AS c SET paper_id = v.p, layout = v.l::jsonb "
                    "FROM unnest(%s::bigint[], %s::bigint[], %s::text[]) AS v(id, p, l) WHERE c.id = v.id",
                    [
                        [c.pk for c in cands],
                        [c.paper_id for c in cands],
                        [json.dumps(c.layout) for c in cands],
                    ],
                )
        else:
            Candidate.objects.bulk_update(cands, ["paper", "layout"], batch_size=batch)
        record(
            actor=actor,
            action="papers_assigned",
            instance=exam,
            unit=exam.unit,
            after={"candidates": len(cands)},
        )
    return len(cands)


# -- participating units, quotas, candidates ------------------------------------------------
def _staff_ids(unit: Unit) -> list[int]:
    return list(
        Person.objects.filter(unit__path__startswith=unit.path, active=True).values_list("id", flat=True)
    )


@transaction.atomic
def exam_units_set(
    *, actor, exam: Exam, units: list[Unit], quotas: dict[int, int] | None = None
) -> list[ExamUnit]:
    """Participating units with their quota: percent of staff (stated rounding, at least 1), or a
    fixed number; a quota larger than the unit's staff is refused, naming the unit."""
    _require(actor, MANAGE, exam.unit)
    out = []
    for u in units:
        if not u.path.startswith(exam.unit.path):
            raise NotFound()
        staff = len(_staff_ids(u))
        if quotas and u.pk in quotas:
            n = quota.check_quota(staff, int(quotas[u.pk]), u.name)
        else:
            n = quota.quota_size(staff, exam.quota_percent, exam.quota_rounding, u.name)
        eu, _c = ExamUnit.objects.update_or_create(exam=exam, unit=u, defaults={"staff": staff, "quota": n})
        out.append(eu)
    record(
        actor=actor,
        action="units_set",
        instance=exam,
        unit=exam.unit,
        after={eu.unit_id: {"staff": eu.staff, "quota": eu.quota} for eu in out},
    )
    return out


def _codes(n: int, rng: random.Random, taken: set[str], length: int) -> list[str]:
    out = []
    while len(out) < n:
        c = "".join(rng.choice(CODE_ALPHABET) for _ in range(length))
        if c not in taken:
            taken.add(c)
            out.append(c)
    return out


def _new_candidates(exam: Exam, eu: ExamUnit, person_ids: list[int]) -> list[Candidate]:
    taken_seal = set(Candidate.objects.filter(exam=exam).values_list("seal_code", flat=True))
    rng = random.SystemRandom()
    seals = _codes(len(person_ids), rng, taken_seal, 6)
    exam_codes = _codes(len(person_ids), rng, set(), 10)
    clash = set(Candidate.objects.filter(exam_code__in=exam_codes).values_list("exam_code", flat=True))
    if clash:  # astronomically rare: draw those again
        fresh = _codes(len(clash), rng, set(exam_codes), 10)
        exam_codes = [fresh.pop() if c in clash else c for c in exam_codes]
    return [
        Candidate(exam=exam, person_id=pid, unit=eu.unit, seal_code=s, exam_code=c, site=eu.site)
        for pid, s, c in zip(person_ids, seals, exam_codes, strict=True)
    ]


@transaction.atomic
def quota_draw(*, actor, exam: Exam, unit: Unit | None = None, seed: int | None = None) -> dict:
    """Fill each participating unit's quota by a recorded random draw (units already filled are left)."""
    _require(actor, MANAGE, exam.unit)
    if exam.status != "draft":
        raise Conflict("exam_started", _("Candidates are fixed once the sitting has opened."))
    base = _seed(seed)
    drawn = {}
    eus = ExamUnit.objects.filter(exam=exam).select_related("unit")
    if unit is not None:
        eus = eus.filter(unit=unit)
    for i, eu in enumerate(eus.order_by("id")):
        if Candidate.objects.filter(exam=exam, unit=eu.unit).exists():
            continue
        eu.seed = base + i
        staff = _staff_ids(eu.unit)
        eu.staff = len(staff)
        eu.drawn = quota.draw(staff, eu.quota, eu.seed, eu.unit.name)
        eu.method = "draw"
        eu.save()
        Candidate.objects.bulk_create(_new_candidates(exam, eu, eu.drawn))
        record(
            actor=actor,
            action="quota_draw",
            instance=eu,
            unit=eu.unit,
            after={"seed": eu.seed, "staff": eu.staff, "quota": eu.quota, "drawn": eu.drawn},
        )
        drawn[eu.unit.code] = len(eu.drawn)
    return {
        "seed": base,
        "drawn": drawn,
        "candidates": Candidate.objects.filter(exam=exam, active=True).count(),
    }


@transaction.atomic
def candidates_nominate(*, actor, exam: Exam, unit: Unit, person_ids: list[int]) -> list[Candidate]:
    _require(actor, MANAGE, exam.unit)
    eu = ExamUnit.objects.filter(exam=exam, unit=unit).first()
    if eu is None:
        raise DomainError("not_participating", _("%(unit)s does not take part.") % {"unit": unit.name})
    if Candidate.objects.filter(exam=exam, unit=unit).exists():
        raise Conflict("already_filled", _("%(unit)s already has candidates.") % {"unit": unit.name})
    ids = list(dict.fromkeys(person_ids))
    staff = set(_staff_ids(unit))
    if len(ids) != eu.quota or not set(ids) <= staff:
        raise DomainError(
            "bad_nomination",
            _("%(unit)s must nominate exactly %(n)d of its own staff.") % {"unit": unit.name, "n": eu.quota},
            {"quota": eu.quota, "given": len(ids)},
        )
    eu.method, eu.drawn, eu.seed = "nomination", ids, None
    eu.save()
    cands = Candidate.objects.bulk_create(_new_candidates(exam, eu, ids))
    record(actor=actor, action="nominate", instance=eu, unit=unit, after={"people": ids})
    return cands


@transaction.atomic
def candidate_replace(*, actor, candidate: Candidate, person: Person, reason: str) -> Candidate:
    exam = candidate.exam
    _require(actor, MANAGE, exam.unit)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("required", _("A replacement needs a reason."), {"field": "reason"})
    if candidate.code_used_at or candidate.submitted_at:
        raise Conflict("already_sat", _("A candidate who has started cannot be replaced."))
    if not person.unit.path.startswith(candidate.unit.path):
        raise DomainError(
            "other_unit", _("The replacement must come from %(unit)s.") % {"unit": candidate.unit.name}
        )
    if Candidate.objects.filter(exam=exam, person=person, active=True).exists():
        raise Conflict("already_candidate", _("%(name)s is already a candidate.") % {"name": person.name})
    candidate.active = False
    candidate.save(update_fields=["active"])
    eu = ExamUnit(exam=exam, unit=candidate.unit, site=candidate.site)
    new = _new_candidates(exam, eu, [person.pk])[0]
    new.seat, new.paper_id = candidate.seat, candidate.paper_id
    new.save()
    if exam.shuffle_options and new.paper_id:
        p = new.paper
        new.layout = papers.candidate_layout(
            p.items, p.seed, new.seal_code, {it["q"]: it.get("n", 0) for it in p.items}
        )
        new.save(update_fields=["layout"])
    rep = Replacement.objects.create(exam=exam, old=candidate, new=new, reason=reason, by=actor)
    record_create(actor=actor, instance=rep, unit=candidate.unit, note=reason[:200])
    return new


@transaction.atomic
def candidate_code_reissue(*, actor, candidate: Candidate) -> str:
    """A new one-time code (e.g. the candidate's computer failed); the old session stops working."""
    _require(actor, MANAGE + ("invigilator",), candidate.exam.unit)
    code = _codes(1, random.SystemRandom(), set(Candidate.objects.values_list("exam_code", flat=True)), 10)[0]
    before = {"exam_code_used": candidate.code_used_at is not None}
    candidate.exam_code, candidate.code_used_at, candidate.token_hash = code, None, ""
    candidate.save(update_fields=["exam_code", "code_used_at", "token_hash"])
    record(actor=actor, action="code_reissue", instance=candidate, unit=candidate.unit, before=before)
    ExamEvent.objects.create(candidate=candidate, kind="code_reissued", at=timezone.now())
    return code


# -- sittings, sites, seats, invigilation, patrols ------------------------------------------
@transaction.atomic
def sitting_create(*, actor, exam: Exam, name: str, starts_at: datetime, ends_at: datetime) -> Sitting:
    _require(actor, MANAGE, exam.unit)
    if ends_at <= starts_at:
        raise DomainError("bad_window", _("A sitting must end after it starts."), {"field": "ends_at"})
    s = Sitting.objects.create(exam=exam, name=name, starts_at=starts_at, ends_at=ends_at)
    record_create(actor=actor, instance=s, unit=exam.unit)
    return s


@transaction.atomic
def site_create(
    *,
    actor,
    sitting: Sitting,
    unit: Unit,
    name: str,
    units: list[Unit] | None = None,
    seats: int = 60,
    mode: str = "online",
    address: str = "",
) -> Site:
    exam = sitting.exam
    _require(actor, MANAGE, exam.unit)
    if mode not in dict(Site.MODES):
        raise DomainError("bad_mode", _("A site is online or paper-based."), {"field": "mode"})
    site = Site.objects.create(sitting=sitting, unit=unit, name=name, seats=seats, mode=mode, address=address)
    members = units or [unit]
    site.units.set(members)
    ExamUnit.objects.filter(exam=exam, unit__in=members).update(site=site)
    Candidate.objects.filter(exam=exam, unit__in=members).update(site=site)
    record_create(actor=actor, instance=site, unit=exam.unit)
    return site


@transaction.atomic
def seats_assign(*, actor, exam: Exam, seed: int | None = None) -> dict:
    """Seat plans: candidates of each site in a seeded random order, seats 1…n; refused if a site
    has more candidates than seats."""
    _require(actor, MANAGE, exam.unit)
    base = _seed(seed)
    out = {}
    for site in Site.objects.filter(sitting__exam=exam).order_by("id"):
        cands = list(Candidate.objects.filter(exam=exam, site=site, active=True).order_by("id"))
        if len(cands) > site.seats:
            raise DomainError(
                "too_few_seats",
                _("%(site)s has %(seats)d seats for %(n)d candidates.")
                % {"site": site.name, "seats": site.seats, "n": len(cands)},
            )
        random.Random(base + site.pk).shuffle(cands)
        for i, c in enumerate(cands, start=1):
            c.seat = i
        Candidate.objects.bulk_update(cands, ["seat"])
        out[site.name] = len(cands)
    missing = Candidate.objects.filter(exam=exam, active=True, site__isnull=True).count()
    if missing:
        raise DomainError("no_site", _("%(n)d candidates have no site.") % {"n": missing})
    record(
        actor=actor, action="seats_assign", instance=exam, unit=exam.unit, after={"seed": base, "sites": out}
    )
    return {"seed": base, "sites": out}


@transaction.atomic
def invigilation_solve(
    *, actor, sitting: Sitting, pool: list[Person] | None = None, seed: int | None = None
) -> dict:
    """Assign one group of two per site (cross-invigilation), a leader and a liaison per site.
    The pool defaults to everyone holding an invigilator post under the organiser."""
    exam = sitting.exam
    _require(actor, MANAGE, exam.unit)
    sites = list(
        Site.objects.filter(sitting=sitting).select_related("unit").prefetch_related("units").order_by("id")
    )
    if not sites:
        raise DomainError("no_sites", _("The sitting has no sites."))
    if pool is None:
        pool = list(
            Person.objects.filter(
                posts__role="invigilator", posts__unit__path__startswith=exam.unit.path, active=True
            )
            .distinct()
            .select_related("unit")
        )
    candidates = set(Candidate.objects.filter(exam=exam, active=True).values_list("person_id", flat=True))
    site_unit_of = {}
    for s in sites:
        for u in s.units.all():
            site_unit_of[u.pk] = s
    # invigilators are counted under the participating unit they belong to
    parts = list(Unit.objects.filter(pk__in=site_unit_of))

    def part_of(person):
        for u in parts:
            if person.unit.path.startswith(u.path):
                return u.pk
        return person.unit_id

    invs = [invigilation.Invigilator(p.pk, part_of(p)) for p in pool if p.pk not in candidates]

    def role_people(site, role):
        return tuple(
            Post.objects.filter(role=role, unit__path__startswith=site.unit.path, person__active=True)
            .order_by("unit__depth", "person_id")
            .values_list("person_id", flat=True)
            .distinct()
        )

    needs = [
        invigilation.SiteNeed(
            s.pk,
            s.name,
            frozenset(u.pk for u in s.units.all()) | {s.unit_id},
            role_people(s, "leader"),
            role_people(s, "liaison"),
        )
        for s in sites
    ]
    base = _seed(seed)
    plan = invigilation.solve(needs, invs, base)
    SiteStaff.objects.filter(site__in=sites).delete()
    rows = []
    for n, s in enumerate(sites, start=1):
        for pid in plan.groups[s.pk]:
            rows.append(SiteStaff(site=s, person_id=pid, role="invigilator", group_no=n))
        rows.append(SiteStaff(site=s, person_id=plan.leaders[s.pk], role="leader"))
        rows.append(SiteStaff(site=s, person_id=plan.liaisons[s.pk], role="liaison"))
    SiteStaff.objects.bulk_create(rows)
    record(
        actor=actor,
        action="invigilation_plan",
        instance=sitting,
        unit=exam.unit,
        after={"seed": base, "groups": {str(k): v for k, v in plan.groups.items()}},
    )
    return {"seed": base, "groups": len(plan.groups)}


@transaction.atomic
def patrol_log(*, actor, site: Site, person: Person, at: datetime | None = None, note: str = "") -> Patrol:
    _require(actor, MANAGE + ("invigilator",), site.sitting.exam.unit)
    p = Patrol.objects.create(site=site, person=person, at=at or timezone.now(), note=note)
    record_create(actor=actor, instance=p, unit=site.sitting.exam.unit)
    return p


@transaction.atomic
def exam_open(*, actor, exam: Exam) -> Exam:
    _require(actor, MANAGE, exam.unit)
    if exam.status != "draft":
        raise Conflict("bad_state", _("Only a draft contest can open."))
    if not exam.sittings.exists():
        raise DomainError("no_sitting", _("Create the sitting first."))
    if Candidate.objects.filter(exam=exam, active=True, paper__isnull=True).exists():
        raise DomainError("no_paper", _("Every candidate needs a paper first."))
    before = snapshot(exam)
    exam.status = "open"
    exam.save(update_fields=["status"])
    record_update(actor=actor, instance=exam, before=before, unit=exam.unit)
    return exam


# -- candidates answering (no login; one-time exam code → token) ----------------------------
def candidate_sign_in(*, exam_code: str, now: datetime | None = None) -> tuple[Candidate, str]:
    now = now or timezone.now()
    code = (exam_code or "").strip().upper().replace(" ", "")
    with transaction.atomic():
        c = (
            Candidate.objects.select_for_update(of=("self",))
            .select_related("exam", "site__sitting")
            .filter(exam_code=code, active=True)
            .first()
        )
        if c is None:
            raise DomainError("bad_code", _("This exam code is not valid."), status=404)
        w = window(c)
        if c.exam.status != "open" or w is None or not (w[0] <= now <= w[1]):
            # nobody sees a question before the sitting starts
            raise DomainError("not_open", _("The exam is not open."), status=409)
        if c.code_used_at is not None:
            ExamEvent.objects.create(candidate=c, kind="code_reuse", at=now)
            used = DomainError(
                "code_used",
                _("This exam code has already been used. Ask an invigilator for a new one."),
                status=409,
            )
        else:
            used = None
            token = secrets.token_urlsafe(24)
            c.code_used_at, c.token_hash = now, _token_hash(token)
            c.started_at = c.started_at or now
            c.save(update_fields=["code_used_at", "token_hash", "started_at"])
            ExamEvent.objects.create(candidate=c, kind="sign_in", at=now)
    if used:
        raise used
    return c, token


SAVE_FIELDS = (
    "id",
    "exam_id",
    "site_id",
    "paper_id",
    "submitted_at",
    "exam__status",
    "site__sitting__starts_at",
    "site__sitting__ends_at",
    "paper__items",
)


def candidate_by_token(token: str | None, lean: bool = False) -> Candidate:
    """The candidate holding this token; `lean` loads only what saving an answer needs."""
    if not token:
        raise DomainError("no_token", _("Sign in with your exam code."), status=401)
    try:  # no ORDER BY/LIMIT 1: the planner must use the token index, not walk the primary key
        qs = Candidate.objects.select_related("exam", "site__sitting", "paper").order_by()
        if lean:
            qs = qs.only(*SAVE_FIELDS)
        c = qs.get(token_hash=_token_hash(token), active=True)
    except Candidate.DoesNotExist:
        c = None
    if c is None:
        raise DomainError("no_token", _("Sign in with your exam code."), status=401)
    return c


def paper_visible(c: Candidate, now: datetime | None = None) -> None:
    """Questions are shown only from the start of the candidate's sitting."""
    w = window(c)
    if w is None or (now or timezone.now()) < w[0]:
        raise DomainError("not_started", _("The sitting has not started yet."), status=409)


def window(c: Candidate) -> tuple[datetime, datetime] | None:
    s = c.site.sitting if c.site_id else c.exam.sittings.order_by("starts_at").first()
    return (s.starts_at, s.ends_at) if s else None


def _check_window(c: Candidate, now: datetime, what: str) -> None:
    w = window(c)
    if w is None or not (w[0] <= now <= w[1]) or c.exam.status != "open":
        ExamEvent.objects.create(
            candidate=c,
            kind=f"late_{what}",
            at=now,
            detail={"window": [x.isoformat() for x in w] if w else None},
        )
        raise DomainError(
            "window_closed", _("The exam is not open at this time; nothing was saved."), status=409
        )


def _valid_value(item: dict, value):
    k = item.get("k")
    n = item.get("n", 0)
    try:
        if value is None:
            return None
        if k == "single":
            v = int(value)
            ok = 0 <= v < n
        elif k == "multi":
            v = sorted({int(x) for x in value})
            ok = all(0 <= x < n for x in v)
        elif k == "tf":
            v = value if isinstance(value, bool) else str(value).lower() in ("true", "1", "对")
            ok = isinstance(value, bool) or str(value).lower() in ("true", "false", "1", "0", "对", "错")
        elif k == "fill":
            v = [str(x)[:200] for x in (value if isinstance(value, list) else [value])]
            ok = len(v) <= max(item.get("b", 1), 1)
        else:
            v = str(value)[:5000]
            ok = True
    except (TypeError, ValueError):
        ok = False
    if not ok:
        raise DomainError("bad_value", _("This is not a valid answer to the question."), status=400)
    return v


def answer_save(*, candidate: Candidate, question_id: int, value, now: datetime | None = None) -> dict:
    """Save one answer as given: an idempotent upsert per (candidate, question), committed before
    the reply. Refused (and logged) outside the sitting's window or after submission."""
    now = now or timezone.now()
    c = candidate
    if c.submitted_at is not None:
        raise DomainError("submitted", _("The paper was already submitted; nothing was saved."), status=409)
    _check_window(c, now, "answer")
    item = next((it for it in (c.paper.items if c.paper_id else []) if it["q"] == question_id), None)
    if item is None:
        raise DomainError("not_on_paper", _("This question is not on your paper."), status=400)
    v = _valid_value(item, value)
    n = Answer.objects.filter(candidate_id=c.pk, question_id=question_id).update(
        value=v, saved_at=now, revisions=F("revisions") + 1
    )
    if not n:
        try:
            with transaction.atomic():
                Answer.objects.create(candidate_id=c.pk, question_id=question_id, value=v, saved_at=now)
        except IntegrityError:
            Answer.objects.filter(candidate_id=c.pk, question_id=question_id).update(
                value=v, saved_at=now, revisions=F("revisions") + 1
            )
    return {"question": question_id, "saved_at": now.isoformat()}


_FAST_SELECT = """
SELECT c.id, c.submitted_at, e.status, s.starts_at, s.ends_at, p.items, c.site_id
FROM exams_candidate c
JOIN exams_exam e ON e.id = c.exam_id
LEFT JOIN exams_site st ON st.id = c.site_id
LEFT JOIN exams_sitting s ON s.id = st.sitting_id
LEFT JOIN exams_paper p ON p.id = c.paper_id
WHERE c.token_hash = %s AND c.active
"""
_FAST_UPSERT = """
INSERT INTO exams_answer (candidate_id, question_id, value, saved_at, revisions, rule)
VALUES (%s, %s, %s::jsonb, %s, 1, '')
ON CONFLICT (candidate_id, question_id) DO UPDATE
SET value = EXCLUDED.value, saved_at = EXCLUDED.saved_at, revisions = exams_answer.revisions + 1
"""


def answer_save_by_token(*, token: str | None, question_id: int, value, now: datetime | None = None) -> dict:
    """`answer_save` for the candidate holding `token`, with the same rules. On PostgreSQL it is one
    indexed SELECT and one INSERT … ON CONFLICT (the hot path of a sitting); elsewhere the ORM path."""
    if connection.vendor != "postgresql" or not token:
        return answer_save(
            candidate=candidate_by_token(token, lean=True), question_id=question_id, value=value, now=now
        )
    now = now or timezone.now()
    with connection.cursor() as cur:
        cur.execute(_FAST_SELECT, [_token_hash(token)])
        row = cur.fetchone()
    if row is None:
        raise DomainError("no_token", _("Sign in with your exam code."), status=401)
    cid, submitted_at, status, starts, ends, items, site_id = row
    if site_id is None:  # the window comes from the exam's first sitting: the general path
        return answer_save(
            candidate=candidate_by_token(token, lean=True), question_id=question_id, value=value, now=now
        )
    if submitted_at is not None:
        raise DomainError("submitted", _("The paper was already submitted; nothing was saved."), status=409)
    if status != "open" or not (starts <= now <= ends):
        ExamEvent.objects.create(
            candidate_id=cid,
            kind="late_answer",
            at=now,
            detail={"window": [starts.isoformat(), ends.isoformat()]},
        )
        raise DomainError(
            "window_closed", _("The exam is not open at this time; nothing was saved."), status=409
        )
    items = json.loads(items) if isinstance(items, str) else items or []
    item = next((it for it in items if it["q"] == question_id), None)
    if item is None:
        raise DomainError("not_on_paper", _("This question is not on your paper."), status=400)
    v = _valid_value(item, value)
    with connection.cursor() as cur:
        cur.execute(_FAST_UPSERT, [cid, question_id, json.dumps(v, ensure_ascii=False), now])
    return {"question": question_id, "saved_at": now.isoformat()}


EVENT_KINDS = {"tab_leave", "tab_return", "offline", "online", "reload"}


def event_log(
    *, candidate: Candidate, kind: str, detail: dict | None = None, now: datetime | None = None
) -> None:
    if kind not in EVENT_KINDS:
        raise DomainError("bad_event", _("Unknown event."), status=400)
    ExamEvent.objects.create(candidate=candidate, kind=kind, at=now or timezone.now(), detail=detail or {})


def candidate_submit(*, candidate: Candidate, now: datetime | None = None) -> dict:
    """Submit the paper. Submitting again returns the first submission unchanged."""
    now = now or timezone.now()
    with transaction.atomic():
        c = (
            Candidate.objects.select_for_update(of=("self",))
            .select_related("exam", "site__sitting")
            .get(pk=candidate.pk)
        )
        if c.submitted_at is None:
            _check_window(c, now, "submit")
            c.submitted_at = now
            c.save(update_fields=["submitted_at"])
            ExamEvent.objects.create(candidate=c, kind="submit", at=now)
            replay = False
        else:
            replay = True
        saved = Answer.objects.filter(candidate=c).count()
    return {"submitted_at": c.submitted_at.isoformat(), "answers": saved, "replayed": replay}


# -- answer sheets at paper-based sites (keyed twice) ---------------------------------------
def _sheet_value(item: dict, text: str):
    t = str(text or "").strip()
    if t == "":
        return None
    k = item.get("k")
    shown = item.get("perm") or list(range(item.get("n", 0)))
    if k in ("single", "multi"):
        letters = _letters(t)
        canon = sorted(shown[x] for x in letters if 0 <= x < len(shown))
        return canon[0] if k == "single" and canon else canon
    if k == "tf":
        return t in ("对", "√", "T", "t", "1", "true")
    if k == "fill":
        return [x.strip() for x in t.split("|")]
    return t


@transaction.atomic
def sheet_key(*, actor, candidate: Candidate, round: int, answers: dict) -> dict:
    """Key in one paper answer sheet ({item number: text as written}). After the second keying the
    two are compared: mismatches are flagged and nothing is saved until they agree."""
    exam = candidate.exam
    _require(actor, MANAGE + ("invigilator",), exam.unit)
    if round not in (1, 2):
        raise DomainError("bad_round", _("A sheet is keyed in round 1 or 2."))
    other = SheetEntry.objects.filter(candidate=candidate).exclude(round=round).first()
    if other and other.by_id == actor.pk:
        raise DomainError("same_keyer", _("The second keying must be done by someone else."))
    clean = {str(int(k)): str(v).strip() for k, v in answers.items()}
    SheetEntry.objects.update_or_create(
        candidate=candidate, round=round, defaults={"answers": clean, "by": actor}
    )
    if other is None:
        return {"status": "waiting", "mismatches": []}
    mism = sorted(
        (int(k) for k in set(clean) | set(other.answers) if clean.get(k, "") != other.answers.get(k, "")),
    )
    if mism:
        record(
            actor=actor, action="sheet_mismatch", instance=candidate, unit=exam.unit, after={"items": mism}
        )
        return {"status": "mismatch", "mismatches": mism}
    items = candidate.paper.items
    now = timezone.now()
    Answer.objects.filter(candidate=candidate).delete()
    rows = []
    for k, text in clean.items():
        i = int(k) - 1
        if 0 <= i < len(items):
            v = _sheet_value(items[i], text)
            if v is not None:
                rows.append(Answer(candidate=candidate, question_id=items[i]["q"], value=v, saved_at=now))
    Answer.objects.bulk_create(rows)
    candidate.submitted_at = candidate.submitted_at or now
    candidate.save(update_fields=["submitted_at"])
    record(
        actor=actor, action="sheet_keyed", instance=candidate, unit=exam.unit, after={"answers": len(rows)}
    )
    return {"status": "saved", "mismatches": [], "answers": len(rows)}


# -- grading ----------------------------------------------------------------------------------
def objective_scores(exam: Exam, chunk: int = 20000) -> dict[int, Decimal]:
    """Objective totals per candidate, graded from the keys (pure rules)."""
    keys = {}
    items_of = {}
    for p in Paper.objects.filter(exam=exam):
        items_of[p.pk] = {it["q"]: it["points"] for it in p.items if it.get("k") in OBJECTIVE}
        keys.update(dict.fromkeys(items_of[p.pk]))
    for q in Question.objects.filter(pk__in=list(keys)).values("id", "kind", "answer"):
        keys[q["id"]] = (q["kind"], q["answer"])
    paper_of = dict(Candidate.objects.filter(exam=exam, active=True).values_list("id", "paper_id"))
    totals = dict.fromkeys(paper_of, Decimal(0))
    qs = (
        Answer.objects.filter(candidate__exam=exam, candidate__active=True, question_id__in=list(keys))
        .values_list("candidate_id", "question_id", "value")
        .iterator(chunk_size=chunk)
    )
    grade = grading.grade
    for cid, qid, value in qs:
        pts = items_of.get(paper_of[cid], {}).get(qid)
        if pts is None:
            continue
        kind, key = keys[qid]
        totals[cid] += grade(kind, key, value, pts)[0]
    return totals


@transaction.atomic
def exam_close(*, actor, exam: Exam, now: datetime | None = None) -> dict:
    """Close the sitting: unsubmitted papers are taken as they were saved; objective questions graded."""
    _require(actor, MANAGE, exam.unit)
    if exam.status != "open":
        raise Conflict("bad_state", _("Only an open contest can be closed."))
    now = now or timezone.now()
    auto = Candidate.objects.filter(
        exam=exam, active=True, submitted_at__isnull=True, answers__isnull=False
    ).distinct()
    auto_ids = list(auto.values_list("id", flat=True))
    Candidate.objects.filter(pk__in=auto_ids).update(submitted_at=now)
    n = grade_objective(actor=actor, exam=exam)
    before = snapshot(exam)
    exam.status = "grading"
    exam.save(update_fields=["status"])
    record_update(
        actor=actor, instance=exam, before=before, unit=exam.unit, note=f"auto-submitted {len(auto_ids)}"
    )
    return {"auto_submitted": len(auto_ids), "graded": n}


def grade_objective(*, actor, exam: Exam) -> int:
    _require(actor, MANAGE, exam.unit)
    totals = objective_scores(exam)
    cands = [Candidate(pk=cid, objective_score=v) for cid, v in totals.items()]
    with transaction.atomic():
        Candidate.objects.bulk_update(cands, ["objective_score"], batch_size=2000)
        record(
            actor=actor,
            action="grade_objective",
            instance=exam,
            unit=exam.unit,
            after={"candidates": len(cands)},
        )
    return len(cands)


@transaction.atomic
def mark_submit(*, actor, answer_id: int, points) -> dict:
    """A grader's mark of a short answer. The 2+1+1 rule (core.review) decides whether a third
    grader or the group leader is needed; the same grader never marks one answer twice."""
    try:
        a = (
            Answer.objects.select_for_update(of=("self",))
            .select_related("candidate__exam__unit", "candidate__paper")
            .get(pk=answer_id, question__kind="short")
        )
    except (Answer.DoesNotExist, ValueError, TypeError):
        raise NotFound()
    exam = a.candidate.exam
    if not can(actor, GRADE, exam.unit):
        raise NotFound()
    if exam.status != "grading":
        raise Conflict("bad_state", _("Grading is not open."))
    maxp = next(
        (Decimal(str(it["points"])) for it in a.candidate.paper.items if it["q"] == a.question_id), Decimal(0)
    )
    try:
        pts = Decimal(str(points))
    except InvalidOperation:
        raise DomainError("bad_points", _("A mark must be a number."), {"field": "points"})
    if pts < 0 or pts > maxp:
        raise DomainError(
            "bad_points", _("A mark must be between 0 and %(max)s.") % {"max": maxp}, {"field": "points"}
        )
    marks = list(a.marks.order_by("id"))
    if any(m.grader_id == actor.pk for m in marks):
        raise Conflict("already_marked", _("You have already marked this answer."))
    ordinary = [m.points for m in marks if m.slot in "123"]
    leader = next((m.points for m in marks if m.slot == "L"), None)
    state = resolve_2p1p1(ordinary, exam.mark_tolerance, leader)
    if marks and state.needs is None:
        raise Conflict("settled", _("This answer is already settled."))
    if state.needs == "leader":
        if exam.grading_leader_id != actor.pk:
            raise Forbidden(_("Only the grading group leader may settle this answer."))
        slot = "L"
    else:
        slot = str(len(ordinary) + 1)
    m = Mark.objects.create(answer=a, grader=actor, slot=slot, points=pts)
    ordinary = ordinary + [pts] if slot != "L" else ordinary
    state = resolve_2p1p1(ordinary, exam.mark_tolerance, pts if slot == "L" else None)
    if state.needs is None:
        a.score, a.rule = state.result, state.rule[:200]
        a.save(update_fields=["score", "rule"])
    # audit by seal code only: the trail of a grader's work never names the candidate
    record(
        actor=actor,
        action="mark",
        model="exams.mark",
        object_id=m.pk,
        unit=exam.unit,
        after={"seal_code": a.candidate.seal_code, "question": a.question_id, "slot": slot, "points": pts},
    )
    return {"slot": slot, "needs": state.needs, "result": state.result, "rule": state.rule}


@transaction.atomic
def exam_unseal(*, actor, exam: Exam) -> dict:
    """Open the seal and publish in one audited step: totals, unit results, advancement."""
    _require(actor, MANAGE, exam.unit)
    if exam.status != "grading":
        raise Conflict("bad_state", _("The seal can be opened only when grading is done."))
    pending = Answer.objects.filter(
        candidate__exam=exam, candidate__active=True, question__kind="short", score__isnull=True
    )
    if pending.exists():
        raise Conflict(
            "grading_open",
            _("%(n)d short answers are not settled yet.") % {"n": pending.count()},
            {"pending": pending.count()},
        )
    subj: dict[int, Decimal] = {}
    for cid, score in Answer.objects.filter(
        candidate__exam=exam, candidate__active=True, question__kind="short"
    ).values_list("candidate_id", "score"):
        subj[cid] = subj.get(cid, Decimal(0)) + score
    cands = list(Candidate.objects.filter(exam=exam, active=True))
    for c in cands:
        c.subjective_score = subj.get(c.pk, Decimal(0))
        c.total = (c.objective_score or Decimal(0)) + c.subjective_score
    Candidate.objects.bulk_update(cands, ["subjective_score", "total"], batch_size=2000)
    ranked = _advancement(exam, cands)
    before = snapshot(exam)
    exam.status, exam.unsealed_at = "published", timezone.now()
    exam.save(update_fields=["status", "unsealed_at"])
    record_update(
        actor=actor,
        instance=exam,
        before=before,
        unit=exam.unit,
        note=f"unsealed: {len(cands)} candidates, {sum(r.advanced for r in ranked)} units advance",
    )
    return {"candidates": len(cands), "advanced": [r.unit_id for r in ranked if r.advanced]}


def _advancement(exam: Exam, cands: list[Candidate]) -> list:
    by_unit: dict[int, list] = {eu.unit_id: [] for eu in ExamUnit.objects.filter(exam=exam)}
    submitted: dict[int, int] = {}
    for c in cands:
        by_unit.setdefault(c.unit_id, []).append(c.total if c.submitted_at else None)
        submitted[c.unit_id] = submitted.get(c.unit_id, 0) + (1 if c.submitted_at else 0)
    ranked = advancement.rank_units(
        [advancement.UnitScores(u, tuple(s)) for u, s in by_unit.items()], exam.advance_count, exam.unit_rule
    )
    UnitResult.objects.filter(exam=exam).delete()
    UnitResult.objects.bulk_create(
        [
            UnitResult(
                exam=exam,
                unit_id=r.unit_id,
                candidates=len(by_unit[r.unit_id]),
                submitted=submitted.get(r.unit_id, 0),
                value=r.value,
                best=r.best,
                rank=r.rank,
                advanced=r.advanced,
                rule=r.rule[:300],
            )
            for r in ranked
        ]
    )
    return ranked


# -- the final -------------------------------------------------------------------------------
@transaction.atomic
def final_create(*, actor, exam: Exam, name: str, rules: dict | None = None, held_at=None) -> Final:
    """A final with one team per advancing unit (team members: the unit's best three candidates)."""
    _require(actor, MANAGE, exam.unit)
    if exam.status != "published":
        raise Conflict("bad_state", _("The final follows the published preliminary."))
    r = {**finals.DEFAULT_RULES, **(rules or {})}
    f = Final.objects.create(exam=exam, name=name, rules=r, held_at=held_at)
    adv = (
        UnitResult.objects.filter(exam=exam, advanced=True)
        .select_related("unit")
        .order_by("rank", "unit__path")
    )
    for seat, ur in enumerate(adv, start=1):
        t = Team.objects.create(
            final=f, unit=ur.unit, name=(ur.unit.short_name or ur.unit.name) + "代表队", seat=seat
        )
        best = Candidate.objects.filter(exam=exam, unit=ur.unit, active=True).order_by("-total", "id")[:3]
        t.members.set([c.person_id for c in best])
    record_create(actor=actor, instance=f, unit=exam.unit)
    return f


@transaction.atomic
def juror_add(*, actor, final: Final, person: Person, chair: bool = False) -> Juror:
    _require(actor, MANAGE, final.exam.unit)
    j, created = Juror.objects.get_or_create(final=final, person=person, defaults={"chair": chair})
    if created:
        record_create(actor=actor, instance=j, unit=final.exam.unit)
    return j


@transaction.atomic
def round_start(*, actor, final: Final, kind: str, name: str = "") -> Round:
    _require(actor, MANAGE, final.exam.unit)
    if final.closed_at:
        raise Conflict("closed", _("The final is over."))
    if kind not in dict(Round.KINDS):
        raise DomainError("bad_round", _("Unknown round type: %(k)s") % {"k": kind})
    now = timezone.now()
    Round.objects.filter(final=final, ended_at__isnull=True).update(ended_at=now)
    no = Round.objects.filter(final=final).count() + 1
    r = Round.objects.create(
        final=final, kind=kind, no=no, name=name or str(dict(Round.KINDS)[kind]), started_at=now
    )
    final.current_round = r
    final.save(update_fields=["current_round"])
    record_create(actor=actor, instance=r, unit=final.exam.unit)
    return r


@transaction.atomic
def score_record(
    *, actor, final: Final, team: Team, outcome: str, question: str = "", value: int | None = None
) -> ScoreEvent:
    """The host records one answer on stage (correct, wrong or a foul — a buzz before the start)."""
    _require(actor, MANAGE, final.exam.unit)
    final = Final.objects.select_for_update().get(pk=final.pk)
    if final.closed_at or final.current_round_id is None:
        raise Conflict("no_round", _("Start a round first."))
    if team.final_id != final.pk:
        raise NotFound()
    if outcome not in ("correct", "wrong", "foul"):
        raise DomainError("bad_outcome", _("An answer is correct, wrong or a foul."))
    rnd = final.current_round
    delta, rule = finals.event_delta(rnd.kind, outcome, final.rules, value)
    ev = ScoreEvent.objects.create(
        final=final,
        round=rnd,
        team=team,
        question=question[:300],
        outcome=outcome,
        value=value,
        delta=delta,
        rule=rule,
        by=actor,
    )
    record_create(actor=actor, instance=ev, unit=final.exam.unit)
    return ev


@transaction.atomic
def final_close(*, actor, final: Final) -> Final:
    _require(actor, MANAGE, final.exam.unit)
    if Arbitration.objects.filter(final=final, status="open").exists():
        raise Conflict("open_disputes", _("Rule on every open dispute first."))
    now = timezone.now()
    Round.objects.filter(final=final, ended_at__isnull=True).update(ended_at=now)
    final.closed_at, final.current_round = now, None
    final.save(update_fields=["closed_at", "current_round"])
    record(actor=actor, action="close", instance=final, unit=final.exam.unit)
    return final


@transaction.atomic
def arbitration_open(*, actor, event: ScoreEvent, claim: str, raised_by: str = "") -> Arbitration:
    final = event.final
    _require(actor, MANAGE, final.exam.unit)
    if not (claim or "").strip():
        raise DomainError("required", _("Say what is disputed."), {"field": "claim"})
    if Arbitration.objects.filter(event=event, status="open").exists():
        raise Conflict("already_open", _("This answer is already under arbitration."))
    a = Arbitration.objects.create(final=final, event=event, claim=claim.strip(), raised_by=raised_by)
    record_create(actor=actor, instance=a, unit=final.exam.unit)
    return a


def _eligible_jurors(arb: Arbitration) -> list[Juror]:
    team_unit = arb.event.team.unit
    return [
        j
        for j in Juror.objects.filter(final=arb.final).select_related("person__unit")
        if not j.person.unit.path.startswith(team_unit.path)
    ]


@transaction.atomic
def vote_cast(*, actor, arbitration: Arbitration, juror: Person, overturn: bool, reason: str = "") -> dict:
    """One juror's vote. No juror rules on their own unit's team. The panel's strict majority decides;
    an overturned answer gets a correcting score event with the reasons."""
    arb = (
        Arbitration.objects.select_for_update(of=("self",))
        .select_related("event__team__unit", "event__round", "final__exam__unit")
        .get(pk=arbitration.pk)
    )
    final = arb.final
    is_self = getattr(actor, "pk", None) is not None and juror.user_id == actor.pk
    if not (is_self or can(actor, MANAGE, final.exam.unit)):
        raise Forbidden()
    if arb.status != "open":
        raise Conflict("ruled", _("This dispute has been ruled on."))
    j = Juror.objects.filter(final=final, person=juror).select_related("person__unit").first()
    if j is None:
        raise DomainError("not_juror", _("%(name)s is not on the jury.") % {"name": juror.name})
    eligible = _eligible_jurors(arb)
    if j not in eligible:
        raise DomainError(
            "recused",
            _("%(name)s may not rule on a team of their own unit.") % {"name": juror.name},
            {"juror": juror.pk},
        )
    try:
        v = Vote.objects.create(arbitration=arb, juror=j, overturn=bool(overturn), reason=reason[:300])
    except IntegrityError:
        raise Conflict("voted", _("This juror has already voted."))
    record_create(actor=actor, instance=v, unit=final.exam.unit)
    votes = list(arb.votes.values_list("overturn", flat=True))
    outcome = finals.tally(sum(votes), len(votes) - sum(votes), len(eligible))
    if outcome is None:
        return {"status": "open", "votes": len(votes), "eligible": len(eligible)}
    reasons = "；".join(r for r in arb.votes.values_list("reason", flat=True) if r)
    ev = arb.event
    if outcome == "overturned":
        new_outcome = finals.overturned(ev.outcome)
        new_delta = (
            Decimal(0)
            if new_outcome == "none"
            else finals.event_delta(ev.round.kind, new_outcome, final.rules, ev.value)[0]
        )
        corr = ScoreEvent.objects.create(
            final=final,
            round=ev.round,
            team=ev.team,
            question=ev.question,
            outcome="ruling",
            value=ev.value,
            delta=new_delta - ev.delta,
            rule=f"arbitration #{arb.pk}: {ev.outcome} → {new_outcome}",
            by=actor,
        )
        arb.correction = corr
    before = snapshot(arb)
    arb.status, arb.ruled_at = outcome, timezone.now()
    arb.ruling = f"{sum(votes)}/{len(eligible)} to overturn. {reasons}"[:2000]
    arb.save()
    record_update(actor=actor, instance=arb, before=before, unit=final.exam.unit)
    return {
        "status": outcome,
        "votes": len(votes),
        "eligible": len(eligible),
        "correction": str(arb.correction.delta) if arb.correction_id else None,
    }


@transaction.atomic
def prizes_award(*, actor, final: Final, levels: list[tuple[str, int]]) -> list[Prize]:
    """Team prizes from the final standings, e.g. [("一等奖", 1), ("二等奖", 2), ("三等奖", 3)]."""
    from .queries import scoreboard

    _require(actor, MANAGE, final.exam.unit)
    if final.closed_at is None:
        raise Conflict("not_closed", _("Award prizes after the final is closed."))
    Prize.objects.filter(final=final, team__isnull=False).delete()
    rows = scoreboard(final)["teams"]
    out, i = [], 0
    for level, n in levels:
        for r in rows[i : i + n]:
            out.append(
                Prize(
                    exam=final.exam,
                    final=final,
                    level=level,
                    team_id=r["team_id"],
                    reason=f"rank {r['rank']}, {r['total']} points",
                )
            )
        i += n
    Prize.objects.bulk_create(out)
    record(
        actor=actor,
        action="prizes",
        instance=final,
        unit=final.exam.unit,
        after=[{"level": p.level, "team": p.team_id} for p in out],
    )
    return out


@transaction.atomic
def prize_individual(*, actor, exam: Exam, person: Person, level: str, reason: str = "") -> Prize:
    _require(actor, MANAGE, exam.unit)
    p = Prize.objects.create(exam=exam, level=level, person=person, reason=reason)
    record_create(actor=actor, instance=p, unit=exam.unit)
    return p
