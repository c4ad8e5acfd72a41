"""Issue 16 item 8: every schema the API documents has a name of its own. ninja files schemas in
openapi.json by class name, so two classes of one name make one entry and one side documented wrongly."""

import typing
from collections import defaultdict

from pydantic import BaseModel

from yangguang.api.urls import api


def _models_in(annotation, out: set) -> None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if annotation in out:
            return
        out.add(annotation)
        for field in annotation.model_fields.values():
            _models_in(field.annotation, out)
        return
    for arg in typing.get_args(annotation):
        _models_in(arg, out)


def documented_models() -> dict[str, set]:
    """Schema name in openapi.json -> the classes documented under it (every operation's input and output)."""
    components = api.get_openapi_schema(path_prefix="/api/v1")["components"]["schemas"]
    found: set = set()
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for op in path_view.operations:
                for model in op.models:
                    _models_in(model, found)
                for model in (op.response_models or {}).values():
                    _models_in(model, found)
    by_name = defaultdict(set)
    for model in found:
        if model.__name__ in components:  # ninja's own wrappers (params, a response) are inlined
            by_name[model.__name__].add(f"{model.__module__}.{model.__qualname__}")
    assert set(by_name) == set(components)  # the walk reaches every documented schema
    return by_name


def test_no_two_documented_schemas_share_a_name():
    clashes = {name: sorted(where) for name, where in documented_models().items() if len(where) > 1}
    assert clashes == {}


def test_the_renamed_sides_are_documented_apart(client):
    components = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    assert {"PublishIn", "InspectionPublishIn", "ListPublishIn", "EventOut", "DecisionEventOut"} <= set(
        components
    )
    # the contest bulletin's body is the contests one (not the inspection's `summary`)
    assert "summary" not in components["PublishIn"]["properties"]
