"""Service items (办事指南): drafts, samples, review and publication, new versions, the catalogue import."""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yangguang.audit.actions import record, record_create, snapshot
from yangguang.core.errors import DomainError, ImportRejected, RowError
from yangguang.core.tabular import read_table
from yangguang.core.uploads import check_upload
from yangguang.orgs.models import Unit
from yangguang.orgs.queries import has_role, unit_get

from .. import itempages, queries
from ..models import ItemStatus, ItemType, Mode, ServiceItem
from ._common import MANAGERS, _limit, _require

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
    "extension_limit",
    "extension_basis",
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
    if str(out.get("extension_limit", "x")).strip() == "":  # a blank form field: the statute's limit
        out["extension_limit"] = None
    if (
        out.get("extension_limit") is not None
    ):  # art. 42: only where a law provides otherwise, so with its basis
        out["extension_limit"] = _limit(out["extension_limit"], "extension_limit")
        if not str(out.get("extension_basis") or data.get("extension_basis") or "").strip():
            raise DomainError(
                "basis_required",
                _("An item's own extension limit needs the law that provides it."),
                {"field": "extension_basis"},
            )
    if "extension_basis" in out:
        out["extension_basis"] = str(out["extension_basis"]).strip()[:300]
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
    if not getattr(actor, "is_superuser", False):
        return [unit_get(actor=actor, unit_id=i) for i in ids]
    found = Unit.objects.in_bulk(ids)
    missing = [i for i in ids if i not in found]
    if missing:
        raise DomainError(
            "unknown_unit",
            _("Unknown unit or not yours."),
            {"field": "joint_unit_ids", "missing": missing},
        )
    return [found[i] for i in ids]


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
        # the public guide as a stored page: this version's rendered, the superseded one's dropped
        itempages.refresh(ServiceItem.objects.filter(code=item.code).values_list("pk", flat=True))
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


def item_import(*, actor, data: bytes, filename: str, progress=None) -> dict:
    """All or nothing: new codes become drafts, existing draft codes are updated; any bad row rejects all.
    `progress(done, total)`, when given (a background job), hears of every row: checked, then written."""
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
    n = len(table.rows)
    with transaction.atomic():
        seen = set()
        plans = []
        for i, (row_no, row) in enumerate(table.rows, 1):
            if progress:
                progress(i - 1, 2 * n)
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
        for j, (code, unit, fields, existing) in enumerate(plans, 1):
            if progress:
                progress(n + j * n // len(plans), 2 * n)
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
