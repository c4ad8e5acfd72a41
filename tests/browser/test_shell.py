"""The shell in a real browser: log in, switch language, open the unit tree, see a person."""

import re

from playwright.sync_api import expect


def test_login_language_tree_person(page, live_server, browser_cast, login):
    login(page, "supervisor")
    expect(page.locator("h1")).to_have_text("工作台")
    page.click("nav#nav >> text=组织机构")
    expect(page.locator("h1")).to_have_text("单位树")
    tree = page.locator("#unit-tree")
    expect(tree.locator("li[data-unit=TZ] > a")).to_have_text("测试州")
    # expand the root lazily (htmx), then the county
    tree.locator("li[data-unit=TZ] > button.expander").click()
    expect(tree.locator("li[data-unit=TA] > a")).to_be_visible()
    tree.locator("li[data-unit=TA] > a").click()
    expect(page.locator("h1")).to_contain_text("甲县")
    expect(page.locator("table.grid")).to_contain_text("张甲")
    page.click("text=张甲")
    expect(page.locator("h1")).to_have_text("张甲")
    # switch to English and back
    page.click("button[data-lang=en]")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("dl.kv")).to_contain_text("Staff number")
    page.click("nav#nav >> text=Organisations")
    expect(page.locator("h1")).to_have_text("Unit tree")
    page.click("button[data-lang=zh-hans]")
    expect(page.locator("h1")).to_have_text("单位树")


def test_no_request_leaves_the_machine(page, live_server, browser_cast, login):
    seen = []
    page.on("request", lambda r: seen.append(r.url))
    login(page, "clerk_a")
    page.goto(f"{live_server.url}/orgs/")
    page.goto(f"{live_server.url}/api/v1/docs")
    page.wait_for_load_state("networkidle")
    outside = [u for u in seen if not re.match(rf"^{re.escape(live_server.url)}|^data:|^blob:", u)]
    assert outside == []


def test_scoped_user_cannot_open_another_unit(page, live_server, browser_cast, login):
    login(page, "clerk_a")
    resp = page.goto(f"{live_server.url}/orgs/units/{browser_cast.county_b.pk}/")
    assert resp.status == 404


def test_a_visitor_switches_language_on_a_page_without_a_token(page, live_server, browser_cast):
    """A visitor's public page carries no CSRF token (issue 15); the language switch still works."""
    page.goto(f"{live_server.url}/public/services/")
    expect(page.locator("h1")).to_have_text("办事指南")
    assert page.locator("input[name=csrfmiddlewaretoken]").count() == 0
    assert not any(c["name"] == "csrftoken" for c in page.context.cookies())
    page.click("button[data-lang=en]")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_have_text("Service catalogue")
    assert page.url.endswith("/public/services/")
    page.click("button[data-lang=zh-hans]")
    expect(page.locator("h1")).to_have_text("办事指南")
