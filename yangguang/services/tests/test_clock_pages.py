"""Issue 14: the case page and the public lookup print the lines that add up to the due date."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.urls import reverse

from yangguang.services import actions

TZ = ZoneInfo("Asia/Shanghai")


def test_case_page_and_lookup_explain_the_due_date(cast, svc, client_of, client):
    case, code = actions.case_submit(
        actor=cast.clerk_a, item_id=svc.item.pk, applicant_name="王五", at=datetime(2025, 3, 3, 9, tzinfo=TZ)
    )
    actions.case_accept(actor=cast.clerk_a, case_id=case.pk, on=date(2025, 3, 3))
    actions.case_pause(
        actor=cast.clerk_a, case_id=case.pk, kind="expert", reason="专家评审", on=date(2025, 3, 4),
        notice_on=date(2025, 3, 4), expected_days=3,
    )  # fmt: skip
    case = actions.case_resume(actor=cast.clerk_a, case_id=case.pk, on=date(2025, 3, 7))
    staff = client_of(cast.clerk_a).get(reverse("services:case", args=[case.pk])).content.decode()
    public = client.post(reverse("portal:services_public:lookup"), {"number": case.number, "code": code})
    public = public.content.decode()
    for body in (staff, public):
        assert 'id="clock-lines"' in body
        assert "《行政许可法》第四十五条" in body and "+3" in body  # (3.4, 3.7] excludes 3.5, 3.6, 3.7
        assert case.due_on.isoformat() in body
    assert "2025-03-04" in public  # the written notice of the time needed
