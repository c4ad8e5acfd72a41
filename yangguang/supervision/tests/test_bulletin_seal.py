"""Supervision keeps no copy of a bulletin's ledger hash (issue 16): an assessment run points at its
contests bulletin and shows the seal the ledger holds now, so `yangguang contests rekey`, which
re-chains an old (unkeyed) ledger and gives every bulletin its new hash, leaves nothing stale here."""

from django.core.management import call_command

from yangguang.audit.tests.test_results_ledger import _public_link, _rewrite
from yangguang.contests import ledger
from yangguang.contests.models import Bulletin, LedgerEntry

from .. import actions
from .test_assessment import assessed  # noqa: F401 (the fixture)


def test_a_rekeyed_ledger_shows_its_new_seal_on_the_assessment_run(cast, assessed, client_of):  # noqa: F811
    a, _c = assessed
    run = actions.assessment_evaluate(actor=cast.admin, assessment=a, period="2026Q1")
    actions.bulletin_publish(actor=cast.admin, run=run)
    run.refresh_from_db()
    b = run.bulletin
    assert b is not None and run.bulletin_ref == f"{b.number}:{b.ledger_hash}"
    # the ledger as written before links were keyed, the bulletin showing its unkeyed hash
    first = LedgerEntry.objects.order_by("seq").first()
    _rewrite(first.seq, first.payload, _public_link)
    old = LedgerEntry.objects.get(ref=f"bulletin:{b.pk}").hash
    Bulletin.objects.filter(pk=b.pk).update(ledger_hash=old)
    run.refresh_from_db()
    assert run.bulletin_ref.endswith(old)

    call_command("contests", "rekey")

    new = LedgerEntry.objects.get(ref=f"bulletin:{b.pk}").hash
    assert new != old and ledger.verify(published=[new])["ok"]
    run.refresh_from_db()
    assert run.bulletin_ref == f"{b.number}:{new}"
    page = client_of(cast.admin).get(f"/supervision/runs/{run.pk}/").content.decode()
    assert new in page and old not in page
