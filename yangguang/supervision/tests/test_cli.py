import io
import json
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from .. import actions


def test_coverage_and_evaluate_from_the_command_line(cast, world):
    from yangguang.orgs.models import Unit

    rows = [(u, True, date(2020, 1, 1) if u.code == "TA" else None) for u in Unit.objects.filter(depth=2)]
    actions.constructions_mark(actor=cast.admin, rows=rows)
    out = io.StringIO()
    call_command("supervision", "coverage", "--user", "supervisor", "--format", "json", stdout=out)
    assert json.loads(out.getvalue())[0]["percent"] == "50.00"
    a = actions.assessment_create(
        actor=cast.supervisor,
        unit=cast.root,
        title="季考核",
        participants=[cast.county_a, cast.county_b],
        indicators=[{"metric": "supervision.overdue_tasks", "weight": 1}],
    )
    out = io.StringIO()
    call_command(
        "supervision", "evaluate", str(a.pk), "2026Q1", "--user", "supervisor", "--format", "json", stdout=out
    )
    data = json.loads(out.getvalue())
    assert [r["unit_name"] for r in data["rows"]] == ["乙县", "甲县"]  # 甲县 has the overdue task
    with pytest.raises(CommandError) as e:
        call_command("supervision", "evaluate", str(a.pk), "2026Q7", "--user", "supervisor")
    assert "bad_period" in str(e.value)
    with pytest.raises(CommandError):
        call_command("supervision", "evaluate", str(a.pk), "2026Q1", "--user", "outsider")
