"""Units and people over the API: thin over orgs.queries / orgs.actions."""

from __future__ import annotations

from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from yangguang.core.pagination import PageNumberPagination

from . import actions, queries

router = Router(tags=["orgs"])


class UnitOut(Schema):
    id: int
    code: str
    name: str
    short_name: str
    kind: str
    depth: int
    parent_id: int | None = None
    children: int

    @staticmethod
    def resolve_kind(obj):
        return obj.kind.code

    @staticmethod
    def resolve_parent_id(obj):
        return None

    @staticmethod
    def resolve_children(obj):
        return obj.numchild


class PersonOut(Schema):
    id: int
    code: str
    name: str
    title: str
    phone: str
    email: str
    unit_id: int
    unit_name: str

    @staticmethod
    def resolve_unit_name(obj):
        return obj.unit.name


class ImportResult(Schema):
    created: int
    updated: int


@router.get("/units", response=list[UnitOut])
@paginate(PageNumberPagination, page_size=50)
def units(request, parent: int | None = None, q: str = "", kind: str = ""):
    """Units in your scope; `parent` lists one unit's children, `q` searches name and code."""
    p = queries.unit_get(actor=request.user, unit_id=parent) if parent else None
    if p is None and not q and not kind:
        return queries.unit_roots(actor=request.user)
    return queries.unit_list(actor=request.user, parent=p, q=q, kind=kind)


@router.get("/units/{int:unit_id}", response=UnitOut)
def unit(request, unit_id: int):
    return queries.unit_get(actor=request.user, unit_id=unit_id)


@router.get("/people", response=list[PersonOut])
@paginate(PageNumberPagination, page_size=50)
def people(request, under: int | None = None, q: str = "", role: str = ""):
    u = queries.unit_get(actor=request.user, unit_id=under) if under else None
    return queries.person_list(actor=request.user, under=u, q=q, role=role)


@router.get("/people/{int:person_id}", response=PersonOut)
def person(request, person_id: int):
    return queries.person_get(actor=request.user, person_id=person_id)


@router.post("/units/import", response=ImportResult)
def units_import(request, file: File[UploadedFile]):
    """All-or-nothing: a 400 with every bad row (row, column, message in Chinese and English)."""
    return actions.units_import(actor=request.user, data=file.read(), filename=file.name)


@router.post("/people/import", response=ImportResult)
def people_import(request, file: File[UploadedFile]):
    return actions.people_import(actor=request.user, data=file.read(), filename=file.name)


class UnitIn(Schema):
    parent_id: int | None = None
    code: str
    name: str
    kind: str
    short_name: str = ""


class PersonIn(Schema):
    unit_id: int
    code: str
    name: str
    title: str = ""
    phone: str = ""
    email: str = ""


def _idem_key(request) -> str | None:
    return request.headers.get("Idempotency-Key") or None


@router.post("/units", response={201: UnitOut})
def unit_create(request, payload: UnitIn):
    """Create a unit under `parent_id` (you must administer the parent). Send an `Idempotency-Key`
    header to make retries safe."""
    from yangguang.core.idempotency import once

    from .models import Unit, UnitKind

    def do():
        parent = (
            queries.unit_get(actor=request.user, unit_id=payload.parent_id) if payload.parent_id else None
        )
        kind = UnitKind.objects.filter(code=payload.kind).first()
        if kind is None:
            from django.utils.translation import gettext_lazy as _

            from yangguang.core.errors import DomainError

            raise DomainError(
                "unknown_kind", _("Unknown unit kind %(kind)s.") % {"kind": payload.kind}, {"field": "kind"}
            )
        unit = actions.unit_create(
            actor=request.user,
            parent=parent,
            code=payload.code,
            name=payload.name,
            kind=kind,
            short_name=payload.short_name,
        )
        return {"id": unit.pk}

    result, _replayed = once(user=request.user, scope="orgs.unit_create", key=_idem_key(request), fn=do)
    return Status(201, Unit.objects.select_related("kind").get(pk=result["id"]))


@router.post("/people", response={201: PersonOut})
def person_create(request, payload: PersonIn):
    from yangguang.core.idempotency import once

    from .models import Person

    def do():
        unit = queries.unit_get(actor=request.user, unit_id=payload.unit_id)
        p = actions.person_create(
            actor=request.user,
            unit=unit,
            code=payload.code,
            name=payload.name,
            title=payload.title,
            phone=payload.phone,
            email=payload.email,
        )
        return {"id": p.pk}

    result, _replayed = once(user=request.user, scope="orgs.person_create", key=_idem_key(request), fn=do)
    return Status(201, Person.objects.select_related("unit").get(pk=result["id"]))
