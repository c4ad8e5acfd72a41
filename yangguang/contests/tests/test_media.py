"""A blind review's entrant document through the media gate: the original file carries names, so only
those who administer the event get it; its own graders read the sealed text instead."""

from django.core.files.uploadedfile import SimpleUploadedFile

from yangguang.contests import actions
from yangguang.core.testing import who_can_fetch

from .test_events import person


def test_blind_document_only_to_the_events_administrators(cast, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    g1, g2 = person("G1", cast.root, "州评委一"), person("G2", cast.root, "州评委二")
    author = person("PA", cast.county_a, "甲法官")
    ev = actions.event_create(
        actor=cast.admin_a,
        organiser=cast.county_a,
        code="cpws-a",
        name="裁判文书评查",
        kind="blind",
        criteria=[{"name": "文书", "max": 100}],
        judges=[(g1, "grader"), (g2, "grader")],
    )
    data = "%PDF-1.4 审判员 甲法官 依法判决如下".encode()
    e = actions.entrant_add(
        actor=cast.admin_a,
        event=ev,
        person=author,
        title="判决书",
        text="审判员 甲法官 依法判决如下",
        document=SimpleUploadedFile("甲法官的判决书.pdf", data),
    )
    name = e.document.name
    assert name.startswith("contests/blind/") and "甲法官" not in name
    assert {m.judge.person for m in e.marks.all()} == {g1, g2}
    users = cast.visitors() | {"grader_1": g1.user, "grader_2": g2.user, "author": author.user}
    assert who_can_fetch(users, name, data) == {"admin_a", "admin"}
