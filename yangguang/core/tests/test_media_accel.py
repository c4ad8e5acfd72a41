"""Behind nginx the media gate answers with X-Accel-Redirect to an internal location, never the path
to a file it refuses (issue 16 item 11)."""

import pytest

from yangguang.core import media as gate
from yangguang.core.testing import fetch


def _no(request, name):
    return False


def _yes(request, name):
    return True


@pytest.fixture
def accel(settings, tmp_path, monkeypatch, db):
    settings.MEDIA_ROOT = str(tmp_path)
    settings.MEDIA_ACCEL_REDIRECT = "/_protected_media/"
    for name in ("open/a b.pdf", "open/photo.png", "secret/c.pdf"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"%PDF-1.4 bytes")
    (tmp_path / "open/dir").mkdir()
    monkeypatch.setattr(gate, "_registry", {"open/": _yes, "secret/": _no})


def test_allowed_file_is_handed_to_nginx(accel):
    r = fetch(None, "open/a b.pdf")
    assert r.status_code == 200
    assert r.headers["X-Accel-Redirect"] == "/_protected_media/open/a%20b.pdf"
    assert r.content == b""  # nginx sends the bytes, not the app
    assert r.headers["Content-Type"] == "application/pdf"
    assert r.headers["Content-Disposition"].startswith("attachment")
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert "private" in r.headers["Cache-Control"]
    img = fetch(None, "open/photo.png")
    assert img.headers["Content-Disposition"].startswith("inline")


def test_refused_missing_and_directories_get_no_redirect(accel):
    for name in ("secret/c.pdf", "open/missing.pdf", "open/dir", "unclaimed/x.pdf"):
        r = fetch(None, name)
        assert r.status_code == 404, name
        assert "X-Accel-Redirect" not in r.headers, name


def test_without_the_setting_the_app_streams(accel, settings):
    settings.MEDIA_ACCEL_REDIRECT = ""
    r = fetch(None, "open/a b.pdf")
    assert r.status_code == 200 and "X-Accel-Redirect" not in r.headers
