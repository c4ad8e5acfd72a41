"""The e-supervision sweep (`yangguang tick`, Celery beat): records each light change once.

Work is claimed with a conditional UPDATE … RETURNING (only rows still in the old state change),
so two workers running the same tick never record or notify the same change twice, and a second
run of the same tick finds nothing to do.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta

from django.db import connection, transaction
from django.utils import timezone

from yangguang.orgs.models import Post, Unit
from yangguang.workdays.queries import calendar

from . import notices, rules
from .models import Card, Case, FirstInquiry, HotlineOrder, LightEvent, Notification
from .queries import SettingsByPath

CHUNK = 900


def _claim(table: str, column: str, new, old, ids: list[int], also: str = "") -> list[int]:
    """UPDATE table SET column=new [, also] WHERE id IN ids AND column=old RETURNING id."""
    out: list[int] = []
    extra = f", {also}" if also else ""
    with connection.cursor() as cur:
        for i in range(0, len(ids), CHUNK):
            chunk = ids[i : i + CHUNK]
            marks = ",".join(["%s"] * len(chunk))
            cur.execute(
                f"UPDATE {table} SET {column} = %s{extra} WHERE {column} = %s AND id IN ({marks}) RETURNING id",
                [new, old, *chunk],
            )
            out.extend(r[0] for r in cur.fetchall())
    return out


class _Supervisors:
    """The supervisor(s) nearest each unit (its own window first, then upwards): one query."""

    def __init__(self):
        self.by_path: dict[str, list[int]] = defaultdict(list)
        for path, pid in Post.objects.filter(role="supervisor").values_list("unit__path", "person_id"):
            self.by_path[path].append(pid)
        self._cache: dict[str, list[int]] = {}

    def of(self, path: str) -> list[int]:
        hit = self._cache.get(path)
        if hit is None:
            hit = []
            for n in range(len(path), 0, -Unit.steplen):
                if path[:n] in self.by_path:
                    hit = self.by_path[path[:n]]
                    break
            self._cache[path] = hit
        return hit


def _cases(now: datetime, today: date, cal, by_path: SettingsByPath, sup: _Supervisors) -> dict:
    rows = list(
        Case.objects.filter(status="accepted", due_on__isnull=False).values_list(
            "id", "due_on", "light_state", "unit_path", "red_card_level"
        )
    )
    lines: dict[int, date] = {}
    red_lines: dict[int, date] = {}
    moves: dict[tuple[str, str], list[int]] = defaultdict(list)
    yellow_card: list[int] = []
    red_card: list[int] = []
    for cid, due, state, path, level in rows:
        y, r = by_path.get(path)
        if y not in lines:
            lines[y] = rules.yellow_line(cal, today, y)
        new = rules.light(due, today, lines[y])
        if new != state:
            moves[(state, new)].append(cid)
        if new == "red":
            if level < 1:
                yellow_card.append(cid)
            if level < 2:
                if r not in red_lines:
                    # red for more than r working days: due before the r-th working day back from today
                    red_lines[r] = _workdays_back(cal, today, r)
                if due < red_lines[r]:
                    red_card.append(cid)
    changed: list[tuple[int, str, str]] = []
    yellow_cards: list[int] = []
    due_yellow_card = set(yellow_card)
    for (old, new), ids in moves.items():
        # turning red and the yellow card are claimed by one row update (one new row version, not two)
        also = (
            "red_card_level = CASE WHEN red_card_level < 1 THEN 1 ELSE red_card_level END"
            if new == "red"
            else ""
        )
        for cid in _claim("services_case", "light_state", new, old, ids, also):
            changed.append((cid, old, new))
            if new == "red" and cid in due_yellow_card:
                yellow_cards.append(cid)
                due_yellow_card.discard(cid)
    # already red without a card (e.g. set red before cards existed): claim the card alone
    turning_red = {cid for (_o, n), ids in moves.items() if n == "red" for cid in ids}
    leftover = [c for c in due_yellow_card if c not in turning_red]
    yellow_cards += _claim("services_case", "red_card_level", 1, 0, leftover)
    red_cards = _claim("services_case", "red_card_level", 2, 1, red_card)
    ids = {c for c, _o, _n in changed} | set(yellow_cards) | set(red_cards)
    info = {}
    id_list = list(ids)
    for i in range(0, len(id_list), CHUNK):
        for c in Case.objects.filter(pk__in=id_list[i : i + CHUNK]).values(
            "id", "number", "item__name", "due_on", "handler_id", "unit_id", "unit_path"
        ):
            info[c["id"]] = c
    events, cards = [], []
    inbox: dict[int, list[tuple[str, dict, int]]] = defaultdict(list)  # person -> [(kind, params, case id)]
    for cid, old, new in changed:
        c = info[cid]
        events.append(LightEvent(case_id=cid, old=old, new=new, on=today, at=now))
        if new in ("yellow", "red"):
            params = {"number": c["number"], "item": c["item__name"], "due": c["due_on"].isoformat()}
            for pid in {c["handler_id"], *sup.of(c["unit_path"])} - {None}:
                inbox[pid].append((f"light_{new}", params, cid))
    for level, ids_ in (("yellow", yellow_cards), ("red", red_cards)):
        for cid in ids_:
            c = info[cid]
            cards.append(
                Card(case_id=cid, level=level, unit_id=c["unit_id"], person_id=c["handler_id"], on=today)
            )
            params = {"number": c["number"], "item": c["item__name"]}
            for pid in {c["handler_id"], *sup.of(c["unit_path"])} - {None}:
                inbox[pid].append((f"card_{level}", params, cid))
    notes = [_digest(pid, items, now) for pid, items in inbox.items()]
    LightEvent.objects.bulk_create(events, batch_size=5000)
    Card.objects.bulk_create(cards, batch_size=5000, ignore_conflicts=True)
    Notification.objects.bulk_create(notes, batch_size=5000)
    return {
        "open_cases": len(rows),
        "light_changes": len(changed),
        "yellow_cards": len(yellow_cards),
        "red_cards": len(red_cards),
        "notifications": len(notes),
    }


def _digest(person_id: int, items: list[tuple[str, dict, int]], now) -> Notification:
    """One notification per person per sweep: the change itself, or a digest listing the cases."""
    if len(items) == 1:
        kind, params, cid = items[0]
        return _note(person_id, kind, params, now, f"/services/cases/{cid}/")
    params = {
        "n": len(items),
        "cases": len({cid for _k, _p, cid in items}),
        "items": [[k, p] for k, p, _c in items[: notices.DIGEST_SHOWN]],
        "more": len(items) > notices.DIGEST_SHOWN,
    }
    return _note(person_id, "digest", params, now, "/services/cases/?light=red")


def _note(person_id: int, kind: str, params: dict, now, url: str = "") -> Notification:
    text = notices.chinese(kind, params)[:500]
    return Notification(person_id=person_id, kind=kind, params=params, text=text, url=url, created_at=now)


def _workdays_back(cal, today: date, n: int) -> date:
    """The working day n working days before today (today itself when n == 0)."""
    d = today
    k = 0
    while k < n:
        d -= timedelta(days=1)
        if cal.is_workday(d):
            k += 1
    return d


def _simple(
    model, table: str, now, today, cal, due_field: str, open_q: dict, owner_field: str, kind: str, fk: str
):
    rows = list(model.objects.filter(**open_q).values_list("id", due_field, "light_state", owner_field))
    yl = rules.yellow_line(cal, today, 1)
    moves: dict[tuple[str, str], list[int]] = defaultdict(list)
    owner = {}
    for oid, due, state, person in rows:
        new = rules.light(due, today, yl)
        owner[oid] = person
        if new != state:
            moves[(state, new)].append(oid)
    events, notes = [], []
    n = 0
    for (old, new), ids in moves.items():
        for oid in _claim(table, "light_state", new, old, ids):
            n += 1
            events.append(LightEvent(**{fk: oid}, old=old, new=new, on=today, at=now))
            if new == "red" and owner[oid]:
                notes.append(_note(owner[oid], kind, {"id": oid}, now))
    LightEvent.objects.bulk_create(events, batch_size=2000)
    Notification.objects.bulk_create(notes, batch_size=2000)
    return {"open": len(rows), "light_changes": n}


@transaction.atomic
def tick(now: datetime) -> dict:
    today = timezone.localtime(now).date() if timezone.is_aware(now) else now.date()
    cal = calendar()
    by_path = SettingsByPath()
    sup = _Supervisors()
    out = {"cases": _cases(now, today, cal, by_path, sup)}
    out["inquiries"] = _simple(
        FirstInquiry,
        "services_firstinquiry",
        now,
        today,
        cal,
        "due_on",
        {"answered_at__isnull": True},
        "owner_id",
        "inquiry_red",
        "inquiry_id",
    )
    out["hotline"] = _simple(
        HotlineOrder,
        "services_hotlineorder",
        now,
        today,
        cal,
        "due_on",
        {"status": "dispatched"},
        "liaison_id",
        "order_red",
        "order_id",
    )
    return out
