"""The shared kernel: idempotency, rate limits, the metric registry, spreadsheets, the 2+1+1 rule."""

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client, RequestFactory
from hypothesis import given
from hypothesis import strategies as st

from yangguang.core import metrics
from yangguang.core.errors import DomainError
from yangguang.core.idempotency import once
from yangguang.core.models import IdempotencyKey
from yangguang.core.ratelimit import public_rate_limit
from yangguang.core.review import resolve_2p1p1
from yangguang.core.tabular import read_table, write_table


def test_idempotent_retry_does_not_double_write(cast):
    calls = []

    def fn():
        calls.append(1)
        return {"n": len(calls)}

    first = once(user=cast.clerk_a, scope="t", key="k1", fn=fn)
    again = once(user=cast.clerk_a, scope="t", key="k1", fn=fn)
    assert first == ({"n": 1}, False) and again == ({"n": 1}, True) and len(calls) == 1
    assert once(user=cast.clerk_b, scope="t", key="k1", fn=fn) == ({"n": 2}, False)
    assert IdempotencyKey.objects.count() == 2


def test_failed_write_stores_no_key(cast):
    def boom():
        raise DomainError("x", "no")

    with pytest.raises(DomainError):
        once(user=cast.clerk_a, scope="t", key="k2", fn=boom)
    assert not IdempotencyKey.objects.filter(key="k2").exists()


def test_public_rate_limit(settings, db):
    settings.PUBLIC_RATE_LIMIT = 3
    view = public_rate_limit("test")(lambda request: __import__("django.http").http.HttpResponse("ok"))
    rf = RequestFactory()
    codes = [view(rf.get("/", REMOTE_ADDR="1.2.3.4")).status_code for _ in range(5)]
    assert codes == [200, 200, 200, 429, 429]
    assert view(rf.get("/", REMOTE_ADDR="5.6.7.8")).status_code == 200


def test_metric_registry():
    metrics.register("testapp.double", lambda ids, a, b: {i: i * 2.0 for i in ids}, label="double", unit="分")
    assert "testapp.double" in metrics.names()
    assert metrics.read("testapp.double", [1, 2], date(2025, 1, 1), date(2025, 12, 31)) == {1: 2.0, 2: 4.0}
    with pytest.raises(DomainError):
        metrics.get("testapp.nope")
    with pytest.raises(ValueError):
        metrics.register("nodot", lambda *a: {}, label="x")


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_table_round_trip(fmt):
    data = write_table(["编码", "名称", "数量"], [["A1", "甲", 3], ["A2", "乙", 4]], fmt)
    t = read_table(data, f"x.{fmt}")
    assert t.header == ["编码", "名称", "数量"] and [n for n, _ in t.rows] == [2, 3]
    assert t.rows[0][1]["名称"] == "甲"


def test_gb18030_csv_and_bad_files():
    t = read_table("编码,名称\nA,甲\n".encode("gb18030"), "x.csv")
    assert t.rows[0][1]["名称"] == "甲"
    with pytest.raises(DomainError):
        read_table(b"not a zip", "x.xlsx")
    with pytest.raises(DomainError):
        read_table(b"", "x.pdf")


def test_2p1p1_paths():
    assert resolve_2p1p1([80], 5).needs == "second"
    assert resolve_2p1p1([80, 84], 5).result == Decimal("82.00")
    assert resolve_2p1p1([80, 90], 5).needs == "third"
    assert resolve_2p1p1([80, 90], 5).result is None
    assert resolve_2p1p1([80, 90, 88], 5).result == Decimal("89.00")
    assert resolve_2p1p1([70, 90, 80], 5).needs == "leader"
    assert resolve_2p1p1([70, 90, 80], 5, leader=78).result == Decimal("78.00")


marks = st.integers(min_value=0, max_value=100)


@given(marks, marks, marks, st.integers(min_value=0, max_value=20))
def test_2p1p1_result_lies_between_the_marks_used(a, b, c, tol):
    r = resolve_2p1p1([a, b, c], tol)
    if r.result is not None:
        assert min(a, b, c) <= r.result <= max(a, b, c)
    if abs(a - b) <= tol:
        assert r.result == (Decimal(a + b) / 2).quantize(Decimal("0.01"))


def test_tick_runs_every_sweep(db):
    from django.core.management import call_command

    call_command("tick")


def test_home_is_the_workbench_for_staff_and_the_front_door_for_visitors(cast, client_of):
    staff = client_of(cast.clerk_a).get("/")
    assert staff.status_code == 200 and staff.templates[0].name == "portal/workbench.html"
    visitor = Client().get("/")
    assert visitor.status_code == 200 and visitor.templates[0].name == "portal/home.html"
    # the metric list moved to a page of its own, for staff only
    assert client_of(cast.clerk_a).get("/metrics/").status_code == 200
    assert Client().get("/metrics/").status_code == 302


def test_metric_subject():
    m = metrics.register("testapp.per_person", lambda ids, a, b: {}, label="p", subject="person")
    assert m.subject == "person" and metrics.get("testapp.per_person").subject == "person"
    with pytest.raises(ValueError):
        metrics.register("testapp.bad", lambda ids, a, b: {}, label="p", subject="team")
