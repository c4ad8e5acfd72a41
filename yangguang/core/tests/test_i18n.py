"""Chinese first, English complete: every app's zh_Hans catalogue translates every string, and the
compiled .mo matches the .po (so a fresh machine needs no gettext tools)."""

import gettext
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = sorted(p.parent.name for p in ROOT.glob("*/apps.py"))


def parse_po(path: Path) -> dict[str, str]:
    entries = {}
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        if "#, fuzzy" in block and 'msgid ""\nmsgstr ""' not in block:
            entries[f"FUZZY:{block[:60]}"] = ""
        m = re.search(r'^msgid ((?:".*"\n)+)', block + "\n", re.M)
        if not m:
            continue
        msgid = "".join(re.findall(r'"(.*)"', m.group(1)))
        if not msgid:
            continue
        ctx = re.search(r'^msgctxt "(.*)"$', block, re.M)
        if ctx:  # the .mo keys a pgettext entry as "context\x04msgid"
            msgid = ctx.group(1) + "\x04" + msgid
        strs = re.findall(r'^msgstr(?:\[0\])? ((?:".*"\n?)+)', block + "\n", re.M)
        entries[msgid] = "".join(re.findall(r'"(.*)"', strs[0])) if strs else ""
    return entries


@pytest.mark.parametrize("app", APPS)
def test_catalogue_is_complete(app):
    po = ROOT / app / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
    if not any((ROOT / app).rglob("*.html")) and not po.exists():
        src = "".join(
            p.read_text(encoding="utf-8") for p in (ROOT / app).rglob("*.py") if "tests" not in p.parts
        )
        if not re.search(r"\bg?ettext(_lazy)?\(|\b_\(", src):
            pytest.skip(f"{app} has no translatable strings")
    assert po.exists(), f"{app}: no zh_Hans catalogue"
    entries = parse_po(po)
    untranslated = [k for k, v in entries.items() if not v]
    assert untranslated == [], f"{app}: untranslated {untranslated[:10]}"
    mo = po.with_suffix(".mo")
    assert mo.exists(), f"{app}: .mo not compiled"
    with mo.open("rb") as f:
        catalog = gettext.GNUTranslations(f)._catalog
    compiled = {k if isinstance(k, str) else k[0] for k in catalog if k}
    stale = [k for k in entries if k.replace('\\"', '"').replace("\\n", "\n") not in compiled]
    assert stale == [], f"{app}: .mo is older than .po for {stale[:5]}"


def test_no_two_catalogues_translate_a_msgid_differently():
    """Django serves the first catalogue that has a msgid, so two apps translating the same msgid (in
    the same context) differently show one app the other's word (开始答题 read 起始日). A word whose
    meaning differs by domain carries a pgettext context; the same meaning gets the same words."""
    seen: dict[str, dict[str, list[str]]] = {}
    for app in APPS:
        po = ROOT / app / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
        if po.exists():
            for msgid, msgstr in parse_po(po).items():
                if not msgid.startswith("FUZZY:"):
                    seen.setdefault(msgid, {}).setdefault(msgstr, []).append(app)
    collisions = {k.replace("\x04", " | "): v for k, v in seen.items() if len(v) > 1}
    assert collisions == {}, f"{len(collisions)} msgids translated differently: {collisions}"


def test_the_collision_check_sees_a_collision(tmp_path):
    a, b = tmp_path / "a.po", tmp_path / "b.po"
    a.write_text('msgid "Start"\nmsgstr "开始答题"\n', encoding="utf-8")
    b.write_text('msgid "Start"\nmsgstr "起始日"\n\nmsgctxt "workdays"\nmsgid "Start"\nmsgstr "起始日"\n')
    pa, pb = parse_po(a), parse_po(b)
    assert pa["Start"] != pb["Start"] and pb["workdays\x04Start"] == "起始日"


def test_contexts_resolve_per_domain():
    from django.utils import translation
    from django.utils.translation import gettext, pgettext

    with translation.override("zh-hans"):
        assert gettext("Start") == "开始答题"
        assert pgettext("workdays", "Start") == "起始日"
        assert pgettext("person", "Name") == "姓名" and gettext("Name") == "名称"
        assert pgettext("services", "Submitted") == "已收件" and gettext("Submitted") == "已交卷"


HAN = "\u3400-\u9fff\uf900-\ufaff"
ASCII_IN_CHINESE = re.compile(rf"[{HAN}][,;:]|[,;:] ?[{HAN}]")


@pytest.mark.parametrize("app", APPS)
def test_chinese_uses_full_width_punctuation(app):
    """，：； in Chinese sentences (not , : ;) — 国家标准《标点符号用法》 GB/T 15834."""
    po = ROOT / app / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
    if not po.exists():
        pytest.skip("no catalogue")
    bad = {k: v for k, v in parse_po(po).items() if ASCII_IN_CHINESE.search(v)}
    assert bad == {}, f"{app}: ASCII punctuation in {list(bad.values())[:5]}"
