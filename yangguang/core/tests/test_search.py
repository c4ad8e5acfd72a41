"""The pure part of the public search: tokens, query parsing, database expressions, ranking, snippets."""

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from yangguang.core import search as S


def test_grams_are_bigrams_and_single_characters_and_whole_latin_words():
    assert S.grams("社保卡 ABC-12") == {"社", "保", "卡", "社保", "保卡", "abc", "12"}
    assert S.grams("ＡＢＣ１２") == {"abc12"}  # full-width folded


def test_a_term_requires_its_bigrams_or_its_single_character():
    assert S.required("营业执照") == ["营业", "业执", "执照"]
    assert S.required("证") == ["证"]


@given(st.text(alphabet="社会保险营业执照登记证明abc 12", min_size=1, max_size=30))
def test_every_substring_of_an_indexed_text_is_findable(text):
    tokens = S.grams(text)
    for i in range(len(text)):
        for j in range(i + 1, min(len(text), i + 6) + 1):
            part = text[i:j]
            if " " in part or not part.strip():
                continue
            need = S.required(part)
            # Latin runs are indexed whole: a cut word is not findable, a whole one is
            if all(c not in "abc12" for c in part):
                assert set(need) <= tokens, part


def test_parse_drops_filler_words_and_expands_synonyms():
    q = S.parse("怎么办理社保转移", {"社保": "社会保险"})
    assert [t.text for t in q.terms] == ["社保转移"]
    assert q.terms[0].alternatives == (("社保转移",), ("社会保险", "转移"))
    assert q.phrases == ("社保转移", "社会保险转移")
    assert [t.text for t in S.parse("办理").terms] == ["办理"]  # nothing but filler: kept
    assert not S.parse("   ！？")
    assert len(S.parse(" ".join(f"词{i}" for i in range(20))).terms) == S.MAX_TERMS


def test_database_expressions_hold_only_index_tokens():
    q = S.parse("营业执照 'x\\\" OR 1=1 --")
    pg = S.pg_tsquery(q)
    assert pg.startswith("(('营业' & '业执' & '执照'))")
    assert "\\" not in pg and '"' not in pg and "--" not in pg
    assert "OR" not in S.fts5_match(q).replace(" OR ", "")
    assert S.fts5_match(S.parse("证"), title_only=True) == 'title : ((("证")))'
    assert S.pg_tsquery(S.parse("社保 登记"), title_only=True, any_term=True) == (
        "(('社保':A)) | (('登记':A))"
    )


def test_tsvector_weights_title_tokens():
    v = S.pg_tsvector("社保", "社保卡")
    assert "'社保':1A,2" in v and "'保卡':2" in v


def test_ranking_phrase_in_title_then_coverage_then_recency():
    q = S.parse("营业执照")
    exact = S.rank_key(q, "营业执照", "", 1)
    in_title = S.rank_key(q, "个体工商户营业执照核发", "", 1)
    in_body = S.rank_key(q, "企业设立登记", "需要营业执照", 9)
    scattered = S.rank_key(q, "执照营业", "", 9)
    assert exact > in_title > in_body > scattered
    two = S.parse("社保 登记")
    assert S.rank_key(two, "社保登记", "", 0) > S.rank_key(two, "社保转移", "", 99)
    assert S.rank_key(q, "营业执照", "", date(2025, 1, 2)) > S.rank_key(q, "营业执照", "", date(2025, 1, 1))


def test_snippet_escapes_and_marks_matches():
    q = S.parse("社保")
    out = S.snippet("<script>alert(1)</script>" + "前文" * 40 + "社保转移" + "后文" * 40, q, 20)
    assert "<script>" not in out and "<mark>社保</mark>" in out and out.startswith("…")
    assert S.highlight("a<b>社保</b>", q) == "a&lt;b&gt;<mark>社保</mark>&lt;/b&gt;"
    assert S.snippet("无关", q) == "无关"


def test_fold_keeps_positions():
    text = "㎡社保ＡＢ"
    assert len(S.fold(text)) == len(text)
