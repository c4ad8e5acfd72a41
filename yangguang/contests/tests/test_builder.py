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
    form["r-0-groups"] = "sub_branch， outlet"
    form["r-0-posts"] = "vice president、行长"
    form["i-1-delete"] = "on"
    d = builder.from_form(form)
    assert len(d["indicators"]) == n_ind - 1 and d["indicators"][0]["weight"] == 12.5
    first_rule = next(r for k in builder.RULE_KINDS for r in d["rules"].get(k, []))
    assert first_rule["groups"] == ["sub_branch", "outlet"]
    assert first_rule["posts"] == ["vice president", "行长"]
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


# ---- the pages ---------------------------------------------------------------------------------------------

PAGE_SCHEME = """
code: county-race
name: 县区竞赛
organiser: TZ
public: true
period: {start: 2026-01-01, end: 2026-03-31}
groups:
- {code: county, name: 县, kind: unit}
indicators:
- {code: deposit, name: 存款, unit: 万元, method: completion, cap: 120, weight: 60}
- {code: customers, name: 客户, unit: 户, method: growth, weight: 40}
facts:
- {code: incidents, name: 案件事故数}
rules:
  ineligible:
  - {name: 案件事故, when: 案件事故数 > 0}
  awards:
  - {name: 第一名, top: 1}
"""


@pytest.fixture
def race(cast):
    from yangguang.contests import actions

    comp = actions.competition_import_scheme(actor=cast.admin, scheme=PAGE_SCHEME)
    data = b"id,\xe5\xad\x98\xe6\xac\xbe,\xe5\xad\x98\xe6\xac\xbe\xe8\xae\xa1\xe5\x88\x92,\xe5\xae\xa2\xe6\x88\xb7,\xe5\xae\xa2\xe6\x88\xb7\xe5\x9f\xba\xe6\x95\xb0,\xe6\xa1\x88\xe4\xbb\xb6\xe4\xba\x8b\xe6\x95\x85\xe6\x95\xb0\nTA,110,100,50,40,1\nTB,90,100,50,45,0\n"
    actions.data_import(actor=cast.admin, competition=comp, period="2026-01", data=data, filename="d.csv")
    actions.evaluation_run(actor=cast.admin, competition=comp, period="2026-01")
    return comp


@pytest.mark.django_db
def test_builder_page_preview_check_and_save(cast, race, client_of):
    from yangguang.contests.models import Competition, Evaluation

    c = client_of(cast.admin)
    url = f"/contests/{race.pk}/builder/"
    page = c.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="r-0-when"' in html and "hx-post" in html and "<label>" in html
    form = builder.to_form(race.scheme)
    # typing a rule: the check names the unknown quantity and the nearest known one
    bad = c.post(url + "check/", {**form, "r-0-when": "案件事故 > 0", "field": "r-0-when"})
    assert (
        bad.status_code == 200 and "案件事故" in bad.content.decode() and "案件事故数" in bad.content.decode()
    )
    ok = c.post(url + "check/", {**form, "field": "r-0-when"})
    assert "badge green" in ok.content.decode()
    # preview: the ineligible rule becomes a disqualification — TA leaves the field, TB wins; nothing stored
    edited = {**form, "r-0-kind": "disqualify"}
    n_before = Evaluation.objects.count()
    pv = c.post(url, {**edited, "do": "preview"})
    text = pv.content.decode()
    assert pv.status_code == 200 and 'id="preview"' in text
    assert "rules.disqualify" in text and "rules.ineligible" in text  # rule moved: added and removed
    p = builder.builder_preview(actor=cast.admin, competition=race, scheme=builder.from_form(edited))
    assert [x["id"] for x in p["result_changes"]] == ["TA", "TB"] and p["changed_count"] == 2
    tb = next(r for r in p["results"] if r["id"] == "TB")
    assert tb["rank"] == 1 and tb["awards"] == ["第一名"] and tb["explanation"]
    assert Evaluation.objects.count() == n_before
    # a bad number is the form's error, not a 500
    assert c.post(url, {**edited, "i-0-weight": "六十", "do": "preview"}).status_code == 400
    # saving: the same competition, the scheme replaced
    sv = c.post(url, {**edited, "code": "another-code", "do": "save"})
    assert sv.status_code == 302
    race.refresh_from_db()
    assert race.scheme["rules"]["disqualify"][0]["name"] == "案件事故"
    assert not Competition.objects.filter(code="another-code").exists()
    # saving made a new version; saving the same scheme again does not
    assert list(race.scheme_versions.values_list("number", flat=True)) == [2, 1]
    assert race.scheme_versions.get(number=1).scheme["rules"]["ineligible"][0]["name"] == "案件事故"
    c.post(url, {**edited, "do": "save"})
    assert race.scheme_versions.count() == 2
    assert "v2" in c.get(url).content.decode()
    # who may not define the competition may not use its builder
    assert client_of(cast.clerk_a).get(url).status_code in (403, 404)


@pytest.mark.django_db
def test_preview_reads_the_same_records_as_an_evaluation(cast, race):
    from yangguang.contests.actions import evaluations
    from yangguang.contests.engine.periods import parse_period

    s = parse_scheme(race.scheme)
    for period in ("2026-01", "2026-Q1"):
        expected = evaluations.build_inputs(race, s, parse_period(period))[1]
        assert builder._inputs(race, s, period) == expected


@pytest.mark.django_db
def test_builder_refuses_bad_input_without_a_500(cast, race, client_of):
    c = client_of(cast.admin)
    url = f"/contests/{race.pk}/builder/"
    form = builder.to_form(race.scheme)
    for bad in (
        {"extra": "[1, 2]"},
        {"extra": "{a: [unclosed"},
        {"r-1-extra": "2026-02-30"},  # the YAML reader's own ValueError
        {"r-0-kind": "bogus"},
        {"i-0-params": "{{{"},
        {"i-0-cap": "1e999999"},
        {"weights_total": "abc"},
        {"start": "2026-13-45"},
        {"i-0-method": "magic"},
        {"i-0-extra": "{caps: 120}"},  # an unknown field, refused by the engine with a suggestion
        {"d-0-code": "x", "d-0-expr": "__import__('os')"},
    ):
        r = c.post(url, {**form, **bad, "do": "preview"})
        assert r.status_code == 400, bad
        assert 'id="builder-error"' in r.content.decode(), bad
        chk = c.post(url + "check/", {**form, **bad, "field": "r-0-when"})
        assert chk.status_code == 200, bad
