"""Supervision attachments through the media gate: only logged-in staff who can see the owning task,
rectification or decision get the file; a published decision's evidence stays internal."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from yangguang.core.testing import who_can_fetch

from .. import actions, rules


@pytest.fixture
def users(cast, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return cast.visitors()


def _upload(data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("材料.pdf", data)


def test_progress_attachment_only_to_those_who_see_the_task(cast, world, users):
    data = "%PDF 公开决策目录进展".encode()
    rep = actions.progress_report(
        actor=cast.clerk_b, task=world.task_b, percent=50, text="目录已起草", attachment=_upload(data)
    )
    assert rep.attachment.name.startswith("supervision/progress/")
    assert who_can_fetch(users, rep.attachment.name, data) == {"clerk_b", "supervisor", "admin"}


def test_rectification_attachment_only_to_those_who_see_the_finding(cast, world, users):
    data = b"%PDF rectification report"
    r = actions.rectification_issue(
        actor=cast.supervisor, finding=world.finding_a, requirement="公开决策", deadline=date(2026, 5, 31)
    )
    r = actions.rectification_submit(
        actor=cast.clerk_a, rectification=r, report="已公开", attachment=_upload(data)
    )
    assert r.attachment.name.startswith("supervision/rectification/")
    assert who_can_fetch(users, r.attachment.name, data) == {"clerk_a", "admin_a", "supervisor", "admin"}


def test_decision_evidence_stays_internal_after_publication(cast, users):
    data = b"%PDF hearing minutes"
    d = actions.decision_create(actor=cast.admin_a, unit=cast.county_a, title="城区停车收费调整")
    step = actions.decision_step_record(
        actor=cast.admin_a,
        decision=d,
        step=rules.STEPS[0],
        done_on=date(2026, 3, 1),
        evidence="听证纪要",
        attachment=_upload(data),
    )
    assert step.attachment.name.startswith("supervision/decisions/")
    staff = {"clerk_a", "admin_a", "supervisor", "admin"}
    assert who_can_fetch(users, step.attachment.name, data) == staff
    actions.decision_publish(actor=cast.admin_a, decision=d)
    assert who_can_fetch(users, step.attachment.name, data) == staff
