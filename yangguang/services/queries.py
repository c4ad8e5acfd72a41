"""Every non-trivial read of the services domain, scoped to the actor.

Another unit's object and a missing one both raise NotFound. The public reads (published items, the
case lookup by number and query code) take no actor and reveal nothing else.
"""

from __future__ import annotations

import json
import secrets
import time
from dataclasses import dataclass
from datetime import date

from django.db import connection
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import ExtractMonth, Substr
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from yangguang.core.errors import NotFound
from yangguang.orgs.models import Unit
from yangguang.orgs.queries import scope_q
from yangguang.workdays.queries import calendar

from . import publicview, rules
from .models import (
    Case,
    CaseDay,
    CaseStatus,
    CentreSettings,
    FirstInquiry,
    HotlineOrder,
    Notification,
    PauseKind,
    PublicCase,
    Rectification,
    ServiceItem,
)
from .rollup import COUNTERS


def _get(qs: QuerySet, pk, for_update: bool):
    if for_update:
        qs = qs.select_for_update()
    try:
        return qs.get(pk=pk)
    except (qs.model.DoesNotExist, ValueError, TypeError):
        raise NotFound()


# -- settings ----------------------------------------------------------------------------------

_FRESH_SECONDS = 30.0
_cached: dict[str, tuple[float, object]] = {}


def _fresh(key: str, build):
    """A per-process copy refreshed every 30 s: the hot public lookup reads no settings rows."""
    now = time.monotonic()
    hit = _cached.get(key)
    if hit is None or now - hit[0] > _FRESH_SECONDS:
        hit = (now, build())
        _cached[key] = hit
    return hit[1]


def cached_settings() -> SettingsByPath:
    return _fresh("settings", SettingsByPath)


@dataclass(frozen=True)
class Defaults:
    yellow_days: int = 1
    red_card_days: int = 3
    callback_days: int = 1
    rectify_days: int = 15
    inquiry_days: int = 1


def settings_for(unit: Unit):
    """The nearest ancestor's (or the unit's own) settings, else the defaults."""
    step = unit.steplen
    paths = [unit.path[: step * i] for i in range(1, unit.depth + 1)]
    found = CentreSettings.objects.filter(unit__path__in=paths).order_by("-unit__depth").first()
    return found or Defaults()


class SettingsByPath:
    """Settings lookups for many unit paths, one query."""

    def __init__(self):
        self.rows = sorted(
            CentreSettings.objects.values_list("unit__path", "yellow_days", "red_card_days", "inquiry_days"),
            key=lambda r: -len(r[0]),
        )
        self._cache: dict[str, tuple[int, int]] = {}

    def get(self, path: str) -> tuple[int, int]:
        hit = self._cache.get(path)
        if hit is None:
            d = Defaults()
            hit = (d.yellow_days, d.red_card_days)
            for p, y, r, _i in self.rows:
                if path.startswith(p):
                    hit = (y, r)
                    break
            self._cache[path] = hit
        return hit


# -- items -------------------------------------------------------------------------------------


def item_list(*, actor, q: str = "", status: str = "", unit_id: int | None = None) -> QuerySet:
    qs = ServiceItem.objects.filter(scope_q(actor, "unit__path")).select_related("unit")
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(code__icontains=q) | Q(keywords__icontains=q))
    if status:
        qs = qs.filter(status=status)
    if unit_id:
        qs = qs.filter(unit_id=unit_id)
    return qs.order_by("unit__path", "code", "-version")


def item_get(*, actor, item_id: int, for_update: bool = False) -> ServiceItem:
    qs = ServiceItem.objects.filter(scope_q(actor, "unit__path")).select_related("unit")
    return _get(qs, item_id, for_update)


def item_versions(item: ServiceItem) -> QuerySet:
    return ServiceItem.objects.filter(code=item.code).order_by("-version")


def published_items(*, q: str = "", unit_id: int | None = None, theme: str = "") -> QuerySet:
    qs = ServiceItem.objects.filter(status="published").select_related("unit")
    if q:
        q = q.strip()
        qs = qs.filter(
            Q(name__icontains=q) | Q(keywords__icontains=q) | Q(code__iexact=q) | Q(theme__icontains=q)
        )
    if unit_id:
        qs = qs.filter(unit_id=unit_id)
    if theme:
        qs = qs.filter(theme=theme)
    return qs.order_by("unit__path", "code")


def published_item(*, item_id: int) -> ServiceItem:
    return _get(ServiceItem.objects.filter(status="published").select_related("unit"), item_id, False)


def item_departments() -> QuerySet:
    return Unit.objects.filter(service_items__status="published").distinct().order_by("path")


def item_themes() -> list[str]:
    return sorted(
        set(ServiceItem.objects.filter(status="published").exclude(theme="").values_list("theme", flat=True))
    )


def pickable_items() -> QuerySet:
    return (
        ServiceItem.objects.filter(status="published").select_related("unit").order_by("unit__path", "code")
    )


# -- cases -------------------------------------------------------------------------------------


def case_list(
    *, actor, status: str = "", q: str = "", light: str = "", unit_id: int | None = None
) -> QuerySet:
    qs = Case.objects.filter(scope_q(actor, "unit_path")).select_related("item", "unit", "handler")
    if status:
        qs = qs.filter(status=status)
    if q:
        qs = qs.filter(Q(number__startswith=q) | Q(applicant_name__icontains=q) | Q(item__name__icontains=q))
    if unit_id:
        unit = Unit.objects.filter(pk=unit_id).first()
        qs = qs.filter(unit_path__startswith=unit.path) if unit else qs.none()
    if light:
        today = timezone.localdate()
        qs = qs.filter(status="accepted")
        if light == "red":
            qs = qs.filter(due_on__lt=today)
        elif light == "yellow":
            qs = qs.filter(Q(due_on__gte=today) & _by_yellow_line(today, "lte"))
        elif light == "green":
            qs = qs.filter(_by_yellow_line(today, "gt"))
    return qs.order_by("-submitted_at", "-id")


def _by_yellow_line(today: date, lookup: str) -> Q:
    """due_on compared (`lte` or `gt`) with each case's own yellow line: the nearest centre's
    setting for its subtree, the default elsewhere."""
    cal, out, claimed = calendar(), Q(), []
    rows = [(p, y) for p, y, _r, _i in SettingsByPath().rows]  # most specific first
    for path, y in [*rows, ("", Defaults().yellow_days)]:
        region = Q(unit_path__startswith=path)
        for inner in claimed:
            if inner.startswith(path):
                region &= ~Q(unit_path__startswith=inner)
        out |= region & Q(**{f"due_on__{lookup}": rules.yellow_line(cal, today, y)})
        claimed.append(path)
    return out


def case_get(*, actor, case_id: int, for_update: bool = False) -> Case:
    qs = Case.objects.filter(scope_q(actor, "unit_path")).select_related("item", "unit", "handler")
    if for_update:
        # select_for_update cannot lock nullable outer joins on PostgreSQL: lock the case row alone.
        case = _get(Case.objects.filter(scope_q(actor, "unit_path")), case_id, True)
        return case
    return _get(qs, case_id, False)


def case_lookup(*, number: str, query_code: str) -> Case:
    """The applicant's case: both must match; any mismatch is the same NotFound (nothing leaked)."""
    found = list(
        Case.objects.filter(number=(number or "").strip()[:40])
        .only("id", "number", "query_code")
        .order_by()[:1]
    )
    case = found[0] if found else None
    given = (query_code or "").strip().encode()
    if case is None or not secrets.compare_digest(case.query_code.encode(), given):
        raise NotFound(_("No case matches this number and query code."))
    return case


def _public_row(number: str):
    """(query_code, unit_path, view) of the read model, or None. Raw SQL on purpose: this is the
    hottest public read, and compiling the ORM query costs more than running it."""
    table = PublicCase._meta.db_table
    with connection.cursor() as cur:
        cur.execute(f"SELECT query_code, unit_path, view FROM {table} WHERE number = %s", [number])
        row = cur.fetchone()
    if row is not None and isinstance(row[2], str):
        row = (row[0], row[1], json.loads(row[2]))
    return row


def case_public_lookup(*, number: str, query_code: str) -> dict:
    """The applicant's view of one case (status, steps, due date, light, result): one primary-key
    read of the read model (publicview.py); the case tables when its row is not built yet."""
    number = (number or "").strip()[:40]
    row = _public_row(number)
    if row is None:
        case = case_lookup(number=number, query_code=query_code)
        snap = publicview.snapshots([case.pk])[0]
        return public_view(snap.view, snap.unit_path)
    code, path, view = row
    if not secrets.compare_digest(code.encode(), (query_code or "").strip().encode()):
        raise NotFound(_("No case matches this number and query code."))
    return public_view(view, path)


def _day(iso: str | None) -> date | None:
    return date.fromisoformat(iso) if iso else None


def public_view(view: dict, unit_path: str, today: date | None = None) -> dict:
    """A stored snapshot with the labels (in the request's language) and the light of today."""
    status, due, labels = view["status"], _day(view["due_on"]), _labels()
    light = ""
    if status == "accepted" and due is not None:
        today = today or timezone.localdate()
        light = rules.light(due, today, _yellow_line(today, cached_settings().get(unit_path)[0]))
    return {
        "number": view["number"],
        "item": view["item"],
        "unit": view["unit"],
        "status": status,
        "status_label": labels["status"][status],
        "case_class": rules.case_class(
            status=status, joint=view["joint"], supplements=view["supplements"], limit_days=view["limit_days"]
        ),
        "submitted_on": _day(view["submitted_on"]),
        "accepted_on": _day(view["accepted_on"]),
        "due_on": due,
        "light": light,
        "completed_on": _day(view["completed_on"]),
        "result": view["result"],
        "document_no": view["document_no"],
        "reason": view["reason"],
        "steps": [
            {"kind": k, "label": labels["event"].get(k, k), "step": st, "at": at}
            for k, st, at in view["steps"]
        ],
        "pauses": [
            {"kind": k, "label": labels["pause"][k], "first": _day(a), "last": _day(b)}
            for k, a, b in view["pauses"]
        ],
        "rated": view["rated"],
    }


def _labels() -> dict[str, dict[str, str]]:
    """The public view's labels in the active language, worded once per process and language."""
    lang = translation.get_language() or ""
    hit = _label_maps.get(lang)
    if hit is None:
        hit = _label_maps[lang] = {
            "status": {k: str(v) for k, v in CaseStatus.choices},
            "event": {k: str(v) for k, v in rules.EVENT_LABELS.items()},
            "pause": {k: str(v) for k, v in PauseKind.choices},
        }
    return hit


_label_maps: dict[str, dict[str, dict[str, str]]] = {}


def _yellow_line(today: date, yellow_days: int) -> date:
    """Per-process memo of the yellow line, kept for as long as the calendar object stays the same
    (it is replaced when its data changes; holding it means its id is never reused meanwhile)."""
    global _yellow_memo
    cal = calendar()
    if _yellow_memo[0] is not cal or len(_yellow_memo[1]) > 64:
        _yellow_memo = (cal, {})
    lines = _yellow_memo[1]
    hit = lines.get((today, yellow_days))
    if hit is None:
        hit = lines[(today, yellow_days)] = rules.yellow_line(cal, today, yellow_days)
    return hit


_yellow_memo: tuple[object, dict[tuple[date, int], date]] = (None, {})


def case_light(case: Case, today: date | None = None, settings=None) -> str:
    """The light right now (computed, never stored stale): '' when the clock does not run."""
    today = today or timezone.localdate()
    if case.status != "accepted" or case.due_on is None:
        return ""
    yellow_days = settings.yellow_days if settings else cached_settings().get(case.unit_path)[0]
    return rules.light(case.due_on, today, _yellow_line(today, yellow_days))


def with_lights(cases, today: date | None = None) -> list[Case]:
    today = today or timezone.localdate()
    by_path = SettingsByPath()
    cal = calendar()
    lines: dict[int, date] = {}
    out = []
    for c in cases:
        if c.status == "accepted" and c.due_on:
            y, _r = by_path.get(c.unit_path)
            if y not in lines:
                lines[y] = rules.yellow_line(cal, today, y)
            c.light = rules.light(c.due_on, today, lines[y])
        else:
            c.light = "paused" if c.status == "paused" else ""
        out.append(c)
    return out


# -- ratings, inquiries, hotline, notifications ------------------------------------------------


def rectification_list(*, actor, status: str = "") -> QuerySet:
    qs = Rectification.objects.filter(scope_q(actor, "rating__unit_path")).select_related(
        "rating", "rating__case", "rating__case__item"
    )
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-id")


def rectification_get(*, actor, rect_id: int, for_update: bool = False) -> Rectification:
    if for_update:
        r = _get(Rectification.objects.filter(scope_q(actor, "rating__unit_path")), rect_id, True)
        return Rectification.objects.select_related("rating", "rating__case", "rating__case__unit").get(
            pk=r.pk
        )
    return _get(
        Rectification.objects.filter(scope_q(actor, "rating__unit_path")).select_related(
            "rating", "rating__case", "rating__case__unit"
        ),
        rect_id,
        False,
    )


def inquiry_list(*, actor, open_only: bool = False) -> QuerySet:
    qs = FirstInquiry.objects.filter(scope_q(actor, "unit__path")).select_related("unit", "asked", "owner")
    if open_only:
        qs = qs.filter(answered_at__isnull=True)
    return qs.order_by("-asked_at")


def inquiry_get(*, actor, inquiry_id: int, for_update: bool = False) -> FirstInquiry:
    qs = FirstInquiry.objects.filter(scope_q(actor, "unit__path"))
    if not for_update:
        qs = qs.select_related("unit", "asked", "owner")
    return _get(qs, inquiry_id, for_update)


def _order_scope(actor) -> Q:
    return scope_q(actor, "centre__path") | scope_q(actor, "unit_path") | Q(liaison__user=actor)


def order_list(*, actor, status: str = "") -> QuerySet:
    if not getattr(actor, "is_authenticated", False):
        return HotlineOrder.objects.none()
    qs = HotlineOrder.objects.filter(_order_scope(actor)).select_related("unit", "liaison", "worker")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-received_at")


def order_get(*, actor, order_id: int, for_update: bool = False) -> HotlineOrder:
    if not getattr(actor, "is_authenticated", False):
        raise NotFound()
    qs = HotlineOrder.objects.filter(_order_scope(actor))
    if for_update:
        obj = _get(qs, order_id, False)
        return _get(HotlineOrder.objects.all(), obj.pk, True)  # no outer joins under FOR UPDATE
    return _get(qs.select_related("unit", "liaison", "worker", "centre"), order_id, False)


def notification_list(*, actor) -> QuerySet:
    return Notification.objects.filter(person__user=actor).order_by("-created_at", "-id")


def unread_count(*, actor) -> int:
    return Notification.objects.filter(person__user=actor, read_at__isnull=True).count()


# -- figures -----------------------------------------------------------------------------------

FIGURES = [
    "received",
    "accepted",
    "completed",
    "on_time_rate",
    "early_rate",
    "same_day_rate",
    "overdue_count",
    "avg_workdays",
    "return_rate",
    "satisfaction",
]
FIGURE_LABELS = {
    "received": _("Received"),
    "accepted": _("Accepted"),
    "completed": _("Completed"),
    "on_time_rate": _("On-time rate"),
    "early_rate": _("Early-completion rate"),
    "same_day_rate": _("Same-day completion rate"),
    "overdue_count": _("Overdue"),
    "avg_workdays": _("Average working days"),
    "return_rate": _("Return rate"),
    "satisfaction": _("Satisfaction"),
}


def _day_sums() -> dict:
    return {f"n_{c}": Sum(c) for c in COUNTERS}


def _open_overdue_q(start: date, end: date, today: date) -> Q:
    """Cases still open at the end of the period whose due date fell inside it."""
    return Q(status="accepted", due_on__gte=start, due_on__lt=min(end, today))


def _finish(raw: dict, open_overdue: int = 0) -> dict:
    c = raw.get("n_completed") or 0
    ret = raw.get("n_returned") or 0

    def pct(n, d):
        return round(100.0 * n / d, 2) if d else None

    rated, good = raw.get("n_rated") or 0, raw.get("n_good") or 0
    return {
        "received": raw.get("n_received") or 0,
        "accepted": raw.get("n_accepted") or 0,
        "completed": c,
        "on_time_rate": pct(raw.get("n_on_time") or 0, c),
        "early_rate": pct(raw.get("n_early") or 0, c),
        "same_day_rate": pct(raw.get("n_same_day") or 0, c),
        "overdue_count": (raw.get("n_late") or 0) + open_overdue,
        "avg_workdays": round((raw.get("n_workdays") or 0) / c, 2) if c else None,
        "returned": ret,
        "return_rate": pct(ret, c + ret),
        "rated": rated,
        "satisfaction": pct(good, rated),
    }


def _by_prefix(qs: QuerySet, field: str, paths: list[str], aggregates: dict) -> dict[str, dict]:
    """One grouped query per distinct path length: {path: aggregates} (subtrees included)."""
    out: dict[str, dict] = {}
    by_len: dict[int, list[str]] = {}
    for p in set(paths):
        by_len.setdefault(len(p), []).append(p)
    for n, ps in by_len.items():
        base = qs.filter(Q(**{f"{field}__startswith": ps[0]}) if len(ps) == 1 else Q())
        rows = (
            base.annotate(_prefix=Substr(field, 1, n))
            .filter(_prefix__in=ps)
            .values("_prefix")
            .annotate(**aggregates)
            .order_by()
        )
        for r in rows:
            out[r.pop("_prefix")] = r
    return out


def figures_for_paths(paths: list[str], start: date, end: date, today: date | None = None) -> dict[str, dict]:
    """The supervision figures for each unit path (its subtree) over [start, end], from the daily counters."""
    today = today or timezone.localdate()
    raw = _by_prefix(CaseDay.objects.filter(day__range=(start, end)), "unit_path", paths, _day_sums())
    over = _by_prefix(
        Case.objects.filter(_open_overdue_q(start, end, today)), "unit_path", paths, {"n_open": Count("id")}
    )
    return {p: _finish(raw.get(p, {}), over.get(p, {}).get("n_open", 0)) for p in paths}


def figures_for_units(unit_ids: list[int], start: date, end: date) -> dict[int, dict]:
    paths = dict(Unit.objects.filter(pk__in=unit_ids).values_list("id", "path"))
    figs = figures_for_paths(list(paths.values()), start, end)
    return {uid: figs[p] for uid, p in paths.items()}


def figures_for_people(person_ids: list[int], start: date, end: date) -> dict[int, dict]:
    today = timezone.localdate()
    rows = {
        r.pop("handler_id"): r
        for r in CaseDay.objects.filter(day__range=(start, end), handler_id__in=person_ids)
        .values("handler_id")
        .annotate(**_day_sums())
        .order_by()
    }
    over = dict(
        Case.objects.filter(_open_overdue_q(start, end, today), handler_id__in=person_ids)
        .values("handler_id")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("handler_id", "n")
    )
    return {pid: _finish(rows.get(pid, {}), over.get(pid, 0)) for pid in person_ids}


def monthly(path: str, year: int) -> list[dict]:
    start, end = date(year, 1, 1), date(year, 12, 31)
    rows = {
        r["m"]: r
        for r in CaseDay.objects.filter(unit_path__startswith=path, day__range=(start, end))
        .annotate(m=ExtractMonth("day"))
        .values("m")
        .annotate(r=Sum("received"), c=Sum("completed"), ot=Sum("on_time"))
        .order_by()
    }
    out = []
    for m in range(1, 13):
        r = rows.get(m, {"r": 0, "c": 0, "ot": 0})
        out.append(
            {
                "month": m,
                "received": r["r"] or 0,
                "completed": r["c"] or 0,
                "on_time_rate": round(100.0 * r["ot"] / r["c"], 2) if r["c"] else None,
            }
        )
    return out


def open_lights(path: str, today: date | None = None) -> dict:
    """Open cases under a unit by light, right now."""
    today = today or timezone.localdate()
    y, _r = SettingsByPath().get(path)
    yl = rules.yellow_line(calendar(), today, y)
    agg = Case.objects.filter(unit_path__startswith=path, status__in=("accepted", "paused")).aggregate(
        red=Count("id", filter=Q(status="accepted", due_on__lt=today)),
        yellow=Count("id", filter=Q(status="accepted", due_on__gte=today, due_on__lte=yl)),
        green=Count("id", filter=Q(status="accepted", due_on__gt=yl)),
        paused=Count("id", filter=Q(status="paused")),
    )
    return agg


def _grouped_under(qs: QuerySet, unit: Unit, aggregates: dict) -> dict[str, dict]:
    """One grouped query over a unit's subtree: {child path (or the unit's own path): aggregates}."""
    n = len(unit.path) + unit.steplen
    return {
        r.pop("_prefix"): r
        for r in qs.filter(unit_path__startswith=unit.path)
        .annotate(_prefix=Substr("unit_path", 1, n))
        .values("_prefix")
        .annotate(**aggregates)
        .order_by()
    }


def _sum_groups(groups: dict[str, dict]) -> dict:
    total: dict = {}
    for g in groups.values():
        for k, v in g.items():
            total[k] = (total.get(k) or 0) + (v or 0)
    return total


def dashboard(unit: Unit, start: date, end: date) -> dict:
    """A unit's figures, its direct sub-units', the monthly series and the open cases' lights:
    one query over the daily counters, one over the open cases, one for the months."""
    today = timezone.localdate()
    children = list(
        Unit.objects.filter(path__startswith=unit.path, depth=unit.depth + 1)
        .order_by("path")
        .values("id", "name", "path")
    )
    counters = _grouped_under(CaseDay.objects.filter(day__range=(start, end)), unit, _day_sums())
    y, _r = SettingsByPath().get(unit.path)
    yl = rules.yellow_line(calendar(), today, y)
    accepted = Q(status="accepted")
    open_ = _grouped_under(
        Case.objects.filter(status__in=("accepted", "paused")),
        unit,
        {
            "n_open": Count("id", filter=accepted & Q(due_on__gte=start, due_on__lt=min(end, today))),
            "red": Count("id", filter=accepted & Q(due_on__lt=today)),
            "yellow": Count("id", filter=accepted & Q(due_on__gte=today, due_on__lte=yl)),
            "green": Count("id", filter=accepted & Q(due_on__gt=yl)),
            "paused": Count("id", filter=Q(status="paused")),
        },
    )
    all_open = _sum_groups(open_)
    total = _finish(_sum_groups(counters), all_open.get("n_open", 0))
    rows = [
        {**c, **_finish(counters.get(c["path"], {}), open_.get(c["path"], {}).get("n_open", 0))}
        for c in children
    ]
    return {
        "total": total,
        "children": rows,
        "monthly": monthly(unit.path, start.year) if start.year == end.year else [],
        "lights": {k: all_open.get(k, 0) for k in ("red", "yellow", "green", "paused")},
    }


# -- hotline figures ---------------------------------------------------------------------------


def _hotline_finish(r: dict | None) -> dict:
    r = r or {}
    answered = r.get("n_answered") or 0
    rated = r.get("n_rated") or 0
    return {
        "orders": r.get("n_orders") or 0,
        "answered": answered,
        "on_time_rate": round(100.0 * (r.get("n_on_time") or 0) / answered, 2) if answered else None,
        "satisfaction": round(100.0 * (r.get("n_good") or 0) / rated, 2) if rated else None,
    }


HOTLINE_AGG = {
    "n_orders": Count("id"),
    "n_answered": Count("id", filter=Q(answered_on__isnull=False)),
    "n_on_time": Count("id", filter=Q(on_time=True)),
    "n_rated": Count("id", filter=Q(level__isnull=False)),
    "n_good": Count("id", filter=Q(level__lte=3)),
}


def hotline_for_units(unit_ids: list[int], start: date, end: date) -> dict[int, dict]:
    paths = dict(Unit.objects.filter(pk__in=unit_ids).values_list("id", "path"))
    raw = _by_prefix(
        HotlineOrder.objects.filter(received_on__range=(start, end)).exclude(unit_path=""),
        "unit_path",
        list(paths.values()),
        HOTLINE_AGG,
    )
    return {uid: _hotline_finish(raw.get(p)) for uid, p in paths.items()}


def hotline_for_people(person_ids: list[int], start: date, end: date, role: str) -> dict[int, dict]:
    field = "liaison_id" if role == "liaison" else "worker_id"
    rows = {
        r.pop(field): r
        for r in HotlineOrder.objects.filter(received_on__range=(start, end), **{f"{field}__in": person_ids})
        .values(field)
        .annotate(**HOTLINE_AGG)
        .order_by()
    }
    return {pid: _hotline_finish(rows.get(pid)) for pid in person_ids}


def department_satisfaction(start: date, end: date) -> list[dict]:
    """Public, in aggregate: satisfaction per department that has published items."""
    depts = list(item_departments().values("id", "name", "path"))
    sat = _by_prefix(
        CaseDay.objects.filter(day__range=(start, end)),
        "unit_path",
        [d["path"] for d in depts],
        {"n": Sum("rated"), "good": Sum("good")},
    )
    out = []
    for d in depts:
        s = sat.get(d["path"], {})
        n = s.get("n") or 0
        out.append(
            {
                "id": d["id"],
                "name": d["name"],
                "ratings": n,
                "satisfaction": round(100.0 * (s.get("good") or 0) / n, 2) if n else None,
            }
        )
    return out
