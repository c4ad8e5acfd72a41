"""The search's fast path for common words (issue 15): when enough titles hold the phrase, the page is
ranked from the titles alone — and it is exactly the page the full ranking gives."""

from datetime import date, timedelta

import pytest

from yangguang.core import search as S
from yangguang.disclosure import search as disclosure_search
from yangguang.disclosure.categories import ensure
from yangguang.disclosure.models import Disclosure

pytestmark = pytest.mark.django_db


def _record(cast, cat, title, body, day):
    return Disclosure.objects.create(
        unit=cast.county_a, category=cat, title=title, body=body, formed_on=day, due_on=day,
        status="published", published_on=day,
    )  # fmt: skip


@pytest.fixture
def records(cast):
    cat = next(iter(ensure().values()))
    start = date(2025, 1, 1)
    made = []
    for i in range(30):  # titles with the phrase, some with it in the text too, one exactly the phrase
        title = "洱海保护" if i == 7 else f"关于洱海保护工作的第{i}号通知"
        made.append(_record(cast, cat, title, "洱海保护" if i % 3 else "流域治理", start + timedelta(days=i)))
    for i in range(10):  # the phrase only in the text, newer: ranked after every title holding it
        made.append(_record(cast, cat, f"流域治理通报{i}", "洱海保护条例", start + timedelta(days=100 + i)))
    return made


def _page(q, offset):
    found = disclosure_search.search(S.parse(q), flt={}, limit=10, offset=offset)
    return [r["id"] for r in found["results"]], found["more"], [str(r["snippet"]) for r in found["results"]]


@pytest.mark.parametrize("offset", [0, 10, 20])
def test_the_fast_path_gives_the_full_rankings_page(records, monkeypatch, offset):
    monkeypatch.setattr(disclosure_search, "ALL_CANDIDATES", 30)  # 40 matches: a "common word" here
    calls = []
    real = disclosure_search._title_page
    monkeypatch.setattr(disclosure_search, "_title_page", lambda *a: calls.append(1) or real(*a))
    fast = _page("洱海保护", offset)
    # past the 30 titles holding the phrase the fast path steps aside (page 3 reads the texts)
    if offset < 20:
        assert calls and fast[0]
    monkeypatch.setattr(disclosure_search, "_title_page", lambda *a: None)  # the full ranking only
    assert _page("洱海保护", offset) == fast


def test_exact_title_first_then_newest_and_text_only_matches_after_the_titles(records):
    ids, more, snippets = _page("洱海保护", 0)
    assert ids[0] == records[7].pk  # the title is the phrase
    assert ids[1:] == [r.pk for r in reversed(records[21:30])]  # then the newest titles holding it
    assert more and any("<mark>洱海保护</mark>" in s for s in snippets)  # snippets read for the page
    last, _more, _s = _page("洱海保护", 30)
    assert set(last) == {r.pk for r in records[30:]}  # newer, but the phrase only in their text
