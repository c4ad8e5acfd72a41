"""A citizen files a request, staff send a 补正 notice, the citizen corrects, staff answer, the citizen
reads the reply with the query code — all through the real pages in Chromium."""

import re

import pytest

pytestmark = pytest.mark.browser


def test_request_correction_answer_roundtrip(page, live_server, browser_cast, login):
    from yangguang.disclosure.models import Request

    base = live_server.url
    # 1. a citizen files a request on the public site
    page.goto(f"{base}/public/disclosure/request/")
    page.select_option("select[name=unit]", "TA")
    page.select_option("select[name=applicant_kind]", "natural")
    page.fill("input[name=applicant_name]", "杨某")
    page.fill("input[name=contact]", "13800000000")
    page.fill("textarea[name=content]", "请公开洱海保护资金的有关文件")
    page.click("form.stack button[type=submit]")
    number = page.locator("#req-number").inner_text().strip()
    code = page.locator("#req-code").inner_text().strip()
    assert re.fullmatch(r"YS\d{14}", number) and len(code) == 8
    req = Request.objects.get(number=number)
    assert req.status == "open" and req.unit.code == "TA"

    # 2. staff send a one-time correction notice
    login(page, "clerk_a")
    page.goto(f"{base}/disclosure/requests/{req.pk}/")
    page.fill("form[action$='/correction/'] textarea[name=notice]", "请写明文件名称或文号")
    page.click("form[action$='/correction/'] button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert Request.objects.get(pk=req.pk).status == "correction"
    page.context.clear_cookies()

    # 3. the citizen sees the notice with the query code and corrects the request
    page.goto(f"{base}/public/disclosure/request/track/?number={number}&code={code}")
    assert "请写明文件名称或文号" in page.locator("#correction-notice").inner_text()
    page.fill("textarea[name=text]", "大理州2025年洱海保护专项资金分配文件（大财发〔2025〕8号）")
    page.click("form.stack button[type=submit]")
    page.wait_for_load_state("networkidle")
    req.refresh_from_db()
    assert req.status == "open" and req.corrected_on is not None and req.clock_start == req.corrected_on

    # 4. staff answer
    login(page, "clerk_a")
    page.goto(f"{base}/disclosure/requests/{req.pk}/")
    form = "form[action$='/conclude/']"
    page.select_option(f"{form} select[name=outcome]", "granted")
    page.fill(f"{form} textarea[name=reply]", "所申请文件已随本告知书提供，请查收。")
    page.click(f"{form} button[type=submit]")
    page.wait_for_load_state("networkidle")
    req.refresh_from_db()
    assert req.status == "concluded" and req.outcome == "granted"
    page.context.clear_cookies()

    # 5. the citizen reads the reply; a wrong code shows nothing
    page.goto(f"{base}/public/disclosure/request/track/?number={number}&code=WRONG999")
    assert page.locator("#reply").count() == 0
    page.goto(f"{base}/public/disclosure/request/track/")
    page.fill("input[name=number]", number)
    page.fill("input[name=code]", code)
    page.click("form.toolbar button[type=submit]")
    assert "所申请文件已随本告知书提供" in page.locator("#reply").inner_text()
