from datetime import date

import pytest

from yangguang.core.errors import DomainError

from .. import actions, queries, rules
from ..models import MajorDecision


def _decision(cast, steps):
    d = actions.decision_create(actor=cast.supervisor, unit=cast.county_a, title="城区停车收费调整")
    for s in steps:
        actions.decision_step_record(
            actor=cast.supervisor, decision=d, step=s, done_on=date(2026, 3, 1), evidence="纪要"
        )
    return d


def test_adoption_with_a_missing_step_is_refused(cast):
    d = _decision(cast, [s for s in rules.STEPS if s != "participation"])
    with pytest.raises(DomainError) as e:
        actions.decision_adopt(actor=cast.supervisor, decision=d)
    assert e.value.code == "missing_steps" and e.value.details["missing"] == ["participation"]
    assert "hearing" in e.value.as_dict()["details"]["message_en"]
    d.refresh_from_db()
    assert d.status == MajorDecision.DRAFT and d.adopted_on is None


def test_by_the_book(cast):
    d = _decision(cast, rules.STEPS)
    actions.decision_adopt(actor=cast.supervisor, decision=d, on=date(2026, 3, 10))
    actions.decision_publish(actor=cast.supervisor, decision=d, on=date(2026, 3, 12))
    d.refresh_from_db()
    assert d.status == MajorDecision.PUBLISHED and not d.flagged
    with pytest.raises(DomainError):
        actions.decision_step_record(
            actor=cast.supervisor, decision=d, step="risk", done_on=date(2026, 3, 1), evidence="late"
        )


def test_published_with_a_missing_step_is_flagged_then_corrected(cast):
    d = _decision(cast, ["expert", "risk", "legality"])
    actions.decision_publish(actor=cast.supervisor, decision=d)
    d.refresh_from_db()
    assert d.flagged and d.missing_steps == ["participation", "collective"]
    assert list(queries.decision_list(actor=cast.supervisor, flagged=True)) == [d]
    with pytest.raises(DomainError):
        actions.decision_correct(actor=cast.supervisor, decision=d, kind="resume", reason="x")
    actions.decision_correct(actor=cast.supervisor, decision=d, kind="suspend", reason="应听证未听证")
    d.refresh_from_db()
    assert d.status == MajorDecision.SUSPENDED
    actions.decision_correct(actor=cast.supervisor, decision=d, kind="amend", reason="补办听证后修改实施")
    ev = actions.decision_check(actor=cast.supervisor, decision=d, ok=True, findings="执行正常")
    assert [e.kind for e in d.events.all()] == ["suspend", "amend", "check"] and ev.ok is True


def test_only_the_deciding_units_managers(cast):
    d = _decision(cast, [])
    with pytest.raises(DomainError):
        actions.decision_adopt(actor=cast.clerk_b, decision=d)
    assert d not in queries.decision_list(actor=cast.clerk_b)
    assert d in queries.decision_list(actor=cast.clerk_a)


def test_unknown_step(cast):
    d = _decision(cast, [])
    with pytest.raises(DomainError) as e:
        actions.decision_step_record(
            actor=cast.supervisor, decision=d, step="astrology", done_on=date(2026, 1, 1), evidence="x"
        )
    assert e.value.code == "bad_step"


def test_published_decisions_show_their_procedure_on_the_portal(cast, client):
    draft = _decision(cast, ["expert"])
    d = _decision(cast, ["expert", "risk", "legality"])
    actions.decision_publish(actor=cast.supervisor, decision=d)
    actions.decision_correct(
        actor=cast.supervisor, decision=d, kind="suspend", reason="应听证未听证，停止实施"
    )
    page = client.get("/public/supervision/").content.decode()
    assert page.count("城区停车收费调整") == 1
    detail = client.get(f"/public/supervision/decisions/{d.pk}/").content.decode()
    assert "纪要" in detail and "停止实施" in detail
    assert client.get(f"/public/supervision/decisions/{draft.pk}/").status_code == 404
