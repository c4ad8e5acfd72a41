"""One vocabulary: every stored code the pages show has a label in Chinese and in English, the `label`
filter shows it, and bad input (an unknown code, kind or language) never breaks a page."""

import logging
import re

import pytest
from django.template import Context, Template
from django.utils import translation

from yangguang.core import labels

HAN = re.compile(r"[\u3400-\u9fff]")
# the enums the pages show (issue 12: statuses, methods, cycles, group kinds, roles, event kinds,
# channels, outcomes)
REQUIRED = {
    "services.case_status",
    "services.case_event",
    "services.channel",
    "services.result",
    "services.mode",
    "contests.cycle",
    "contests.direction",
    "contests.source",
    "contests.method",
    "contests.card",
    "contests.permission",
    "contests.group_kind",
    "contests.judge_role",
    "exams.question_kind",
    "exams.room_event",
    "exams.arbitration_status",
    "exams.outcome",
    # every stored enum with choices, as app.model.field
    "services.case.status",
    "disclosure.request.status",
    "disclosure.request.outcome",
    "disclosure.publication.channel",
    "supervision.task.status",
    "supervision.assessmentrun.cadence",
    "orgs.post.role",
}


def all_labels():
    # a blank code is "no value" and shows nothing
    return [(kind, code) for kind, table in sorted(labels.kinds().items()) for code in sorted(table) if code]


def test_the_enums_the_pages_show_are_registered():
    assert REQUIRED <= set(labels.kinds())


@pytest.mark.parametrize("kind,code", all_labels())
def test_every_code_has_a_chinese_and_an_english_label(kind, code):
    with translation.override("zh-hans"):
        zh = labels.label(code, kind)
    with translation.override("en"):
        en = labels.label(code, kind)
    assert HAN.search(zh), f"{kind}.{code}: no Chinese label ({zh!r})"
    # English may name the official term beside it: "Rule (规章)"
    assert re.search(r"[A-Za-z]{2}", en), f"{kind}.{code}: no English label ({en!r})"


def test_the_filter_shows_the_label():
    t = Template('{% load labels %}{{ e|label:"services.case_event" }}·{{ ms|labels:"contests.permission" }}')
    with translation.override("zh-hans"):
        out = t.render(Context({"e": "accept", "ms": ["define", "publish"]}))
    assert out == "受理·制定方案、发布通报"


def test_a_missing_label_shows_the_code_and_warns(caplog):
    with caplog.at_level(logging.WARNING, logger="yangguang.labels"):
        assert labels.label("teleport", "services.case_event") == "teleport"
        assert labels.label("x", "no.such.kind") == "x"
        assert labels.label(None, "services.case_event") == ""
    assert "teleport" in caplog.text and "no.such.kind" in caplog.text
    t = Template('{% load labels %}{{ c|label:"services.case_event" }}')
    assert t.render(Context({"c": "teleport"})) == "teleport"  # never an exception


def test_metric_codes_show_their_registered_label():
    from yangguang.core import metrics

    m = metrics.all_metrics()[0]
    assert labels.label(m.name, "metric") == str(m.label)


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["xx", "en-ZZ", "zh-tw", "", "*;q=0", "zh-hans;q=abc"])
def test_an_unknown_or_odd_language_falls_back_without_error(client, lang):
    r = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE=lang)
    assert r.status_code == 200
    r = client.post("/i18n/setlang/", {"language": lang or "xx", "next": "/"})
    assert r.status_code in (302, 204)
    r = client.get("/accounts/login/")
    assert r.status_code == 200 and r.headers["Content-Language"] in ("zh-hans", "en")


@pytest.mark.django_db
def test_a_missing_translation_shows_the_english_source(client):
    from django.utils.translation import gettext

    with translation.override("zh-hans"):
        assert gettext("a sentence no catalogue has") == "a sentence no catalogue has"


def glossary_rows():
    """(chinese, msgid, context, app) for every glossary row that names a msgid."""
    from pathlib import Path

    doc = Path(__file__).resolve().parents[3] / "docs" / "glossary.md"
    rows = []
    for line in doc.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 4 or not cells[2] or not cells[3] or cells[0] in ("中文", "---"):
            continue
        zh, ids, app = cells[0], cells[2], cells[3]
        m = re.match(r"^(.*?)(?: \(([^()%]+)\))?$", ids)
        ids, ctx = m.group(1), m.group(2)
        zhs, msgids = zh.split(" / "), ids.split(" / ")
        if len(zhs) != len(msgids):
            zhs = [zh] * len(msgids)
        rows += [(z, i, ctx, app) for z, i in zip(zhs, msgids, strict=True)]
    return rows


@pytest.mark.parametrize("zh,msgid,ctx,app", glossary_rows())
def test_the_catalogue_says_what_the_glossary_says(zh, msgid, ctx, app):
    from yangguang.core.tests.test_i18n import ROOT, parse_po

    entries = parse_po(ROOT / app / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po")
    key = f"{ctx}\x04{msgid}" if ctx else msgid
    assert key in entries, f"{app} has no msgid {msgid!r} (context {ctx!r})"
    assert zh in entries[key], f"{app}: {msgid!r} is {entries[key]!r}, the glossary says {zh!r}"


def test_the_glossary_is_read():
    assert len(glossary_rows()) > 80


def test_zh_punct_makes_stored_text_read_as_chinese():
    t = Template("{% load labels %}{{ s|zh_punct }}")
    with translation.override("zh-hans"):
        assert (
            t.render(Context({"s": "取消评选资格: 案件事故数 > 0; 复核"}))
            == "取消评选资格：案件事故数 &gt; 0；复核"
        )
    with translation.override("en"):
        assert t.render(Context({"s": "资格: x"})) == "资格: x"


def test_zh_punct_keeps_escaped_text_escaped_once():
    t = Template('{% load labels %}{{ rs|join:"；"|zh_punct }}')
    with translation.override("zh-hans"):
        assert t.render(Context({"rs": ["事故: 数 > 0"]})) == "事故：数 &gt; 0"
