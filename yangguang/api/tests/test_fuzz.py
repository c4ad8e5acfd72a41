"""A bounded property-based fuzz of the whole API (issue 16, "in CI from now on").

schemathesis generates requests for every operation openapi.json documents — valid ones and, for every
operation, ones that break the schema — and sends them in-process as an anonymous visitor, a scoped
clerk and an administrator, against a small world like the demo's (units, people, a published item
and a case, a disclosure record, a competition with a bulletin, an exam, a work plan with a finding).
Every answer must be no server error and, for a documented status, conform to the documented
schema. Seeded and with a fixed number of examples per operation, so a run is repeatable and takes a
few minutes; FUZZ_EXAMPLES raises the number for a deeper run by hand.
"""

from __future__ import annotations

import os
from datetime import date

import pytest
import schemathesis  # a dev extra: CI fails, never skips, without it
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, seed
from hypothesis import settings as hsettings
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import response_schema_conformance

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "4"))
SEED = 16
CHECKS = [not_a_server_error, response_schema_conformance]


def _world(cast):
    """A few objects of every domain, made through the actions as the demo makes them."""
    from yangguang.contests import actions as contests
    from yangguang.contests.tests.test_actions import SCHEME
    from yangguang.disclosure import actions as disclosure
    from yangguang.disclosure.categories import ensure
    from yangguang.exams.testing import build_world
    from yangguang.services import actions as services
    from yangguang.supervision import actions as supervision

    item = services.item_create(
        actor=cast.admin, unit_id=cast.county_a.pk, code="FZ-1", name="营业执照核发", promised_limit=5
    )
    services.item_submit(actor=cast.admin, item_id=item.pk)
    services.item_publish(actor=cast.admin, item_id=item.pk)
    services.case_submit(actor=cast.clerk_a, item_id=item.pk, applicant_name="张三")
    disclosure.disclosure_create(
        actor=cast.clerk_a, unit=cast.county_a, category=ensure()["licensing"], title="关于某事的决定",
        formed_on=date(2025, 11, 20),
    )  # fmt: skip
    disclosure.request_file(
        unit=cast.county_a, applicant_kind="natural", applicant_name="市民", content="预算"
    )
    contests.competition_import_scheme(actor=cast.admin, scheme=SCHEME)
    build_world(cast)
    plan = supervision.plan_create(
        actor=cast.supervisor, unit=cast.root, title="实施意见", start=date(2026, 1, 1)
    )
    part = supervision.part_create(actor=cast.supervisor, plan=plan, title="一")
    supervision.task_create(
        actor=cast.supervisor, plan=plan, part=part, title="听证制度", unit=cast.county_a,
        deadline=date(2026, 3, 31),
    )  # fmt: skip


@pytest.fixture
def wsgi(settings):
    """The app in-process, in the test's transaction (as Django's test client keeps it)."""
    settings.PUBLIC_RATE_LIMIT = 10**6  # the limit is tested on its own; here it would only answer 429
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def _run(app, headers: dict, sent: list) -> list[str]:
    from yangguang.api.urls import api

    raw = api.get_openapi_schema(path_prefix="/api/v1")
    schema = schemathesis.openapi.from_dict(raw)
    schema.app = app
    failures: list[str] = []
    for result in schema.get_all_operations():
        op = result.ok()
        strategy = op.as_strategy(generation_mode=GenerationMode.POSITIVE) | op.as_strategy(
            generation_mode=GenerationMode.NEGATIVE
        )

        @seed(SEED)
        @hsettings(
            max_examples=EXAMPLES,
            deadline=None,
            derandomize=True,
            database=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=strategy)
        def one(case):
            response = case.call(headers=headers)
            sent.append(response.status_code)
            try:
                case.validate_response(response, checks=CHECKS)
            except BaseException as e:  # a FailureGroup is no Exception: collect, fail once with all
                if isinstance(e, KeyboardInterrupt):
                    raise
                what = " ".join(str(e).split())[:400]
                failures.append(
                    f"{case.method.upper()} {case.operation.path} [{response.status_code}]: {what}"
                )
                raise

        try:
            one()
        except BaseException as e:  # recorded in failures above (or a generation problem here)
            if isinstance(e, KeyboardInterrupt):
                raise
            if not failures or not failures[-1].startswith(f"{op.method.upper()} {op.path} "):
                failures.append(f"{op.method.upper()} {op.path}: could not be fuzzed: {str(e)[:200]}")
    return failures


def _token(cast, user) -> dict:
    from yangguang.api.actions import token_issue

    _t, raw = token_issue(actor=cast.admin, user=user, name="fuzz")
    return {"Authorization": f"Bearer {raw}"}


@pytest.mark.parametrize("who", ["anonymous", "clerk_a", "admin"])
def test_fuzz_the_whole_api(cast, wsgi, who):
    _world(cast)
    headers = {} if who == "anonymous" else _token(cast, getattr(cast, who))
    sent: list[int] = []
    failures = _run(wsgi, headers, sent)
    assert failures == []
    # not vacuous: every operation was called, and (signed in) most reached their operation
    assert len(sent) >= 200
    if who != "anonymous":
        assert sum(1 for s in sent if s != 401) > len(sent) * 0.9
