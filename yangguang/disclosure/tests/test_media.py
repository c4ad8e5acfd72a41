"""Disclosure attachments through the media gate: a draft's or an internal record's file is staff-only
within scope; a record published to the public has its attachments open to anyone."""

from django.core.files.uploadedfile import SimpleUploadedFile

from yangguang.core.testing import who_can_fetch
from yangguang.disclosure import actions

from .test_records import make, through_chain

DATA = b"%PDF-1.4 draft under secrecy review"


def test_attachment_is_internal_until_published_to_the_public(cast, cats, frozen, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    public = make(cast, cats, title="公开的决定")
    internal = make(cast, cats, title="内部会议纪要", audience="internal", audience_note="班子会议")
    files = {
        d.pk: actions.attachment_add(
            actor=cast.clerk_a, disclosure=d, upload=SimpleUploadedFile("决定书.pdf", DATA)
        ).file.name
        for d in (public, internal)
    }
    assert files[public.pk].startswith("disclosure/")
    users = cast.visitors()  # viewer_a1: a town below the county, the record is not in its scope
    staff = {"clerk_a", "admin_a", "supervisor", "admin"}
    for name in files.values():
        assert who_can_fetch(users, name, DATA) == staff

    through_chain(cast, cats, [public, internal])
    public.refresh_from_db()
    internal.refresh_from_db()
    assert public.is_public and internal.status == "published" and not internal.is_public
    assert who_can_fetch(users, files[public.pk], DATA) == set(users)
    assert who_can_fetch(users, files[internal.pk], DATA) == staff
