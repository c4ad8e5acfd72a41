"""Knowledge contests over the API: thin over exams.queries / exams.actions.

Candidates use the `take/*` operations without a login: sign in with the one-time exam code, then
send the returned token in the `X-Exam-Token` header. Graders' operations return seal codes only.

One router per sub-domain (`committee`, `candidates`, `sittings`, `bank`, `papers`, `answering`,
`grading`, `finals`); their operations are merged into the one `router` mounted at /api/v1/exams/,
so paths, operation ids and `router.path_operations` stay what they were before the split.
"""

from ninja import Router

from . import answering, bank, candidates, committee, finals, grading, papers, sittings

router = Router(tags=["exams"])

for _sub in (committee, candidates, sittings, grading, answering, bank, papers, finals):
    for _path, _view in _sub.router.path_operations.items():
        if _path in router.path_operations:  # one path, one sub-domain: else a method would be lost
            raise RuntimeError(f"exams API path in two routers: {_path}")
        router.path_operations[_path] = _view
