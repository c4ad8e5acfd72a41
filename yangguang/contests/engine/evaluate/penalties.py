"""Step 5: penalties over everyone still in the field — including the award-ineligible (an incident
never spares a penalty)."""

from __future__ import annotations

from .context import GroupContext
from .rules import LazyInputs

CARD_ZH = {"yellow": "黄牌警告", "red": "红牌警告", "none": ""}


CARD_EN = {"yellow": "yellow card", "red": "red card", "none": ""}


def penalty_text(p: dict, lang: str = "zh") -> str:
    """“黄牌警告, 扣减当季绩效 20%, 岗位 支行行长、分管副行长” (or in English)."""
    en = lang == "en"
    parts = [(CARD_EN if en else CARD_ZH).get(p["card"], "")]
    if p.get("pay_cut"):
        parts.append(
            f"{p['pay_cut']:g}% off this quarter's performance pay"
            if en
            else f"扣减当季绩效 {p['pay_cut']:g}%"
        )
    if p.get("posts"):
        parts.append(("posts " + ", ".join(p["posts"])) if en else ("岗位 " + "、".join(p["posts"])))
    return ", ".join(x for x in parts if x)


def penalty_hits(ctx: GroupContext) -> list:
    """Each penalty rule of the group over the field → (its place in the scheme, the field positions it
    hits, the errors on the way, the columns and the aggregate figures it saw): the costly part, which
    a forked process may work out while awards are given (pipeline.py)."""
    found = []
    for n, pen in enumerate(ctx.scheme.penalties):
        if not ctx.scheme.applies(pen.groups, ctx.code):
            continue
        with ctx.errors_kept() as errors:
            _c, cols, aggs, vals = ctx.run_full(pen.when, pen.name)
        found.append((n, [k for k, v in enumerate(vals) if v], errors, cols, aggs))
    return found


def apply_penalties(ctx: GroupContext) -> None:
    res = ctx.res
    found = ctx.penalties_found
    ctx.penalties_found = None
    for n, hits, errors, cols, aggs in penalty_hits(ctx) if found is None else found:
        pen = ctx.scheme.penalties[n]
        for e in errors:
            ctx.err(*e)
        c = ctx.compile(pen.when, ctx.all_names, pen.name)
        # the same for everyone the rule hits: worded once
        shown = {"name": pen.name, "card": pen.card, "pay_cut": pen.pay_cut, "posts": list(pen.posts)}
        rule = f"{pen.name}({penalty_text(shown)})"
        rule_en = f"{pen.name} ({penalty_text(shown, 'en')})"
        for k in hits:
            i = ctx.fidx[k]
            if res.penalties[i] is None:
                res.penalties[i] = []
            res.penalties[i].append({**shown, "posts": list(pen.posts)})
            ctx.fire(i, "penalty", rule, pen.when, LazyInputs(c, cols, k, aggs))
            res.fired[i][-1]["rule_en"] = rule_en
