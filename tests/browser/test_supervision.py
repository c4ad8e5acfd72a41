"""A task from assignment through a finding to an accepted rectification, in the browser."""

import re

from yangguang.orgs.testing import PASSWORD


def _as(browser, live_server, username):
    ctx = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    page.set_default_timeout(15000)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state("networkidle")
    return ctx, page


def test_task_to_accepted_rectification(browser, live_server, browser_cast):
    from yangguang.supervision.models import Finding, Rectification, Task

    url = live_server.url
    sup_ctx, sup = _as(browser, live_server, "supervisor")
    clerk_ctx, clerk = _as(browser, live_server, "clerk_a")
    try:
        # the 州 assigns a task to 甲县
        sup.goto(f"{url}/supervision/plans/new/")
        sup.fill("input[name=unit]", "TZ")
        sup.fill("input[name=title]", "深化政务公开实施意见")
        sup.fill("input[name=start]", "2026-01-01")
        sup.fill("input[name=end]", "2026-12-31")
        sup.check("input[name=publish_inspections]")
        sup.click("form.stack button[type=submit]")
        sup.wait_for_url(re.compile(r".*/supervision/plans/\d+/$"))
        sup.fill("#part-form input[name=title]", "推行行政决策公开")
        sup.click("#part-form button[type=submit]")
        sup.fill("#task-form input[name=title]", "建立重大决策听证制度")
        sup.fill("#task-form input[name=unit]", "TA")
        sup.fill("#task-form input[name=deadline]", "2026-12-31")
        sup.click("#task-form button[type=submit]")
        sup.wait_for_selector("#tasks >> text=建立重大决策听证制度")
        task = Task.objects.get(title="建立重大决策听证制度")
        assert task.unit.code == "TA"

        # 甲县 reports progress on its own task
        clerk.goto(f"{url}/supervision/")
        clerk.click("text=深化政务公开实施意见")
        clerk.click("#tasks >> text=建立重大决策听证制度")
        clerk.fill("#report-form input[name=percent]", "60")
        clerk.fill("#report-form textarea[name=text]", "已起草听证办法")
        clerk.click("#report-form button[type=submit]")
        clerk.wait_for_selector("#reports >> text=已起草听证办法")
        assert clerk.inner_text("#task-percent").strip() == "60%"

        # the 州 inspects 甲县, records a finding and orders a rectification by a deadline
        sup.goto(f"{url}/supervision/inspections/")
        form = "#inspection-form"
        sup.fill(f"{form} input[name=unit]", "TZ")
        sup.fill(f"{form} input[name=title]", "决策公开专项督查")
        sup.select_option(f"{form} select[name=plan]", label="深化政务公开实施意见")
        sup.fill(f"{form} input[name=targets]", "TA")
        sup.fill(f"{form} input[name=start]", "2026-04-01")
        sup.fill(f"{form} textarea[name=checklist]", "重大决策是否听证")
        sup.click(f"{form} button[type=submit]")
        sup.wait_for_selector("#checklist >> text=重大决策是否听证")
        sup.fill("#finding-form input[name=unit]", "TA")
        sup.fill("#finding-form input[name=task]", str(task.pk))
        sup.fill("#finding-form textarea[name=description]", "听证制度未建立")
        sup.click("#finding-form button[type=submit]")
        sup.wait_for_selector("#issue-form")
        sup.fill("#issue-form textarea[name=requirement]", "限期建立听证制度")
        sup.fill("#issue-form input[name=deadline]", "2026-12-31")
        sup.click("#issue-form button[type=submit]")
        sup.wait_for_selector("#rectification")
        finding = Finding.objects.get(description="听证制度未建立")
        assert finding.task == task and finding.rectification.status == Rectification.ISSUED

        # 甲县 sees the finding on its task and reports the rectification done
        clerk.goto(f"{url}/supervision/tasks/{task.pk}/")
        clerk.click("text=听证制度未建立")
        clerk.fill("#submit-form textarea[name=report]", "已印发听证办法")
        clerk.click("#submit-form button[type=submit]")
        clerk.wait_for_selector("#rectification >> text=已印发听证办法")
        assert clerk.locator("#close-rect").count() == 0  # the unit cannot accept its own rectification

        # closing before the re-inspection is refused; after a passed re-inspection it is accepted
        sup.goto(f"{url}/supervision/findings/{finding.pk}/")
        sup.click("#close-rect")
        sup.wait_for_selector(".messages li.error")
        assert Rectification.objects.get(finding=finding).status == Rectification.SUBMITTED
        sup.fill("#reinspect-form textarea[name=note]", "复查合格")
        sup.select_option("#reinspect-form select[name=passed]", "1")
        sup.click("#reinspect-form button[type=submit]")
        sup.wait_for_selector("#rectification >> text=复查合格")
        sup.click("#close-rect")
        sup.wait_for_selector("#close-rect", state="detached")
        finding.refresh_from_db()
        assert finding.status == Finding.CLOSED
        assert finding.rectification.status == Rectification.CLOSED
        assert sup.inner_text("#finding-status").strip() != ""

        # the 州 accepts the task itself
        sup.goto(f"{url}/supervision/tasks/{task.pk}/")
        sup.click("#accept-task")
        sup.wait_for_selector("#accept-task", state="detached")
        assert Task.objects.get(pk=task.pk).status == Task.DONE
    finally:
        sup_ctx.close()
        clerk_ctx.close()
