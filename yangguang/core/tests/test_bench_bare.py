"""/bench/bare, the benchmarks' baseline, is not served in production (issue 16 item 10)."""

from django.test import override_settings


def test_bench_bare_absent_unless_turned_on(client):
    with override_settings(BENCH_ENDPOINTS=False):
        assert client.get("/bench/bare").status_code == 404
    with override_settings(BENCH_ENDPOINTS=True):
        r = client.get("/bench/bare")
        assert r.status_code == 200 and r.json() == {"ok": True}
