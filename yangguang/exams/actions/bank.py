"""The question bank: categories, questions one by one, all-or-nothing import, export."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from yangguang.audit.actions import record, record_create
from yangguang.core.errors import DomainError, ImportRejected, RowError
from yangguang.core.tabular import read_table, write_table
from yangguang.orgs.models import Unit

from ..models import (
    Category,
    Question,
)
from ..queries import SET
from ..rules import dupes
from ._common import KIND_CODES, _letters, _require


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
