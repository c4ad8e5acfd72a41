"""Samples of the result document and of materials: uploaded to a draft, downloadable once public."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from yangguang.core.errors import DomainError, NotFound
from yangguang.services import actions
from yangguang.services.models import ServiceItem

PDF = b"%PDF-1.4 sample"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def _draft(cast, svc):
    return actions.item_revise(actor=cast.admin, item_id=svc.item.pk)


def test_result_and_material_samples_reach_the_public_page(cast, svc, client_of, client, media):
    draft = _draft(cast, svc)
    c = client_of(cast.admin)
    url = reverse("services:item_sample", args=[draft.pk])
    r = c.post(url, {"material": "", "file": SimpleUploadedFile("营业执照样本.pdf", PDF)})
    assert r.status_code == 302
    r = c.post(url, {"material": "1", "file": SimpleUploadedFile("证明.docx", b"PK docx")})
    assert r.status_code == 302
    draft.refresh_from_db()
    assert draft.result_sample.name == "services/samples/TA-0001-v2-result.pdf"
    assert (media / draft.result_sample.name).read_bytes() == PDF
    assert draft.materials[1]["sample"].startswith("services/samples/TA-0001-v2-m2")
    assert not draft.materials[0]["sample"]
    actions.item_submit(actor=cast.admin, item_id=draft.pk)
    actions.item_publish(actor=cast.admin, item_id=draft.pk)
    page = client.get(reverse("portal:services_public:item", args=[draft.pk])).content.decode()
    assert draft.result_sample.url in page
    assert draft.material_rows[1]["sample_url"] in page


def test_bad_samples_change_nothing(cast, svc):
    draft = _draft(cast, svc)
    before = ServiceItem.objects.get(pk=draft.pk).materials
    cases = [
        (SimpleUploadedFile("x.exe", b"MZ"), None, "bad_file_type"),
        (SimpleUploadedFile("x.pdf", b""), None, "file_required"),
        (None, None, "file_required"),
        (SimpleUploadedFile("x.pdf", PDF), 7, "invalid"),
    ]
    for upload, material, code in cases:
        with pytest.raises(DomainError) as e:
            actions.item_sample(actor=cast.admin, item_id=draft.pk, upload=upload, material=material)
        assert e.value.code == code
    after = ServiceItem.objects.get(pk=draft.pk)
    assert after.materials == before and not after.result_sample
    with pytest.raises(DomainError) as e:  # the published version is fixed: make a new version
        actions.item_sample(actor=cast.admin, item_id=svc.item.pk, upload=SimpleUploadedFile("a.pdf", PDF))
    assert e.value.code == "not_draft"


def test_another_units_item_is_not_found(cast, svc, client_of):
    draft = _draft(cast, svc)
    with pytest.raises(NotFound):
        actions.item_sample(
            actor=cast.clerk_b, item_id=draft.pk, upload=SimpleUploadedFile("a.pdf", PDF), material=None
        )
    r = client_of(cast.clerk_b).post(
        reverse("services:item_sample", args=[draft.pk]), {"file": SimpleUploadedFile("a.pdf", PDF)}
    )
    assert r.status_code == 404


def test_api_sample_upload(cast, svc, client_of):
    draft = _draft(cast, svc)
    c = client_of(cast.admin)
    r = c.post(
        f"/api/v1/services/items/{draft.pk}/sample?material=1", {"file": SimpleUploadedFile("a.pdf", PDF)}
    )
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["materials"][0]["sample_url"].endswith("TA-0001-v2-m1.pdf")
    assert body["result_sample_url"] == ""
    r = c.post(f"/api/v1/services/items/{draft.pk}/sample", {"file": SimpleUploadedFile("a.txt", b"x")})
    assert r.status_code == 400 and r.json()["code"] == "bad_file_type"
