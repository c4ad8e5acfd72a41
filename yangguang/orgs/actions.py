"""Every write to the organisation: one transaction, validated, audited."""

from __future__ import annotations

from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext_lazy as _

from yangguang.audit.actions import record_create, record_delete, record_update, snapshot
from yangguang.core.errors import DomainError, Forbidden, ImportRejected, RowError
from yangguang.core.tabular import Table, read_table, write_table

from .models import Person, Post, Unit, UnitKind
from .queries import has_role
from .roles import ROLES


def _require_admin(actor, unit: Unit | None) -> None:
    if unit is None:
        if not (actor and actor.is_superuser):
            raise Forbidden(_("Only a system administrator may create a root unit."))
    elif not has_role(actor, "admin", unit):
        raise Forbidden(_("You are not an administrator of %(unit)s.") % {"unit": unit.name})


def _kind(value: str) -> UnitKind | None:
    if not value:
        return None
    return UnitKind.objects.filter(code=value).first() or UnitKind.objects.filter(name=value).first()


# -- units ----------------------------------------------------------------------------------
@transaction.atomic
def unit_create(
    *,
    actor,
    parent: Unit | None,
    code: str,
    name: str,
    kind: UnitKind,
    short_name: str = "",
    level_names=None,
    audit: bool = True,
) -> Unit:
    _require_admin(actor, parent)
    code, name = (code or "").strip(), (name or "").strip()
    if not code or not name:
        raise DomainError("required", _("A unit needs a code and a name."))
    if Unit.objects.filter(code=code).exists():
        raise DomainError(
            "duplicate_code", _("Unit code %(code)s is already in use.") % {"code": code}, {"field": "code"}
        )
    fields = dict(code=code, name=name, kind=kind, short_name=short_name, level_names=level_names or [])
    unit = parent.add_child(**fields) if parent else Unit.add_root(**fields)
    if audit:
        record_create(actor=actor, instance=unit, unit=unit)
    return unit


@transaction.atomic
def unit_update(*, actor, unit: Unit, **changes) -> Unit:
    _require_admin(actor, unit)
    before = snapshot(unit)
    for k in ("name", "short_name", "kind", "address", "phone", "active", "level_names"):
        if k in changes:
            setattr(unit, k, changes[k])
    if not unit.name.strip():
        raise DomainError("required", _("A unit needs a name."), {"field": "name"})
    unit.save()
    record_update(actor=actor, instance=unit, before=before, unit=unit)
    return unit


@transaction.atomic
def unit_move(*, actor, unit: Unit, new_parent: Unit) -> Unit:
    _require_admin(actor, unit)
    _require_admin(actor, new_parent)
    if new_parent.path.startswith(unit.path):
        raise DomainError("cycle", _("A unit cannot be moved under itself or its own descendant."))
    before = snapshot(unit)
    unit.move(new_parent, "last-child")
    unit.refresh_from_db()
    # The subtree's paths changed: carry them to the people kept beside them.
    Person.objects.filter(unit__path__startswith=unit.path).update(
        unit_path=Subquery(Unit.objects.filter(pk=OuterRef("unit_id")).values("path")[:1])
    )
    record_update(actor=actor, instance=unit, before=before, unit=unit, note="move")
    return unit


@transaction.atomic
def unit_delete(*, actor, unit: Unit) -> None:
    _require_admin(actor, unit)
    if unit.get_children_count() or unit.people.exists():
        raise DomainError("not_empty", _("%(unit)s still has sub-units or people.") % {"unit": unit.name})
    record_delete(actor=actor, instance=unit, unit=unit)
    unit.delete()


# -- people and posts -----------------------------------------------------------------------
@transaction.atomic
def person_create(
    *,
    actor,
    unit: Unit,
    code: str,
    name: str,
    title: str = "",
    phone: str = "",
    email: str = "",
    user=None,
    audit: bool = True,
) -> Person:
    _require_admin(actor, unit)
    code, name = (code or "").strip(), (name or "").strip()
    if not code or not name:
        raise DomainError("required", _("A person needs a staff number and a name."))
    if Person.objects.filter(code=code).exists():
        raise DomainError(
            "duplicate_code",
            _("Staff number %(code)s is already in use.") % {"code": code},
            {"field": "code"},
        )
    person = Person.objects.create(
        unit=unit, code=code, name=name, title=title, phone=phone, email=email, user=user
    )
    if audit:
        record_create(actor=actor, instance=person, unit=unit)
    return person


@transaction.atomic
def person_update(*, actor, person: Person, **changes) -> Person:
    _require_admin(actor, person.unit)
    if "unit" in changes:
        _require_admin(actor, changes["unit"])
    before = snapshot(person)
    for k in ("name", "title", "phone", "email", "unit", "active", "user"):
        if k in changes:
            setattr(person, k, changes[k])
    person.save()
    record_update(actor=actor, instance=person, before=before, unit=person.unit)
    return person


@transaction.atomic
def post_grant(*, actor, person: Person, unit: Unit, role: str, title: str = "", audit: bool = True) -> Post:
    _require_admin(actor, unit)
    if role not in ROLES:
        raise DomainError("unknown_role", _("Unknown role: %(role)s") % {"role": role}, {"field": "role"})
    post, created = Post.objects.get_or_create(person=person, unit=unit, role=role, defaults={"title": title})
    if created and audit:
        record_create(actor=actor, instance=post, unit=unit)
    return post


@transaction.atomic
def post_revoke(*, actor, post: Post) -> None:
    _require_admin(actor, post.unit)
    record_delete(actor=actor, instance=post, unit=post.unit)
    post.delete()


# -- import and export ----------------------------------------------------------------------
UNIT_COLUMNS = [
    ("code", "编码"),
    ("name", "名称"),
    ("parent_code", "上级编码"),
    ("kind", "类型"),
    ("short_name", "简称"),
]
PERSON_COLUMNS = [
    ("code", "工号"),
    ("name", "姓名"),
    ("unit_code", "单位编码"),
    ("title", "职务"),
    ("phone", "电话"),
    ("email", "邮箱"),
    ("roles", "岗位"),
]


def _columns(
    table: Table, spec: list[tuple[str, str]], required: set[str]
) -> tuple[dict[str, str], list[RowError]]:
    """Map our field names to the file's headers (Chinese or English)."""
    found, errors = {}, []
    for field, zh in spec:
        for h in table.header:
            if h in (field, zh):
                found[field] = h
    for field, zh in spec:
        if field in required and field not in found:
            errors.append(
                RowError(1, zh, _("Missing column %(zh)s (%(field)s).") % {"zh": zh, "field": field})
            )
    return found, errors


def _cell(row: dict, cols: dict, field: str) -> str:
    h = cols.get(field)
    v = row.get(h, "") if h else ""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return str(v).strip()


@transaction.atomic
def units_import(*, actor, data: bytes, filename: str) -> dict:
    """Create or update units from a sheet: all rows or none, every bad row reported."""
    table = read_table(data, filename)
    cols, errors = _columns(table, UNIT_COLUMNS, {"code", "name", "parent_code", "kind"})
    if errors:
        raise ImportRejected(errors)
    rows: dict[str, dict] = {}
    kinds = {k.code: k for k in UnitKind.objects.all()} | {k.name: k for k in UnitKind.objects.all()}
    for n, row in table.rows:
        code, name, parent, kind = (_cell(row, cols, f) for f in ("code", "name", "parent_code", "kind"))
        zh = dict(UNIT_COLUMNS)
        if not code:
            errors.append(RowError(n, zh["code"], _("The code is empty.")))
            continue
        if code in rows:
            errors.append(
                RowError(
                    n,
                    zh["code"],
                    _("Duplicate code %(code)s (also on row %(row)d).")
                    % {"code": code, "row": rows[code]["row"]},
                )
            )
            continue
        if not name:
            errors.append(RowError(n, zh["name"], _("The name is empty.")))
        if kind not in kinds:
            errors.append(RowError(n, zh["kind"], _("Unknown unit kind %(kind)s.") % {"kind": kind or "—"}))
        if parent == code:
            errors.append(RowError(n, zh["parent_code"], _("A unit cannot be its own parent.")))
        rows[code] = {
            "row": n,
            "code": code,
            "name": name,
            "parent": parent,
            "kind": kinds.get(kind),
            "short_name": _cell(row, cols, "short_name"),
        }
    existing = {
        u.code: u
        for u in Unit.objects.filter(code__in=set(rows) | {r["parent"] for r in rows.values() if r["parent"]})
    }
    zh = dict(UNIT_COLUMNS)
    for r in rows.values():
        p = r["parent"]
        if p and p not in rows and p not in existing:
            errors.append(
                RowError(r["row"], zh["parent_code"], _("Unknown parent unit %(code)s.") % {"code": p})
            )
        elif not p and not (actor and actor.is_superuser):
            errors.append(
                RowError(
                    r["row"], zh["parent_code"], _("Only a system administrator may create a root unit.")
                )
            )
        elif p in existing and p not in rows and not has_role(actor, "admin", existing[p]):
            errors.append(
                RowError(
                    r["row"], zh["parent_code"], _("You are not an administrator of %(unit)s.") % {"unit": p}
                )
            )
    # Cycles: follow each unit's parent through the file first, then the database.
    for code, r in rows.items():
        seen, cur = {code}, r["parent"]
        while cur:
            if cur in seen:
                errors.append(
                    RowError(
                        r["row"],
                        zh["parent_code"],
                        _("The parent chain of %(code)s forms a cycle.") % {"code": code},
                    )
                )
                break
            seen.add(cur)
            if cur in rows:
                cur = rows[cur]["parent"]
            elif cur in existing:
                anc = existing[cur]
                hit = next(
                    (c for c in seen if c in existing and c != cur and anc.path.startswith(existing[c].path)),
                    None,
                )
                if hit:
                    errors.append(
                        RowError(
                            r["row"],
                            zh["parent_code"],
                            _("The parent chain of %(code)s forms a cycle.") % {"code": code},
                        )
                    )
                break
            else:
                break
    if errors:
        raise ImportRejected(sorted(errors, key=lambda e: e.row or 0))
    created = updated = 0
    done: dict[str, Unit] = {}

    def ensure(code: str) -> Unit:
        nonlocal created, updated
        if code in done:
            return done[code]
        r = rows[code]
        parent = None
        if r["parent"]:
            parent = ensure(r["parent"]) if r["parent"] in rows else Unit.objects.get(code=r["parent"])
        unit = existing.get(code)
        if unit is None:
            unit = unit_create(
                actor=actor,
                parent=parent,
                code=code,
                name=r["name"],
                kind=r["kind"],
                short_name=r["short_name"],
            )
            created += 1
        else:
            unit.refresh_from_db()
            unit = unit_update(
                actor=actor, unit=unit, name=r["name"], kind=r["kind"], short_name=r["short_name"]
            )
            current_parent = unit.get_parent()
            if parent is not None and (current_parent is None or current_parent.pk != parent.pk):
                parent.refresh_from_db()
                unit = unit_move(actor=actor, unit=unit, new_parent=parent)
            updated += 1
        done[code] = unit
        return unit

    for code in rows:
        ensure(code)
    return {"created": created, "updated": updated}


def units_export(*, actor, root: Unit | None, fmt: str) -> bytes:
    from .queries import scope_q

    qs = Unit.objects.filter(scope_q(actor, "path")).select_related("kind").order_by("path")
    if root is not None:
        qs = qs.filter(path__startswith=root.path)
    units = list(qs)
    by_path = {u.path: u.code for u in units}
    parents = {u.path[: -u.steplen] for u in units if u.depth > 1} - set(by_path)
    by_path |= dict(Unit.objects.filter(path__in=parents).values_list("path", "code"))
    rows = [
        [
            u.code,
            u.name,
            by_path.get(u.path[: -u.steplen], "") if u.depth > 1 else "",
            u.kind.code,
            u.short_name,
        ]
        for u in units
    ]
    return write_table([zh for _f, zh in UNIT_COLUMNS], rows, fmt, "units")


@transaction.atomic
def people_import(*, actor, data: bytes, filename: str) -> dict:
    table = read_table(data, filename)
    cols, errors = _columns(table, PERSON_COLUMNS, {"code", "name", "unit_code"})
    if errors:
        raise ImportRejected(errors)
    zh = dict(PERSON_COLUMNS)
    seen: dict[str, int] = {}
    parsed = []
    unit_codes = {_cell(r, cols, "unit_code") for _n, r in table.rows}
    units = {u.code: u for u in Unit.objects.filter(code__in=unit_codes)}
    for n, row in table.rows:
        code, name, ucode = (_cell(row, cols, f) for f in ("code", "name", "unit_code"))
        roles = [
            x.strip()
            for x in _cell(row, cols, "roles").replace("；", ";").replace(",", ";").split(";")
            if x.strip()
        ]
        if not code:
            errors.append(RowError(n, zh["code"], _("The staff number is empty.")))
            continue
        if code in seen:
            errors.append(
                RowError(
                    n,
                    zh["code"],
                    _("Duplicate staff number %(code)s (also on row %(row)d).")
                    % {"code": code, "row": seen[code]},
                )
            )
            continue
        seen[code] = n
        if not name:
            errors.append(RowError(n, zh["name"], _("The name is empty.")))
        unit = units.get(ucode)
        if unit is None:
            errors.append(RowError(n, zh["unit_code"], _("Unknown unit %(code)s.") % {"code": ucode or "—"}))
        elif not has_role(actor, "admin", unit):
            errors.append(
                RowError(n, zh["unit_code"], _("You are not an administrator of %(unit)s.") % {"unit": ucode})
            )
        for role in roles:
            if role not in ROLES:
                errors.append(RowError(n, zh["roles"], _("Unknown role: %(role)s") % {"role": role}))
        email = _cell(row, cols, "email")
        if email and "@" not in email:
            errors.append(RowError(n, zh["email"], _("Not an email address: %(v)s") % {"v": email}))
        parsed.append((code, name, unit, roles, _cell(row, cols, "title"), _cell(row, cols, "phone"), email))
    if errors:
        raise ImportRejected(errors)
    existing = {p.code: p for p in Person.objects.filter(code__in=seen).select_related("unit")}
    created = updated = 0
    for code, name, unit, roles, title, phone, email in parsed:
        person = existing.get(code)
        if person is None:
            person = person_create(
                actor=actor, unit=unit, code=code, name=name, title=title, phone=phone, email=email
            )
            created += 1
        else:
            person = person_update(
                actor=actor, person=person, name=name, unit=unit, title=title, phone=phone, email=email
            )
            updated += 1
        for role in roles:
            post_grant(actor=actor, person=person, unit=unit, role=role)
    return {"created": created, "updated": updated}


def people_export(*, actor, under: Unit | None, fmt: str) -> bytes:
    from .queries import person_list

    people = person_list(actor=actor, under=under).prefetch_related("posts")
    rows = [
        [
            p.code,
            p.name,
            p.unit.code,
            p.title,
            p.phone,
            p.email,
            ";".join(sorted({x.role for x in p.posts.all() if x.unit_id == p.unit_id})),
        ]
        for p in people
    ]
    return write_table([zh for _f, zh in PERSON_COLUMNS], rows, fmt, "people")
