from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from yangguang.audit.models import AuditEntry
from yangguang.core.errors import DomainError, NotFound
from yangguang.services import actions, publicview, queries, rules
from yangguang.services.models import Case, CaseEvent, PublicCase

TZ = ZoneInfo("Asia/Shanghai")
CALENDAR_TABLES = ("workdays_override", "workdays_yearnotice")  # rechecked on every call inside tests


def _submit(cast, svc, item=None, on=date(2025, 3, 3)):
    case, code = actions.case_submit(
        actor=cast.clerk_a,
        item_id=(item or svc.item).pk,
        applicant_name="张三",
        at=datetime(on.year, on.month, on.day, 9, tzinfo=TZ),
    )
    return case, code


def test_full_lifecycle_with_pause_and_extension(cast, svc):
    case, code = _submit(cast, svc)
    assert case.handler.user == cast.clerk_a and case.unit == cast.county_a and len(code) == 6
    case = actions.case_accept(actor=cast.clerk_a, case_id=case.pk, on=date(2025, 3, 3))
    assert case.due_on == date(2025, 3, 10)  # 5 working days, start day not counted
    actions.case_step(actor=cast.clerk_a, case_id=case.pk, step="承办", note="initial review")
    actions.case_pause(
        actor=cast.clerk_a, case_id=case.pk, kind="expert", reason="专家评审", on=date(2025, 3, 5)
    )
    case = actions.case_resume(actor=cast.clerk_a, case_id=case.pk, on=date(2025, 3, 7))
    # paused from the 5th to the 7th: (5th, 7th] excludes the 6th and 7th -> due two working days later
    assert case.due_on == date(2025, 3, 12)
    case = actions.case_extend(
        actor=cast.clerk_a,
        case_id=case.pk,
        days=2,
        approver_id=svc.boss.pk,
        reason="复杂",
        on=date(2025, 3, 10),
    )
    assert case.due_on == date(2025, 3, 14)
    case = actions.case_complete(
        actor=cast.clerk_a,
        case_id=case.pk,
        result="approved",
        document_no="甲工商字〔2025〕1号",
        on=date(2025, 3, 11),
    )
    assert case.status == "completed" and case.on_time and case.early and not case.same_day
    assert case.workdays_used == 6 - 2  # 4th..11th is 6 working days, 2 of them paused
    assert case.case_class == "promised"
    kinds = list(CaseEvent.objects.filter(case=case).values_list("kind", flat=True))
    assert kinds == ["submit", "accept", "step", "pause", "resume", "extend", "complete"]
    assert AuditEntry.objects.filter(model="services.case", object_id=str(case.pk)).count() == 7


def test_instant_item_due_same_day_and_supplement_class(cast, svc):
    case, _ = _submit(cast, svc, item=svc.instant)
    actions.case_supplement(
        actor=cast.clerk_a, case_id=case.pk, missing=["户口本", "照片"], on=date(2025, 3, 3)
    )
    with pytest.raises(DomainError) as e:
        actions.case_accept(actor=cast.clerk_a, case_id=case.pk)
    assert e.value.code == "illegal_transition"
    actions.case_resubmit(actor=cast.clerk_a, case_id=case.pk, on=date(2025, 3, 4))
    case = actions.case_accept(actor=cast.clerk_a, case_id=case.pk, on=date(2025, 3, 4))
    assert case.due_on == date(2025, 3, 4)
    case = actions.case_complete(actor=cast.clerk_a, case_id=case.pk, result="approved", on=date(2025, 3, 4))
    assert case.same_day and case.on_time and case.case_class == "supplement"


def test_refusal_needs_reason_and_changes_nothing(cast, svc):
    case, _ = _submit(cast, svc)
    n = AuditEntry.objects.count()
    with pytest.raises(DomainError) as e:
        actions.case_refuse(actor=cast.clerk_a, case_id=case.pk, reason="  ")
    assert e.value.code == "reason_required"
    case.refresh_from_db()
    assert case.status == "submitted" and AuditEntry.objects.count() == n
    actions.case_refuse(actor=cast.clerk_a, case_id=case.pk, reason="不属于本部门职责")
    assert Case.objects.get(pk=case.pk).case_class == "returned"


def _drive(cast, svc, target):
    """A case in `target` status."""
    case, _ = _submit(cast, svc)
    a = cast.clerk_a
    paths = {
        "submitted": [],
        "supplement": [("supplement", {"missing": ["x"], "on": date(2025, 3, 3)})],
        "accepted": [("accept", {"on": date(2025, 3, 3)})],
        "paused": [
            ("accept", {"on": date(2025, 3, 3)}),
            ("pause", {"kind": "hearing", "reason": "r", "on": date(2025, 3, 4)}),
        ],
        "completed": [
            ("accept", {"on": date(2025, 3, 3)}),
            ("complete", {"result": "approved", "document_no": "1", "on": date(2025, 3, 4)}),
        ],
        "refused": [("refuse", {"reason": "r"})],
        "returned": [("accept", {"on": date(2025, 3, 3)}), ("return", {"reason": "r"})],
    }[target]
    for verb, kw in paths:
        actions.CASE_ACTIONS[verb](actor=a, case_id=case.pk, **kw)
    return Case.objects.get(pk=case.pk)


VALID_ARGS = {
    "accept": {"on": date(2025, 3, 5)},
    "refuse": {"reason": "r"},
    "supplement": {"missing": ["x"], "on": date(2025, 3, 4)},
    "resubmit": {"on": date(2025, 3, 4)},
    "step": {"step": "审核"},
    "pause": {"kind": "testing", "reason": "r", "on": date(2025, 3, 5)},
    "resume": {"on": date(2025, 3, 6)},
    "extend": {"days": 1, "approver_id": None, "reason": "r", "on": date(2025, 3, 5)},
    "joint_done": {"unit_id": 0, "opinion": "ok"},
    "complete": {"result": "approved", "document_no": "1", "on": date(2025, 3, 5)},
    "return": {"reason": "r"},
}


@pytest.mark.parametrize("status", rules.STATUSES)
def test_state_machine_exhaustive(cast, svc, status):
    """Every verb from every status: legal ones move to the table's status, illegal ones change nothing."""
    for verb in rules.VERBS:
        case = _drive(cast, svc, status)
        kw = dict(VALID_ARGS[verb])
        if verb == "extend":
            kw["approver_id"] = svc.boss.pk
        before_status, n = case.status, AuditEntry.objects.count()
        legal = (status, verb) in rules.TRANSITIONS
        if legal and verb != "joint_done":
            actions.CASE_ACTIONS[verb](actor=cast.clerk_a, case_id=case.pk, **kw)
            assert Case.objects.get(pk=case.pk).status == rules.TRANSITIONS[(status, verb)], verb
        else:
            with pytest.raises(DomainError) as e:
                actions.CASE_ACTIONS[verb](actor=cast.clerk_a, case_id=case.pk, **kw)
            if not legal:
                assert e.value.code == "illegal_transition" and e.value.status == 409, verb
            assert Case.objects.get(pk=case.pk).status == before_status
            assert AuditEntry.objects.count() == n


def test_joint_case_needs_every_co_unit(cast, svc):
    item = actions.item_create(
        actor=cast.admin,
        unit_id=cast.county_a.pk,
        code="TA-J",
        name="联办事项",
        promised_limit=10,
        mode="joint",
        joint_unit_ids=[cast.county_b.pk],
    )
    actions.item_submit(actor=cast.admin, item_id=item.pk)
    actions.item_publish(actor=cast.admin, item_id=item.pk)
    case, _ = _submit(cast, svc, item=item)
    case = actions.case_accept(actor=cast.clerk_a, case_id=case.pk, on=date(2025, 3, 3))
    parts = list(case.parts.all())
    assert [p.lead for p in parts] == [True, False] and parts[1].due_on < parts[0].due_on
    with pytest.raises(DomainError) as e:
        actions.case_complete(actor=cast.clerk_a, case_id=case.pk, result="approved", document_no="1")
    assert e.value.code == "joint_pending"
    actions.case_joint_done(actor=cast.clerk_a, case_id=case.pk, unit_id=cast.county_b.pk, opinion="同意")
    case = actions.case_complete(
        actor=cast.clerk_a, case_id=case.pk, result="approved", document_no="1", on=date(2025, 3, 10)
    )
    assert case.case_class == "joint"


def test_bad_inputs(cast, svc):
    with pytest.raises(DomainError) as e:
        actions.case_submit(actor=cast.clerk_a, item_id=999999, applicant_name="x")
    assert e.value.code == "unknown_item" and e.value.status == 404
    case, _ = _submit(cast, svc)
    actions.case_accept(actor=cast.clerk_a, case_id=case.pk, on=date(2025, 3, 3))
    for days in (-1, 10**6, "abc"):
        with pytest.raises(DomainError) as e:
            actions.case_extend(
                actor=cast.clerk_a, case_id=case.pk, days=days, approver_id=svc.boss.pk, reason="r"
            )
        assert e.value.code == "invalid_limit"
    with pytest.raises(DomainError) as e:
        actions.case_extend(
            actor=cast.clerk_a, case_id=case.pk, days=1, approver_id=cast.clerk_b.person.pk, reason="r"
        )
    assert e.value.code == "invalid_approver"
    with pytest.raises(DomainError):
        actions.item_create(actor=cast.admin, unit_id=cast.county_a.pk, code="X", name="x", promised_limit=-3)


def test_year_the_calendar_does_not_know_is_flagged(cast, svc):
    case, _ = _submit(cast, svc, on=date(2150, 3, 3))
    case = actions.case_accept(actor=cast.clerk_a, case_id=case.pk, on=date(2150, 3, 3))
    assert case.due_on > date(2150, 3, 3) and case.due_verified is False


def test_scoping_other_county_is_not_found(cast, svc):
    case, _ = _submit(cast, svc)
    for fn, kw in [
        (actions.case_accept, {}),
        (actions.case_refuse, {"reason": "r"}),
    ]:
        with pytest.raises(NotFound):
            fn(actor=cast.clerk_b, case_id=case.pk, **kw)
    with pytest.raises(NotFound):
        queries.case_get(actor=cast.clerk_b, case_id=case.pk)
    with pytest.raises(NotFound):
        queries.case_get(actor=cast.outsider, case_id=case.pk)
    assert queries.case_get(actor=cast.supervisor, case_id=case.pk) == case
    assert list(queries.case_list(actor=cast.clerk_b)) == []
    # viewer_a1 sits below 甲县: a case at 甲县 itself is out of scope
    with pytest.raises(NotFound):
        queries.case_get(actor=cast.viewer_a1, case_id=case.pk)


def test_public_lookup_needs_matching_code(cast, svc):
    case, code = _submit(cast, svc)
    assert queries.case_lookup(number=case.number, query_code=code) == case
    wrong = "000000" if code != "000000" else "111111"
    with pytest.raises(NotFound) as e1:
        queries.case_lookup(number=case.number, query_code=wrong)
    with pytest.raises(NotFound) as e2:
        queries.case_lookup(number="nope", query_code=code)
    assert str(e1.value.message) == str(e2.value.message)


def test_item_versions(cast, svc):
    new = actions.item_revise(actor=cast.admin, item_id=svc.item.pk)
    assert new.version == 2 and new.status == "draft"
    actions.item_update(
        actor=cast.admin, item_id=new.pk, name="个体工商户营业执照核发（新）", promised_limit=3
    )
    assert queries.published_items(q="营业执照").get().pk == svc.item.pk  # public still sees v1
    with pytest.raises(DomainError):
        actions.item_update(actor=cast.admin, item_id=svc.item.pk, name="改")
    actions.item_submit(actor=cast.admin, item_id=new.pk)
    actions.item_publish(actor=cast.admin, item_id=new.pk)
    svc.item.refresh_from_db()
    assert svc.item.status == "superseded"
    assert queries.published_items(q="营业执照").get().pk == new.pk
    assert [i.version for i in queries.item_versions(new)] == [2, 1]


def test_item_management_needs_manager_role(cast, svc):
    from yangguang.core.errors import Forbidden

    with pytest.raises(Forbidden):
        actions.item_create(actor=cast.clerk_a, unit_id=cast.county_a.pk, code="Z", name="z")
    with pytest.raises(NotFound):
        actions.item_create(actor=cast.admin_a, unit_id=cast.county_b.pk, code="Z", name="z")


def _lookup_both_ways(case, code):
    """The lookup from the read model, then from the case tables with the row removed."""
    stored = queries.case_public_lookup(number=case.number, query_code=code)
    row = PublicCase.objects.get(case=case)
    assert row.view == publicview.snapshots([case.pk])[0].view  # never stale
    row.delete()
    fresh = queries.case_public_lookup(number=case.number, query_code=code)
    publicview.refresh(case.pk)
    return stored, fresh


def test_public_read_model_follows_every_change(cast, svc):
    case, code = _submit(cast, svc)
    steps = [
        lambda: actions.case_supplement(
            actor=cast.clerk_a, case_id=case.pk, missing=["户口本"], on=date(2025, 3, 3)
        ),
        lambda: actions.case_resubmit(actor=cast.clerk_a, case_id=case.pk, on=date(2025, 3, 3)),
        lambda: actions.case_accept(actor=cast.clerk_a, case_id=case.pk, on=date(2025, 3, 3)),
        lambda: actions.case_step(actor=cast.clerk_a, case_id=case.pk, step="承办"),
        lambda: actions.case_pause(
            actor=cast.clerk_a, case_id=case.pk, kind="expert", reason="专家评审", on=date(2025, 3, 5)
        ),
        lambda: actions.case_resume(actor=cast.clerk_a, case_id=case.pk, on=date(2025, 3, 7)),
        lambda: actions.case_extend(
            actor=cast.clerk_a,
            case_id=case.pk,
            days=2,
            approver_id=svc.boss.pk,
            reason="复杂",
            on=date(2025, 3, 10),
        ),
        lambda: actions.case_complete(
            actor=cast.clerk_a,
            case_id=case.pk,
            result="approved",
            document_no="甲字1号",
            on=date(2025, 3, 11),
        ),
        lambda: actions.rating_public(number=case.number, query_code=code, level=2),
    ]
    seen = []
    for step in [lambda: None, *steps]:
        step()
        with CaptureQueriesContext(connection) as ctx:
            view = queries.case_public_lookup(number=case.number, query_code=code)
        # one primary-key read of the read model, nothing from the case tables
        tables = [q["sql"].split(" FROM ")[1].split()[0].strip('"') for q in ctx.captured_queries]
        assert [t for t in tables if t not in ("services_centresettings", *CALENDAR_TABLES)] == [
            "services_publiccase"
        ]
        stored, fresh = _lookup_both_ways(case, code)
        assert stored == fresh == view
        seen.append(view["status"])
        with pytest.raises(NotFound):  # the read model never answers a wrong code
            queries.case_public_lookup(number=case.number, query_code="x" + code)
    assert seen == [
        "submitted", "supplement", "submitted", "accepted", "accepted", "paused", "accepted", "accepted",
        "completed", "completed",
    ]  # fmt: skip
    assert (
        view["due_on"] == date(2025, 3, 14)
        and view["rated"] == ["web"]
        and view["case_class"] == "supplement"
    )
    assert view["pauses"] == [
        {
            "kind": "expert",
            "label": "专家评审",
            "first": date(2025, 3, 5),
            "last": date(2025, 3, 7),
            "notice_on": date(2025, 3, 5),
            "expected_days": None,
        }
    ]
    assert [s["label"] for s in view["steps"]][:2] == ["收到申请", "一次性告知补正材料"]
    # the explanation adds up: 5 + 2 (extension) + 2 (pause) working days after 3.3 is 3.14
    clock = view["clock"]
    assert [(ln["kind"], ln["days"]) for ln in clock["lines"]] == [
        ("submitted", 0), ("supplement", 0), ("accepted", 0), ("limit", 5), ("extension", 2), ("pause", 2),
    ]  # fmt: skip
    assert clock["total"] == 9 and clock["due"] == view["due_on"] == date(2025, 3, 14)


def test_public_lookup_never_shows_another_case(cast, svc):
    first, code1 = _submit(cast, svc)
    second, code2 = _submit(cast, svc)
    actions.case_refuse(actor=cast.clerk_a, case_id=second.pk, reason="不属于本单位职权范围")
    view = queries.case_public_lookup(number=first.number, query_code=code1)
    assert view["number"] == first.number and view["reason"] == ""
    assert second.number not in str(view) and "职权" not in str(view)
    other = code2 if code2 != code1 else f"{(int(code1) + 1) % 10**6:06d}"
    with pytest.raises(NotFound):  # the other case's code opens nothing here
        queries.case_public_lookup(number=first.number, query_code=other)


def test_case_list_light_filter_uses_each_centres_yellow_line(cast, svc):
    from django.utils import timezone

    today = timezone.localdate()
    case, _ = _submit(cast, svc, on=today)
    actions.case_accept(actor=cast.clerk_a, case_id=case.pk, on=today)  # due in 5 working days

    def shown(light):
        return [c.pk for c in queries.case_list(actor=cast.admin, light=light)]

    assert (shown("green"), shown("yellow")) == ([case.pk], [])  # default: yellow at ≤ 1 day left
    actions.settings_update(actor=cast.admin, unit_id=cast.county_a.pk, yellow_days=5)
    assert (shown("green"), shown("yellow")) == ([], [case.pk])
    actions.settings_update(actor=cast.admin, unit_id=cast.county_b.pk, yellow_days=9)  # elsewhere
    assert (shown("green"), shown("yellow")) == ([], [case.pk])
