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
from .explain import quantity_name
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


def _names(ctx: GroupContext, ks, sep: str = "、", limit: int = 6) -> str:
    ids = ctx.table.ids
    ks = list(ks)
    return sep.join(ids[ctx.fidx[k]] for k in ks[:limit]) + (" …" if len(ks) > limit else "")


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
            label = (f"{ind.name}得分", f"{ind.name} score") if ind is not None else (a.by, a.by)
            kcol = key_column(ctx, a.by)
            rank_of = ctx.ind_rank(ind.code)[0] if ind is not None else shared_ranks(kcol)[0]
            fig = (lambda k, c=kcol: cents_text(c[k])) if ind is not None else (lambda k, c=kcol: g(c[k]))
        else:
            label, rank_of = ("总分", "total"), ctx.rank
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
            winners = [
                (k, a.name, (f"{a.name}：满足条件 {a.when}", f"{a.name}: meets {a.when}")) for k in cands
            ]
        else:
            # only candidates ranked at least as well as the need-th one can win or tie with a winner
            near = cands
            if need < len(cands):
                worst = sorted(map(rank_of.__getitem__, cands))[need - 1] if need > 0 else 0
                near = [k for k in cands if rank_of[k] <= worst]
            order = heapq.nsmallest(need, near, key=lambda k: (key(k), ids[fidx[k]]))
            if order:
                last = key(order[-1])
                chosen = set(order)
                order += sorted(
                    (k for k in near if k not in chosen and key(k) == last), key=lambda k: ids[fidx[k]]
                )
            # same-figure candidates just outside (tie: break separated them): named in the sentence
            outside = []
            if tbs and order:
                r_last = rank_of[order[-1]]
                chosen = set(order)
                outside = [k for k in near if k not in chosen and rank_of[k] == r_last]
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
        for k, name, (basis, basis_en) in winners:
            i = fidx[k]
            if res.awards[i] is None:
                res.awards[i] = []
            res.awards[i].append({"name": name, "rule": a.name, "basis": basis, "basis_en": basis_en})
            if a.exclusive:
                held.setdefault(k, set()).add(a.exclusive)
            inputs = LazyInputs(cond[0], cond[1], k, cond[2]) if cond is not None else ""
            ctx.fire(i, "award", name, basis, inputs)
            res.fired[i][-1]["expression_en"] = basis_en


def _pool(nf: int, n: int, excluded: int, a) -> tuple[str, str]:
    if n == nf:
        return f"全部 {nf} 个参赛对象", f"all {nf} participants"
    parts, en = [], []
    if excluded:
        parts.append(f"除 {excluded} 个取消评选资格者外")
        en.append(f"excluding {excluded} not eligible for awards")
    if a.when:
        parts.append(f"满足 {a.when}")
        en.append(f"meeting {a.when}")
    if a.exclusive:
        parts.append(f"未获{a.exclusive}类奖项")
        en.append(f"without a {a.exclusive} award")
    return f"{'、'.join(parts)}的 {n} 个候选对象", f"the {n} candidates ({'; '.join(en)})"


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


def _sentence(ctx, a, k, name, label, fig, pos, pool, first, last, by_key, by_rank, key, tbs, rank_of):
    """The award's explanation as one sentence in Chinese and in English."""
    where = f"第 {first} 位" if first == last else f"第 {first}–{last} 位"
    where_en = f"place {first}" if first == last else f"places {first}–{last}"
    zh = f"{name}：按{label[0]}排序，{label[0]} {fig(k)}，在{pool[0]}中居第 {pos[k]} 位"
    en = f"{name}: ordered by {label[1]}, {label[1]} {fig(k)}, place {pos[k]} among {pool[1]}"
    if not a.by and pos[k] != rank_of[k]:
        zh += f"（总排名第 {rank_of[k]} 名）"
        en += f" (overall rank {rank_of[k]})"
    zh += f"；本奖项给{where}"
    en += f"; this award goes to {where_en}"
    if a.top_percent is not None and not a.tiers:
        zh += f"（前 {a.top_percent:g}%：{a.top_percent:g}% × {ctx.nf} 向上取整 = {last} 位）"
        en += f" (top {a.top_percent:g}%: {a.top_percent:g}% × {ctx.nf} rounded up = {last})"
    kk = key(k)
    grp = by_key[kk]
    if len(grp) > 1:
        others = [j for j in grp[:7] if j != k][:6]
        more = len(grp) - 1 > len(others)
        zh += f"；与 {_names(ctx, others)}{f' 等 {len(grp) - 1} 个' if more else ''} 并列第 {pos[k]} 位"
        en += f"; tied for place {pos[k]} with {_names(ctx, others, ', ')}{f' ({len(grp) - 1} in all)' if more else ''}"
        if pos[k] + len(grp) - 1 > last:
            zh += "，并列者均获奖"
            en += ", all tied win"
    if tbs:
        near = [j for j in by_rank[rank_of[k]][:50] if key(j) != kk]
        if near:
            mine = ", ".join(f"{t} {_tb_fig(ctx, t, k)}" for t in tbs)
            names = [quantity_name(ctx.scheme, t) for t in tbs]
            mine_zh = "，".join(f"{n} {_tb_fig(ctx, t, k)}" for n, t in zip(names, tbs, strict=True))
            zh += f"；与 {_names(ctx, near)} {label[0]}相同，按 {'、'.join(names)} 区分（{mine_zh}）"
            en += f"; same {label[1]} as {_names(ctx, near, ', ')}, separated by {', '.join(tbs)} ({mine.replace('得分', 'score')})"
    return zh, en


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
