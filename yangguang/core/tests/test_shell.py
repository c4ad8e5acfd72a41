"""The UI shell: login, lockout, language, security headers, offline assets, deploy checks."""

import os
import re
import subprocess
import sys
from pathlib import Path

from django.test import Client

from yangguang.orgs.testing import PASSWORD

ROOT = Path(__file__).resolve().parents[2]


def test_login_required_and_login_works(cast):
    c = Client()
    assert c.get("/orgs/").status_code == 302
    r = c.post("/accounts/login/", {"username": "clerk_a", "password": PASSWORD})
    assert r.status_code == 302
    assert c.get("/orgs/").status_code == 200


def test_lockout_after_repeated_failures(cast, settings):
    c = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        c.post("/accounts/login/", {"username": "clerk_a", "password": "wrong"}, REMOTE_ADDR="10.0.0.9")
    r = c.post("/accounts/login/", {"username": "clerk_a", "password": PASSWORD}, REMOTE_ADDR="10.0.0.9")
    assert r.status_code == 429 or "locked" in r.content.decode().lower() or "锁定" in r.content.decode()
    assert "_auth_user_id" not in c.session


def test_passwords_are_argon2(cast):
    assert cast.clerk_a.password.startswith("argon2")


def test_chinese_by_default_english_on_switch(cast, client_of):
    c = client_of(cast.clerk_a)
    assert "组织机构" in c.get("/orgs/").content.decode()
    c.post("/i18n/setlang/", {"language": "en", "next": "/orgs/"})
    body = c.get("/orgs/").content.decode()
    assert "Unit tree" in body and "组织机构" not in body


def test_csp_allows_no_external_origin(cast, client_of):
    r = client_of(cast.clerk_a).get("/orgs/")
    csp = r["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "http" not in csp and "*" not in csp
    assert r["X-Frame-Options"] == "DENY"


def test_csrf_enforced_on_login():
    c = Client(enforce_csrf_checks=True)
    assert c.post("/accounts/login/", {"username": "x", "password": "y"}).status_code == 403


def test_no_asset_from_the_internet():
    """Templates and static files reference no external origin (government intranets have none)."""
    pattern = re.compile(r"""(src|href)\s*=\s*["']\s*(https?:)?//""", re.I)
    offenders = []
    for path in (ROOT / "yangguang").rglob("*"):
        if path.suffix in {".html", ".css"} and "static/vendor" not in str(path):
            text = path.read_text(encoding="utf-8", errors="ignore")
            if pattern.search(text) or re.search(r"url\(\s*['\"]?https?://", text):
                offenders.append(str(path))
            if path.suffix == ".html" and re.search(r"\sstyle=|<style|<script>", text):
                offenders.append(f"{path}: inline style or script (the CSP blocks it)")
    assert offenders == []


def test_assets_are_served(cast, client_of):
    c = client_of(cast.clerk_a)
    for asset in ("/static/vendor/htmx.min.js", "/static/vendor/echarts.min.js", "/static/core/app.css"):
        r = c.get(asset)
        assert r.status_code == 200, asset


def test_check_deploy_passes_with_production_settings(tmp_path):
    env = {
        **os.environ,
        "DEBUG": "0",
        "HTTPS": "1",
        "SECRET_KEY": "x7!" * 20 + "production-secret-key",
        "ALLOWED_HOSTS": "zwfw.example.gov.cn",
        "YANGGUANG_VAR": str(tmp_path),
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests' conftest; never in production
    r = subprocess.run(
        [sys.executable, "-m", "yangguang.manage", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert r.returncode == 0, r.stdout + r.stderr


def test_healthz(db):
    assert Client().get("/healthz").json() == {"ok": True}


def test_pages_open_in_chinese_even_for_an_english_browser(cast, client_of):
    c = client_of(cast.clerk_a)
    body = c.get("/orgs/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "单位树" in body
