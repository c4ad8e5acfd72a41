"""The demo: the 大理州's year in the seed's proportions at a tenth, requests in every outcome."""

from django.db.models import Count
from django.utils import timezone

from yangguang.disclosure import demo, queries
from yangguang.disclosure import template as T
from yangguang.disclosure.models import Appeal, Consultation, Disclosure, DisclosureList, Publication, Request
from yangguang.orgs import demo as orgs_demo
from yangguang.orgs.models import Unit


def test_demo_builds_the_dali_year_and_is_idempotent(db):
    orgs_demo.build()
    out = demo.build()
    year = timezone.localdate().year - 1
    root = Unit.objects.get(code="532900")
    town = Unit.objects.get(code=demo.TOWNSHIP)
    assert out["records"] == 13724 and out["year"] == year
    pubs = Publication.objects.filter(
        disclosure__disclosure_list__isnull=True
    )  # the bulk year, not the chain
    by_channel = dict(pubs.values_list("channel").annotate(n=Count("id")))
    assert by_channel["website"] == 8805
    assert by_channel["press"] == 7 and pubs.filter(channel="press").values("issue").distinct().count() == 3
    assert (
        by_channel["gazette"] == 125
        and pubs.filter(channel="gazette").values("issue").distinct().count() == 10
    )
    assert sum(n for c, n in by_channel.items() if c not in ("website", "press", "gazette")) == 4787
    # requests in every outcome; corrected, extended, consulted, charged; one under administrative review
    assert set(Request.objects.values_list("outcome", flat=True)) >= set(T.OUTCOME_CODES)
    assert Request.objects.filter(corrected_on__isnull=False).exists()
    assert Request.objects.filter(extension_days__gt=0).exists()
    assert Consultation.objects.exists()
    assert Request.objects.filter(fee_paid_on__isnull=False).exists()
    assert Request.objects.exclude(status="concluded").exists()
    assert Appeal.objects.filter(kind="review", result="pending").count() == 1
    # the township's list went through the whole chain, one item sent back with its reason
    lst = DisclosureList.objects.get(unit=town)
    assert lst.status == "published" and lst.approved_at and lst.reviewed_at
    assert Disclosure.objects.filter(unit=town, status="rejected").exclude(reject_reason="").count() == 1
    assert set(lst.items.values_list("audience", flat=True)) == {"public", "internal", "households"}
    chain = Publication.objects.filter(disclosure__disclosure_list=lst)
    assert set(chain.values_list("channel", flat=True)) == {"notice_board", "broadcast", "meeting"}
    report = queries.annual_report(root, year)
    assert report["checks"]["ok"] and report["table_3"]["rows"][0]["cells"]["总计"] > 150
    assert report["channels"]["total_records"] == 13724
    again = demo.build()
    assert (
        again["created"] == 0
        and Disclosure.objects.count() == 13729
        and Request.objects.count() == out["requests"]
    )
