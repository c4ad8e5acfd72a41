"""Proactive disclosure: validation, the review chain, prerequisites, staleness, scoping."""

from datetime import date, timedelta

import pytest

from yangguang.core.errors import DomainError, Forbidden, NotFound
from yangguang.disclosure import actions, queries, sweeps
from yangguang.disclosure.models import Disclosure, DisclosureList, Publication


def make(cast, cats, who=None, unit=None, cat="licensing", formed=date(2025, 11, 20), **kw):
    return actions.disclosure_create(
        actor=who or cast.clerk_a, unit=unit or cast.county_a, category=cats[cat], title=kw.pop("title", "关于某事的决定"),
        formed_on=formed, **kw,
    )  # fmt: skip


def through_chain(cast, cats, records, on=date(2025, 12, 12), channels=(("website", ""),), rejected=None):
    lst = actions.list_create(actor=cast.clerk_a, unit=cast.county_a, period="2025-12")
    actions.list_add(actor=cast.clerk_a, lst=lst, disclosures=records)
    actions.list_submit(actor=cast.clerk_a, lst=lst)
    actions.list_review(
        actor=cast.admin_a, lst=lst, secrecy_checked=True, rejected=rejected or {}, note="无涉密"
    )
    actions.list_approve(actor=cast.admin_a, lst=lst, note="领导小组会议")
    return actions.list_publish(actor=cast.clerk_a, lst=lst, on=on, channels=list(channels))


def test_create_sanitises_and_sets_the_art26_clock(cast, cats, frozen):
    d = make(
        cast,
        cats,
        body='<p onclick="x()">正文<script>alert(1)</script><a href="javascript:alert(1)">链接</a></p>',
    )
    assert "<script" not in d.body and "onclick" not in d.body and "javascript:" not in d.body
    assert "正文" in d.body
    assert d.due_on == date(2025, 12, 18)  # 20 working days after 2025-11-20
    assert d.status == "draft"


@pytest.mark.parametrize(
    "field, value, code",
    [
        ("formed_on", date(2025, 12, 16), "formed_in_future"),
        ("title", "  ", "title_required"),
        ("audience", "x", "bad_audience"),
    ],
)
def test_bad_record_input_is_refused(cast, cats, frozen, field, value, code):
    kw = {"title": "标题", "formed_on": date(2025, 11, 3), "audience": "public"} | {field: value}
    with pytest.raises(DomainError) as e:
        actions.disclosure_create(actor=cast.clerk_a, unit=cast.county_a, category=cats["licensing"], **kw)
    assert e.value.code == code
    assert not Disclosure.objects.exists()


def test_review_chain_publishes_only_after_approval(cast, cats, frozen):
    a, b = make(cast, cats, title="甲"), make(cast, cats, title="乙")
    lst = actions.list_create(actor=cast.clerk_a, unit=cast.county_a, period="2025-12")
    actions.list_add(actor=cast.clerk_a, lst=lst, disclosures=[a, b])
    # not approved yet: publishing is refused and nothing changes
    with pytest.raises(DomainError) as e:
        actions.list_publish(actor=cast.clerk_a, lst=lst, on=date(2025, 12, 12), channels=[("website", "")])
    assert e.value.code == "not_approved"
    assert not queries.public_records().exists()
    actions.list_submit(actor=cast.clerk_a, lst=lst)
    with pytest.raises(DomainError) as e:
        actions.list_review(actor=cast.admin_a, lst=lst, secrecy_checked=False)
    assert e.value.code == "secrecy_check_required"
    with pytest.raises(DomainError) as e:
        actions.list_review(actor=cast.admin_a, lst=lst, secrecy_checked=True, rejected={b.pk: ""})
    assert e.value.code == "reason_required"
    actions.list_review(actor=cast.admin_a, lst=lst, secrecy_checked=True, rejected={b.pk: "涉及个人隐私"})
    b.refresh_from_db()
    assert b.status == "rejected" and b.reject_reason == "涉及个人隐私" and b.disclosure_list_id is None
    with pytest.raises(
        DomainError
    ):  # approval before review is over is not possible twice; handler may not approve
        actions.list_approve(actor=cast.clerk_a, lst=lst)
    actions.list_approve(actor=cast.admin_a, lst=lst, note="会议纪要")
    actions.list_publish(
        actor=cast.clerk_a,
        lst=lst,
        on=date(2025, 12, 12),
        channels=[("website", ""), ("gazette", "2025年第12期")],
    )
    a.refresh_from_db()
    assert a.status == "published" and a.published_on == date(2025, 12, 12) and not a.late
    assert set(Publication.objects.filter(disclosure=a).values_list("channel", "issue")) == {
        ("website", ""),
        ("gazette", "2025年第12期"),
    }
    assert list(queries.public_records()) == [a]
    assert DisclosureList.objects.get(pk=lst.pk).status == "published"


def test_gazette_needs_its_issue(cast, cats, frozen):
    a = make(cast, cats)
    with pytest.raises(DomainError) as e:
        through_chain(cast, cats, [a], channels=[("gazette", "")])
    assert e.value.code == "issue_required"
    a.refresh_from_db()
    assert a.status == "accepted"  # nothing published


def test_late_publication_is_flagged(cast, cats, frozen):
    a = make(cast, cats, formed=date(2025, 10, 20))
    through_chain(cast, cats, [a], on=date(2025, 12, 12))
    a.refresh_from_db()
    assert a.late and a.due_on == date(2025, 11, 17)


def test_prerequisites_audit_discussion_and_publish_first(cast, cats, frozen):
    acc = make(cast, cats, cat="accounts", title="第三季度财务收支")
    with pytest.raises(DomainError) as e:
        through_chain(cast, cats, [acc])
    assert e.value.code == "prerequisite_missing" and "理财审计在前" in str(e.value.message)
    acc.refresh_from_db()
    assert acc.status == "accepted" and acc.published_on is None
    dec = make(
        cast,
        cats,
        cat="decisions",
        title="重大决策",
        prerequisite_on=date(2025, 11, 20),
        prerequisite_note="常务会议",
    )
    through_chain(cast, cats, [dec])
    dec.refresh_from_db()
    assert dec.status == "published"
    stats = make(cast, cats, cat="statistics", title="11月经济指标")
    with pytest.raises(DomainError) as e:
        actions.disclosure_report_upward(actor=cast.clerk_a, disclosure=stats, on=date(2025, 12, 10))
    assert e.value.code == "publish_first"
    through_chain(cast, cats, [stats], on=date(2025, 12, 11))
    stats.refresh_from_db()
    actions.disclosure_report_upward(actor=cast.clerk_a, disclosure=stats, on=date(2025, 12, 12))
    assert Disclosure.objects.get(pk=stats.pk).reported_on == date(2025, 12, 12)


def test_validity_change_needs_a_reason(cast, cats, frozen):
    a = make(cast, cats, cat="normative")
    with pytest.raises(DomainError) as e:
        actions.disclosure_set_validity(
            actor=cast.clerk_a, disclosure=a, validity="repealed", on=date(2025, 12, 1)
        )
    assert e.value.code == "reason_required"
    actions.disclosure_set_validity(
        actor=cast.clerk_a, disclosure=a, validity="repealed", on=date(2025, 12, 1), reason="被替代"
    )
    assert Disclosure.objects.get(pk=a.pk).validity == "repealed"


def test_staleness_sweep_and_supersession(cast, cats, frozen):
    old = make(cast, cats, cat="notice_board", title="公开栏10月", formed=date(2025, 10, 9))
    through_chain(cast, cats, [old], on=date(2025, 10, 10))
    old.refresh_from_db()
    assert old.stale_after == date(2025, 11, 9)
    first = sweeps.tick(frozen_now())
    assert first["stale_records"] == 1
    assert sweeps.tick(frozen_now())["stale_records"] == 0  # idempotent
    assert list(queries.disclosure_list(actor=cast.supervisor, stale=True)) == [
        old
    ]  # reported to supervisors
    new = make(cast, cats, cat="notice_board", title="公开栏12月", formed=date(2025, 12, 1))
    through_chain(cast, cats, [new], on=date(2025, 12, 12))
    old.refresh_from_db()
    assert old.superseded and not old.stale
    actions.disclosure_confirm_current(actor=cast.clerk_a, disclosure=Disclosure.objects.get(pk=new.pk))
    assert Disclosure.objects.get(pk=new.pk).stale_after == date(2026, 1, 14)


def frozen_now():
    from django.utils import timezone

    return timezone.now()


def test_scoping_other_units_object_is_not_found(cast, cats, frozen):
    a = make(cast, cats)
    assert queries.disclosure_get(actor=cast.clerk_a, disclosure_id=a.pk) == a
    assert queries.disclosure_get(actor=cast.supervisor, disclosure_id=a.pk) == a
    for who in (cast.clerk_b, cast.outsider):
        with pytest.raises(NotFound):
            queries.disclosure_get(actor=who, disclosure_id=a.pk)
        assert not queries.disclosure_list(actor=who).exists()
    with pytest.raises(NotFound):
        make(cast, cats, who=cast.clerk_b)  # clerk_b cannot write in 甲县
    with pytest.raises(Forbidden):
        make(cast, cats, who=cast.viewer_a1, unit=cast.town_a1)  # in scope but only a viewer


def test_list_cannot_take_another_units_record(cast, cats, frozen):
    a = make(cast, cats)
    lst = actions.list_create(actor=cast.clerk_b, unit=cast.county_b, period="2025-12")
    with pytest.raises(NotFound):
        actions.list_add(actor=cast.clerk_b, lst=lst, disclosures=[a])


def test_audit_trail_records_each_step(cast, cats, frozen):
    from yangguang.audit.models import AuditEntry

    a = make(cast, cats)
    through_chain(cast, cats, [a])
    notes = list(
        AuditEntry.objects.filter(model="disclosure.disclosure", object_id=str(a.pk)).values_list(
            "note", flat=True
        )
    )
    assert "published" in notes and "review" in notes


def test_add_channel_after_publication(cast, cats, frozen):
    a = make(cast, cats)
    with pytest.raises(DomainError):
        actions.disclosure_add_channel(
            actor=cast.clerk_a, disclosure=a, channel="broadcast", on=date(2025, 12, 12)
        )
    through_chain(cast, cats, [a])
    a.refresh_from_db()
    actions.disclosure_add_channel(
        actor=cast.clerk_a, disclosure=a, channel="press", issue="第3场", on=date(2025, 12, 15)
    )
    assert a.publications.count() == 2
    with pytest.raises(DomainError):
        actions.disclosure_add_channel(actor=cast.clerk_a, disclosure=a, channel="tv", on=date(2025, 12, 15))
    with pytest.raises(DomainError):
        actions.disclosure_add_channel(
            actor=cast.clerk_a, disclosure=a, channel="website", on=date(2025, 12, 12) - timedelta(days=5)
        )


def test_attachments_on_drafts_only(cast, cats, frozen, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = str(tmp_path)
    a = make(cast, cats)
    with pytest.raises(DomainError) as e:
        actions.attachment_add(actor=cast.clerk_a, disclosure=a, upload=SimpleUploadedFile("x.exe", b"MZ"))
    assert e.value.code == "bad_file_type"
    att = actions.attachment_add(
        actor=cast.clerk_a, disclosure=a, upload=SimpleUploadedFile("决定书.pdf", b"%PDF-1.4")
    )
    assert att.name == "决定书.pdf" and a.attachments.count() == 1
    through_chain(cast, cats, [a])
    a.refresh_from_db()
    with pytest.raises(DomainError):
        actions.attachment_add(actor=cast.clerk_a, disclosure=a, upload=SimpleUploadedFile("y.pdf", b"%PDF"))
