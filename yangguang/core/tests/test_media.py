"""The media gate: an uploaded file is served only when the guard of its longest registered prefix
says yes; refused, unclaimed, unsafe and missing files are one and the same 404."""

from pathlib import Path

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db.models import FileField

from yangguang.core import media as gate
from yangguang.core.errors import NotFound
from yangguang.core.testing import body_of, can_fetch, fetch

PDF, PNG = b"%PDF-1.4 open", b"\x89PNG\r\n\x1a\n"


def _no(request, name):
    return False


def _boom(request, name):
    raise NotFound()


@pytest.fixture
def media(settings, tmp_path, monkeypatch, db):
    """A MEDIA_ROOT with files under open/, open/sealed/, secret/ and unclaimed/, and test guards."""
    settings.MEDIA_ROOT = str(tmp_path)
    files = {
        "open/a.pdf": PDF,
        "open/photo.png": PNG,
        "open/sealed/b.pdf": b"sealed",
        "secret/c.pdf": b"secret",
        "unclaimed/d.pdf": b"nobody guards me",
        "raises/e.pdf": b"guard raises",
    }
    for name, data in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(data)
    asked = []

    def yes(request, name):
        asked.append(name)
        return True

    monkeypatch.setattr(
        gate, "_registry", {"open/": yes, "open/sealed/": _no, "secret/": _no, "raises/": _boom}
    )
    return type("Media", (), {"root": Path(tmp_path), "asked": asked, "files": files})


def test_guarded_file_is_served_with_its_bytes(media):
    r = fetch(None, "open/a.pdf")
    assert r.status_code == 200 and body_of(r) == PDF
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers["Content-Disposition"].startswith("attachment")
    assert "private" in r.headers["Cache-Control"]
    img = fetch(None, "open/photo.png")
    assert img.status_code == 200 and body_of(img) == PNG
    assert img.headers["Content-Type"] == "image/png"
    assert img.headers["Content-Disposition"].startswith("inline")
    assert media.asked == ["open/a.pdf", "open/photo.png"]


def test_refused_unclaimed_and_raising_guards_are_the_missing_404(media):
    assert can_fetch(None, "open/a.pdf", PDF)
    assert not can_fetch(None, "open/sealed/b.pdf", b"sealed")  # the longest prefix decides
    assert not can_fetch(None, "secret/c.pdf", b"secret")
    assert not can_fetch(None, "unclaimed/d.pdf", b"nobody guards me")  # no guard: no file
    assert not can_fetch(None, "raises/e.pdf", b"guard raises")


def test_guard_yes_but_no_file_is_404(media):
    r = fetch(None, "open/nothing-here.pdf")
    assert r.status_code == 404
    assert fetch(None, "open/sealed").status_code == 404  # a directory is not a file


@pytest.mark.parametrize(
    "url",
    [
        "/media/open/../secret/c.pdf",
        "/media/open/%2e%2e/secret/c.pdf",
        "/media/open/..%2fsecret/c.pdf",
        "/media/open/./a.pdf",
        "/media/open//a.pdf",
        "/media//etc/passwd",
        "/media/open/a.pdf/",
        "/media/open/..\\secret\\c.pdf",
        "/media/open/a.pdf%00.png",
    ],
)
def test_traversal_and_odd_names_are_404_and_never_reach_a_guard(media, client, url):
    r = client.get(url)
    assert r.status_code == 404
    assert r.content == client.get("/media/open/no-such.pdf").content
    assert media.asked == ["open/no-such.pdf"]


def test_safe_name():
    assert gate.safe_name("disclosure/决定书.pdf") == "disclosure/决定书.pdf"
    for bad in ["", "/etc/passwd", "a/../b", "..", "a/./b", "a//b", "a/", "a\\b", "C:/x", "a\x00b"]:
        assert gate.safe_name(bad) is None, bad


def test_only_reading_methods(media, client):
    assert client.post("/media/open/a.pdf").status_code in (403, 405)


def test_every_upload_field_has_a_guard(db):
    """Each FileField's upload_to lies under a prefix some domain guards (core imports no domain)."""
    gate.reset()
    try:
        prefixes = set(gate.guards())
        uploads = {
            f.upload_to
            for m in apps.get_models()
            for f in m._meta.get_fields()
            if isinstance(f, FileField) and isinstance(f.upload_to, str)
        }
        assert uploads, "no upload fields found"
        for upload in uploads:
            assert gate.guard_for(upload + "x.pdf") is not None, upload
        assert {
            "disclosure/",
            "supervision/progress/",
            "supervision/rectification/",
            "supervision/decisions/",
            "contests/blind/",
            "people/",
            "services/samples/",
        } <= prefixes
        assert gate.guard_for("static/x.css") is None
    finally:
        gate.reset()


def test_a_prefix_guarded_twice_is_a_configuration_error(monkeypatch):
    mods = [("one", type("M", (), {"GUARDS": {"x/": _no}})), ("two", type("M", (), {"GUARDS": {"x/": _no}}))]
    monkeypatch.setattr(gate, "modules", lambda name: iter(mods))
    gate.reset()
    try:
        with pytest.raises(ImproperlyConfigured):
            gate.guards()
        monkeypatch.setattr(
            gate, "modules", lambda name: iter([("one", type("M", (), {"GUARDS": {"x": _no}}))])
        )
        gate.reset()
        with pytest.raises(ImproperlyConfigured):
            gate.guards()
    finally:
        gate.reset()
