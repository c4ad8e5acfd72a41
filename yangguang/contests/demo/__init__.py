"""Demo competitions from the seeds (idempotent, keyed by competition and event codes):

- icbc.py: 工行临沂分行 2026 旺季业务劳动竞赛 — figures, monthly evaluations and bulletins, the first-quarter
  assessment with its yellow cards.
- court.py: 北海海事法院 — the 庭审驾驭 panel, the 裁判文书 blind review, the 案卷评查 record review and the
  审判业务竞赛 that ranks judges on the first two.
- seeds.py: the court's "3+1", the insurer's annual honours and the county bureau's three-year
  competition, each from its scheme file under schemes/.
"""

from __future__ import annotations

from django.db import transaction

from . import court, icbc, seeds


@transaction.atomic
def build(stdout=None) -> dict:
    out: dict = {}
    icbc.build(out)
    court.build(out)
    seeds.build(out)
    return out
