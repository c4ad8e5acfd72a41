"""Reads of the organisation, every one scoped to the acting user.

A user's scope is the union of the subtrees of the units where they hold a post; superusers see
everything. Missing and out-of-scope answer the same NotFound.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from yangguang.core.errors import NotFound

from .models import Person, Post, Unit


def _minimal(paths: list[str]) -> list[str]:
    out: list[str] = []
    for p in sorted(set(paths)):
        if not any(p.startswith(q) for q in out):
            out.append(p)
    return out


def scope_paths(actor, roles: tuple[str, ...] | None = None) -> list[str] | None:
    """Unit paths the actor may see (None: everything). Cached on the user object per request."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return []
    if actor.is_superuser:
        return None
    cache = actor.__dict__.setdefault("_yg_scope", {})
    key = roles or ()
    if key not in cache:
        qs = Post.objects.filter(person__user=actor)
        if roles:
            qs = qs.filter(role__in=roles)
        cache[key] = _minimal(list(qs.values_list("unit__path", flat=True)))
    return cache[key]


def admin_paths(actor) -> list[str] | None:
    return scope_paths(actor, roles=("admin",))


def path_q(paths: list[str] | None, field: str = "unit__path") -> Q:
    """A filter for rows whose unit lies under one of the paths (None: no filter)."""
    if paths is None:
        return Q()
    q = Q(pk__in=[])
    for p in paths:
        q |= Q(**{f"{field}__startswith": p})
    return q


def scope_q(actor, field: str = "unit__path", roles: tuple[str, ...] | None = None) -> Q:
    return path_q(scope_paths(actor, roles), field)


def has_role(actor, role: str | tuple[str, ...], unit: Unit) -> bool:
    """Does the actor hold the role on this unit or one of its ancestors?"""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return False
    if actor.is_superuser:
        return True
    roles = (role,) if isinstance(role, str) else role
    paths = scope_paths(actor, roles=roles)
    return any(unit.path.startswith(p) for p in paths or [])


def in_scope(actor, unit: Unit, roles: tuple[str, ...] | None = None) -> bool:
    paths = scope_paths(actor, roles)
    return paths is None or any(unit.path.startswith(p) for p in paths)


def unit_roots(*, actor) -> QuerySet:
    """The top units the actor may browse: the tree roots, or the units of their posts."""
    paths = scope_paths(actor)
    if paths is None:
        return Unit.get_root_nodes().select_related("kind")
    return Unit.objects.filter(path__in=paths).select_related("kind")


def unit_list(*, actor, parent: Unit | None = None, q: str = "", kind: str = "") -> QuerySet:
    qs = Unit.objects.filter(scope_q(actor, "path")).select_related("kind")
    if parent is not None:
        qs = qs.filter(path__startswith=parent.path, depth=parent.depth + 1)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(code__icontains=q))
    if kind:
        qs = qs.filter(kind__code=kind)
    return qs.order_by("path")


def unit_get(*, actor, unit_id: int | None = None, code: str | None = None) -> Unit:
    qs = Unit.objects.filter(scope_q(actor, "path")).select_related("kind")
    try:
        return qs.get(pk=unit_id) if unit_id is not None else qs.get(code=code)
    except (Unit.DoesNotExist, ValueError, TypeError):
        raise NotFound()


def unit_ancestors(unit: Unit) -> list[Unit]:
    step = unit.steplen
    paths = [unit.path[: step * i] for i in range(1, unit.depth)]
    return list(Unit.objects.filter(path__in=paths).order_by("depth"))


def unit_subtree_ids(unit: Unit) -> list[int]:
    return list(Unit.objects.filter(path__startswith=unit.path).values_list("id", flat=True))


def person_list(*, actor, under: Unit | None = None, q: str = "", role: str = "") -> QuerySet:
    """People in the actor's scope (optionally under one unit), one SQL query per page."""
    qs = Person.objects.filter(scope_q(actor, "unit_path")).select_related("unit")
    if under is not None:
        qs = qs.filter(unit_path__startswith=under.path)
    if q:
        qs = qs.filter(
            Q(name__icontains=q) | Q(code__icontains=q) | Q(phone__icontains=q) | Q(title__icontains=q)
        )
    if role:
        qs = qs.filter(posts__role=role).distinct()
    return qs.order_by("unit_path", "id")


def person_get(*, actor, person_id: int) -> Person:
    try:
        return (
            Person.objects.filter(scope_q(actor, "unit__path"))
            .select_related("unit", "user")
            .get(pk=person_id)
        )
    except (Person.DoesNotExist, ValueError, TypeError):
        raise NotFound()


def person_of(user) -> Person | None:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return Person.objects.filter(user=user).select_related("unit").first()


def people_with_role(unit: Unit, role: str) -> QuerySet:
    """People holding `role` on the unit or any ancestor (who is responsible here)."""
    step = unit.steplen
    paths = [unit.path[: step * i] for i in range(1, unit.depth + 1)]
    return Person.objects.filter(posts__role=role, posts__unit__path__in=paths).distinct()
