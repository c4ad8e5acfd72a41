"""API: blueprints and papers."""

from ninja import Router, Schema, Status

from yangguang.core.errors import NotFound

from .. import actions, queries
from ..models import Blueprint
from ._common import IdOut, SeedIn

router = Router()


class BlueprintIn(Schema):
    name: str
    cells: list[dict]


def _any_role_exam(request, exam_id):
    """An exam the user may act on in any capacity (actions check the exact role)."""
    return queries.exam_get(
        actor=request.user, exam_id=exam_id, roles=queries.VIEW + queries.SET + queries.GRADE
    )


@router.post(
    "/exams/{exam_id}/blueprints", response={201: IdOut}, operation_id="yangguang_exams_api_blueprint_create"
)
def blueprint_create(request, exam_id: int, data: BlueprintIn):
    exam = _any_role_exam(request, exam_id)
    return Status(
        201, actions.blueprint_save(actor=request.user, exam=exam, name=data.name, cells=data.cells)
    )


@router.post("/blueprints/{blueprint_id}/draw", operation_id="yangguang_exams_api_papers_draw")
def papers_draw(request, blueprint_id: int, data: SeedIn):
    bp = Blueprint.objects.filter(pk=blueprint_id).first()
    if bp is None:
        raise NotFound()
    exam = _any_role_exam(request, bp.exam_id)
    ps = actions.papers_draw(actor=request.user, exam=exam, blueprint=bp, seed=data.seed)
    return [{"id": p.pk, "version": p.version, "seed": p.seed, "questions": len(p.items)} for p in ps]


@router.post("/exams/{exam_id}/papers/assign", operation_id="yangguang_exams_api_papers_assign")
def papers_assign(request, exam_id: int):
    n = actions.candidate_papers_generate(actor=request.user, exam=_any_role_exam(request, exam_id))
    return {"candidates": n}
