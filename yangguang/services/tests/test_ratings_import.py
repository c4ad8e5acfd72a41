from datetime import date

import pytest

from yangguang.core.errors import DomainError, ImportRejected, NotFound
from yangguang.core.tabular import write_table
from yangguang.services import actions, queries
from yangguang.services.models import Rectification, ServiceItem


def _done_case(cast, svc):
    case, code = actions.case_submit(actor=cast.clerk_a, item_id=svc.instant.pk, applicant_name="赵六")
    actions.case_accept(actor=cast.clerk_a, case_id=case.pk)
    actions.case_complete(actor=cast.clerk_a, case_id=case.pk, result="approved")
    return case, code


def test_bad_rating_rectification_flow(cast, svc):
    case, code = _done_case(cast, svc)
    rating = actions.rating_public(number=case.number, query_code=code, level=5, text="态度差")
    rect = rating.rectification
    assert rect.status == "open" and rect.callback_due > rating.on and rect.rectify_due > rect.callback_due
    with pytest.raises(DomainError):
        actions.rectification_answer(actor=cast.admin_a, rect_id=rect.pk, answer="x")  # call back first
    with pytest.raises(NotFound):
        actions.rectification_callback(actor=cast.clerk_b, rect_id=rect.pk, note="x")
    actions.rectification_callback(actor=cast.admin_a, rect_id=rect.pk, note="已回访")
    r = actions.rectification_answer(actor=cast.admin_a, rect_id=rect.pk, answer="已整改")
    assert r.status == "rectified" and r.rectified_on
    with pytest.raises(DomainError):
        actions.rectification_appeal(actor=cast.clerk_a, rect_id=rect.pk, reason="x")


def test_appeal_annuls_malicious_rating(cast, svc):
    case, code = _done_case(cast, svc)
    today = date.today()
    rating = actions.rating_public(number=case.number, query_code=code, level=4)
    assert (
        queries.figures_for_units([cast.county_a.pk], today, today)[cast.county_a.pk]["satisfaction"] == 0.0
    )
    actions.rectification_appeal(actor=cast.clerk_a, rect_id=rating.rectification.pk, reason="恶意差评")
    with pytest.raises(DomainError):
        actions.rectification_decide(
            actor=cast.clerk_a, rect_id=rating.rectification.pk, upheld=True, decision="x"
        )
    actions.rectification_decide(
        actor=cast.admin_a, rect_id=rating.rectification.pk, upheld=True, decision="查实误评"
    )
    assert Rectification.objects.get().status == "annulled"
    assert (
        queries.figures_for_units([cast.county_a.pk], today, today)[cast.county_a.pk]["satisfaction"] is None
    )


def test_good_rating_opens_nothing_and_levels_are_checked(cast, svc):
    case, code = _done_case(cast, svc)
    for bad in (0, 6, "x"):
        with pytest.raises(DomainError):
            actions.rating_public(number=case.number, query_code=code, level=bad)
    actions.rating_public(number=case.number, query_code=code, level=1)
    actions.rating_window(actor=cast.clerk_a, case_id=case.pk, level=2)
    assert not Rectification.objects.exists()
    with pytest.raises(DomainError):
        actions.rating_window(actor=cast.clerk_a, case_id=case.pk, level=2)
    open_case, open_code = actions.case_submit(actor=cast.clerk_a, item_id=svc.item.pk, applicant_name="x")
    with pytest.raises(DomainError) as e:
        actions.rating_public(number=open_case.number, query_code=open_code, level=1)
    assert e.value.code == "not_completed"


def test_inquiry_rules(cast, svc):
    inq = actions.inquiry_log(actor=cast.clerk_a, asker_name="游客", question="在哪里办身份证")
    assert inq.owner.user == cast.clerk_a and inq.due_on > inq.asked_at.date()
    with pytest.raises(NotFound):
        actions.inquiry_answer(actor=cast.clerk_b, inquiry_id=inq.pk, answer="x")
    actions.inquiry_answer(actor=cast.clerk_a, inquiry_id=inq.pk, answer="二楼公安窗口")
    with pytest.raises(DomainError):
        actions.inquiry_answer(actor=cast.clerk_a, inquiry_id=inq.pk, answer="again")
    assert list(queries.inquiry_list(actor=cast.clerk_b)) == []


def test_hotline_illegal_steps(cast, svc):
    o = actions.hotline_log(actor=cast.clerk_a, kind="complaint", caller_name="市民", content="排队太久")
    with pytest.raises(DomainError):
        actions.hotline_answer(actor=cast.clerk_a, order_id=o.pk, answer="x")
    with pytest.raises(DomainError) as e:
        actions.hotline_dispatch(
            actor=cast.clerk_a, order_id=o.pk, unit_id=cast.county_a.pk, liaison_id=cast.clerk_a.person.pk
        )
    assert e.value.code == "invalid"  # not a liaison
    with pytest.raises(DomainError):
        actions.hotline_log(actor=cast.clerk_a, kind="gossip", caller_name="x", content="y")


HEADER = ["事项编码", "事项名称", "实施单位编码", "承诺时限", "法定时限", "办理方式", "申请材料"]


def test_catalogue_import_all_or_nothing(cast, svc):
    good = [
        ["IMP-1", "渔业捕捞许可", "TA", 10, 20, "承诺办", "申请书;身份证"],
        ["IMP-2", "结婚登记", "TA", 0, 0, "直接办", ""],
    ]
    bad = good + [
        ["IMP-3", "", "TA", 1, 5, "直接办", ""],
        ["IMP-4", "某事项", "TB", 1, 5, "直接办", ""],
        ["IMP-5", "x", "TA", -2, 5, "直接办", ""],
    ]
    with pytest.raises(ImportRejected) as e:
        actions.item_import(actor=cast.admin_a, data=write_table(HEADER, bad, "xlsx"), filename="c.xlsx")
    rows = {(r["row"], r["column"]) for r in e.value.details["errors"]}
    assert rows == {(4, "事项名称"), (5, "实施单位编码"), (6, "承诺时限")}
    assert not ServiceItem.objects.filter(code__startswith="IMP-").exists()
    r = actions.item_import(actor=cast.admin_a, data=write_table(HEADER, good, "xlsx"), filename="c.xlsx")
    assert r == {"created": 2, "updated": 0}
    item = ServiceItem.objects.get(code="IMP-1")
    assert (
        item.status == "draft"
        and item.mode == "promised"
        and [m["name"] for m in item.materials] == ["申请书", "身份证"]
    )
    assert (
        actions.item_import(actor=cast.admin_a, data=write_table(HEADER, good, "csv"), filename="c.csv")[
            "updated"
        ]
        == 2
    )
    with pytest.raises(ImportRejected):
        actions.item_import(
            actor=cast.admin_a,
            data=write_table(HEADER, [["TA-0001", "改名", "TA", 1, 5, "直接办", ""]], "xlsx"),
            filename="c.xlsx",
        )
