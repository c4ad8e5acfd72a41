"""Units and people over the API: thin over orgs.queries / orgs.actions."""

from __future__ import annotations

from ninja import File, Router, Schema
from ninja.files import UploadedFile
from ninja.pagination import PageNumberPagination, paginate

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
