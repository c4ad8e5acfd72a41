"""Step 4: award eligibility (取消评选资格) and awards.

`ineligible` rules run after ranking: a participant that meets one keeps its rank and its penalties but
cannot win an award. Awards in scheme order: top N, top N%, tiers, threshold; at most one award of an
`exclusive` set; at the boundary, tied candidates all win (`tie: shared`) or are separated by the
award's `tie_break` quantities first (`tie: break`). Each award's explanation is a sentence naming the
figure it ranked on, the participant's position among the candidates, the places given and any tie."""

from __future__ import annotations

import heapq
import math

from .context import GroupContext
from .numbers import cents_text, g
from .ranking import key_column, shared_ranks
from .rules import LazyInputs, inputs_text


def mark_ineligible(ctx: GroupContext) -> None:
    res = ctx.res
    for r in ctx.scheme.ineligible:
        if not ctx.scheme.applies(r.groups, ctx.code):
            continue
        c, cols, aggs, vals = ctx.run_full(r.when, r.name)
        for k, v in enumerate(vals):
            if v:
                i = ctx.fidx[k]
                if res.ineligible[i] is None:
                    res.ineligible[i] = []
                res.ineligible[i].append(
                    {
                        "rule": r.name,
                        "kind": "ineligible",
                        "expression": r.when,
                        "inputs": inputs_text(c, cols, k, aggs),
                    }
                )


def _names(ctx: GroupContext, ks, limit: int = 5) -> str:
    ids = ctx.table.ids
    ks = list(ks)
    out = "、".join(ids[ctx.fidx[k]] for k in ks[:limit])
    return out + (f" 等 {len(ks)} 个" if len(ks) > limit else "")


def give_awards(ctx: GroupContext) -> None:
    s, res = ctx.scheme, ctx.res
    nf, fidx, ids = ctx.nf, ctx.fidx, ctx.table.ids
    inel = res.ineligible
    held: dict[int, set[str]] = {}
    for a in s.awards:
        if not s.applies(a.groups, ctx.code):
            continue
        # the ordering figure: the total, an indicator's score or a derived quantity (higher is better)
        if a.by:
            ind = s.indicator(a.by)
            label = f"{ind.name}得分" if ind is not None else a.by
            kcol = key_column(ctx, a.by)
            rank_of = ctx.ind_rank(ind.code)[0] if ind is not None else shared_ranks(kcol)[0]
            fig = (lambda k, c=kcol: cents_text(c[k])) if ind is not None else (lambda k, c=kcol: g(c[k]))
        else:
            label, rank_of = "总分", ctx.rank
            fig = lambda k: cents_text(ctx.totals[k])  # noqa: E731
        tbs = a.tie_break if a.tie == "break" else []
        tbcols = [key_column(ctx, x) for x in tbs]

        def key(k, rank_of=rank_of, tbcols=tbcols):
            return (rank_of[k], *[-c[k] for c in tbcols])

        cond = ctx.run_full(a.when, a.name) if a.when else None
        cands = [k for k in range(nf) if inel[fidx[k]] is None]
        excluded = nf - len(cands)
        if cond is not None:
            cands = [k for k in cands if cond[3][k]]
        if a.exclusive:
            cands = [k for k in cands if a.exclusive not in held.get(k, ())]
        pool = _pool(nf, len(cands), excluded, a)
        need = None
        if a.tiers:
            need = sum(t["count"] for t in a.tiers)
        elif a.top is not None:
            need = a.top
        elif a.top_percent is not None:
            need = max(1, math.ceil(a.top_percent * nf / 100 - 1e-9))
        winners: list[tuple[int, str, str]] = []
        if need is None:
            winners = [(k, a.name, f"{a.name}: 满足条件 {a.when}") for k in cands]
        else:
            order = heapq.nsmallest(need, cands, key=lambda k: (key(k), ids[fidx[k]]))
            if order:
                last = key(order[-1])
                chosen = set(order)
                order += sorted(
                    (k for k in cands if k not in chosen and key(k) == last), key=lambda k: ids[fidx[k]]
                )
            # same-figure candidates just outside (tie: break separated them): named in the sentence
            outside = []
            if tbs and order:
                r_last = rank_of[order[-1]]
                chosen = set(order)
                outside = [k for k in cands if k not in chosen and rank_of[k] == r_last]
            pos = _positions(order, key)
            by_key: dict = {}
            by_rank: dict = {}
            for j in (*order, *outside):
                by_key.setdefault(key(j), []).append(j)
                by_rank.setdefault(rank_of[j], []).append(j)
            slots = [(t["name"], t["count"]) for t in a.tiers] if a.tiers else [(a.name, need)]
            start = 0
            for tier_name, count in slots:
                taken = _take(order[start:], key, count)
                first, last_place = start + 1, start + count
                for k in taken:
                    winners.append(
                        (
                            k,
                            tier_name,
                            _sentence(
                                ctx,
                                a,
                                k,
                                tier_name,
                                label,
                                fig,
                                pos,
                                pool,
                                first,
                                last_place,
                                by_key,
                                by_rank,
                                key,
                                tbs,
                                rank_of,
                            ),
                        )
                    )
                start += len(taken)
        for k, name, basis in winners:
            i = fidx[k]
            if res.awards[i] is None:
                res.awards[i] = []
            res.awards[i].append({"name": name, "rule": a.name, "basis": basis})
            if a.exclusive:
                held.setdefault(k, set()).add(a.exclusive)
            inputs = LazyInputs(cond[0], cond[1], k, cond[2]) if cond is not None else ""
            ctx.fire(i, "award", name, basis, inputs)


def _pool(nf: int, n: int, excluded: int, a) -> str:
    if n == nf:
        return f"全部 {nf} 个参赛对象"
    parts = []
    if excluded:
        parts.append(f"除 {excluded} 个取消评选资格者外")
    if a.when:
        parts.append(f"满足 {a.when}")
    if a.exclusive:
        parts.append(f"未获{a.exclusive}类奖项")
    return f"{'、'.join(parts)}的 {n} 个候选对象"


def _positions(order: list[int], key) -> dict[int, int]:
    """Position among the candidates: 1 + how many candidates are strictly better."""
    pos: dict[int, int] = {}
    prev, p = None, 0
    for n, k in enumerate(order, start=1):
        kk = key(k)
        if kk != prev:
            p, prev = n, kk
        pos[k] = p
    return pos


def _sentence(ctx, a, k, name, label, fig, pos, pool, first, last, by_key, by_rank, key, tbs, rank_of) -> str:
    where = f"第 {first} 位" if first == last else f"第 {first}–{last} 位"
    text = f"{name}: 按{label}排序, {label} {fig(k)}, 在{pool}中居第 {pos[k]} 位"
    if not a.by and pos[k] != rank_of[k]:
        text += f"(总排名第 {rank_of[k]} 名)"
    text += f"; 本奖项给{where}"
    if a.top_percent is not None and not a.tiers:
        text += f"(前 {a.top_percent:g}%: {a.top_percent:g}% × {ctx.nf} 向上取整 = {last} 位)"
    kk = key(k)
    grp = by_key[kk]
    if len(grp) > 1:
        others = [j for j in grp[:7] if j != k][:6]
        more = f" 等 {len(grp) - 1} 个" if len(grp) - 1 > len(others) else ""
        text += f"; 与 {_names(ctx, others)}{more} 并列第 {pos[k]} 位"
        if pos[k] + len(grp) - 1 > last:
            text += ", 并列者均获奖"
    if tbs:
        near = [j for j in by_rank[rank_of[k]][:50] if key(j) != kk]
        if near:
            mine = ", ".join(f"{t} {_tb_fig(ctx, t, k)}" for t in tbs)
            text += f"; 与 {_names(ctx, near)} {label}相同, 按 {'、'.join(tbs)} 区分({mine})"
    return text


def _tb_fig(ctx: GroupContext, name: str, k: int) -> str:
    ind = ctx.scheme.indicator(name)
    if ind is not None:
        return "得分 " + cents_text(ctx.cents[ind.code][k])
    return g(ctx.field_named(name).vals[k])


def _take(cands: list[int], key, count: int) -> list[int]:
    """The first `count` candidates in order, plus any tied with the last one taken."""
    out: list[int] = []
    for k in cands:
        if len(out) >= count and key(k) != key(out[-1]):
            break
        out.append(k)
    return out
