"""A paper never asks one fact twice (issue 12: item 1 and, as a fill-in, item 7 were one question).

The demo bank asks each fact four ways (single choice, fill-in, true and false statement); the draw
took questions by id only, so a paper could hold two forms of one fact. Families join those forms.
"""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from yangguang.core.errors import DomainError
from yangguang.exams.rules import dupes, papers

HAN = st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x4FFF), min_size=1, max_size=30)


@st.composite
def facts(draw):
    """(prefix, key, suffix, distractor) with enough shared text to be one sentence."""
    n = draw(st.integers(1, 12))
    out = []
    for i in range(n):
        prefix = draw(HAN.filter(lambda t: len(t) >= 8))
        suffix = draw(HAN.filter(lambda t: len(t) >= 6))
        key = draw(st.text(alphabet="公开申请审批保密二十", min_size=1, max_size=4))
        other = draw(st.text(alphabet="十五三零备案登记", min_size=1, max_size=4))
        out.append((f"第{i}条" + prefix, key, suffix, other))
    return out


def variants(fact):
    prefix, key, suffix, other = fact
    return [
        ("single", f"{prefix}（　）{suffix}"),
        ("fill", f"{prefix}____{suffix}"),
        ("tf", f"{prefix}{key}{suffix}"),
        ("tf", f"{prefix}{other}{suffix}"),
    ]


@settings(max_examples=60, deadline=None)
@given(facts(), st.integers(0, 2**31), st.integers(1, 4), st.integers(0, 3), st.integers(0, 4))
def test_a_paper_asks_each_fact_once(fs, seed, n_single, n_fill, n_tf):
    stems, fact_of, kinds = [], {}, {}
    for f, fact in enumerate(fs):
        for kind, stem in variants(fact):
            qid = len(stems) + 1
            stems.append((qid, stem))
            fact_of[qid], kinds[qid] = f, kind
    family = dupes.families(stems)
    for f in range(len(fs)):  # the four forms of a fact are one family
        assert len({family[q] for q in fact_of if fact_of[q] == f}) == 1
    bank = [
        papers.BankItem(q, kinds[q], frozenset({1}), 1, 4 if kinds[q] == "single" else 0, family[q])
        for q, _ in stems
    ]
    cells = [
        papers.Cell(k, 1, None, n, "1")
        for k, n in (("single", n_single), ("fill", n_fill), ("tf", n_tf))
        if n
    ]
    try:
        items = papers.draw_paper(cells, bank, seed)
    except DomainError as e:
        # short only when the facts cannot cover the cells once each
        assert n_single + n_fill + n_tf > len({family[q] for q in fact_of})
        assert e.details["short_cells"]
        return
    asked = [fact_of[i.q] for i in items]
    assert len(asked) == len(set(asked)) == n_single + n_fill + n_tf
    assert items == papers.draw_paper(cells, bank, seed)  # still reproducible


def test_unrelated_stems_stay_apart():
    stems = [
        (1, "政府信息公开应当坚持以公开为常态、不公开为例外。"),
        (2, "行政机关应当建立健全政府信息发布机制，及时公开。"),
        (3, "政府信息公开应当坚持以（　）为常态、不公开为例外。"),
    ]
    assert dupes.families(stems) == {1: 1, 2: 2, 3: 1}


def test_a_bank_without_families_draws_as_before():
    """Singleton families draw exactly what the id-only draw drew (recorded seeds still re-derive)."""
    bank = [papers.BankItem(i, "single", frozenset({1}), 1, 4) for i in range(1, 30)]
    fam = [papers.BankItem(b.id, b.kind, b.categories, 1, 4, b.id) for b in bank]
    cells = [papers.Cell("single", 1, None, 10, "2")]
    assert papers.draw_paper(cells, bank, 7) == papers.draw_paper(cells, fam, 7)
    assert [i.q for i in papers.draw_paper(cells, bank, 7)] == [
        3,
        21,
        11,
        19,
        4,
        18,
        2,
        5,
        13,
        12,
    ]  # the id-only draw


@pytest.mark.django_db
def test_demo_papers_ask_each_fact_once():
    from yangguang.exams import demo
    from yangguang.exams.models import Paper, Question
    from yangguang.orgs import demo as orgs_demo

    orgs_demo.build()
    demo.build()
    stems = dict(Question.objects.values_list("id", "stem"))
    family = dupes.families(list(stems.items()))
    papers_ = list(Paper.objects.all())
    assert papers_
    for p in papers_:
        fams = [family[it["q"]] for it in p.items]
        assert len(fams) == len(set(fams)), f"paper {p.version} of {p.exam_id} repeats a fact"


@pytest.mark.django_db
def test_the_paper_shows_the_end_date_and_marks_multiple_choice(world):
    """A sitting may end on another day: 结束时间 08:22 alone reads as over. Multi-select says 多选."""
    from django.test import Client
    from django.utils import timezone

    c = world.candidates[1]
    sitting = c.site.sitting
    client = Client()
    client.post("/public/exams/", {"exam_code": c.exam_code})
    page = client.get("/public/exams/paper/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    end = timezone.localtime(sitting.ends_at)
    assert end.strftime("%Y-%m-%d %H:%M") in page
    kinds = [it["k"] for it in c.paper.items]
    assert page.count('-multi">多选</span>') == kinds.count("multi")
