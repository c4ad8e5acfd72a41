"""The scheme builder: export → builder form → YAML is the identity for every shipped scheme; a typo in
a rule is named as you type; the preview ranks the latest period without storing anything and names
the participants whose results would change; saving keeps the competition."""

from pathlib import Path

import pytest

from yangguang.contests.actions import builder
from yangguang.contests.engine.scheme import dump_yaml, load_scheme, parse_scheme
from yangguang.core.errors import DomainError

SCHEMES = sorted((Path(__file__).parent.parent / "schemes").glob("*.yaml"))


@pytest.mark.parametrize("path", SCHEMES, ids=lambda p: p.stem)
def test_export_builder_yaml_round_trip(path):
    s = load_scheme(path.read_text(encoding="utf-8"))
    from yangguang.contests.engine.scheme import scheme_to_dict

    form = builder.to_form(scheme_to_dict(s))
    assert any(k.startswith("r-") and k.endswith("-when") for k in form)  # rules are form fields
    again = parse_scheme(builder.from_form(form))
    assert dump_yaml(again) == dump_yaml(s)


def _icbc_form():
    from yangguang.contests.engine.scheme import scheme_to_dict

    text = (Path(__file__).parent.parent / "schemes" / "icbc_linyi.yaml").read_text(encoding="utf-8")
    return builder.to_form(scheme_to_dict(load_scheme(text)))


def test_form_edits_blank_rows_and_deletes():
    form = _icbc_form()
    n_ind = len([k for k in form if k.startswith("i-") and k.endswith("-code")])
    form[f"i-{n_ind}-code"] = ""  # the blank row for adding one is left out
    form[f"i-{n_ind}-name"] = ""
    form["i-0-weight"] = "12.5"
    form["i-1-delete"] = "on"
    d = builder.from_form(form)
    assert len(d["indicators"]) == n_ind - 1 and d["indicators"][0]["weight"] == 12.5
    form["i-0-weight"] = "十二"
    with pytest.raises(DomainError) as e:
        builder.from_form(form)
    assert "indicators[0].weight" in e.value.message


def test_expression_check_names_the_unknown_quantity():
    form = _icbc_form()
    when = next(k for k in form if k.startswith("r-") and k.endswith("-when") and form[k])
    assert builder.check_expression(form, when) == ""
    form[when] = "存款增量占比 < 平均(存款增量占比) and 存款完成绿 < 1"
    msg = builder.check_expression(form, when)
    assert "存款完成绿" in msg and "存款完成率" in msg  # the unknown name and the nearest known one
    assert builder.check_expression(form, "i-0-name") != ""  # only rule and derived expressions


def test_scheme_changes_name_rules_added_removed_changed():
    from yangguang.contests.engine.scheme import scheme_to_dict

    form = _icbc_form()
    old = scheme_to_dict(parse_scheme(builder.from_form(form)))
    when = next(k for k in form if k.startswith("r-") and k.endswith("-when") and form[k])
    n = when.split("-")[1]
    form[when] = form[when] + " and 1 > 0"
    new = scheme_to_dict(parse_scheme(builder.from_form(form)))
    ch = builder.scheme_changes(old, new)
    assert [c["change"] for c in ch] == ["changed"] and ch[0]["name"] == form[f"r-{n}-name"]
