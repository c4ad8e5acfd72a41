"""Property tests for the pure rules (no database)."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from yangguang.core.errors import DomainError
from yangguang.exams.rules import advancement, dupes, finals, grading, invigilation, papers, quota


# ---- quota ---------------------------------------------------------------------------------
@given(st.integers(1, 2000), st.decimals("0.01", "100", places=2))
def test_quota_size_half_up_at_least_one(staff, pct):
    n = quota_size_or_none(staff, pct)
    if n is None:
        return
    exact = Decimal(staff) * pct / 100
    assert n >= 1 and n <= staff
    if exact >= 1:
        assert abs(Decimal(n) - exact) <= Decimal("0.5")
        if exact - int(exact) == Decimal("0.5"):
            assert n == int(exact) + 1  # half up


def quota_size_or_none(staff, pct):
    try:
        return quota.quota_size(staff, pct)
    except DomainError as e:
        assert e.code == "quota_too_large"
        return None


def test_seed_quota_totals_528():
    staff = [393, 207, 278, 192, 165, 159, 218, 232, 212, 165, 145, 132, 105, 212, 179, 172, 152, 179]
    assert sum(quota.quota_size(s, 15) for s in staff) == 528
    assert quota.quota_size(393, 15) == 59


def test_quota_larger_than_staff_refused():
    with pytest.raises(DomainError) as e:
        quota.check_quota(3, 4, "甲县")
    assert e.value.code == "quota_too_large" and "甲县" in str(e.value.message)
    with pytest.raises(DomainError):
        quota.quota_size(0, 15)
    with pytest.raises(DomainError):
        quota.quota_size(10, 150)


@given(st.sets(st.integers(1, 10**6), min_size=1, max_size=300), st.integers(0, 2**32), st.data())
def test_draw_size_and_reproducible(ids, seed, data):
    n = data.draw(st.integers(1, len(ids)))
    a = quota.draw(list(ids), n, seed)
    assert len(a) == n == len(set(a)) and set(a) <= ids
    assert quota.draw(sorted(ids, reverse=True), n, seed) == a  # input order does not matter


# ---- papers --------------------------------------------------------------------------------
bank_items = st.lists(
    st.builds(
        lambda i, k, c, d: papers.BankItem(
            i, k, frozenset({c, 100}), d, 4 if k in ("single", "multi") else 0
        ),
        st.integers(1, 10**6),
        st.sampled_from(papers.KIND_ORDER),
        st.integers(1, 3),
        st.integers(1, 3),
    ),
    max_size=80,
    unique_by=lambda b: b.id,
)


@given(bank_items, st.integers(0, 2**31), st.integers(1, 3), st.integers(0, 6))
def test_draw_paper_fills_or_names_short_cell(bank, seed, cat, count):
    cells = [papers.Cell("single", cat, None, count, "2", "政务公开"), papers.Cell("tf", 100, None, 1, "1")]
    try:
        items = papers.draw_paper(cells, bank, seed)
    except DomainError as e:
        short = e.details["short_cells"]
        assert short and all(s["available"] < s["needed"] for s in short)
        return
    assert len(items) == count + 1
    assert len({i.q for i in items}) == len(items)
    assert items == papers.draw_paper(cells, bank, seed)  # reproducible
    by_id = {b.id: b for b in bank}
    for it in items:
        assert sorted(it.perm) == list(range(by_id[it.q].n_options))


def test_short_cell_named():
    bank = [papers.BankItem(1, "single", frozenset({5}), 2, 4)]
    with pytest.raises(DomainError) as e:
        papers.draw_paper([papers.Cell("single", 5, 2, 3, "2", "依法行政")], bank, 1)
    assert "依法行政" in str(e.value.message) and e.value.details["short_cells"][0]["available"] == 1


@given(st.integers(0, 2**31), st.text(min_size=1, max_size=8))
def test_candidate_layout_is_permutation(seed, key):
    items = [{"q": 1}, {"q": 2}, {"q": 3}]
    lay = papers.candidate_layout(items, seed, key, {1: 4, 2: 2, 3: 0})
    assert sorted(lay["1"]) == [0, 1, 2, 3] and sorted(lay["2"]) == [0, 1] and "3" not in lay
    assert lay == papers.candidate_layout(items, seed, key, {1: 4, 2: 2, 3: 0})


# ---- invigilation --------------------------------------------------------------------------
@settings(max_examples=150, deadline=None)
@given(st.integers(1, 8), st.lists(st.integers(1, 10), min_size=0, max_size=40), st.integers(0, 99))
def test_invigilation_constraints_or_named_site(n_sites, pool_units, seed):
    sites = [
        invigilation.SiteNeed(i, f"考点{i}", frozenset({i}), leaders=(1000 + i,), liaisons=(2000 + i,))
        for i in range(1, n_sites + 1)
    ]
    pool = [invigilation.Invigilator(p, u) for p, u in enumerate(pool_units, start=1)]
    try:
        plan = invigilation.solve(sites, pool, seed)
    except DomainError as e:
        problems = e.details["problems"]
        assert problems and all(p["site"] in {s.name for s in sites} for p in problems)
        return
    unit_of = {p.person_id: p.unit_id for p in pool}
    used = [p for g in plan.groups.values() for p in g]
    assert len(used) == len(set(used)) == 2 * n_sites
    for s in sites:
        a, b = plan.groups[s.site_id]
        assert unit_of[a] not in s.units and unit_of[b] not in s.units
        assert unit_of[a] != unit_of[b]
        assert plan.leaders[s.site_id] == 1000 + s.site_id and plan.liaisons[s.site_id] == 2000 + s.site_id
    assert plan.groups == invigilation.solve(sites, pool, seed).groups


def test_invigilation_names_the_site_without_people():
    sites = [
        invigilation.SiteNeed(1, "临沂考点", frozenset({1}), (1,), (2,)),
        invigilation.SiteNeed(2, "淄博考点", frozenset({2}), (3,), (4,)),
    ]
    pool = [invigilation.Invigilator(10, 2), invigilation.Invigilator(11, 3), invigilation.Invigilator(12, 2)]
    with pytest.raises(DomainError) as e:
        invigilation.solve(sites, pool)
    assert "淄博考点" in str(e.value.message) and "临沂考点" not in str(e.value.message)
    # enough units per site, but not enough people for all sites together
    pool = [invigilation.Invigilator(10, 3), invigilation.Invigilator(11, 4), invigilation.Invigilator(12, 5)]
    with pytest.raises(DomainError) as e:
        invigilation.solve(sites, pool)
    assert e.value.details["problems"][0]["rule"] == "not_enough_people"
    no_leader = [invigilation.SiteNeed(1, "德州考点", frozenset({1}), (), (2,))]
    with pytest.raises(DomainError) as e:
        invigilation.solve(no_leader, pool)
    assert "德州考点" in str(e.value.message)


def test_seventeen_sites_solved():
    sites = [
        invigilation.SiteNeed(i, f"S{i}", frozenset({i}), (i * 100,), (i * 100 + 1,)) for i in range(1, 18)
    ]
    pool = [invigilation.Invigilator(u * 10 + k, u) for u in range(2, 18) for k in range(3)]
    plan = invigilation.solve(sites, pool, 7)
    assert len(plan.groups) == 17


# ---- grading -------------------------------------------------------------------------------
@given(st.sets(st.integers(0, 5), min_size=1), st.sets(st.integers(0, 5)))
def test_multi_exact_set_only(key, got):
    score, _ = grading.grade("multi", sorted(key), sorted(got), 4)
    assert score == (Decimal(4) if got == key else Decimal(0))


def test_fill_normalised_and_split():
    key = [["行政机关", "政府机关"], ["20"]]
    assert grading.grade("fill", key, ["  政府机关 ", "２０"], 4)[0] == Decimal("4.00")
    assert grading.grade("fill", key, ["行政机构", "20"], 4)[0] == Decimal("2.00")
    assert grading.grade("single", 2, 2, 1)[0] == 1 and grading.grade("single", 2, 1, 1)[0] == 0
    assert grading.grade("tf", True, True, 1)[0] == 1 and grading.grade("tf", True, 1, 1)[0] == 0
    assert grading.grade("single", 2, None, 1)[0] == 0


@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 3)), min_size=1, max_size=50))
def test_grade_paper_counts_right_answers(pairs):
    items = [{"q": i, "points": "2"} for i in range(len(pairs))]
    keys = {i: ("single", k) for i, (k, _) in enumerate(pairs)}
    answers = {i: a for i, (_, a) in enumerate(pairs)}
    assert grading.grade_paper(items, keys, answers) == 2 * sum(k == a for k, a in pairs)


# ---- advancement ---------------------------------------------------------------------------
@given(
    st.lists(st.lists(st.one_of(st.none(), st.integers(0, 100)), max_size=6), min_size=1, max_size=20),
    st.integers(1, 10),
)
def test_rank_units(score_lists, n):
    units = [advancement.UnitScores(i, tuple(s)) for i, s in enumerate(score_lists)]
    ranked = advancement.rank_units(units, n)
    assert len(ranked) == len(units)
    scored = [r for r in ranked if r.value is not None]
    assert [r.value for r in scored] == sorted([r.value for r in scored], reverse=True)
    adv = [r for r in scored if r.advanced]
    assert len(adv) >= min(n, len(scored))
    if len(adv) > n:  # only ties at the cutoff may push past N
        assert len({(r.value, r.best) for r in adv if r.rank == max(a.rank for a in adv)}) == 1
    for r in ranked:
        if r.value is None:
            assert not r.advanced


def test_tie_break_best_score_then_shared_rank():
    units = [
        advancement.UnitScores(1, (80, 60)),
        advancement.UnitScores(2, (70, 70)),
        advancement.UnitScores(3, (60, 80)),
        advancement.UnitScores(4, (None, 100)),
    ]
    r = {x.unit_id: x for x in advancement.rank_units(units, 1)}
    assert r[1].rank == 1 and r[3].rank == 1 and r[2].rank == 3  # same mean & best: shared
    assert r[1].advanced and r[3].advanced and not r[2].advanced
    assert r[4].value == Decimal("50.00")  # did not submit counts 0


# ---- finals --------------------------------------------------------------------------------
def test_finals_scoring():
    assert finals.event_delta("bida", "correct")[0] == 10
    assert finals.event_delta("bida", "wrong")[0] == 0
    assert finals.event_delta("qiangda", "wrong")[0] == -20
    assert finals.event_delta("qiangda", "foul")[0] == -10
    assert finals.event_delta("fengxian", "wrong", value=30)[0] == -30
    with pytest.raises(DomainError):
        finals.event_delta("fengxian", "correct", value=25)
    with pytest.raises(DomainError):
        finals.event_delta("bida", "foul")


@given(
    st.lists(
        st.tuples(st.integers(1, 4), st.sampled_from(["correct", "wrong", "foul"]), st.integers(-30, 30))
    )
)
def test_standings_sum_and_order(events):
    s = finals.standings([1, 2, 3, 4], events)
    assert sum(x.total for x in s) == sum(d for _, _, d in events)
    assert [x.total for x in s] == sorted([x.total for x in s], reverse=True)


@given(st.integers(1, 9), st.data())
def test_tally(eligible, data):
    o = data.draw(st.integers(0, eligible))
    u = data.draw(st.integers(0, eligible - o))
    r = finals.tally(o, u, eligible)
    if o * 2 > eligible:
        assert r == "overturned"
    elif o + u == eligible:
        assert r == "upheld"


# ---- near-duplicates -----------------------------------------------------------------------
def test_near_duplicates():
    idx = dupes.Index(
        [(1, "政府信息公开应当坚持以公开为常态、不公开为例外的原则。"), (2, "行政复议的申请期限是多少天？")]
    )
    assert idx.nearest("政府信息公开应当坚持以公开为常态，不公开为例外原则")[0] == 1
    assert idx.nearest("党风廉政建设责任制的主体是谁？") is None
    assert dupes.fingerprint("A，B。") == dupes.fingerprint("a b")
