"""The builder's derived quantities have a field of their own for the groups they apply to (issue 13):
a team-only quantity is not computed for agents, and the builder says so in a field, not in YAML."""

from pathlib import Path

from yangguang.contests.actions import builder
from yangguang.contests.engine.scheme import dump_yaml, load_scheme, parse_scheme, scheme_to_dict

INSURER = Path(__file__).parent.parent / "schemes" / "insurer_honours.yaml"


def _form():
    return builder.to_form(scheme_to_dict(load_scheme(INSURER.read_text(encoding="utf-8"))))


def test_derived_groups_is_a_field_and_round_trips():
    form = _form()
    n = next(int(k.split("-")[1]) for k, v in form.items() if k.endswith("-code") and v == "per_head")
    assert form[f"d-{n}-groups"] == ""  # the field exists, empty when the quantity applies to every group
    form[f"d-{n}-groups"] = "team， "  # a full-width comma, as people type in Chinese
    d = builder.from_form(form)
    per_head = next(x for x in d["derived"] if x["code"] == "per_head")
    assert per_head["groups"] == ["team"]
    again = builder.to_form(scheme_to_dict(parse_scheme(d)))
    assert again[f"d-{n}-groups"] == "team" and "groups" not in again[f"d-{n}-extra"]
    assert dump_yaml(parse_scheme(builder.from_form(again))) == dump_yaml(parse_scheme(d))
