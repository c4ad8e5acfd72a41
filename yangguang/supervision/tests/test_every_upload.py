"""Issue 16 item 5: every file field — each FileField of every model and of every form — takes an upload
only through the one check (core.uploads): markup (.html, .svg), a file without an extension, one past
the field's size limit, an empty file and content that is not what its extension says are refused;
a proper file is taken. A new file field without a writer here fails the first test."""

import inspect
from datetime import date

import pytest
from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models

from yangguang.core.errors import DomainError

from .. import actions, rules

PDF = b"%PDF-1.4 evidence"
UPLOAD_REFUSALS = {"file_required", "bad_file_type", "file_too_large", "bad_file_content", "upload_refused"}
PNG = b"\x89PNG\r\n\x1a\n photo"


def _draft_item(cast):
    from yangguang.services import actions as services

    item = services.item_create(actor=cast.admin, unit_id=cast.county_a.pk, code="UP-1", name="样本事项")
    return lambda f: services.item_sample(actor=cast.admin, item_id=item.pk, upload=f)


def _progress(cast, world):
    return lambda f: actions.progress_report(
        actor=cast.clerk_b, task=world.task_b, percent=50, text="进展", attachment=f
    )


def _rectification(cast, world):
    r = actions.rectification_issue(
        actor=cast.supervisor, finding=world.finding_a, requirement="公开决策", deadline=date(2026, 5, 31)
    )
    return lambda f: actions.rectification_submit(
        actor=cast.clerk_a, rectification=r, report="已整改", attachment=f
    )


def _decision(cast, world):
    d = actions.decision_create(actor=cast.admin_a, unit=cast.county_a, title="停车收费调整")
    return lambda f: actions.decision_step_record(
        actor=cast.admin_a,
        decision=d,
        step=rules.STEPS[0],
        done_on=date(2026, 3, 1),
        evidence="纪要",
        attachment=f,
    )


def _attachment(cast, world):
    from yangguang.disclosure import actions as disclosure
    from yangguang.disclosure.categories import ensure

    d = disclosure.disclosure_create(
        actor=cast.clerk_a,
        unit=cast.county_a,
        category=ensure()["licensing"],
        title="决定",
        formed_on=date(2025, 11, 20),
    )
    return lambda f: disclosure.attachment_add(actor=cast.clerk_a, disclosure=d, upload=f)


def _blind_document(cast, world):
    from yangguang.contests import actions as contests
    from yangguang.contests.tests.test_events import person
    from yangguang.orgs.models import Person

    g1, g2 = person("UP-G1", cast.root, "州评委一"), person("UP-G2", cast.root, "州评委二")
    author = Person.objects.create(code="UP-A", name="甲法官", unit=cast.county_a)
    ev = contests.event_create(
        actor=cast.admin_a,
        organiser=cast.county_a,
        code="up-blind",
        name="文书评查",
        kind="blind",
        criteria=[{"name": "文书", "max": 100}],
        judges=[(g1, "grader"), (g2, "grader")],
    )
    return lambda f: contests.entrant_add(
        actor=cast.admin_a, event=ev, person=author, title="判决书", document=f
    )


def _photo(cast, world):
    from yangguang.orgs.models import Person

    def write(f):
        p = Person(code="UP-P", name="窗口人员", unit=cast.county_a, photo=f)
        try:
            p.full_clean()
        except ValidationError as e:
            raise DomainError("upload_refused", str(e.message_dict["photo"])) from None

    return write


# "app_label.Model.field" -> (how a real upload reaches it, a good file's name and content)
WRITERS = {
    "services.ServiceItem.result_sample": (lambda cast, world: _draft_item(cast), "样本.pdf", PDF),
    "supervision.ProgressReport.attachment": (_progress, "进展.pdf", PDF),
    "supervision.Rectification.attachment": (_rectification, "整改.pdf", PDF),
    "supervision.DecisionStep.attachment": (_decision, "纪要.pdf", PDF),
    "disclosure.Attachment.file": (_attachment, "决定书.pdf", PDF),
    "contests.Entrant.document": (_blind_document, "判决书.pdf", PDF),
    "orgs.Person.photo": (_photo, "照片.png", PNG),
}


def _model_file_fields() -> set[str]:
    return {
        f"{m._meta.app_label}.{m.__name__}.{f.name}"
        for m in apps.get_models()
        if m.__module__.startswith("yangguang.")
        for f in m._meta.get_fields()
        if isinstance(f, models.FileField)
    }


def _form_file_fields() -> set[str]:
    import sys

    out = set()
    for name, mod in list(sys.modules.items()):
        if not name.startswith("yangguang.") or mod is None:
            continue
        for cls_name, cls in inspect.getmembers(mod, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == name:
                for fname, field in getattr(cls, "base_fields", {}).items():
                    # a ModelForm's file field is the model's (its writer is above)
                    if isinstance(field, forms.FileField) and not issubclass(cls, forms.ModelForm):
                        out.add(f"{name}.{cls_name}.{fname}")
    return out


# File fields no person uploads into: the platform writes them itself.
NOT_UPLOADS = {"core.Job.result_file": "an export job's own result (.xlsx/.docx), written by the job"}


def test_every_file_field_has_a_writer_here():
    assert _model_file_fields() - set(NOT_UPLOADS) == set(WRITERS)
    assert set(NOT_UPLOADS) <= _model_file_fields()  # a stale exemption fails too
    assert _form_file_fields() == set()  # a plain form's file field needs its own writer above


def _refusals(good_name: str, good: bytes):
    ext = "." + good_name.rsplit(".", 1)[1]
    return {
        "html": SimpleUploadedFile("page.html", b"<html><script>alert(1)</script></html>"),
        "svg": SimpleUploadedFile("pic.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>'),
        "no extension": SimpleUploadedFile("evidence", good),
        "empty": SimpleUploadedFile(good_name, b""),
        "markup named well": SimpleUploadedFile(good_name, b"<!DOCTYPE html><html></html>"),
        "wrong content": SimpleUploadedFile(good_name, b"MZ\x90\x00 not " + ext.encode()),
        "oversize": SimpleUploadedFile(good_name, good + b"\0" * (30 * 1024 * 1024)),
    }


@pytest.mark.parametrize("field", sorted(WRITERS))
def test_each_file_field_refuses_what_it_should(cast, world, settings, tmp_path, field):
    settings.MEDIA_ROOT = str(tmp_path)
    setup, good_name, good = WRITERS[field]
    write = setup(cast, world)
    for what, upload in _refusals(good_name, good).items():
        with pytest.raises(DomainError) as e:
            write(upload)
            pytest.fail(f"{field} took {what}")
        assert e.value.code in UPLOAD_REFUSALS, (field, what, e.value.code)
    write(SimpleUploadedFile(good_name, good))  # and a proper file is taken
