"""A year of cases at the centre's windows, with their events, pauses, extensions, joint parts,
ratings and red cards."""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.utils import timezone

from yangguang.orgs.models import Person, Post, Unit
from yangguang.workdays.queries import calendar

from .. import rules
from ..models import (
    Card,
    Case,
    CaseEvent,
    Extension,
    JointPart,
    Pause,
    ServiceItem,
)
from ._common import FIRST_NAMES, _at
from .ratings import _ratings


def _windows(depts: list[Unit]) -> dict[int, list[tuple[Unit, list[int]]]]:
    """dept id -> [(window, [handler person ids])]."""
    out: dict[int, list] = {}
    windows = Unit.objects.filter(path__startswith=depts[0].path[:-4], kind__code="window").order_by("code")
    staff: dict[int, list[int]] = {}
    for pid, uid in Person.objects.filter(unit__in=windows).order_by("code").values_list("id", "unit_id"):
        staff.setdefault(uid, []).append(pid)
    by_path = {d.path: d for d in depts}
    for w in windows:
        dept = by_path.get(w.path[: len(w.path) - 4])
        if dept is not None:
            out.setdefault(dept.pk, []).append((w, staff.get(w.pk, [])))
    return out


def _cases(centre: Unit, depts: list[Unit], items: list[ServiceItem]) -> dict:
    rng = random.Random(20260127)
    cal = calendar()
    today = timezone.localdate()
    first = today - timedelta(days=365)
    wins = _windows(depts)
    clerk = Person.objects.filter(code="DL-ZX-W01-2").first()
    joint_units = {
        it.pk: list(it.joint_units.values_list("id", flat=True)) for it in items if it.mode == "joint"
    }
    weights = [6 if it.promised_limit == 0 else (4 if it.promised_limit <= 5 else 2) for it in items]
    cases: list[Case] = []
    plans: list[dict] = []
    n = 0
    d = first
    while d <= today:
        if cal.is_workday(d):
            for _k in range(rng.randint(8, 14)):
                n += 1
                it = rng.choices(items, weights)[0]
                win, people = rng.choice(wins[it.unit_id])
                handler = rng.choice(people) if people else None
                if it.unit.code == "532901-ZX-D01" and clerk and rng.random() < 0.5:
                    win, handler = clerk.unit, clerk.pk
                plans.append({"n": n, "item": it, "win": win, "handler": handler, "on": d})
        d += timedelta(days=1)
    ratings: list[tuple[int, int, str, date]] = []
    chiefs = dict(
        Post.objects.filter(
            unit__in=depts + [w for ws in wins.values() for w, _p in ws], role="supervisor"
        ).values_list("unit__path", "person_id")
    )
    for p in plans:
        it, on, rng_r = p["item"], p["on"], rng.random()
        submitted_at = _at(on, rng)
        c = Case(
            number=f"{on:%Y%m%d}9{p['n']:05d}",
            query_code=f"{rng.randint(0, 999999):06d}",
            item=it,
            unit=p["win"],
            unit_path=p["win"].path,
            handler_id=p["handler"],
            channel="online" if rng.random() < 0.15 else "window",
            applicant_name=rng.choice(FIRST_NAMES)
            + rng.choice(["先生", "女士", "某某", "建华", "丽萍", "志刚"]),
            applicant_phone=f"139{rng.randint(10000000, 99999999)}",
            submitted_at=submitted_at,
            submitted_on=on,
            limit_days=it.promised_limit,
            joint=it.mode == "joint",
        )
        ev = [("submit", "", submitted_at, "")]
        if rng_r < 0.03:
            c.status, c.reason, c.completed_on = "refused", "不属于本窗口受理范围，已告知向有权机关申请", on
            c.finished_at = submitted_at + timedelta(hours=1)
            ev.append(("refuse", "", c.finished_at, c.reason))
            cases.append(c)
            p["ev"], p["extra"] = ev, {}
            continue
        acc = on
        if rng_r < 0.08:
            c.supplements = 1
            ev.append(
                ("supplement", "", submitted_at + timedelta(minutes=20), "缺少身份证明复印件；缺少现场照片")
            )
            acc = cal.add_workdays(on, rng.randint(1, 3)).date
            if acc > today:
                c.status = "supplement"
                cases.append(c)
                p["ev"], p["extra"] = ev, {}
                continue
            ev.append(("resubmit", "", _at(acc, rng), ""))
        c.accepted_on = acc
        ev.append(("accept", "", _at(acc, rng), ""))
        pz: list[tuple[date, date | None]] = []
        if it.promised_limit >= 5 and rng.random() < 0.06:
            pf = cal.add_workdays(acc, rng.randint(1, 3)).date
            pl = pf + timedelta(days=rng.randint(3, 14))
            if pf <= today:
                pz.append((pf, pl if pl < today else None))
        ext = 0
        if it.promised_limit >= 5 and rng.random() < 0.03:
            ext = 5
            c.extension_days = 5
        clock = rules.due_date(cal, acc, it.promised_limit, ext, [(a, b) for a, b in pz if b])
        c.due_on, c.due_verified = clock.due, clock.verified
        # how long it really took
        limit = it.promised_limit + ext
        r = rng.random()
        if limit == 0:
            used = 0 if r < 0.93 else rng.randint(1, 2)
        elif r < 0.55:
            used = rng.randint(max(0, limit // 3), max(0, limit - 1))
        elif r < 0.90:
            used = limit
        else:
            used = limit + rng.randint(1, 5)
        paused_days = cal.excluded_workdays([(a, b) for a, b in pz if b])
        done = cal.add_workdays(acc, used + paused_days).date if used or paused_days else acc
        open_pause = any(b is None for _a, b in pz)
        if open_pause:
            c.status = "paused"
        elif done > today or (done == today and rng.random() < 0.5):
            c.status = "accepted"
            if rng.random() < 0.04:  # a few forgotten ones, overdue now
                c.due_on = cal.add_workdays(today - timedelta(days=10), 1).date
        elif rng.random() < 0.03:
            c.status, c.completed_on, c.reason = "returned", done, "申请人主动撤回申请"
            c.finished_at = _at(done, rng)
            ev.append(("return", "", c.finished_at, c.reason))
        else:
            c.status, c.completed_on = "completed", done
            c.finished_at = _at(done, rng)
            c.result = "approved" if rng.random() < 0.96 else "denied"
            c.document_no = (
                f"大市{it.unit.code[-3:]}〔{done.year}〕{p['n']}号" if c.result == "approved" else ""
            )
            t = rules.timing(cal, acc, done, c.due_on, paused_days)
            c.workdays_used, c.on_time, c.early, c.same_day = t.workdays_used, t.on_time, t.early, t.same_day
            for s in it.steps[1:-1]:
                ev.append(("step", s, _at(done, rng), ""))
            ev.append(("complete", "", c.finished_at, c.document_no))
            if rng.random() < 0.6:
                lv = rng.choices([1, 2, 3, 4, 5], [62, 25, 8, 3, 2])[0]
                if c.on_time is False and rng.random() < 0.3:
                    lv = rng.choice([4, 5])
                ratings.append((len(cases), lv, rng.choice(["web", "window"]), done))
        for a, b in pz:
            ev.append(("pause", "", _at(a, rng), "专家评审"))
            if b:
                ev.append(("resume", "", _at(b, rng), ""))
        if ext:
            ev.append(("extend", "", _at(acc, rng), "情况复杂，经批准延长"))
        cases.append(c)
        p["ev"], p["extra"] = ev, {"pauses": pz, "ext": ext}
    Case.objects.bulk_create(cases, batch_size=1000)
    ids = dict(Case.objects.filter(number__in=[c.number for c in cases]).values_list("number", "id"))
    ev_rows, pause_rows, ext_rows, part_rows = [], [], [], []
    for c, p in zip(cases, plans, strict=True):
        cid = ids[c.number]
        c.pk = cid
        prev = None
        # by day (stable, so a day's steps keep their order), and a day's random hours put in that order
        for kind, step, at, note in sorted(p["ev"], key=lambda e: e[2].date()):
            if prev is not None and at <= prev:
                at = prev + timedelta(minutes=7)
            prev = at
            ev_rows.append(
                CaseEvent(case_id=cid, kind=kind, step=step, person_id=c.handler_id, at=at, note=note)
            )
        for a, b in p["extra"].get("pauses", []):
            pause_rows.append(
                Pause(case_id=cid, kind="expert", reason="组织专家评审", first=a, last=b, applicant_told=True)
            )
        if p["extra"].get("ext"):
            approver = chiefs.get(c.unit_path[:-4]) or chiefs.get(c.unit_path)
            if approver:
                ext_rows.append(
                    Extension(
                        case_id=cid,
                        days=5,
                        approver_id=approver,
                        reason="情况复杂",
                        at=_at(c.accepted_on, rng),
                    )
                )
        if c.joint and c.accepted_on:
            part_rows.append(
                JointPart(
                    case_id=cid,
                    unit_id=c.item.unit_id,
                    lead=True,
                    limit_days=c.limit_days,
                    due_on=c.due_on,
                    done_on=c.completed_on,
                )
            )
            for u in joint_units.get(c.item_id, []):
                sub = max(0, c.limit_days - 2)
                part_rows.append(
                    JointPart(
                        case_id=cid,
                        unit_id=u,
                        limit_days=sub,
                        due_on=cal.add_workdays(c.accepted_on, sub).date,
                        done_on=c.completed_on,
                        opinion="同意" if c.completed_on else "",
                    )
                )
    CaseEvent.objects.bulk_create(ev_rows, batch_size=2000)
    Pause.objects.bulk_create(pause_rows, batch_size=1000)
    Extension.objects.bulk_create(ext_rows, batch_size=1000)
    JointPart.objects.bulk_create(part_rows, batch_size=1000)
    n_ratings, n_rects = _ratings(centre, cases, ratings, rng, cal, today)
    # a red card history for old late cases
    late = Case.objects.filter(unit_path__startswith=centre.path, on_time=False).values_list(
        "id", "unit_id", "handler_id", "due_on"
    )[:40]
    Card.objects.bulk_create(
        [
            Card(case_id=i, level="yellow", unit_id=u, person_id=h, on=cal.add_workdays(d, 1).date)
            for i, u, h, d in late
        ],
        ignore_conflicts=True,
    )
    Case.objects.filter(pk__in=[i for i, *_r in late]).update(red_card_level=1, light_state="red")
    return {
        "cases": len(cases),
        "ratings": n_ratings,
        "rectifications": n_rects,
    }
