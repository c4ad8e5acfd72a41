"""A contest set up and run from the staff pages alone: create, units and quotas, sitting, sites,
blueprint, draw, seats, invigilation, papers, open."""

from yangguang.exams.models import Candidate, Exam, Question, SiteStaff


def test_setup_from_the_staff_ui(world, cast, client_of):
    a = client_of(cast.admin)
    assert a.get("/exams/new/").status_code == 200
    r = a.post(
        "/exams/new/",
        {
            "name": "第二届知识竞赛",
            "unit": cast.root.pk,
            "quota_percent": "10",
            "quota_rounding": "ceil",
            "advance_count": "1",
        },
    )
    exam = Exam.objects.get(name="第二届知识竞赛")
    assert r.status_code == 302 and r.url.endswith(f"/exams/{exam.pk}/setup/")
    assert a.get(f"/exams/{exam.pk}/setup/").status_code == 200
    ta, tb = world.units["TA"], world.units["TB"]
    a.post(f"/exams/{exam.pk}/setup/", {"do": "units", "units": [ta.pk, tb.pk]})
    assert {eu.unit_id: eu.quota for eu in exam.units.all()} == {
        ta.pk: 2,
        tb.pk: 2,
    }  # 10% of 13 / 11, rounded up
    a.post(
        f"/exams/{exam.pk}/setup/",
        {"do": "sitting", "name": "初赛", "starts_at": "2030-04-08T09:00", "ends_at": "2030-04-08T11:00"},
    )
    sitting = exam.sittings.get()
    r = a.post(
        f"/exams/{exam.pk}/setup/",
        {"do": "sitting", "starts_at": "2030-04-08T11:00", "ends_at": "2030-04-08T09:00"},
        follow=True,
    )
    assert "结束时间必须晚于开始时间" in r.content.decode() and exam.sittings.count() == 1
    for u in (ta, tb):
        a.post(
            f"/exams/{exam.pk}/setup/",
            {
                "do": "site",
                "sitting": sitting.pk,
                "unit": u.pk,
                "name": f"{u.name}考点",
                "seats": "30",
                "mode": "online",
            },
        )
    cat = Question.objects.filter(kind="single").first().category_id
    a.post(
        f"/exams/{exam.pk}/setup/",
        {
            "do": "blueprint",
            "name": "蓝图",
            "kind0": "single",
            "category0": cat,
            "count0": "2",
            "points0": "50",
        },
    )
    bp = exam.blueprints.get()
    for what, data in [
        ("quota_draw", {}),
        ("seats", {}),
        ("invigilation", {}),
        ("draw", {"blueprint": bp.pk}),
        ("papers_assign", {}),
        ("open", {}),
    ]:
        r = a.post(f"/exams/{exam.pk}/do/{what}/", data, follow=True)
        msgs = [(m.level_tag, str(m)) for m in r.context["messages"]]
        assert msgs and all(level == "success" for level, _m in msgs), (what, msgs)
    exam.refresh_from_db()
    assert exam.status == "open"
    assert Candidate.objects.filter(exam=exam, paper__isnull=False, seat__isnull=False).count() == 4
    assert SiteStaff.objects.filter(site__sitting=sitting, role="invigilator").count() == 4
    # a viewer cannot run it
    assert client_of(cast.supervisor).post(f"/exams/{exam.pk}/do/close/").status_code in (302, 403)
    exam.refresh_from_db()
    assert exam.status == "open"
    assert client_of(cast.clerk_b).get(f"/exams/{exam.pk}/setup/").status_code == 404
