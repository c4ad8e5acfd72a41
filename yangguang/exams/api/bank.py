"""API: the question bank (list, create, import, export)."""

from typing import Any

from django.http import HttpResponse
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from yangguang.core.pagination import PageNumberPagination
from yangguang.core.tabular import CONTENT_TYPES
from yangguang.orgs.queries import unit_get

from .. import actions, queries

router = Router()


class QuestionOut(Schema):
    id: int
    kind: str
    category_id: int
    category: str
    difficulty: int
    stem: str
    options: list[str]
    answer: Any = None
    rubric: str
    legal_basis: str
    explanation: str
    near_duplicate_of_id: int | None = None

    @staticmethod
    def resolve_category(obj):
        return obj.category.name


class QuestionIn(Schema):
    unit_id: int
    kind: str
    category: list[str]
    stem: str
    options: list[str] = []
    answer: Any = None
    difficulty: int = 2
    rubric: str = ""
    legal_basis: str = ""
    explanation: str = ""


class BankImportOut(Schema):
    created: int
    flagged: list[dict]


@router.get("/questions", response=list[QuestionOut], operation_id="yangguang_exams_api_questions")
@paginate(PageNumberPagination, page_size=50)
def questions(request, q: str = "", kind: str = "", category: int | None = None):
    """Only question setters see the bank."""
    return queries.question_list(actor=request.user, q=q, kind=kind, category=category)


@router.post("/questions", response={201: QuestionOut}, operation_id="yangguang_exams_api_question_create")
def question_create(request, data: QuestionIn):
    unit = unit_get(actor=request.user, unit_id=data.unit_id)
    return Status(
        201, actions.question_create(actor=request.user, unit=unit, **data.dict(exclude={"unit_id"}))
    )


@router.post("/questions/import", response=BankImportOut, operation_id="yangguang_exams_api_questions_import")
def questions_import(request, unit_id: int, file: File[UploadedFile]):
    unit = unit_get(actor=request.user, unit_id=unit_id)
    return actions.questions_import(actor=request.user, unit=unit, data=file.read(), filename=file.name)


@router.get("/questions/export", operation_id="yangguang_exams_api_questions_export")
def questions_export(request, unit_id: int):
    unit = unit_get(actor=request.user, unit_id=unit_id)
    resp = HttpResponse(
        actions.questions_export(actor=request.user, unit=unit), content_type=CONTENT_TYPES["xlsx"]
    )
    resp["Content-Disposition"] = 'attachment; filename="questions.xlsx"'
    return resp
