"""API: closing, sealed grading (seal codes only), unsealing, results and advancement."""

from decimal import Decimal

from ninja import Router, Schema
from ninja.pagination import paginate

from yangguang.core.errors import NotFound
from yangguang.core.idempotency import once
from yangguang.core.pagination import PageNumberPagination

from .. import actions, queries
from ._common import CandidateOut, _exam

router = Router()


class GradeMarkIn(Schema):
    points: Decimal


@router.post("/exams/{exam_id}/close", operation_id="yangguang_exams_api_exam_close")
def exam_close(request, exam_id: int):
    return actions.exam_close(actor=request.user, exam=_exam(request, exam_id))


@router.post("/exams/{exam_id}/unseal", operation_id="yangguang_exams_api_exam_unseal")
def exam_unseal(request, exam_id: int):
    return actions.exam_unseal(actor=request.user, exam=_exam(request, exam_id))


@router.get(
    "/exams/{exam_id}/results", response=list[CandidateOut], operation_id="yangguang_exams_api_results"
)
@paginate(PageNumberPagination, page_size=100)
def results(request, exam_id: int):
    return queries.results(actor=request.user, exam=_exam(request, exam_id))


@router.get("/exams/{exam_id}/advancement", operation_id="yangguang_exams_api_advancement")
def advancement(request, exam_id: int):
    exam = _exam(request, exam_id)
    if exam.unsealed_at is None:
        raise NotFound()
    return [
        {
            "unit_id": r.unit_id,
            "unit": r.unit.name,
            "value": r.value,
            "best": r.best,
            "rank": r.rank,
            "advanced": r.advanced,
            "candidates": r.candidates,
            "submitted": r.submitted,
            "rule": r.rule,
        }
        for r in exam.unit_results.select_related("unit")
    ]


@router.get("/exams/{exam_id}/grading", operation_id="yangguang_exams_api_grading_queue")
def grading_queue(request, exam_id: int):
    """Short answers waiting for this grader: seal codes, never names or units."""
    exam = queries.exam_get(actor=request.user, exam_id=exam_id, roles=queries.GRADE)
    return queries.grading_queue(actor=request.user, exam=exam)


@router.get("/grading/answers/{answer_id}", operation_id="yangguang_exams_api_grading_answer")
def grading_answer(request, answer_id: int):
    return queries.grading_answer(actor=request.user, answer_id=answer_id)


@router.post("/grading/answers/{answer_id}/marks", operation_id="yangguang_exams_api_mark")
def mark(request, answer_id: int, data: GradeMarkIn):
    key = request.headers.get("Idempotency-Key")
    result, _replayed = once(
        user=request.user,
        scope="exams.mark",
        key=key,
        fn=lambda: {
            k: (str(v) if isinstance(v, Decimal) else v)
            for k, v in actions.mark_submit(
                actor=request.user, answer_id=answer_id, points=data.points
            ).items()
        },
    )
    return result
