"""A candidate takes a short exam in the browser, two graders mark the short answer by seal code,
and the result appears (with the candidate's name) only after the seal is opened."""

import re

import pytest

from yangguang.exams.models import Answer, Question


@pytest.fixture
def world(browser_cast):
    from yangguang.exams.testing import build_world

    return build_world(browser_cast)


def _ctx_page(browser):
    ctx = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    pg = ctx.new_page()
    pg.set_default_timeout(15000)
    pg.on("dialog", lambda d: d.accept())
    return ctx, pg


def test_take_grade_unseal(page, browser, live_server, login, world, browser_cast):
    from yangguang.exams import actions

    cand = world.candidates[0]
    name = cand.person.name
    page.on("dialog", lambda d: d.accept())
    page.goto(f"{live_server.url}/public/exams/")
    page.fill("input[name=exam_code]", cand.exam_code)
    page.click("form:has(input[name=exam_code]) button[type=submit]")
    page.wait_for_url(re.compile(r"/public/exams/paper/"))
    assert cand.seal_code in page.content()
    for it in cand.paper.items:
        q = Question.objects.get(pk=it["q"])
        sel = f'.question[data-q="{q.pk}"]'
        if q.kind == "single":
            page.check(f"{sel} input[value='{q.answer}']")
        elif q.kind == "multi":
            for v in q.answer:
                page.check(f"{sel} input[value='{v}']")
        elif q.kind == "tf":
            page.check(f"{sel} input[value='{'true' if q.answer else 'false'}']")
        elif q.kind == "fill":
            page.fill(f"{sel} input.blank", q.answer[0][0])
        else:
            page.fill(f"{sel} textarea", "一岗双责：领导干部既抓业务工作，又对分管范围内的党风廉政建设负责。")
        page.wait_for_selector(f"{sel} .saved.green")
    # every answer is on the server before submitting
    assert Answer.objects.filter(candidate=cand).count() == len(cand.paper.items)
    page.click("#submit")
    page.wait_for_url(re.compile(r"/public/exams/done/"))
    assert page.locator("#submitted").is_visible()

    actions.exam_close(actor=browser_cast.admin, exam=world.exam)
    for grader, points in (("grader1", "26"), ("grader2", "27")):
        ctx, gp = _ctx_page(browser)
        login(gp, grader)
        gp.goto(f"{live_server.url}/exams/{world.exam.pk}/grading/")
        assert cand.seal_code in gp.content() and name not in gp.content()
        gp.fill("input[name=points]", points)
        gp.click("form:has(input[name=points]) button.primary")
        gp.wait_for_load_state("networkidle")
        assert name not in gp.content()
        ctx.close()
    assert Answer.objects.get(candidate=cand, question__kind="short").score == 26.5

    ctx, ap = _ctx_page(browser)
    login(ap, "admin")
    assert ap.goto(f"{live_server.url}/exams/{world.exam.pk}/results/").status == 404  # still sealed
    ap.goto(f"{live_server.url}/exams/{world.exam.pk}/")
    ap.click("text=开启密封并公布")
    ap.wait_for_load_state("networkidle")
    ap.goto(f"{live_server.url}/exams/{world.exam.pk}/results/")
    row = ap.locator("tr", has_text=name)
    assert "96.50" in row.inner_text()  # 70 objective + 26.5 short answer
    ctx.close()
