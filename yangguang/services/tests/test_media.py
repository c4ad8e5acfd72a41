"""Service-item samples through the media gate: a draft's samples are staff-only within scope; once a
version carrying them is published they are public, and stay so when it is superseded."""

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from yangguang.core.testing import who_can_fetch
from yangguang.services import actions


def test_samples_are_public_once_a_version_carrying_them_is_published(cast, svc, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    users = cast.visitors()  # viewer_a1: a town below the county, the item is not in its scope
    staff = {"clerk_a", "admin_a", "supervisor", "admin"}
    files = {}

    def attach(item, base: str, data: bytes) -> str:
        item.result_sample.save(base, ContentFile(data), save=True)
        files[item.result_sample.name] = data
        return item.result_sample.name

    def who(name):
        return who_can_fetch(users, name, files[name])

    v2 = actions.item_revise(actor=cast.admin_a, item_id=svc.item.pk)
    result_v2 = attach(v2, "TA-0001-v2-result.pdf", b"%PDF result v2")
    material = default_storage.save("services/samples/身份证样本.pdf", ContentFile(b"%PDF id card"))
    files[material] = b"%PDF id card"
    actions.item_update(actor=cast.admin_a, item_id=v2.pk, materials=[{"name": "身份证", "sample": material}])
    assert {n: who(n) for n in files} == {n: staff for n in files}
    actions.item_submit(actor=cast.admin_a, item_id=v2.pk)
    assert {n: who(n) for n in files} == {n: staff for n in files}
    actions.item_publish(actor=cast.admin_a, item_id=v2.pk)
    assert {n: who(n) for n in files} == {n: set(users) for n in files}

    # the next draft starts with the published files (still public) and gets its own result sample,
    # internal until published; then v2 is superseded and its files stay public
    v3 = actions.item_revise(actor=cast.admin_a, item_id=v2.pk)
    result_v3 = attach(v3, "TA-0001-v3-result.pdf", b"%PDF result v3")
    assert who(result_v3) == staff and who(result_v2) == set(users)
    actions.item_submit(actor=cast.admin_a, item_id=v3.pk)
    actions.item_publish(actor=cast.admin_a, item_id=v3.pk)
    v2.refresh_from_db()
    assert v2.status == "superseded"
    assert {n: who(n) for n in files} == {n: set(users) for n in files}
