"""Issue 16 item 10: the API's exam sign-in is rate-limited, in one count with the sign-in page."""

from django.test import Client

from yangguang.core import ratelimit
from yangguang.exams.api.answering import SIGN_IN_PER_MINUTE

URL = "/api/v1/exams/take/sign-in"


def test_api_sign_in_is_limited_per_address(db, monkeypatch):
    seen = []

    def count(key, window=60):
        seen.append(key)
        return (SIGN_IN_PER_MINUTE + 1, 17)

    monkeypatch.setattr(ratelimit, "count", count)
    r = Client().post(URL, {"exam_code": "NOPE-0000"}, content_type="application/json")
    assert r.status_code == 429 and r.json()["code"] == "rate_limited"
    assert r["Retry-After"] == "17"
    assert seen and seen[0].startswith("exams.sign_in:")  # the page's bucket


def test_sign_in_below_the_limit_answers_as_before(db):
    r = Client().post(URL, {"exam_code": "NOPE-0000"}, content_type="application/json")
    assert r.status_code in (400, 404) and r.json()["code"] != "rate_limited"
