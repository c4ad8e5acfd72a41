"""The seed's contest builds from the demo organisations, and a second build changes nothing."""

import pytest

from yangguang.exams.models import Candidate, Exam, Prize, SiteStaff, UnitResult


@pytest.mark.django_db
def test_demo_contest():
    from yangguang.exams import demo
    from yangguang.orgs import demo as orgs_demo

    orgs_demo.build()
    out = demo.build()
    exam = Exam.objects.get(pk=out["exam"])
    assert out["candidates"] == 528
    assert exam.candidates.filter(active=True).values("unit").distinct().count() == 18
    sites = exam.sittings.get().sites.all()
    assert sites.count() == 17
    assert len({(s.sitting.starts_at, s.sitting.ends_at) for s in sites}) == 1  # all at the same time
    for site in sites:
        inv = list(SiteStaff.objects.filter(site=site, role="invigilator").select_related("person__unit"))
        site_units = set(site.units.values_list("id", flat=True))
        assert len(inv) == 2 and inv[0].person.unit_id != inv[1].person.unit_id
        assert not {p.person.unit_id for p in inv} & site_units
    adv = set(UnitResult.objects.filter(exam=exam, advanced=True).values_list("unit__code", flat=True))
    assert len(adv) == 8 and {"PBC-JN-03", "PBC-JN-13"} <= adv  # 淄博、临沂等8家
    first = Prize.objects.get(final__exam=exam, level="团体一等奖")
    assert first.team.unit.code == "PBC-JN-13"
    assert exam.finals.get().arbitrations.get().status == "overturned"
    assert exam.committee.filter(role="head", person__name="辛树人").exists()
    assert {p.person.name for s in sites for p in s.patrols.all()} == {"李建文", "黄向庆"}
    n = Candidate.objects.count()
    again = demo.build()
    assert again["created"] is False and Candidate.objects.count() == n
