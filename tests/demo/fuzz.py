"""A bounded property-based fuzz of the whole API against the demo world (issue 16, "in CI from now on").

schemathesis generates requests for every operation openapi.json documents — valid ones, ones that
break the schema, and valid ones whose path ids are the demo's real ids (objects in and out of the
caller's units) — and sends them in-process as the demo's own people: an anonymous visitor, `clerk`
(a window clerk, scoped to one window of the service centre) and `dali` (the prefecture's
administrator). Every answer must be no server error and, for a documented status, conform to the
documented schema. Seeded and with a fixed number of examples per operation, so a run is repeatable
and takes a few minutes; FUZZ_EXAMPLES raises the number for a deeper run by hand.
"""

from __future__ import annotations

import os
from contextlib import contextmanager

import schemathesis  # a dev extra: CI fails, never skips, without it
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from django.test import override_settings
from django.urls import Resolver404, resolve
from hypothesis import HealthCheck, Phase, given, seed
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import response_schema_conformance

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "4"))
SEED = 16
CHECKS = [not_a_server_error, response_schema_conformance]
REAL = 12  # real values per path parameter, the lowest ids of the table (every unit's objects)

# A path parameter's real values: the model (and field) it names.
PARAMS = {
    "answer_id": "exams.Answer", "arbitration_id": "exams.Arbitration", "blueprint_id": "exams.Blueprint",
    "candidate_id": "exams.Candidate", "exam_id": "exams.Exam", "final_id": "exams.Final",
    "site_id": "exams.Site", "sitting_id": "exams.Sitting",
    "bid": "contests.Bulletin", "cid": "contests.Competition", "eid": "contests.Evaluation",
    "other": "contests.Evaluation", "entrant_id": "contests.Entrant", "evid": "contests.Event",
    "code": "contests.Participant.code",
    "assessment_id": "supervision.Assessment", "decision_id": "supervision.MajorDecision",
    "finding_id": "supervision.Finding", "inspection_id": "supervision.Inspection",
    "plan_id": "supervision.WorkPlan", "rectification_id": "supervision.Rectification",
    "run_id": "supervision.AssessmentRun", "task_id": "supervision.Task",
    "appeal_id": "disclosure.Appeal", "consultation_id": "disclosure.Consultation",
    "list_id": "disclosure.DisclosureList", "record_id": "disclosure.Disclosure",
    "request_id": "disclosure.Request", "number": "disclosure.Request.number",
    "case_id": "services.Case", "inquiry_id": "services.FirstInquiry", "item_id": "services.ServiceItem",
    "order_id": "services.HotlineOrder", "rect_id": "services.Rectification",
    "person_id": "orgs.Person", "unit_id": "orgs.Unit", "unit_code": "orgs.Unit.code", "job_id": "core.Job",
}  # fmt: skip


def real_values() -> dict[str, list]:
    from django.apps import apps

    out = {}
    for name, label in PARAMS.items():
        app, model, *field = label.split(".")
        qs = apps.get_model(app, model)._default_manager.order_by("pk")
        out[name] = list(qs.values_list(field[0] if field else "pk", flat=True)[:REAL])
    return out


@contextmanager
def in_process_app():
    """The app in-process, in the caller's transaction (as Django's test client keeps it)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    # the limit is tested on its own; here it would only answer 429
    try:
        with override_settings(PUBLIC_RATE_LIMIT=10**6):
            yield WSGIHandler()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def _with_real_ids(op, strategy, real: dict[str, list]):
    """Valid cases whose path parameters are the demo's real values."""
    names = [p.name for p in op.path_parameters if real.get(p.name)]
    if not names:
        return strategy

    def put(case, values):
        case.path_parameters = {**(case.path_parameters or {}), **values}
        return case

    values = st.fixed_dictionaries({n: st.sampled_from(real[n]) for n in names})
    return st.tuples(strategy, values).map(lambda cv: put(*cv))


def _run(app, headers: dict, sent: list, real: dict[str, list]) -> list[str]:
    from yangguang.api.urls import api

    raw = api.get_openapi_schema(path_prefix="/api/v1/")  # as served at /api/v1/openapi.json
    schema = schemathesis.openapi.from_dict(raw)
    schema.app = app
    failures: list[str] = []
    for result in schema.get_all_operations():
        op = result.ok()
        positive = op.as_strategy(generation_mode=GenerationMode.POSITIVE)
        strategy = (
            _with_real_ids(op, positive, real)
            | positive
            | op.as_strategy(generation_mode=GenerationMode.NEGATIVE)
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
            try:
                resolve(case.formatted_path)
                routed = True
            except Resolver404:  # a path the schema documents but no route serves (or a bad id)
                routed = False
            sent.append((case.operation.path, response.status_code, routed))
            try:
                case.validate_response(response, checks=CHECKS)
            except BaseException as e:  # a FailureGroup is no Exception: collect, fail once with all
                if isinstance(e, KeyboardInterrupt):
                    raise
                what = " ".join(str(e).split())[:400]
                failures.append(
                    f"{case.method.upper()} {case.formatted_path} [{response.status_code}]: {what}"
                )
                raise

        try:
            one()
        except BaseException as e:  # recorded in failures above (or a generation problem here)
            if isinstance(e, KeyboardInterrupt):
                raise
            if not failures or not failures[-1].startswith(f"{op.method.upper()} "):
                failures.append(f"{op.method.upper()} {op.path}: could not be fuzzed: {str(e)[:200]}")
    return failures


def _token(user) -> dict:
    from django.contrib.auth import get_user_model

    from yangguang.api.actions import token_issue

    # Only a system administrator issues tokens; the demo has none, so one is made for this (rolled back).
    issuer = get_user_model().objects.create(username="fuzz-token-issuer", is_superuser=True, is_staff=True)
    _t, raw = token_issue(actor=issuer, user=user, name="fuzz")
    return {"Authorization": f"Bearer {raw}"}


WHO = ("anonymous", "clerk", "dali")


def check_fuzz(demo_users: dict, who: str) -> None:
    """The whole API fuzzed as `who` (a demo login, or anonymous): no server error, no response off its
    documented schema."""
    real = real_values()
    assert all(
        real[n] for n in ("item_id", "case_id", "record_id", "request_id", "exam_id", "cid", "plan_id")
    )
    headers = {} if who == "anonymous" else _token(demo_users[who])
    sent: list[tuple[str, int, bool]] = []  # (documented path, status, routed to an operation)
    with in_process_app() as wsgi:
        failures = _run(wsgi, headers, sent, real)
    assert failures == [], "\n".join(failures)
    # not vacuous: every documented path was called and routed to its operation, most past the sign-in
    from yangguang.api.urls import api

    documented = set(api.get_openapi_schema(path_prefix="/api/v1/")["paths"])
    assert {p for p, _s, routed in sent if routed} == documented
    if who != "anonymous":
        assert sum(1 for _p, s, _r in sent if s != 401) > len(sent) * 0.9
        assert sum(1 for _p, s, _r in sent if s == 200) > 100  # real ids met real objects
