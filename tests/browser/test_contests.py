"""A competition office's month: import the month's figures, evaluate, publish a bulletin, and open it
on the public site with its ledger hash."""

import pytest

SCHEME = """
code: browser-race
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


@pytest.fixture
def competition(browser_cast):
    from yangguang.contests import actions

    return actions.competition_import_scheme(actor=browser_cast.admin, scheme=SCHEME)


def test_import_evaluate_publish_public(page, live_server, login, competition, tmp_path):
    from yangguang.contests.models import Bulletin, Evaluation

    data = tmp_path / "三月.csv"
    data.write_text("id,存款,存款计划\nTA,1200,1000\nTB,900,1000\n", encoding="utf-8")
    login(page, "admin")
    page.goto(f"{live_server.url}/contests/{competition.pk}/")
    page.fill("#data-import input[name=period]", "2026-03")
    page.set_input_files("#data-import input[name=file]", str(data))
    page.click("#data-import button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "三月.csv" in page.locator("#periods").inner_text()

    page.click("#periods button[data-period='2026-03']")
    page.wait_for_load_state("networkidle")
    table = page.locator("#results").inner_text()
    assert "甲县" in table and "优胜单位" in table and "末位黄牌" in table
    assert Evaluation.objects.get(competition=competition, period="2026-03").current

    page.fill("#publish input[name=title]", "三月份竞赛情况通报")
    page.click("#publish button[type=submit]")
    page.wait_for_load_state("networkidle")
    bulletin = Bulletin.objects.get(title="三月份竞赛情况通报")
    assert bulletin.ledger_hash in page.locator("#ledger-hash").inner_text()

    page.context.clear_cookies()
    page.goto(f"{live_server.url}/public/contests/")
    page.click("text=三月份竞赛情况通报")
    page.wait_for_load_state("networkidle")
    assert page.locator("#ledger-hash").inner_text() == bulletin.ledger_hash
    body = page.locator("body").inner_text()
    assert "甲县" in body and "优胜单位" in body and "乙县" in body
