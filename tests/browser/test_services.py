"""A case at the window, end to end: submit, accept, pause, resume, complete; the applicant looks it up
with the query code and rates it on the public site."""

import re

import pytest


@pytest.fixture
def published_item(browser_cast):
    from yangguang.services import actions

    item = actions.item_create(
        actor=browser_cast.admin,
        unit_id=browser_cast.county_a.pk,
        code="TA-BR-1",
        name="个体工商户营业执照核发",
        promised_limit=3,
        statutory_limit=15,
        result_name="营业执照",
        materials=[{"name": "身份证"}],
        keywords="营业执照",
    )
    actions.item_submit(actor=browser_cast.admin, item_id=item.pk)
    actions.item_publish(actor=browser_cast.admin, item_id=item.pk)
    return item


def test_window_case_to_public_rating(page, live_server, login, published_item):
    from yangguang.services.models import Case

    login(page, "clerk_a")
    page.goto(f"{live_server.url}/services/cases/new/")
    page.select_option("select[name=item]", str(published_item.pk))
    page.fill("input[name=applicant_name]", "张三")
    page.click("#case-new button[type=submit]")
    page.wait_for_load_state("networkidle")
    message = page.locator(".messages li").first.inner_text()
    code = re.search(r"(\d{6})\s*$", message.strip()).group(1)
    case = Case.objects.get(applicant_name="张三")
    assert case.number in message

    page.click("button[value=accept]")
    page.wait_for_load_state("networkidle")
    assert page.locator("#case-due").is_visible()
    page.fill("#pause-form input[name=reason]", "组织专家评审")
    page.select_option("#pause-form select[name=kind]", "expert")
    page.click("button[value=pause]")
    page.wait_for_load_state("networkidle")
    assert Case.objects.get(pk=case.pk).status == "paused"
    page.click("button[value=resume]")
    page.wait_for_load_state("networkidle")
    assert Case.objects.get(pk=case.pk).status == "accepted"
    page.fill("#complete-form input[name=document_no]", "甲工商〔2025〕1号")
    page.click("button[value=complete]")
    page.wait_for_load_state("networkidle")
    case.refresh_from_db()
    assert case.status == "completed" and case.pauses.count() == 1
    assert "组织专家评审" in page.locator("body").inner_text()

    # the applicant, not logged in
    ctx = page.context.browser.new_context(locale="zh-CN")
    pub = ctx.new_page()
    pub.goto(f"{live_server.url}/public/services/lookup/")
    pub.fill("#lookup-form input[name=number]", case.number)
    pub.fill("#lookup-form input[name=code]", "999999" if code != "999999" else "111111")
    pub.click("#lookup-form button[type=submit]")
    assert pub.locator("#lookup-error").is_visible()
    pub.fill("#lookup-form input[name=code]", code)
    pub.click("#lookup-form button[type=submit]")
    view = pub.locator("#case-view")
    assert case.number in view.inner_text() and "甲工商〔2025〕1号" in view.inner_text()
    assert "张三" not in pub.locator("main").inner_text()
    pub.check("#rate-form input[name=level][value='2']")
    pub.fill("#rate-form textarea[name=text]", "办事快")
    pub.click("#rate-form button[type=submit]")
    assert pub.locator("#rating-thanks").is_visible()
    assert case.ratings.get().level == 2
    assert pub.locator("#rate-form").count() == 0  # one rating per channel
    ctx.close()
