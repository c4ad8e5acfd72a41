"""Every write of the services domain: one transaction each, validated, audited.

A refused action raises DomainError and changes nothing. Another unit's case or item is NotFound,
exactly like a missing one (the lookup goes through queries, scoped to the actor).
"""

from __future__ import annotations

import secrets
from datetime import date, datetime, timedelta

from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yangguang.audit.actions import record, record_create, snapshot
from yangguang.core.errors import DomainError, Forbidden, ImportRejected, NotFound, RowError
from yangguang.core.tabular import read_table
from yangguang.core.uploads import check_upload
from yangguang.orgs.models import Person, Unit
from yangguang.orgs.queries import has_role, in_scope, person_of, unit_get
from yangguang.workdays.calendar import CalendarError
from yangguang.workdays.queries import calendar

from . import queries, rollup, rules
from .models import (
    Case,
    CaseEvent,
    CentreSettings,
    Extension,
    FirstInquiry,
    HotlineOrder,
    ItemStatus,
    ItemType,
    JointPart,
    Mode,
    Pause,
    PauseKind,
    Rating,
    Rectification,
    ServiceItem,
)

STAFF = ("handler", "supervisor", "admin")
MANAGERS = ("supervisor", "admin")


def local_today() -> date:
    return timezone.localdate()


def _require(actor, roles, unit: Unit) -> None:
    if not has_role(actor, roles, unit):
        if in_scope(actor, unit):
            raise Forbidden()
        raise NotFound()


def _limit(value, field: str) -> int:
    try:
        n = int(value)
    except (TypeError, ValueError):
        raise DomainError(
            "invalid_limit",
            _("%(field)s must be a whole number of working days.") % {"field": field},
            {"field": field},
        )
    if n < 0 or n > rules.MAX_LIMIT:
        raise DomainError(
            "invalid_limit",
            _("%(field)s must be between 0 and %(max)d working days.")
            % {"field": field, "max": rules.MAX_LIMIT},
            {"field": field, "value": n},
        )
    return n


# -- settings ----------------------------------------------------------------------------------


def settings_update(*, actor, unit_id: int, **values) -> CentreSettings:
    unit = unit_get(actor=actor, unit_id=unit_id)
    _require(actor, "admin", unit)
    with transaction.atomic():
        obj, created = CentreSettings.objects.get_or_create(unit=unit)
        before = snapshot(obj)
        for f in ("yellow_days", "red_card_days", "callback_days", "rectify_days", "inquiry_days"):
            if f in values and values[f] is not None:
                setattr(obj, f, _limit(values[f], f))
        obj.save()
        record(
            actor=actor,
            action="services.settings",
            instance=obj,
            before=before,
            after=snapshot(obj),
            unit=unit,
        )
    queries._cached.clear()
    return obj


# -- service items -----------------------------------------------------------------------------

ITEM_FIELDS = [
    "name",
    "item_type",
    "theme",
    "keywords",
    "basis",
    "conditions",
    "materials",
    "steps",
    "statutory_limit",
    "promised_limit",
    "fee_standard",
    "fee_basis",
    "result_name",
    "mode",
    "place",
    "hours",
    "consult_phone",
    "complaint_phone",
]


def _clean_item(data: dict) -> dict:
    out = {k: data[k] for k in ITEM_FIELDS if k in data and data[k] is not None}
    if "name" in out:
        out["name"] = str(out["name"]).strip()
        if not out["name"]:
            raise DomainError("invalid", _("An item needs a name."), {"field": "name"})
    if "item_type" in out and out["item_type"] not in ItemType.values:
        raise DomainError(
            "invalid", _("Unknown item type: %(v)s") % {"v": out["item_type"]}, {"field": "item_type"}
        )
    if "mode" in out and out["mode"] not in Mode.values:
        raise DomainError(
            "invalid", _("Unknown handling mode: %(v)s") % {"v": out["mode"]}, {"field": "mode"}
        )
    for f in ("statutory_limit", "promised_limit"):
        if f in out:
            out[f] = _limit(out[f], f)
    if (
        out.get("promised_limit", 0)
        and "statutory_limit" in out
        and out["promised_limit"] > out["statutory_limit"]
    ):
        raise DomainError(
            "invalid_limit",
            _("The promised time limit cannot exceed the statutory one."),
            {"field": "promised_limit"},
        )
    if "materials" in out:
        mats = []
        for m in out["materials"] or []:
            if isinstance(m, str):
                m = {"name": m}
            name = str(m.get("name", "")).strip()
            if not name:
                raise DomainError("invalid", _("Every material needs a name."), {"field": "materials"})
            mats.append(
                {
                    "name": name,
                    "form": str(m.get("form", "") or _("original")),
                    "copies": int(m.get("copies") or 1),
                    "required": bool(m.get("required", True)),
                    "sample": str(m.get("sample", "") or ""),
                }
            )
        out["materials"] = mats
    if "steps" in out:
        out["steps"] = [str(s).strip() for s in out["steps"] or [] if str(s).strip()]
    return out


def item_create(
    *, actor, unit_id: int, code: str, joint_unit_ids: list[int] | None = None, **data
) -> ServiceItem:
    unit = unit_get(actor=actor, unit_id=unit_id)
    _require(actor, MANAGERS, unit)
    code = (code or "").strip()
    if not code:
        raise DomainError("invalid", _("An item needs a code."), {"field": "code"})
    with transaction.atomic():
        if ServiceItem.objects.filter(code=code).exists():
            raise DomainError(
                "duplicate", _("Item code %(code)s already exists.") % {"code": code}, {"field": "code"}
            )
        values = _clean_item({"name": "", **data}) if "name" not in data else _clean_item(data)
        item = ServiceItem.objects.create(code=code, unit=unit, status=ItemStatus.DRAFT, **values)
        if joint_unit_ids:
            item.joint_units.set(_joint_units(actor, joint_unit_ids))
        record_create(actor=actor, instance=item)
    return item


def _joint_units(actor, ids) -> list[Unit]:
    return [
        unit_get(actor=actor, unit_id=i)
        if not getattr(actor, "is_superuser", False)
        else Unit.objects.get(pk=i)
        for i in ids
    ]


def _draft_for_update(actor, item_id: int) -> ServiceItem:
    """The item locked for an edit: a manager's draft (or one in review, which goes back to draft)."""
    item = queries.item_get(actor=actor, item_id=item_id, for_update=True)
    _require(actor, MANAGERS, item.unit)
    if item.status not in (ItemStatus.DRAFT, ItemStatus.REVIEW):
        raise DomainError(
            "not_draft",
            _("Only a draft can be edited; make a new version of a published item."),
            {"status": item.status},
        )
    return item


def item_update(*, actor, item_id: int, joint_unit_ids: list[int] | None = None, **data) -> ServiceItem:
    with transaction.atomic():
        item = _draft_for_update(actor, item_id)
        before = snapshot(item)
        for k, v in _clean_item(data).items():
            setattr(item, k, v)
        if item.promised_limit > item.statutory_limit:
            raise DomainError("invalid_limit", _("The promised time limit cannot exceed the statutory one."))
        item.status = ItemStatus.DRAFT
        item.save()
        if joint_unit_ids is not None:
            item.joint_units.set(_joint_units(actor, joint_unit_ids))
        record(actor=actor, action="update", instance=item, before=before, after=snapshot(item))
    return item


SAMPLE_EXTENSIONS = (".pdf", ".ofd", ".doc", ".docx", ".wps", ".xls", ".xlsx", ".jpg", ".jpeg", ".png")


def item_sample(*, actor, item_id: int, upload, material: int | None = None) -> ServiceItem:
    """Attach the sample (样表/样本) of the result document, or of material number `material`
    (0-based), to a draft; the public downloads it from the item page once published."""
    with transaction.atomic():
        item = _draft_for_update(actor, item_id)
        ext = check_upload(upload, SAMPLE_EXTENSIONS, empty_ok=False)
        before = snapshot(item)
        name = f"{item.code}-v{item.version}-{'result' if material is None else f'm{material + 1}'}{ext}"
        if material is None:
            item.result_sample.save(name, upload, save=False)
        else:
            if not 0 <= material < len(item.materials):
                raise DomainError(
                    "invalid",
                    _("This item has no material number %(n)s.") % {"n": material + 1},
                    {"field": "material"},
                )
            stored = default_storage.save(f"services/samples/{name}", upload)
            item.materials = [
                {**m, "sample": stored} if i == material else m for i, m in enumerate(item.materials)
            ]
        item.save()
        record(actor=actor, action="update", instance=item, before=before, after=snapshot(item))
    return item


def item_submit(*, actor, item_id: int) -> ServiceItem:
    with transaction.atomic():
        item = queries.item_get(actor=actor, item_id=item_id, for_update=True)
        _require(actor, MANAGERS, item.unit)
        if item.status != ItemStatus.DRAFT:
            raise DomainError(
                "illegal_transition", _("Only a draft can be sent for review."), {"status": item.status}
            )
        before = snapshot(item)
        item.status = ItemStatus.REVIEW
        item.save(update_fields=["status", "updated_at"])
        record(actor=actor, action="services.item_submit", instance=item, before=before, after=snapshot(item))
    return item


def item_publish(*, actor, item_id: int) -> ServiceItem:
    """Review passed: this version is what the public sees; the previous published version is kept."""
    with transaction.atomic():
        item = queries.item_get(actor=actor, item_id=item_id, for_update=True)
        _require(actor, MANAGERS, item.unit)
        if item.status != ItemStatus.REVIEW:
            raise DomainError(
                "illegal_transition", _("Only an item in review can be published."), {"status": item.status}
            )
        before = snapshot(item)
        ServiceItem.objects.filter(code=item.code, status=ItemStatus.PUBLISHED).update(
            status=ItemStatus.SUPERSEDED
        )
        item.status = ItemStatus.PUBLISHED
        item.reviewed_by = actor if getattr(actor, "pk", None) else None
        item.published_at = timezone.now()
        item.save()
        record(
            actor=actor, action="services.item_publish", instance=item, before=before, after=snapshot(item)
        )
    return item


def item_revise(*, actor, item_id: int) -> ServiceItem:
    """A new draft version of a published item; the published one stays public until this is published."""
    with transaction.atomic():
        item = queries.item_get(actor=actor, item_id=item_id, for_update=True)
        _require(actor, MANAGERS, item.unit)
        if item.status != ItemStatus.PUBLISHED:
            raise DomainError("illegal_transition", _("Only a published item gets a new version."))
        if ServiceItem.objects.filter(code=item.code, status__in=("draft", "review")).exists():
            raise DomainError("draft_exists", _("This item already has a draft version."))
        top = ServiceItem.objects.filter(code=item.code).order_by("-version").first()
        joint = list(item.joint_units.all())
        new = ServiceItem.objects.get(pk=item.pk)
        new.pk = None
        new.id = None
        new._state.adding = True
        new.version = top.version + 1
        new.status = ItemStatus.DRAFT
        new.published_at = None
        new.reviewed_by = None
        new.save()
        new.joint_units.set(joint)
        record_create(actor=actor, instance=new, note=f"new version of {item.code} v{item.version}")
    return new


IMPORT_COLUMNS = [
    ("code", "事项编码"),
    ("name", "事项名称"),
    ("item_type", "事项类型"),
    ("unit", "实施单位编码"),
    ("theme", "主题"),
    ("mode", "办理方式"),
    ("statutory_limit", "法定时限"),
    ("promised_limit", "承诺时限"),
    ("basis", "设定依据"),
    ("conditions", "受理条件"),
    ("materials", "申请材料"),
    ("steps", "办理流程"),
    ("fee_standard", "收费标准"),
    ("fee_basis", "收费依据"),
    ("result_name", "办理结果"),
    ("place", "办理地点"),
    ("hours", "办理时间"),
    ("consult_phone", "咨询电话"),
    ("complaint_phone", "投诉电话"),
    ("keywords", "关键词"),
]
_TYPE_BY_LABEL = {
    "行政许可": "license",
    "行政给付": "benefit",
    "行政确认": "confirmation",
    "行政裁决": "ruling",
    "公共服务": "public",
    "其他行政权力": "other",
}
_MODE_BY_LABEL = {
    "直接办": "direct",
    "承诺办": "promised",
    "联合办": "joint",
    "指导办": "guided",
    "明确答复": "answer",
}


def item_import(*, actor, data: bytes, filename: str) -> dict:
    """All or nothing: new codes become drafts, existing draft codes are updated; any bad row rejects all."""
    table = read_table(data, filename)
    col = {}
    for key, zh in IMPORT_COLUMNS:
        for h in table.header:
            if h in (key, zh):
                col[key] = h
    errors: list[RowError] = []
    for key in ("code", "name", "unit"):
        if key not in col:
            errors.append(RowError(1, dict(IMPORT_COLUMNS)[key], _("Missing column.")))
    if errors:
        raise ImportRejected(errors)
    created = updated = 0
    with transaction.atomic():
        seen = set()
        plans = []
        for row_no, row in table.rows:
            v = {k: row.get(h) for k, h in col.items()}
            code = str(v.get("code") or "").strip()
            if not code:
                errors.append(RowError(row_no, col["code"], _("An item needs a code.")))
                continue
            if code in seen:
                errors.append(
                    RowError(row_no, col["code"], _("Code %(code)s appears twice.") % {"code": code})
                )
                continue
            seen.add(code)
            if not str(v.get("name") or "").strip():
                errors.append(RowError(row_no, col["name"], _("An item needs a name.")))
                continue
            unit = Unit.objects.filter(code=str(v.get("unit") or "").strip()).first()
            if unit is None or not has_role(actor, MANAGERS, unit):
                errors.append(RowError(row_no, col["unit"], _("Unknown unit or not yours.")))
                continue
            fields = {}
            for k in ITEM_FIELDS:
                if k in v and v[k] not in (None, ""):
                    fields[k] = v[k]
            if "item_type" in fields:
                fields["item_type"] = _TYPE_BY_LABEL.get(str(fields["item_type"]), fields["item_type"])
            if "mode" in fields:
                fields["mode"] = _MODE_BY_LABEL.get(str(fields["mode"]), fields["mode"])
            if "materials" in fields:
                fields["materials"] = [
                    m for m in str(fields["materials"]).replace("；", ";").split(";") if m.strip()
                ]
            if "steps" in fields:
                fields["steps"] = str(fields["steps"]).replace("→", ";").replace("；", ";").split(";")
            try:
                fields = _clean_item(fields)
            except DomainError as e:
                errors.append(
                    RowError(row_no, col.get(e.details.get("field", ""), e.details.get("field")), e.message)
                )
                continue
            existing = ServiceItem.objects.filter(code=code).order_by("-version").first()
            if existing and existing.status not in ("draft", "review"):
                errors.append(
                    RowError(
                        row_no,
                        col["code"],
                        _("Item %(code)s is published; make a new version first.") % {"code": code},
                    )
                )
                continue
            plans.append((code, unit, fields, existing))
        if errors:
            raise ImportRejected(errors)
        for code, unit, fields, existing in plans:
            if existing:
                before = snapshot(existing)
                for k, val in fields.items():
                    setattr(existing, k, val)
                existing.unit = unit
                existing.status = ItemStatus.DRAFT
                existing.save()
                record(
                    actor=actor,
                    action="update",
                    instance=existing,
                    before=before,
                    after=snapshot(existing),
                    note="import",
                )
                updated += 1
            else:
                item = ServiceItem.objects.create(code=code, unit=unit, **fields)
                record_create(actor=actor, instance=item, note="import")
                created += 1
    return {"created": created, "updated": updated}


# -- cases -------------------------------------------------------------------------------------


def _new_number(on: date) -> str:
    for _i in range(20):
        number = f"{on:%Y%m%d}{secrets.randbelow(10**6):06d}"
        if not Case.objects.filter(number=number).exists():
            return number
    raise DomainError("busy", _("Could not allocate a case number; try again."))


def _event(case: Case, kind: str, person: Person | None, note: str = "", step: str = "", **data) -> CaseEvent:
    return CaseEvent.objects.create(
        case=case, kind=kind, step=step, person=person, at=timezone.now(), note=note[:1000], data=data
    )


def case_submit(
    *,
    actor,
    item_id: int,
    applicant_name: str,
    applicant_phone: str = "",
    applicant_id_no: str = "",
    unit_id: int | None = None,
    channel: str = "window",
    materials: list[str] | None = None,
    at: datetime | None = None,
) -> tuple[Case, str]:
    """A case submitted at a window (staff actor) or online (anonymous). Returns (case, query code)."""
    at = at or timezone.now()
    item = ServiceItem.objects.filter(pk=item_id, status=ItemStatus.PUBLISHED).select_related("unit").first()
    if item is None:
        raise DomainError(
            "unknown_item", _("Unknown or unpublished service item."), {"item_id": item_id}, status=404
        )
    if not (applicant_name or "").strip():
        raise DomainError("invalid", _("The applicant's name is required."), {"field": "applicant_name"})
    person = None
    if channel == "window":
        person = person_of(actor)
        if unit_id is not None:
            unit = unit_get(actor=actor, unit_id=unit_id)
        elif person is not None:
            unit = person.unit
        else:
            raise DomainError(
                "invalid", _("Choose the window where the case is submitted."), {"field": "unit_id"}
            )
        _require(actor, STAFF, unit)
    elif channel == "online":
        unit = item.unit
    else:
        raise DomainError("invalid", _("Unknown channel: %(v)s") % {"v": channel}, {"field": "channel"})
    code = f"{secrets.randbelow(10**6):06d}"
    with transaction.atomic():
        on = timezone.localtime(at).date()
        case = Case.objects.create(
            number=_new_number(on),
            query_code=code,
            item=item,
            unit=unit,
            unit_path=unit.path,
            handler=person,
            channel=channel,
            applicant_name=applicant_name.strip()[:100],
            applicant_phone=(applicant_phone or "")[:40],
            applicant_id_no=(applicant_id_no or "")[:40],
            submitted_at=at,
            submitted_on=on,
            limit_days=item.promised_limit,
            joint=item.mode == Mode.JOINT,
        )
        _event(case, "submit", person, materials=list(materials or []))
        rollup.bump_case(case, on, received=1)
        record_create(actor=actor if getattr(actor, "pk", None) else None, instance=case)
    return case, code


def _transition(actor, case_id: int, verb: str, roles=STAFF) -> tuple[Case, str, dict]:
    case = queries.case_get(actor=actor, case_id=case_id, for_update=True)
    _require(actor, roles, case.unit)
    try:
        new = rules.next_status(case.status, verb)
    except rules.IllegalTransition:
        raise DomainError(
            "illegal_transition",
            _("A case that is %(status)s cannot be %(verb)s.")
            % {"status": case.get_status_display(), "verb": rules.VERB_LABELS.get(verb, verb)},
            {"status": case.status, "verb": verb, "allowed": rules.allowed_verbs(case.status)},
            status=409,
        )
    return case, new, snapshot(case)


def _audit(actor, case: Case, verb: str, before: dict, note: str = "") -> None:
    record(
        actor=actor,
        action=f"services.case_{verb}",
        instance=case,
        before=before,
        after=snapshot(case),
        note=note,
    )


def _closed_pauses(case: Case) -> list[tuple[date, date]]:
    return [(p.first, p.last) for p in case.pauses.all() if p.last is not None]


def _recompute_due(case: Case, cal=None) -> None:
    cal = cal or calendar()
    try:
        clock = rules.due_date(
            cal, case.accepted_on, case.limit_days, case.extension_days, _closed_pauses(case)
        )
    except CalendarError:
        raise DomainError("bad_date", _("That date is outside the calendar's range."))
    case.due_on, case.due_verified = clock.due, clock.verified


def _on(value, field: str) -> date:
    if value is None:
        return local_today()
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise DomainError("invalid_date", _("%(field)s is not a date.") % {"field": field}, {"field": field})


@transaction.atomic
def case_accept(
    *, actor, case_id: int, on: date | None = None, joint_limits: dict[int, int] | None = None
) -> Case:
    case, new, before = _transition(actor, case_id, "accept")
    on = _on(on, "on")
    if on < case.submitted_on:
        raise DomainError(
            "invalid_date", _("A case cannot be accepted before it was submitted."), {"field": "on"}
        )
    case.status = new
    case.accepted_on = on
    case.handler = case.handler or person_of(actor)
    _recompute_due(case)
    case.light_state = "green"
    case.save()
    if case.joint:
        item = case.item
        JointPart.objects.create(
            case=case, unit=item.unit, lead=True, limit_days=case.limit_days, due_on=case.due_on
        )
        cal = calendar()
        for u in item.joint_units.all():
            n = (joint_limits or {}).get(u.pk, max(0, case.limit_days - 1))
            n = _limit(n, "joint limit")
            JointPart.objects.create(case=case, unit=u, limit_days=n, due_on=cal.add_workdays(on, n).date)
    _event(case, "accept", person_of(actor), due_on=case.due_on.isoformat())
    rollup.bump_case(case, on, accepted=1)
    _audit(actor, case, "accept", before)
    return case


@transaction.atomic
def case_refuse(*, actor, case_id: int, reason: str) -> Case:
    case, new, before = _transition(actor, case_id, "refuse")
    if not (reason or "").strip():
        raise DomainError("reason_required", _("A refusal needs a reason."), {"field": "reason"})
    case.status, case.reason, case.completed_on = new, reason.strip()[:500], local_today()
    case.finished_at = timezone.now()
    case.save()
    _event(case, "refuse", person_of(actor), reason)
    _audit(actor, case, "refuse", before, reason)
    return case


@transaction.atomic
def case_supplement(*, actor, case_id: int, missing: list[str]) -> Case:
    """补正: one notice listing every missing material; the clock has not started."""
    case, new, before = _transition(actor, case_id, "supplement")
    missing = [m.strip() for m in missing or [] if m and m.strip()]
    if not missing:
        raise DomainError(
            "missing_required", _("List every missing material in the one-time notice."), {"field": "missing"}
        )
    case.status = new
    case.supplements += 1
    case.save()
    _event(case, "supplement", person_of(actor), "；".join(missing), missing=missing)
    _audit(actor, case, "supplement", before, "；".join(missing))
    return case


@transaction.atomic
def case_resubmit(*, actor, case_id: int, materials: list[str] | None = None) -> Case:
    case, new, before = _transition(actor, case_id, "resubmit")
    case.status = new
    case.save()
    _event(case, "resubmit", person_of(actor), materials=list(materials or []))
    _audit(actor, case, "resubmit", before)
    return case


STEPS = ("承办", "审核", "批准")


@transaction.atomic
def case_step(*, actor, case_id: int, step: str, note: str = "") -> Case:
    case, _new, before = _transition(actor, case_id, "step")
    if step not in STEPS:
        raise DomainError(
            "invalid",
            _("Unknown processing step: %(v)s") % {"v": step},
            {"field": "step", "allowed": list(STEPS)},
        )
    _event(case, "step", person_of(actor), note, step=step)
    _audit(actor, case, "step", before, step)
    return case


@transaction.atomic
def case_pause(
    *, actor, case_id: int, kind: str, reason: str, on: date | None = None, applicant_told: bool = True
) -> Case:
    case, new, before = _transition(actor, case_id, "pause")
    if kind not in PauseKind.values:
        raise DomainError("invalid", _("Unknown special procedure: %(v)s") % {"v": kind}, {"field": "kind"})
    if not (reason or "").strip():
        raise DomainError("reason_required", _("A pause needs a reason."), {"field": "reason"})
    on = _on(on, "on")
    if on < case.accepted_on:
        raise DomainError("invalid_date", _("A pause cannot start before acceptance."), {"field": "on"})
    if not applicant_told:
        raise DomainError(
            "notice_required",
            _("The applicant must be told of the special procedure."),
            {"field": "applicant_told"},
        )
    Pause.objects.create(case=case, kind=kind, reason=reason.strip()[:500], first=on, applicant_told=True)
    case.status = new
    case.save()
    _event(case, "pause", person_of(actor), reason, procedure=kind, first=on.isoformat())
    _audit(actor, case, "pause", before, reason)
    return case


@transaction.atomic
def case_resume(*, actor, case_id: int, on: date | None = None) -> Case:
    case, new, before = _transition(actor, case_id, "resume")
    on = _on(on, "on")
    pause = case.pauses.filter(last__isnull=True).order_by("-first").first()
    if on < pause.first:
        raise DomainError("invalid_date", _("A pause cannot end before it started."), {"field": "on"})
    pause.last = max(pause.first, on - timedelta(days=1))
    pause.save(update_fields=["last"])
    case.status = new
    _recompute_due(case)
    case.save()
    _event(
        case,
        "resume",
        person_of(actor),
        first=pause.first.isoformat(),
        last=pause.last.isoformat(),
        due_on=case.due_on.isoformat(),
    )
    _audit(actor, case, "resume", before)
    return case


@transaction.atomic
def case_extend(*, actor, case_id: int, days: int, approver_id: int, reason: str) -> Case:
    case, new, before = _transition(actor, case_id, "extend")
    days = _limit(days, "days")
    if days == 0:
        raise DomainError(
            "invalid_limit", _("An extension adds at least one working day."), {"field": "days"}
        )
    if case.limit_days + case.extension_days + days > max(case.item.statutory_limit * 2, case.limit_days + 1):
        raise DomainError(
            "invalid_limit",
            _("The extension goes beyond what the law allows for this item."),
            {"field": "days"},
        )
    if not (reason or "").strip():
        raise DomainError("reason_required", _("An extension needs a reason."), {"field": "reason"})
    approver = Person.objects.filter(pk=approver_id).select_related("unit").first()
    if approver is None or not _approver_ok(approver, case):
        raise DomainError(
            "invalid_approver",
            _("The approver must be a supervisor or administrator of this case's unit."),
            {"field": "approver_id"},
        )
    Extension.objects.create(
        case=case, days=days, approver=approver, reason=reason.strip()[:500], at=timezone.now()
    )
    case.extension_days += days
    case.status = new
    if case.status == "accepted":
        _recompute_due(case)
    case.save()
    _event(case, "extend", person_of(actor), reason, days=days, approver=approver.name)
    _audit(actor, case, "extend", before, reason)
    return case


def _approver_ok(approver: Person, case: Case) -> bool:
    paths = approver.posts.filter(role__in=MANAGERS).values_list("unit__path", flat=True)
    return any(case.unit_path.startswith(p) for p in paths)


@transaction.atomic
def case_joint_done(*, actor, case_id: int, unit_id: int, opinion: str) -> Case:
    case, _new, before = _transition(actor, case_id, "joint_done")
    part = case.parts.filter(unit_id=unit_id).first()
    if part is None:
        raise DomainError("invalid", _("That unit is not part of this joint case."), {"field": "unit_id"})
    if part.done_on:
        raise DomainError("illegal_transition", _("That co-unit has already given its opinion."), status=409)
    if not (opinion or "").strip():
        raise DomainError("reason_required", _("Record the co-unit's opinion."), {"field": "opinion"})
    part.done_on, part.opinion = local_today(), opinion.strip()[:500]
    part.save()
    _event(case, "joint_done", person_of(actor), opinion, unit=part.unit.name)
    _audit(actor, case, "joint_done", before, opinion)
    return case


def _fix_timing(case: Case, on: date) -> None:
    cal = calendar()
    pauses = _closed_pauses(case)
    paused = rules.paused_workdays(cal, pauses, case.accepted_on, on)
    t = rules.timing(cal, case.accepted_on, on, case.due_on, paused)
    case.workdays_used, case.on_time, case.early, case.same_day = (
        t.workdays_used,
        t.on_time,
        t.early,
        t.same_day,
    )


@transaction.atomic
def case_complete(*, actor, case_id: int, result: str, document_no: str = "", on: date | None = None) -> Case:
    case, new, before = _transition(actor, case_id, "complete")
    if result not in ("approved", "denied"):
        raise DomainError("invalid", _("The result is approved or denied."), {"field": "result"})
    if result == "approved" and not (document_no or "").strip() and case.item.result_name:
        raise DomainError(
            "invalid", _("An approval needs the result document's number."), {"field": "document_no"}
        )
    if case.joint and case.parts.filter(lead=False, done_on__isnull=True).exists():
        raise DomainError(
            "joint_pending",
            _("Every co-unit must give its opinion before a joint case is completed."),
            status=409,
        )
    on = _on(on, "on")
    if on < case.accepted_on:
        raise DomainError(
            "invalid_date", _("A case cannot be completed before it was accepted."), {"field": "on"}
        )
    case.status, case.result, case.document_no = new, result, (document_no or "").strip()[:100]
    case.completed_on, case.finished_at = on, timezone.now()
    _fix_timing(case, on)
    case.save()
    case.parts.filter(lead=True).update(done_on=on)
    rollup.bump_completed(case)
    _event(case, "complete", person_of(actor), document_no, result=result)
    _audit(actor, case, "complete", before)
    return case


@transaction.atomic
def case_return(*, actor, case_id: int, reason: str) -> Case:
    """退回: handed back to the applicant with a reason (withdrawn, not within remit …)."""
    case, new, before = _transition(actor, case_id, "return")
    if not (reason or "").strip():
        raise DomainError("reason_required", _("A return needs a reason."), {"field": "reason"})
    on = local_today()
    if case.status == "paused":
        case.pauses.filter(last__isnull=True).update(last=on)
    case.status, case.reason, case.completed_on, case.finished_at = (
        new,
        reason.strip()[:500],
        on,
        timezone.now(),
    )
    case.save()
    _event(case, "return", person_of(actor), reason)
    rollup.bump_case(case, on, returned=1)
    _audit(actor, case, "return", before, reason)
    return case


CASE_ACTIONS = {
    "accept": case_accept,
    "refuse": case_refuse,
    "supplement": case_supplement,
    "resubmit": case_resubmit,
    "step": case_step,
    "pause": case_pause,
    "resume": case_resume,
    "extend": case_extend,
    "joint_done": case_joint_done,
    "complete": case_complete,
    "return": case_return,
}


# -- ratings and rectification -----------------------------------------------------------------


def _rate(case: Case, channel: str, level, text: str, actor=None) -> Rating:
    try:
        level = int(level)
    except (TypeError, ValueError):
        level = 0
    if level not in (1, 2, 3, 4, 5):
        raise DomainError(
            "invalid",
            _("A rating is a level from 1 (very satisfied) to 5 (very dissatisfied)."),
            {"field": "level"},
        )
    if case.status != "completed":
        raise DomainError("not_completed", _("A case can be rated once it is completed."), status=409)
    now = timezone.now()
    try:
        with transaction.atomic():
            rating = Rating.objects.create(
                case=case,
                unit_path=case.unit_path,
                channel=channel,
                level=level,
                text=(text or "").strip()[:1000],
                on=timezone.localtime(now).date(),
                at=now,
            )
    except IntegrityError:
        raise DomainError("already_rated", _("This case has already been rated on this channel."), status=409)
    if rating.bad:
        cal = calendar()
        s = queries.settings_for(case.unit)
        Rectification.objects.create(
            rating=rating,
            callback_due=cal.add_workdays(rating.on, s.callback_days).date,
            rectify_due=cal.add_workdays(rating.on, s.rectify_days).date,
        )
    rollup.bump_rating(rating)
    record(actor=actor, action="services.rate", instance=rating, after=snapshot(rating), unit=case.unit)
    return rating


@transaction.atomic
def rating_public(*, number: str, query_code: str, level, text: str = "") -> Rating:
    case = queries.case_lookup(number=number, query_code=query_code)
    case = Case.objects.select_for_update().get(pk=case.pk)
    return _rate(case, "web", level, text)


@transaction.atomic
def rating_window(*, actor, case_id: int, level, text: str = "") -> Rating:
    case = queries.case_get(actor=actor, case_id=case_id, for_update=True)
    _require(actor, STAFF, case.unit)
    return _rate(case, "window", level, text, actor)


def _rect(actor, rect_id: int) -> Rectification:
    r = queries.rectification_get(actor=actor, rect_id=rect_id, for_update=True)
    _require(actor, MANAGERS, r.rating.case.unit)
    return r


def _rect_audit(actor, r: Rectification, before: dict, verb: str) -> None:
    record(
        actor=actor,
        action=f"services.rect_{verb}",
        instance=r,
        before=before,
        after=snapshot(r),
        unit=r.rating.case.unit,
    )


@transaction.atomic
def rectification_callback(*, actor, rect_id: int, note: str) -> Rectification:
    r = _rect(actor, rect_id)
    if r.status != "open":
        raise DomainError("illegal_transition", _("The call-back has already been made."), status=409)
    if not (note or "").strip():
        raise DomainError(
            "reason_required", _("Note what the applicant said on the call-back."), {"field": "note"}
        )
    before = snapshot(r)
    r.status, r.callback_on, r.callback_note = "verified", local_today(), note.strip()[:1000]
    r.save()
    _rect_audit(actor, r, before, "callback")
    return r


@transaction.atomic
def rectification_answer(*, actor, rect_id: int, answer: str) -> Rectification:
    r = _rect(actor, rect_id)
    if r.status != "verified":
        raise DomainError(
            "illegal_transition", _("Verify the rating by call-back before answering."), status=409
        )
    if not (answer or "").strip():
        raise DomainError("reason_required", _("Describe the rectification."), {"field": "answer"})
    before = snapshot(r)
    r.status, r.answer, r.rectified_on = "rectified", answer.strip()[:1000], local_today()
    r.save()
    _rect_audit(actor, r, before, "answer")
    return r


@transaction.atomic
def rectification_appeal(*, actor, rect_id: int, reason: str) -> Rectification:
    """The window appeals a mistaken or malicious rating."""
    r = queries.rectification_get(actor=actor, rect_id=rect_id, for_update=True)
    _require(actor, STAFF, r.rating.case.unit)
    if r.status not in ("open", "verified"):
        raise DomainError(
            "illegal_transition", _("This rectification can no longer be appealed."), status=409
        )
    if not (reason or "").strip():
        raise DomainError("reason_required", _("An appeal needs a reason."), {"field": "reason"})
    before = snapshot(r)
    r.status, r.appeal_reason = "appealed", reason.strip()[:1000]
    r.save()
    _rect_audit(actor, r, before, "appeal")
    return r


@transaction.atomic
def rectification_decide(*, actor, rect_id: int, upheld: bool, decision: str) -> Rectification:
    """A centre administrator decides an appeal: annul the rating, or send it back to rectification."""
    r = queries.rectification_get(actor=actor, rect_id=rect_id, for_update=True)
    _require(actor, "admin", r.rating.case.unit)
    if r.status != "appealed":
        raise DomainError("illegal_transition", _("There is no appeal to decide."), status=409)
    if not (decision or "").strip():
        raise DomainError("reason_required", _("Give the reasons for the decision."), {"field": "decision"})
    before = snapshot(r)
    r.appeal_decision = decision.strip()[:1000]
    r.status = "annulled" if upheld else ("verified" if r.callback_on else "open")
    if upheld:
        rollup.bump_rating(r.rating, -1)
    r.save()
    _rect_audit(actor, r, before, "decide")
    return r


# -- first inquiries ---------------------------------------------------------------------------


@transaction.atomic
def inquiry_log(
    *,
    actor,
    asker_name: str,
    question: str,
    asker_phone: str = "",
    owner_id: int | None = None,
    unit_id: int | None = None,
) -> FirstInquiry:
    asked = person_of(actor)
    if asked is None:
        raise Forbidden(_("Only staff with a person record can log a first inquiry."))
    unit = unit_get(actor=actor, unit_id=unit_id) if unit_id else asked.unit
    _require(actor, STAFF, unit)
    if not (asker_name or "").strip() or not (question or "").strip():
        raise DomainError("invalid", _("Who asked and what are required."), {"field": "question"})
    owner = asked
    if owner_id:
        owner = Person.objects.filter(pk=owner_id).select_related("unit").first()
        centre_path = unit.path[: unit.steplen * max(1, unit.depth - 2)]
        if owner is None or not (in_scope(actor, owner.unit) or owner.unit.path.startswith(centre_path)):
            raise DomainError("invalid", _("Unknown follow-up owner."), {"field": "owner_id"})
    now = timezone.now()
    days = queries.settings_for(unit).inquiry_days
    inq = FirstInquiry.objects.create(
        unit=unit,
        asker_name=asker_name.strip()[:100],
        asker_phone=(asker_phone or "")[:40],
        question=question.strip()[:1000],
        asked=asked,
        owner=owner,
        asked_at=now,
        due_on=calendar().add_workdays(timezone.localtime(now).date(), days).date,
    )
    record_create(actor=actor, instance=inq)
    return inq


@transaction.atomic
def inquiry_answer(*, actor, inquiry_id: int, answer: str) -> FirstInquiry:
    inq = queries.inquiry_get(actor=actor, inquiry_id=inquiry_id, for_update=True)
    _require(actor, STAFF, inq.unit)
    if inq.answered_at:
        raise DomainError("illegal_transition", _("This inquiry has already been answered."), status=409)
    if not (answer or "").strip():
        raise DomainError("reason_required", _("Write the answer."), {"field": "answer"})
    before = snapshot(inq)
    inq.answer, inq.answered_at = answer.strip()[:1000], timezone.now()
    inq.save()
    record(actor=actor, action="services.inquiry_answer", instance=inq, before=before, after=snapshot(inq))
    return inq


# -- hotline -----------------------------------------------------------------------------------


@transaction.atomic
def hotline_log(
    *, actor, kind: str, caller_name: str, content: str, caller_phone: str = "", centre_id: int | None = None
) -> HotlineOrder:
    from .models import OrderKind

    worker = person_of(actor)
    if worker is None:
        raise Forbidden(_("Only staff with a person record can log a call."))
    centre = unit_get(actor=actor, unit_id=centre_id) if centre_id else worker.unit
    _require(actor, STAFF, centre)
    if kind not in OrderKind.values:
        raise DomainError("invalid", _("Unknown order kind: %(v)s") % {"v": kind}, {"field": "kind"})
    if not (caller_name or "").strip() or not (content or "").strip():
        raise DomainError("invalid", _("The caller and the content are required."), {"field": "content"})
    now = timezone.now()
    on = timezone.localtime(now).date()
    order = HotlineOrder.objects.create(
        number=f"96128-{on:%Y%m%d}-{secrets.randbelow(10**6):06d}",
        kind=kind,
        caller_name=caller_name.strip()[:100],
        caller_phone=(caller_phone or "")[:40],
        content=content.strip()[:2000],
        centre=centre,
        worker=worker,
        received_at=now,
        received_on=on,
    )
    record_create(actor=actor, instance=order, unit=centre)
    return order


def _order(actor, order_id: int) -> HotlineOrder:
    return queries.order_get(actor=actor, order_id=order_id, for_update=True)


@transaction.atomic
def hotline_dispatch(
    *, actor, order_id: int, unit_id: int, liaison_id: int, limit_days: int = 5
) -> HotlineOrder:
    order = _order(actor, order_id)
    _require(actor, STAFF, order.centre)
    if order.status != "logged":
        raise DomainError("illegal_transition", _("This order has already been dispatched."), status=409)
    unit = Unit.objects.filter(pk=unit_id).first()
    if unit is None:
        raise DomainError("invalid", _("Unknown unit."), {"field": "unit_id"})
    liaison = Person.objects.filter(pk=liaison_id, posts__role="liaison", posts__unit=unit).first()
    if liaison is None:
        raise DomainError(
            "invalid", _("The liaison must hold the liaison post of that unit."), {"field": "liaison_id"}
        )
    before = snapshot(order)
    order.limit_days = _limit(limit_days, "limit_days")
    order.unit, order.unit_path, order.liaison, order.status = unit, unit.path, liaison, "dispatched"
    order.due_on = calendar().add_workdays(local_today(), order.limit_days).date
    order.save()
    record(
        actor=actor,
        action="services.hotline_dispatch",
        instance=order,
        before=before,
        after=snapshot(order),
        unit=order.centre,
    )
    return order


@transaction.atomic
def hotline_answer(*, actor, order_id: int, answer: str) -> HotlineOrder:
    order = _order(actor, order_id)
    if order.status != "dispatched":
        raise DomainError("illegal_transition", _("Only a dispatched order can be answered."), status=409)
    if not (
        has_role(actor, STAFF, order.centre)
        or (order.liaison and order.liaison.user_id == getattr(actor, "pk", None))
    ):
        raise Forbidden()
    if not (answer or "").strip():
        raise DomainError("reason_required", _("Write the answer."), {"field": "answer"})
    before = snapshot(order)
    order.answer, order.answered_on, order.status = answer.strip()[:2000], local_today(), "answered"
    order.on_time = order.answered_on <= order.due_on
    order.save()
    record(
        actor=actor,
        action="services.hotline_answer",
        instance=order,
        before=before,
        after=snapshot(order),
        unit=order.centre,
    )
    return order


@transaction.atomic
def hotline_callback(*, actor, order_id: int, level) -> HotlineOrder:
    order = _order(actor, order_id)
    _require(actor, STAFF, order.centre)
    if order.status != "answered":
        raise DomainError("illegal_transition", _("Only an answered order can be called back."), status=409)
    try:
        level = int(level)
    except (TypeError, ValueError):
        level = 0
    if level not in (1, 2, 3, 4, 5):
        raise DomainError(
            "invalid",
            _("A rating is a level from 1 (very satisfied) to 5 (very dissatisfied)."),
            {"field": "level"},
        )
    before = snapshot(order)
    order.level, order.called_back_on, order.status = level, local_today(), "closed"
    order.save()
    record(
        actor=actor,
        action="services.hotline_callback",
        instance=order,
        before=before,
        after=snapshot(order),
        unit=order.centre,
    )
    return order


# -- notifications -----------------------------------------------------------------------------


def notifications_read(*, actor) -> int:
    from .models import Notification

    person = person_of(actor)
    if person is None:
        return 0
    return Notification.objects.filter(person=person, read_at__isnull=True).update(read_at=timezone.now())
