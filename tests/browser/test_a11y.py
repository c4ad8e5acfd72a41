"""Accessible and mobile (issue 12): axe-core (WCAG 2.1 A and AA) on every public page and the main staff
pages at 1366 px and 375 px, no page-level sideways scroll at 375 px, and the front door's flow.

axe-core comes from the npm registry as a test asset (`make test-browser` installs it into
tests/browser/assets); Playwright injects it into a context that bypasses the CSP for the test only —
the CSP served to real browsers stays strict.
"""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from yangguang.orgs.testing import PASSWORD

AXE = Path(__file__).parent / "assets" / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
WIDTHS = (1366, 375)

SCHEME = """
code: a11y-race
name: 县区旺季竞赛
organiser: TZ
public: true
period: {start: 2026-01-01, end: 2026-03-31}
groups:
- {code: county, name: 县, kind: unit}
indicators:
- {code: deposit, name: 存款, unit: 万元, method: completion, cap: 120, weight: 100}
rules:
  awards:
  - {name: 优胜单位, top: 1}
  penalties:
  - {name: 末位黄牌, when: 存款排名倒数 <= 1 and 存款完成率 < 100, pay_cut: 20}
"""


def _context(browser, width):
    if not AXE.exists():
        pytest.skip("axe-core is not installed: make test-browser installs it into tests/browser/assets")
    ctx = browser.new_context(locale="zh-CN", viewport={"width": width, "height": 900}, bypass_csp=True)
    ctx.set_default_timeout(15000)
    return ctx


def _sign_in(ctx, base, username):
    page = ctx.new_page()
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click(".login button[type=submit]")
    page.wait_for_load_state("networkidle")
    return page


def axe_violations(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async (tags) => { const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}});"
        " return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.slice(0, 4).map(n => n.target.join(' ') + ' :: ' + n.html.slice(0, 100))})); }",
        TAGS,
    )
    return result


def sideways_scroll(page) -> tuple[int, list[str]]:
    """How far the page (not a table in its own box) scrolls sideways, in CSS pixels, and the deepest
    elements that stick out (to say what to fix)."""
    return page.evaluate(
        """() => {
      const over = document.documentElement.scrollWidth - window.innerWidth;
      const out = [];
      if (over > 0) document.querySelectorAll("body *").forEach(e => {
        if (e.getBoundingClientRect().right > window.innerWidth + 1 && !e.querySelector("*")
            && !e.closest(".scroll, table.grid")) out.push(e.tagName + "." + e.className + " " + (e.name || ""));
      });
      return [over, out.slice(0, 5)];
    }"""
    )


@pytest.fixture
def world(browser_cast, settings):
    """One of everything the pages show: a published item and a case past its due date, a published
    record and an open request, a published competition bulletin, an exam with an open sitting."""
    from yangguang.contests import actions as contests
    from yangguang.disclosure import actions as disclosure
    from yangguang.disclosure.categories import ensure
    from yangguang.exams.testing import build_world
    from yangguang.services import actions as services

    settings.PUBLIC_RATE_LIMIT = 10_000
    cast = browser_cast
    today = timezone.localdate()
    item = services.item_create(
        actor=cast.admin, unit_id=cast.county_a.pk, code="TA-A11Y-1", name="个体工商户营业执照核发",
        promised_limit=3, statutory_limit=15, result_name="营业执照", materials=[{"name": "身份证"}],
        keywords="营业执照", theme="开办企业",
    )  # fmt: skip
    services.item_submit(actor=cast.admin, item_id=item.pk)
    services.item_publish(actor=cast.admin, item_id=item.pk)
    month_ago = timezone.now() - timedelta(days=30)
    case, code = services.case_submit(
        actor=cast.clerk_a, item_id=item.pk, applicant_name="张三", at=month_ago
    )
    services.case_accept(actor=cast.clerk_a, case_id=case.pk, on=timezone.localdate(month_ago))

    cats = ensure()
    rec = disclosure.disclosure_create(
        actor=cast.clerk_a, unit=cast.county_a, category=cats["licensing"], title="大理州洱海保护条例实施细则",
        doc_number="大政发〔2025〕12号", formed_on=today - timedelta(days=3),
    )  # fmt: skip
    lst = disclosure.list_create(actor=cast.clerk_a, unit=cast.county_a, period="2026-12")
    disclosure.list_add(actor=cast.clerk_a, lst=lst, disclosures=[rec])
    disclosure.list_submit(actor=cast.clerk_a, lst=lst)
    disclosure.list_review(actor=cast.admin_a, lst=lst, secrecy_checked=True, rejected={}, note="无涉密")
    disclosure.list_approve(actor=cast.admin_a, lst=lst, note="领导小组会议")
    disclosure.list_publish(actor=cast.clerk_a, lst=lst, on=today, channels=[("website", "")])
    req = disclosure.request_file(
        actor=cast.clerk_a, unit=cast.county_a, applicant_kind="natural", applicant_name="杨某",
        content="请公开洱海保护资金的有关文件",
    )  # fmt: skip

    comp = contests.competition_import_scheme(actor=cast.admin, scheme=SCHEME)
    contests.data_import(
        actor=cast.admin, competition=comp, period="2026-03",
        data="id,存款,存款计划\nTA,1200,1000\nTB,900,1000\n".encode(), filename="三月.csv",
    )  # fmt: skip
    ev = contests.evaluation_run(actor=cast.admin, competition=comp, period="2026-03")
    bulletin = contests.bulletin_publish(
        actor=cast.admin, evaluation=ev, title="三月份竞赛情况通报", public=True
    )

    exams = build_world(cast)
    return {
        "item": item, "case": case, "record": rec, "request": req, "competition": comp,
        "evaluation": ev, "bulletin": bulletin, "exam": exams.exam, "candidate": exams.candidates[0],
    }  # fmt: skip


def public_pages(w) -> list[str]:
    return [
        "/",
        "/public/services/",
        f"/public/services/items/{w['item'].pk}/",
        "/public/services/lookup/",
        "/public/services/ratings/",
        "/public/disclosure/",
        f"/public/disclosure/r/{w['record'].pk}/",
        "/public/disclosure/reports/?unit=TA&year=2026",
        "/public/disclosure/request/",
        "/public/disclosure/request/track/",
        "/public/contests/",
        f"/public/contests/bulletins/{w['bulletin'].pk}/",
        "/public/supervision/",
        "/public/exams/",
        "/accounts/login/",
    ]


def staff_pages(w) -> list[str]:
    return [
        "/",
        "/metrics/",
        "/services/",
        "/services/cases/",
        f"/services/cases/{w['case'].pk}/",
        "/disclosure/",
        f"/disclosure/requests/{w['request'].pk}/",
        f"/contests/{w['competition'].pk}/",
        f"/contests/evaluations/{w['evaluation'].pk}/",
        "/exams/",
        f"/exams/{w['exam'].pk}/",
        "/supervision/",
    ]


def _check(page, base, paths, width, problems):
    for path in paths:
        resp = page.goto(base + path)
        page.wait_for_load_state("networkidle")
        if resp is None or resp.status != 200:
            problems.append(f"{width}px {path}: HTTP {resp.status if resp else '?'}")
            continue
        for v in axe_violations(page):
            problems.append(
                f"{width}px {path}: {v['id']} ({v['impact']}) {v['help']}\n    " + "\n    ".join(v["nodes"])
            )
        if width < 500:
            over, culprits = sideways_scroll(page)
            if over > 0:
                problems.append(f"{width}px {path}: the page scrolls {over}px sideways: {culprits}")


@pytest.mark.parametrize("width", WIDTHS)
def test_public_pages_pass_axe_and_fit(browser, live_server, world, width):
    ctx = _context(browser, width)
    problems: list[str] = []
    try:
        _check(ctx.new_page(), live_server.url, public_pages(world), width, problems)
        # the candidate's paper, signed in with the candidate number
        page = ctx.new_page()
        page.goto(f"{live_server.url}/public/exams/")
        page.fill("input[name=exam_code]", world["candidate"].exam_code)
        page.click("form:has(input[name=exam_code]) button[type=submit]")
        page.wait_for_url(re.compile(r"/public/exams/paper/"))
        _check(page, live_server.url, ["/public/exams/paper/"], width, problems)
    finally:
        ctx.close()
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("width", WIDTHS)
def test_staff_pages_pass_axe_and_fit(browser, live_server, world, width):
    ctx = _context(browser, width)
    problems: list[str] = []
    try:
        page = _sign_in(ctx, live_server.url, "admin")
        _check(page, live_server.url, staff_pages(world), width, problems)
    finally:
        ctx.close()
    assert not problems, "\n".join(problems)


def test_menu_button_says_whether_the_menu_is_open(browser, live_server, browser_cast):
    ctx = _context(browser, 375)
    try:
        page = ctx.new_page()
        page.goto(live_server.url + "/")
        # the skip link is the first stop of the keyboard and leads to the main content
        page.keyboard.press("Tab")
        assert page.evaluate("() => document.activeElement.className") == "skip"
        page.keyboard.press("Enter")
        assert page.evaluate("() => location.hash") == "#main"
        button = page.locator("button.navtoggle")
        assert button.get_attribute("aria-expanded") == "false"
        assert not page.locator("#nav").is_visible()
        button.click()
        assert button.get_attribute("aria-expanded") == "true" and page.locator("#nav").is_visible()
        button.click()
        assert button.get_attribute("aria-expanded") == "false" and not page.locator("#nav").is_visible()
    finally:
        ctx.close()


def test_front_door_flow(browser, live_server, world):
    """From `/` a visitor reaches a service item, a case lookup, a disclosure record, a bulletin and the
    candidates' sign-in without knowing any address."""
    ctx = _context(browser, 1366)
    base = live_server.url
    try:
        page = ctx.new_page()
        page.goto(base + "/")
        assert page.locator("h1").inner_text() == "政务公开"
        page.click(f"#front-items >> text={world['item'].name}")
        page.wait_for_load_state("networkidle")
        assert world["item"].name in page.locator("h1").inner_text()

        page.goto(base + "/")
        page.fill("#case-number", world["case"].number)
        page.fill("#case-code", "000000")
        page.click("#front-case-lookup button[type=submit]")
        page.wait_for_load_state("networkidle")
        assert page.url.endswith("/public/services/lookup/")
        assert page.locator("#lookup-error").is_visible()  # a wrong query code reveals nothing

        page.goto(base + "/")
        page.click(f"#front-records >> text={world['record'].title}")
        page.wait_for_load_state("networkidle")
        assert world["record"].title in page.locator("h1").inner_text()

        page.goto(base + "/")
        page.click("#front-bulletins >> text=三月份竞赛情况通报")
        page.wait_for_load_state("networkidle")
        assert page.locator("#ledger-hash").inner_text() == world["bulletin"].ledger_hash

        page.goto(base + "/")
        page.click("#front-candidate")
        page.wait_for_load_state("networkidle")
        assert page.locator("input[name=exam_code]").is_visible()

        page.goto(base + "/")
        page.fill("#front-q", "营业执照")
        page.press("#front-q", "Enter")
        page.wait_for_load_state("networkidle")
        assert "/public/search/?q=" in page.url
    finally:
        ctx.close()


def test_workbench_after_sign_in_counts_the_overdue_case(browser, live_server, world):
    ctx = _context(browser, 375)
    try:
        page = _sign_in(ctx, live_server.url, "clerk_a")
        assert page.url == live_server.url + "/"
        assert page.locator("h1").inner_text() == "工作台"
        row = page.locator('[data-key="services.cases_overdue"]')
        assert row.locator(".count").inner_text() == "1"
        assert row.locator(".light").inner_text() == "红灯 超期"  # words, not colour alone
        row.locator("a").click()
        page.wait_for_load_state("networkidle")
        assert world["case"].number in page.locator("table.grid").inner_text()
    finally:
        ctx.close()


def test_screenshots_of_the_front_door_and_the_workbench(browser, live_server, world):
    """Not a check: pictures for a person to look at (test-results/, ignored by git)."""
    out = Path(__file__).resolve().parents[2] / "test-results"
    out.mkdir(exist_ok=True)
    for width in WIDTHS:
        ctx = _context(browser, width)
        try:
            page = ctx.new_page()
            page.goto(live_server.url + "/")
            page.screenshot(path=str(out / f"front-door-{width}.png"), full_page=True)
            for name, path in (
                ("bulletins", "/public/contests/"),
                ("bulletin", f"/public/contests/bulletins/{world['bulletin'].pk}/"),
                ("report", "/public/disclosure/reports/?unit=TA&year=2026"),
            ):
                page.goto(live_server.url + path)
                page.screenshot(path=str(out / f"{name}-{width}.png"), full_page=True)
            page = _sign_in(ctx, live_server.url, "clerk_a")
            page.screenshot(path=str(out / f"workbench-{width}.png"), full_page=True)
        finally:
            ctx.close()
