"""The demo competitions: the seed bank's peak-season competition with its yellow cards and bulletins,
the court's judged events; a second run changes nothing."""

import pytest

from yangguang.contests import demo as contests_demo
from yangguang.contests import ledger
from yangguang.contests.models import Bulletin, Competition, Evaluation, Event
from yangguang.orgs import demo as orgs_demo


@pytest.mark.django_db(transaction=False)
def test_demo_builds_the_seed_competitions():
    orgs_demo.build()
    out = contests_demo.build()
    assert out["icbc"]["bulletins"] == 4 and out["icbc"]["evaluations"] == 4
    comp = Competition.objects.get(code="icbc-ly-2026-peak")
    q1 = Evaluation.objects.get(competition=comp, period="2026-Q1", current=True)
    subs = q1.results.filter(group="sub_branch")
    carded = [r for r in subs if r.penalties]
    assert carded and all(r.rank_from_bottom <= 3 for r in carded)
    people = {x["name"] for r in carded for p in r.penalties for x in p["people"]}
    assert len(people) >= 2 * len(carded)  # the president and the vice-president in charge
    feb = Evaluation.objects.get(competition=comp, period="2026-02", current=True)
    # a case incident: 取消评选资格 — still ranked, no award, the reason in its explanation
    o02 = feb.results.get(participant__code="ICBC-LY-S05-O02")
    assert not o02.disqualified and o02.rank is not None and not o02.awards
    assert any("取消评选资格" in line for line in o02.explanation)
    assert Bulletin.objects.filter(competition=comp, public=True).count() == 4
    assert set(Event.objects.values_list("kind", flat=True)) == {"panel", "blind", "record"}
    assert Evaluation.objects.get(competition__code="bhhsfy-2026-skills").results.filter(rank=1).exists()
    assert ledger.verify()["ok"]
    again = contests_demo.build()
    assert again == {"icbc": "exists", "court": "exists"}
