import json
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from yangguang.audit.models import AuditEntry
from yangguang.core.errors import Forbidden
from yangguang.workdays import actions
from yangguang.workdays.queries import add_workdays


def run(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command("workdays", *args, stdout=out)
    return out.getvalue().strip()


@pytest.mark.django_db
def test_cli_add_and_json():
    assert run("add", "2025-09-26", "20") == "2025-10-30"
    assert json.loads(run("add", "2025-09-26", "20", "--json")) == {"due": "2025-10-30", "verified": True}
    assert json.loads(run("add", "2027-09-26", "20", "--json"))["verified"] is False


@pytest.mark.django_db
def test_cli_between():
    assert run("between", "2025-09-26", "2025-10-30") == "20"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "args",
    [
        ("add", "2025-02-30", "3"),
        ("add", "2025-02-03", "-1"),
        ("add", "2025-02-03", "x"),
        ("between", "2025-13-01", "2025-01-01"),
    ],
)
def test_cli_bad_input(args):
    with pytest.raises(CommandError) as e:
        run(*args)
    assert "/" in str(e.value)  # Chinese / English


@pytest.mark.django_db
def test_notice_entered_by_admin_wins_and_is_audited(cast):
    before = add_workdays(date(2027, 9, 30), 1)
    assert before.date == date(2027, 10, 4) and not before.verified
    actions.notice_save(
        actor=cast.admin,
        year=2027,
        title="国务院办公厅关于2027年部分节假日安排的通知",
        days=[(date(2027, 10, d), False, "国庆节") for d in range(1, 8)]
        + [(date(2027, 10, 9), True, "调休上班")],
    )
    after = add_workdays(date(2027, 9, 30), 1)
    assert after.date == date(2027, 10, 8) and after.verified
    assert AuditEntry.objects.filter(model="workdays.override").count() == 8


@pytest.mark.django_db
def test_only_calendar_admins_change_it(cast):
    with pytest.raises(Forbidden):
        actions.override_set(actor=cast.clerk_a, day=date(2027, 1, 4), is_workday=False)


@pytest.mark.django_db(transaction=True)
def test_cached_calendar_sees_changes_and_never_a_rolled_back_one(cast):
    from django.db import transaction

    from yangguang.workdays import queries

    day = date(2027, 3, 1)  # a Monday
    assert queries.is_workday(day)
    with pytest.raises(RuntimeError), transaction.atomic():
        actions.override_set(actor=cast.admin, day=day, is_workday=False)
        assert not queries.is_workday(day)  # inside the transaction: the change is visible
        raise RuntimeError
    assert queries.is_workday(day)  # rolled back: not served from the cache
    actions.override_set(actor=cast.admin, day=day, is_workday=False)
    assert not queries.is_workday(day)  # committed: seen at once, within the recheck window
