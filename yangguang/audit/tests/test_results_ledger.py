"""The results ledger is keyed like the audit chain and held to the hashes published bulletins show
(issue 16 item 7): a rewrite that recomputes every following hash fails `yangguang contests verify`."""

import hashlib
import json

import pytest
from django.core.management import call_command

from yangguang.contests import actions, ledger
from yangguang.contests.models import Bulletin, LedgerEntry, LedgerHead
from yangguang.contests.tests.test_actions import SCHEME, _csv


@pytest.fixture
def published(cast):
    comp = actions.competition_import_scheme(actor=cast.admin, scheme=SCHEME)
    actions.data_import(actor=cast.admin, competition=comp, period="2026-01", data=_csv(), filename="d.csv")
    ev = actions.evaluation_run(actor=cast.admin, competition=comp, period="2026-01")
    b1 = actions.bulletin_publish(actor=cast.admin, evaluation=ev, body="一月通报。")
    for i in range(3):
        ledger.append(kind="score", ref=f"mark:{900 + i}", payload={"total": str(80 + i)})
    actions.data_import(actor=cast.admin, competition=comp, period="2026-02", data=_csv(), filename="d.csv")
    ev2 = actions.evaluation_run(actor=cast.admin, competition=comp, period="2026-02")
    b2 = actions.bulletin_publish(actor=cast.admin, evaluation=ev2, body="二月通报。")
    return b1, b2


def _verify_exit(*args) -> int:
    try:
        call_command("contests", "verify", *args)
    except SystemExit as e:
        return e.code
    return 0


def _rewrite(from_seq: int, payload: dict, link) -> None:
    """Change one entry and recompute every following link with `link` (as an attacker would)."""
    entries = list(LedgerEntry.objects.order_by("seq"))
    prev = ledger.GENESIS
    for e in entries:
        if e.seq == from_seq:
            e.payload = payload
        if e.seq >= from_seq:
            h = link(prev, e.kind, e.ref, e.competition_id, e.payload, e.at.isoformat())
            LedgerEntry.objects.filter(pk=e.pk).update(payload=e.payload, prev_hash=prev, hash=h)
            e.hash = h
        prev = e.hash
    LedgerHead.objects.filter(pk=1).update(last_hash=prev, count=len(entries))


def _public_link(prev, kind, ref, cid, payload, at):
    body = json.dumps(
        {"prev": prev, "kind": kind, "ref": ref, "competition": cid, "payload": payload, "at": at},
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
        default=str,
    )
    return hashlib.sha256(body.encode()).hexdigest()


def test_intact_ledger_verifies_with_bulletins(published):
    report = ledger.verify()
    assert report["ok"] and report["bulletins"] == 2
    assert _verify_exit() == 0


def test_links_are_keyed(published, settings):
    e = LedgerEntry.objects.order_by("seq").first()
    fields = (e.prev_hash, e.kind, e.ref, e.competition_id, e.payload, e.at.isoformat())
    assert e.hash != ledger.legacy_digest(*fields)  # not computable without the key
    settings.AUDIT_KEY = "someone else's key"
    assert not ledger.verify()["ok"]


def test_rewrite_recomputing_public_hashes_fails(published):
    b1, _b2 = published
    seq = LedgerEntry.objects.get(hash=b1.ledger_hash).seq
    _rewrite(seq, {"title": "改写"}, _public_link)
    assert _verify_exit() == 1


def test_rewrite_with_the_key_still_differs_from_printed_bulletins(published, tmp_path):
    b1, b2 = published
    printed = tmp_path / "bulletins.txt"
    printed.write_text(f"第1期 哈希 {b1.ledger_hash}\n第2期 哈希 {b2.ledger_hash}\n")
    assert _verify_exit("--published", str(printed)) == 0
    seq = LedgerEntry.objects.get(hash=b1.ledger_hash).seq
    _rewrite(seq, {"title": "改写"}, ledger.digest)  # an insider holding the key
    assert _verify_exit() == 1  # bulletins in the database no longer match their entries
    # ... and even with the bulletins' stored hashes rewritten too, the kept copies do not match
    for b in Bulletin.objects.all():
        Bulletin.objects.filter(pk=b.pk).update(
            ledger_hash=LedgerEntry.objects.get(ref=f"bulletin:{b.pk}").hash
        )
    assert ledger.verify()["ok"]
    assert _verify_exit("--published", str(printed)) == 1


def test_legacy_ledger_is_named_and_rekeyed_once(published):
    first = LedgerEntry.objects.order_by("seq").first()
    _rewrite(first.seq, first.payload, _public_link)  # the whole ledger as written before keying
    for b in Bulletin.objects.all():
        Bulletin.objects.filter(pk=b.pk).update(
            ledger_hash=LedgerEntry.objects.get(ref=f"bulletin:{b.pk}").hash
        )
    report = ledger.verify()
    assert not report["ok"] and "rekey" in report["broken"]["reason"]
    call_command("contests", "rekey")
    assert ledger.verify()["ok"]
    assert LedgerEntry.objects.get(
        hash=Bulletin.objects.get(number=1, competition__code="county-race").ledger_hash
    )
    with pytest.raises(SystemExit):
        call_command("contests", "rekey")  # already keyed: nothing to do, said so
