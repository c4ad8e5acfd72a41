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
