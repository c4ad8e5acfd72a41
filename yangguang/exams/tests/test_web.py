"""API and pages: scoping, the seal (graders never see a name), candidates' API, imports, prints."""

import io

import pytest
from django.test import Client

from yangguang.core.tabular import read_table, write_table
from yangguang.exams import actions
from yangguang.exams.models import Answer, Exam, Question
from yangguang.exams.testing import right_answers
from yangguang.orgs.models import Person, Unit


def take(client, c, answers):
    r = client.post("/api/v1/exams/take/sign-in", {"exam_code": c.exam_code}, content_type="application/json")
    assert r.status_code == 200, r.content
    h = {"HTTP_X_EXAM_TOKEN": r.json()["token"]}
    for q, v in answers.items():
        r = client.put(
            "/api/v1/exams/take/answers", {"question": q, "value": v}, content_type="application/json", **h
        )
        assert r.status_code == 200, r.content
    return h


def test_candidate_api_flow(world):
    client = Client()
    c = world.candidates[0]
    key = right_answers(c)
    h = take(client, c, key)
    paper = client.get("/api/v1/exams/take/paper", **h).json()
    assert len(paper["questions"]) == len(key) and all(q["value"] is not None for q in paper["questions"])
    # the candidate's own option order, canonical values
    single = next(q for q in paper["questions"] if q["kind"] == "single")
    assert sorted(o["value"] for o in single["options"]) == list(range(len(single["options"])))
    r = client.post("/api/v1/exams/take/sign-in", {"exam_code": c.exam_code}, content_type="application/json")
    assert r.status_code == 409 and r.json()["code"] == "code_used"
    assert (
        client.post(
            "/api/v1/exams/take/events", {"kind": "tab_leave"}, content_type="application/json", **h
        ).status_code
        == 200
    )
    s1 = client.post("/api/v1/exams/take/submit", **h).json()
    s2 = client.post("/api/v1/exams/take/submit", **h).json()
    assert s1["submitted_at"] == s2["submitted_at"] and s2["replayed"]
    r = client.put(
        "/api/v1/exams/take/answers",
        {"question": next(iter(key)), "value": None},
        content_type="application/json",
        **h,
    )
    assert r.status_code == 409
    assert (
        client.put(
            "/api/v1/exams/take/answers", {"question": 1, "value": 1}, content_type="application/json"
        ).status_code
        == 401
    )
    assert Answer.objects.filter(candidate=c).count() == len(key)


def test_candidate_pages(world):
    client = Client()
    c = world.candidates[1]
    assert client.get("/public/exams/").status_code == 200
    r = client.post("/public/exams/", {"exam_code": "NOPE"})
    assert r.status_code == 200 and "error" in r.content.decode()
    r = client.post("/public/exams/", {"exam_code": c.exam_code})
    assert r.status_code == 302
    page = client.get("/public/exams/paper/").content.decode()
    assert c.seal_code in page and "data-token" in page
    # a closed browser: the session survives, the saved answers come back
    q = next(iter(right_answers(c)))
    token = client.session["exams_token"]
    actions.answer_save(candidate=actions.candidate_by_token(token), question_id=q, value=right_answers(c)[q])
    assert client.get("/public/exams/paper/").status_code == 200


def test_seal_graders_never_see_names(world, cast, client_of):
    ex = world.exam
    names = set(
        Person.objects.filter(pk__in=[c.person_id for c in world.candidates]).values_list("name", flat=True)
    )
    unit_names = {"甲县", "乙县"}
    client = Client()
    for c in world.candidates:
        take(client, c, right_answers(c))
    actions.exam_close(actor=cast.admin, exam=ex)
    g = client_of(world.graders[0])
    seen = []
    for url in ["/exams/", f"/exams/{ex.pk}/grading/", f"/api/v1/exams/exams/{ex.pk}/grading"]:
        r = g.get(url)
        assert r.status_code == 200, url
        seen.append(r.content.decode())
    queue = g.get(f"/api/v1/exams/exams/{ex.pk}/grading").json()
    assert queue and {"seal_code", "answer", "question"} <= set(queue[0])
    seen.append(g.get(f"/api/v1/exams/grading/answers/{queue[0]['answer_id']}").content.decode())
    r = g.post(
        f"/api/v1/exams/grading/answers/{queue[0]['answer_id']}/marks",
        {"points": 25},
        content_type="application/json",
    )
    assert r.status_code == 200
    seen.append(r.content.decode())
    r = g.post(f"/exams/{ex.pk}/grading/", {"answer": queue[1]["answer_id"], "points": 20}, follow=True)
    seen.append(r.content.decode())
    for url in [
        f"/exams/{ex.pk}/",
        f"/exams/{ex.pk}/candidates/",
        f"/exams/{ex.pk}/results/",
        f"/api/v1/exams/exams/{ex.pk}/candidates",
        f"/api/v1/exams/exams/{ex.pk}/events",
        f"/api/v1/exams/exams/{ex.pk}/sites",
        f"/api/v1/exams/exams/{ex.pk}/results",
        "/api/v1/exams/questions",
        "/exams/bank/",
    ]:
        r = g.get(url)
        assert r.status_code in (403, 404) or r.json()["count"] == 0, url
        seen.append(r.content.decode())
    text = "\n".join(seen)
    for n in names | unit_names:
        assert n not in text, n


def test_scoping(world, cast, client_of):
    ex = world.exam
    # an exam of 甲县 is invisible to 乙县's people (the same 404 as a missing one)
    own = actions.exam_create(actor=cast.admin_a, unit=cast.county_a, name="甲县竞赛")
    assert client_of(cast.admin_a).get(f"/exams/{own.pk}/").status_code == 200
    for u in (cast.clerk_b, cast.outsider, cast.viewer_a1):
        assert client_of(u).get(f"/exams/{own.pk}/").status_code == 404
        assert client_of(u).get(f"/api/v1/exams/exams/{own.pk}").status_code == 404
    assert client_of(cast.supervisor).get(f"/exams/{ex.pk}/").status_code == 200
    assert client_of(cast.clerk_a).get(f"/exams/{ex.pk}/").status_code == 404
    assert client_of(cast.admin_a).get(f"/api/v1/exams/exams/{ex.pk}").status_code == 404
    # only setters see the bank
    assert client_of(world.setter).get("/api/v1/exams/questions").json()["count"] == Question.objects.count()
    for u in (cast.admin_a, cast.supervisor, world.graders[0]):
        assert client_of(u).get("/api/v1/exams/questions").json()["count"] == 0
        assert client_of(u).get("/exams/bank/").status_code == 403
    assert client_of(world.setter).get("/exams/bank/").status_code == 200
    # a non-admin cannot open the seal
    r = client_of(cast.supervisor).post(f"/api/v1/exams/exams/{ex.pk}/unseal")
    assert r.status_code == 403
    assert Exam.objects.get(pk=ex.pk).unsealed_at is None


def _xlsx(rows):
    header = [
        "题型",
        "分类",
        "难度",
        "题干",
        "选项A",
        "选项B",
        "选项C",
        "选项D",
        "答案",
        "评分要点",
        "法律依据",
        "解析",
    ]
    return write_table(header, rows, "xlsx")


def test_import_export_and_near_duplicates(world, client_of):
    root = Unit.objects.get(code="TZ")
    before = Question.objects.count()
    bad = _xlsx(
        [
            [
                "单选",
                "政务公开/主动公开",
                1,
                "主动公开的政府信息应当自形成或变更之日起多少个工作日内公开？",
                "10",
                "20",
                "30",
                "60",
                "B",
                "",
                "条例第二十六条",
                "",
            ],
            ["多选", "依法行政", 2, "", "a", "b", "", "", "A", "", "", ""],
            ["判断", "依法行政", 9, "法无授权不可为。", "", "", "", "", "对", "", "", ""],
        ]
    )
    s = client_of(world.setter)
    r = s.post(f"/api/v1/exams/questions/import?unit_id={root.pk}", {"file": _file(bad)})
    assert r.status_code == 400
    errs = r.json()["details"]["errors"]
    assert {e["row"] for e in errs} == {3, 4} and Question.objects.count() == before
    good = _xlsx(
        [
            [
                "单选",
                "政务公开/主动公开",
                1,
                "主动公开的政府信息应当自形成或变更之日起多少个工作日内公开？",
                "10",
                "20",
                "30",
                "60",
                "B",
                "",
                "条例第二十六条",
                "",
            ],
            [
                "单选",
                "政务公开",
                2,
                "政府信息公开应当坚持的原则是什么？",
                "以公开为常态、不公开为例外",
                "b",
                "c",
                "d",
                "A",
                "",
                "",
                "",
            ],
            [
                "填空",
                "政务公开",
                2,
                "依申请公开答复期限为____个工作日。",
                "",
                "",
                "",
                "",
                "20/二十",
                "",
                "",
                "",
            ],
        ]
    )
    r = s.post(f"/api/v1/exams/questions/import?unit_id={root.pk}", {"file": _file(good)})
    assert r.status_code == 200, r.content
    assert r.json()["created"] == 3
    flagged = r.json()["flagged"]
    assert [f["row"] for f in flagged] == [3]  # ≈ the bank's "政府信息公开应当坚持的原则是？"
    r = s.get(f"/api/v1/exams/questions/export?unit_id={root.pk}")
    table = read_table(r.content, "q.xlsx")
    assert len(table.rows) == Question.objects.count()
    assert any(row["题干"].startswith("主动公开") and row["答案"] == "B" for _n, row in table.rows)
    assert client_of(world.graders[0]).get(
        f"/api/v1/exams/questions/export?unit_id={root.pk}"
    ).status_code in (403, 404)


def _file(data):
    f = io.BytesIO(data)
    f.name = "bank.xlsx"
    return f


def test_blueprint_short_cell_and_printing(world, cast, client_of):
    from docx import Document

    ex = world.exam
    cat = Question.objects.filter(kind="short").first().category_id
    with pytest.raises(Exception) as e:
        bp = actions.blueprint_save(
            actor=world.setter,
            exam=ex,
            name="太多",
            cells=[{"kind": "short", "category": cat, "difficulty": None, "count": 5, "points": 10}],
        )
        ex.status = "draft"
        ex.save()
        actions.papers_draw(actor=world.setter, exam=ex, blueprint=bp)
    assert "党风廉政" in str(e.value.message) and e.value.details["short_cells"][0]["available"] == 1
    s = client_of(world.setter)
    r = s.get(f"/exams/{ex.pk}/papers/A.docx")
    assert r.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(r.content)).paragraphs)
    assert "A卷" in text and "一岗双责" in text
    r = client_of(cast.admin).get(f"/exams/{ex.pk}/sheets.docx")
    assert r.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(r.content)).paragraphs)
    assert world.candidates[0].seal_code in text
    names = Person.objects.filter(pk__in=[c.person_id for c in world.candidates]).values_list(
        "name", flat=True
    )
    assert not any(n in text for n in names)
    # the paper can be re-derived from its recorded seed
    p = ex.papers.get(version="A")
    assert [i["q"] for i in actions.paper_rederive(p)] == [i["q"] for i in p.items]


def test_staff_pages_render(world, cast, client_of):
    a = client_of(cast.admin)
    ex = world.exam
    for url in ["/exams/", f"/exams/{ex.pk}/", f"/exams/{ex.pk}/candidates/"]:
        r = a.get(url)
        assert r.status_code == 200, url
    page = a.get(f"/exams/{ex.pk}/").content.decode()
    assert "甲县考点" in page and "invigilator" not in page  # role labels are translated
    assert a.get(f"/exams/{ex.pk}/results/").status_code == 404  # sealed
    from yangguang.exams.api import router

    assert "/take/answers" in router.path_operations
    for pv in router.path_operations.values():  # every schema of ours renders in OpenAPI
        for op in pv.operations:
            for m in op.models:
                m.model_json_schema()


def test_paper_sheets_keyed_twice(world, cast, client_of):
    c = world.candidates[2]
    items = c.paper.items
    sheet = {
        str(i): (
            "A" if it["k"] == "single" else "对" if it["k"] == "tf" else "AB" if it["k"] == "multi" else "x"
        )
        for i, it in enumerate(items, 1)
    }
    a, s = client_of(cast.admin), client_of(cast.supervisor)
    r = a.post(
        f"/api/v1/exams/candidates/{c.pk}/sheets",
        {"round": 1, "answers": sheet},
        content_type="application/json",
    )
    assert r.json()["status"] == "waiting"
    other = dict(sheet, **{"1": "D"})
    from yangguang.orgs.models import Post

    Post.objects.create(person=cast.supervisor.person, unit=cast.root, role="admin")  # a second keyer
    r = s.post(
        f"/api/v1/exams/candidates/{c.pk}/sheets",
        {"round": 2, "answers": other},
        content_type="application/json",
    )
    assert r.json() == {"status": "mismatch", "mismatches": [1]}
    assert not Answer.objects.filter(candidate=c).exists()
    r = s.post(
        f"/api/v1/exams/candidates/{c.pk}/sheets",
        {"round": 2, "answers": sheet},
        content_type="application/json",
    )
    assert r.json()["status"] == "saved" and Answer.objects.filter(candidate=c).count() == len(items)


def test_sheet_keying_page(world, cast, client_of):
    from yangguang.orgs.models import Post

    c = world.candidates[3]
    n = len(c.paper.items)
    text = " ".join(f"{i}=A" for i in range(1, n + 1))
    a = client_of(cast.admin)
    r = a.post(
        f"/exams/{world.exam.pk}/sheets/",
        {"seal_code": c.seal_code, "round": "1", "answers": text},
        follow=True,
    )
    assert r.status_code == 200
    Post.objects.create(person=cast.supervisor.person, unit=cast.root, role="admin")  # a second keyer
    s = client_of(cast.supervisor)
    r = s.post(
        f"/exams/{world.exam.pk}/sheets/",
        {"seal_code": c.seal_code, "round": "2", "answers": "1=B"},
        follow=True,
    )
    assert any(m.level_tag == "warning" for m in r.context["messages"])
    s.post(f"/exams/{world.exam.pk}/sheets/", {"seal_code": c.seal_code, "round": "2", "answers": text})
    assert Answer.objects.filter(candidate=c).count() >= n - 1
    assert client_of(world.graders[0]).get(f"/exams/{world.exam.pk}/sheets/").status_code == 404


def test_add_question_page_and_individual_prize(world, cast, client_of):
    s = client_of(world.setter)
    before = Question.objects.count()
    r = s.post(
        "/exams/bank/",
        {
            "do": "add",
            "kind": "single",
            "category": "依法行政/行政许可",
            "stem": "行政许可法施行于哪一年？",
            "options": "2003\n2004\n2005",
            "answer": "B",
            "difficulty": "2",
        },
        follow=True,
    )
    assert Question.objects.count() == before + 1
    q = Question.objects.latest("id")
    assert q.answer == 1 and q.category.name == "行政许可" and q.category.parent.name == "依法行政"
    r = s.post(
        "/exams/bank/",
        {"do": "add", "kind": "single", "category": "依法行政", "stem": "缺答案", "options": "a\nb"},
        follow=True,
    )
    assert Question.objects.count() == before + 1 and any(
        m.level_tag == "error" for m in r.context["messages"]
    )
    p = Person.objects.get(code="TA-03")
    r = client_of(cast.admin).post(
        f"/api/v1/exams/exams/{world.exam.pk}/prizes/individual",
        {"person_id": p.pk, "level": "个人一等奖"},
        content_type="application/json",
    )
    assert r.status_code == 201
    assert (
        client_of(cast.clerk_b)
        .post(
            f"/api/v1/exams/exams/{world.exam.pk}/prizes/individual",
            {"person_id": p.pk, "level": "x"},
            content_type="application/json",
        )
        .status_code
        == 404
    )
