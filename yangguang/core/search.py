"""The shared, pure part of the public full-text search (issue 15): tokens, queries, ranking, snippets.

Chinese has no spaces, so a text is indexed as its overlapping character bigrams plus its single
characters (a one-character query still finds something); Latin words and numbers are indexed whole.
A query term matches when every bigram of it is present (or its single character, for one-character
terms); the database narrows the candidates with that, then `rank_key` orders them exactly: the
phrase in the title first, then the share of the query's terms the title holds, the phrase anywhere,
the share of terms anywhere, then recency. Synonyms (everyday word → official term, kept by the
administrators in core.Synonym) add the official wording as an alternative of the term.

The apps own their index tables (services/search.py, disclosure/search.py); this module has no ORM
apart from the cached synonym list at the end.
"""

from __future__ import annotations

import re
import unicodedata
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

MAX_QUERY = 100  # characters of a query that count
MAX_TERMS = 6

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RUN = re.compile(rf"[{_CJK}]+|[a-z0-9]+")
_TAGS = re.compile(r"<[^>]*>")

# Words a citizen types around what they want ("怎么办理营业执照"): they split a term and are not
# required to match. Longest first, so "怎么办理" goes before "怎么".
STOP_WORDS = sorted(
    """怎么办理 如何办理 怎样办理 在哪里办 在哪办 需要什么 需要哪些 怎么办 怎么 如何 怎样 哪里 在哪 哪些 什么
    办理 申请 需要 材料 手续 流程 我要 我想 可以 查询 咨询 一下""".split(),
    key=len,
    reverse=True,
)
_STOP = re.compile("|".join(map(re.escape, STOP_WORDS)))


def fold(text: str) -> str:
    """NFKC and lower case, character by character, so positions in the folded text are the
    original's (a snippet is cut from the original at the folded match's place)."""
    low = text.lower()
    if len(low) == len(text) and unicodedata.is_normalized("NFKC", low):
        return low  # the common case (no full-width forms): one pass in C
    out = []
    for c in text:
        f = unicodedata.normalize("NFKC", c).lower()
        out.append(f if len(f) == 1 else c.lower())
    return "".join(out)


def plain(html: str) -> str:
    """Text of a stored HTML body, tags dropped, white space squeezed."""
    return " ".join(_TAGS.sub(" ", html or "").replace("&nbsp;", " ").split())


def grams(text: str) -> set[str]:
    """Index tokens of a text: CJK bigrams and single characters, Latin words and numbers whole."""
    out: set[str] = set()
    for run in _RUN.findall(fold(text)):
        if "a" <= run[0] <= "z" or run[0].isdigit():
            out.add(run[:40])
            continue
        out.update(run)
        out.update(run[i : i + 2] for i in range(len(run) - 1))
    return out


def required(text: str) -> list[str]:
    """The tokens a document must hold to contain `text`: its bigrams (its character when alone)."""
    out: list[str] = []
    for run in _RUN.findall(fold(text)):
        if "a" <= run[0] <= "z" or run[0].isdigit():
            toks = [run[:40]]
        elif len(run) == 1:
            toks = [run]
        else:
            toks = [run[i : i + 2] for i in range(len(run) - 1)]
        out.extend(t for t in toks if t not in out)
    return out


@dataclass(frozen=True)
class Term:
    text: str  # as typed, folded
    # The term itself, then its official wordings: any one matches, when all its parts are there
    # ("社保转移" with 社保 → 社会保险 gives ("社会保险", "转移")).
    alternatives: tuple[tuple[str, ...], ...]

    @property
    def words(self) -> set[str]:
        return {w for alt in self.alternatives for w in alt}


@dataclass(frozen=True)
class Query:
    raw: str  # folded, at most MAX_QUERY characters
    terms: tuple[Term, ...] = field(default_factory=tuple)

    @property
    def phrases(self) -> tuple[str, ...]:
        """The whole query as one phrase, and with each synonym applied."""
        base = "".join(t.text for t in self.terms)
        out = [base] if base else []
        for t in self.terms:
            for alt in t.alternatives[1:]:
                p = base.replace(t.text, "".join(alt))
                if p not in out:
                    out.append(p)
        return tuple(out)

    def __bool__(self) -> bool:
        return bool(self.terms)


def parse(q: str, synonyms: dict[str, str] | None = None) -> Query:
    """Split a typed query into terms: white space and punctuation separate them, the citizen's
    filler words (STOP_WORDS) too unless nothing else is left; each term gets its synonyms."""
    raw = fold((q or "").strip()[:MAX_QUERY])
    pieces: list[str] = []
    for chunk in _RUN.findall(raw):
        parts = [p for p in _STOP.split(chunk) if p] or [chunk]
        pieces.extend(p for p in parts if p not in pieces)
    synonyms = synonyms or {}
    terms = []
    folded = sorted(((fold(w), fold(t)) for w, t in synonyms.items() if w and t), key=lambda x: -len(x[0]))
    for p in pieces[:MAX_TERMS]:
        alts = [(p,)]
        for word, term in folded:
            if word in p:
                alts.append(_replace((p,), word, term, set()))
        combined, done = (p,), set()
        for word, term in folded:  # every synonym at once: 房产证过户 → 不动产 + 转移登记
            combined = _replace(combined, word, term, done)
        alts.append(combined)
        alts = list(dict.fromkeys(a for a in alts if _required_all(a)))
        terms.append(Term(p, tuple(alts)))
    return Query(raw, tuple(t for t in terms if t.alternatives))


def _replace(parts: tuple[str, ...], word: str, term: str, done: set[str]) -> tuple[str, ...]:
    """Cut `word` out of the parts not yet replaced (`done` holds the replacements) and put `term`
    in as a part of its own."""
    out: list[str] = []
    for part in parts:
        if part in done or word not in part:
            out.append(part)
            continue
        before, _, after = part.partition(word)
        out += [x for x in (before, term, after) if x]
        done.add(term)
    return tuple(out)


def loose(query: Query) -> Query:
    """Every token of the query as a term of its own, for a candidate search with any_term: finds
    what holds part of a term (教师资格证 → 教师资格认定); rank_key's coverage then orders them."""
    toks = dict.fromkeys(t for term in query.terms for alt in term.alternatives for t in _required_all(alt))
    return Query(query.raw, tuple(Term(t, ((t,),)) for t in toks))


def _required_all(alt: tuple[str, ...]) -> list[str]:
    out: list[str] = []
    for part in alt:
        out.extend(t for t in required(part) if t not in out)
    return out


# -- what the databases are asked ----------------------------------------------------------------


def _pg_alt(alt: tuple[str, ...], weight: str) -> str:
    return "(" + " & ".join(f"'{t}'{weight}" for t in _required_all(alt)) + ")"


def pg_tsquery(query: Query, *, title_only: bool = False, any_term: bool = False) -> str:
    """A PostgreSQL tsquery (input syntax, lexemes verbatim: no text-search parser between)."""
    weight = ":A" if title_only else ""
    terms = ["(" + " | ".join(_pg_alt(a, weight) for a in t.alternatives) + ")" for t in query.terms]
    return (" | " if any_term else " & ").join(terms)


def pg_tsvector(title: str, text: str, when=None) -> str:
    """A tsvector literal: title tokens weighted A, the rest unweighted (D), and the week of `when`
    (a date) as the lexeme '~w<n>' that recency windows select by (no query token has a '~')."""
    head, rest = grams(title), grams(text)
    parts = [f"'{g}':1A,2" if g in rest else f"'{g}':1A" for g in sorted(head)]
    parts += [f"'{g}':2" for g in sorted(rest - head)]
    if when is not None:
        parts.append(f"'~w{week(when)}'")
    return " ".join(parts)


def week(when) -> int:
    day = when.date() if hasattr(when, "date") else when
    return day.toordinal() // 7


# Recency windows in weeks back from this one: a query asks the newest weeks first (a common word fills
# its page from them, reading a few hundred rows, not every match); only then everything older, as one
# plain index probe with a date bound (a window of many week tokens, or a NOT of them, made the index
# union tens of thousands of postings: slow exactly when the words are rare or never meet).
WINDOWS = ((0, 1), (1, 2), (2, 4), (4, 8))


def pg_window(this_week: int, first: int, last: int) -> str:
    return "(" + " | ".join(f"'~w{this_week - k}'" for k in range(first, last)) + ")"


def week_start(week_number: int):
    """The first day of a `week()` number (weeks counted from day 0 of the proleptic calendar)."""
    from datetime import date

    return date.fromordinal(max(1, week_number * 7))


def fts5_match(query: Query, *, title_only: bool = False, any_term: bool = False) -> str:
    """An SQLite FTS5 MATCH expression over columns (title, body) holding space-separated tokens."""

    def alt(a: tuple[str, ...]) -> str:
        return "(" + " AND ".join(f'"{t}"' for t in _required_all(a)) + ")"

    terms = ["(" + " OR ".join(alt(a) for a in t.alternatives) + ")" for t in query.terms]
    expr = (" OR " if any_term else " AND ").join(terms)
    return f"title : ({expr})" if title_only else expr


def fts5_tokens(text: str) -> str:
    return " ".join(sorted(grams(text)))


# -- ranking and snippets ------------------------------------------------------------------------


def _covered(text: str, term: Term) -> float:
    """The share of the term's tokens the text holds (its best alternative); 1 when it holds the term."""
    best = 0.0
    for alt in term.alternatives:
        if all(w in text for w in alt):
            return 1.0
        need = _required_all(alt)
        best = max(best, sum(t in text for t in need) / len(need))
    return best


def rank_key(query: Query, title: str, text: str, recency) -> tuple:
    """Sort key, larger first: phrase in title (2 when the title is the phrase), share of terms wholly
    in the title, phrase anywhere (title or text), coverage (share of the terms' tokens held anywhere),
    recency. A title holding the phrase thus decides everything but recency without reading the text
    (the search's fast path for common words, disclosure/search.py)."""
    t, b = fold(title), fold(text)
    n = len(query.terms) or 1
    phrase_title = _phrase_in(t, query)
    title_cov = sum(_covered(t, x) == 1 for x in query.terms) / n  # terms wholly in the title
    phrase_any = int(phrase_title > 0 or any(p in b for p in query.phrases))
    cov = sum(_covered(t + " " + b, x) for x in query.terms) / n
    return (phrase_title, title_cov, phrase_any, cov, recency)


def title_rank(query: Query, title: str) -> int:
    """rank_key's first element alone: 2 when the title is the phrase, 1 when it holds it, else 0."""
    return _phrase_in(fold(title), query)


def _phrase_in(folded_title: str, query: Query) -> int:
    t = folded_title
    return max((2 if t == p else 1) if p in t else 0 for p in query.phrases) if query.phrases else 0


def _spans(folded: str, query: Query) -> list[tuple[int, int]]:
    words = {w for t in query.terms for w in t.words} | set(query.phrases)
    spans = []
    for w in sorted(words, key=len, reverse=True):
        start = folded.find(w)
        while start >= 0:
            end = start + len(w)
            if not any(s < end and start < e for s, e in spans):
                spans.append((start, end))
            start = folded.find(w, end)
    return sorted(spans)


def highlight(text: str, query: Query) -> SafeString:
    """The whole text, escaped, every match wrapped in <mark>."""
    return _marked(text, _spans(fold(text), query))


def snippet(text: str, query: Query, width: int = 80) -> SafeString:
    """About `width` characters around the first match, escaped, matches in <mark>; the text's start
    when nothing matches."""
    spans = _spans(fold(text), query)
    start = max(0, spans[0][0] - width // 3) if spans else 0
    end = min(len(text), start + width)
    part = [(s - start, min(e, end) - start) for s, e in spans if s >= start and s < end]
    body = _marked(text[start:end], part)
    return mark_safe(("…" if start else "") + body + ("…" if end < len(text) else ""))


def _marked(text: str, spans: list[tuple[int, int]]) -> SafeString:
    out, pos = [], 0
    for s, e in spans:
        out.append(escape(text[pos:s]))
        out.append(f"<mark>{escape(text[s:e])}</mark>")
        pos = e
    out.append(escape(text[pos:]))
    return mark_safe("".join(out))


# -- the administrators' synonym list -----------------------------------------------------------

SYNONYMS_KEY = "core:search:synonyms"


def synonyms() -> dict[str, str]:
    """{everyday word: official term}, cached until a synonym changes (core.admin, demo)."""
    from django.core.cache import cache

    found = cache.get(SYNONYMS_KEY)
    if found is None:
        from .models import Synonym

        found = dict(Synonym.objects.values_list("word", "term"))
        cache.set(SYNONYMS_KEY, found, None)
    return found


def synonyms_changed(**_kwargs) -> None:
    from django.core.cache import cache

    cache.delete(SYNONYMS_KEY)
    index_changed()


# -- the version of what a search can find (cached results carry it in their key) -----------------

VERSION_KEY = "core:search:version"


def index_version() -> int:
    """Changes whenever an index row or a synonym changes, on every server (the shared cache)."""
    from django.core.cache import cache

    return cache.get_or_set(VERSION_KEY, 1, None)


def index_changed() -> None:
    """Now (the writer's own transaction reads its writes) and again once the transaction commits (a
    search made in between, by another connection, may have cached the old answer under the new
    version)."""
    from django.core.cache import cache
    from django.db import transaction

    def bump():
        try:
            cache.incr(VERSION_KEY)
        except ValueError:
            cache.set(VERSION_KEY, 2, None)

    bump()
    transaction.on_commit(bump)


def parse_with_synonyms(q: str) -> Query:
    return parse(q, synonyms())


def connect_signals() -> None:
    from django.db.models.signals import post_delete, post_save

    from .models import Synonym

    post_save.connect(synonyms_changed, sender=Synonym, dispatch_uid="core.search.synonyms")
    post_delete.connect(synonyms_changed, sender=Synonym, dispatch_uid="core.search.synonyms.del")


# -- one app's index table (raw SQL: a tsvector under GIN in PostgreSQL, FTS5 in SQLite) ---------


def in_chunks(qs, fields: tuple[str, ...], entry, size: int):
    """`entry(row)` for each row of `qs` (ordered by pk), `size` rows a list, read by keyset (a rebuild of a
    million rows never holds them all, nor pays an OFFSET)."""
    last = 0
    while True:
        rows = list(qs.filter(pk__gt=last).values(*fields)[:size])
        if not rows:
            return
        yield [entry(r) for r in rows]
        last = rows[-1]["id"]


@dataclass(frozen=True)
class TextIndex:
    """An app's search table: one row per public object, its tokens (title weighted), and the
    columns its filters and recency read. The app keeps it in step from its writes (signals) and
    rebuilds it after bulk loads; `candidates` narrows a query to ids, newest first."""

    table: str
    columns: tuple[tuple[str, str], ...]  # (name, PostgreSQL type) of the filter/order columns
    order: str  # the recency column, newest first

    def ddl(self, vendor: str) -> list[str]:
        names = [c for c, _t in self.columns]
        if vendor == "postgresql":
            cols = ", ".join(f"{c} {t}" for c, t in self.columns)
            return [
                f"CREATE TABLE {self.table} (id bigint PRIMARY KEY, {cols}, vector tsvector NOT NULL)",
                f"CREATE INDEX {self.table}_vector ON {self.table} USING gin (vector)",
            ]
        unindexed = ", ".join(f"{c} UNINDEXED" for c in names)
        return [
            f"CREATE VIRTUAL TABLE {self.table} USING fts5(title, body, {unindexed}, tokenize='unicode61')"
        ]

    def drop_ddl(self) -> list[str]:
        return [f"DROP TABLE IF EXISTS {self.table}"]

    def upsert(self, rows: list[tuple[int, str, str, dict]]) -> int:
        """rows: (id, title, text, {column: value}); replaces what the index held for those ids."""
        from django.db import connection

        if not rows:
            return 0
        names = [c for c, _t in self.columns]
        with connection.cursor() as cur:
            if connection.vendor == "postgresql":
                sets = ", ".join(f"{c} = EXCLUDED.{c}" for c in [*names, "vector"])
                marks = ", ".join(["%s"] * (len(names) + 1))
                cur.executemany(
                    f"INSERT INTO {self.table} (id, {', '.join(names)}, vector) VALUES ({marks}, %s::tsvector) "
                    f"ON CONFLICT (id) DO UPDATE SET {sets}",
                    [
                        (pk, *[extra.get(c) for c in names], pg_tsvector(t, x, extra.get(self.order)))
                        for pk, t, x, extra in rows
                    ],
                )
            else:
                self._delete(cur, [r[0] for r in rows])
                marks = ", ".join(["%s"] * (len(names) + 3))
                cur.executemany(
                    f"INSERT INTO {self.table} (rowid, title, body, {', '.join(names)}) VALUES ({marks})",
                    [
                        (pk, fts5_tokens(t), fts5_tokens(x), *[_sqlite(extra.get(c)) for c in names])
                        for pk, t, x, extra in rows
                    ],
                )
        index_changed()
        return len(rows)

    def delete(self, ids: list[int]) -> None:
        from django.db import connection

        with connection.cursor() as cur:
            self._delete(cur, ids)
        index_changed()

    def _delete(self, cur, ids: list[int]) -> None:
        from django.db import connection

        key = "id" if connection.vendor == "postgresql" else "rowid"
        for i in range(0, len(ids), 900):
            part = ids[i : i + 900]
            cur.execute(f"DELETE FROM {self.table} WHERE {key} IN ({', '.join(['%s'] * len(part))})", part)

    def clear(self) -> None:
        from django.db import connection

        with connection.cursor() as cur:
            cur.execute(f"DELETE FROM {self.table}")
        index_changed()

    def reload(self, chunks) -> int:
        """Empty the index and fill it from `chunks` (iterables of upsert rows). PostgreSQL: COPY
        into the table with its GIN index dropped, then the index built once (bulk loads, the
        benchmarks); SQLite: plain inserts."""
        from django.db import connection, transaction

        if connection.vendor != "postgresql":
            self.clear()
            return sum(self.upsert(list(rows)) for rows in chunks)
        names = [c for c, _t in self.columns]
        copy_sql = f"COPY {self.table} (id, {', '.join(names)}, vector) FROM STDIN"
        done = 0
        with transaction.atomic(), connection.cursor() as cur:
            cur.execute(f"TRUNCATE {self.table}")
            cur.execute(f"DROP INDEX IF EXISTS {self.table}_vector")
            for rows in chunks:  # read a chunk, then copy it: no query may run while a COPY is open
                rows = [
                    (pk, *[e.get(c) for c in names], pg_tsvector(t, x, e.get(self.order)))
                    for pk, t, x, e in rows
                ]
                with cur.cursor.copy(copy_sql) as copy:
                    for row in rows:
                        copy.write_row(row)
                done += len(rows)
            cur.execute("SET LOCAL maintenance_work_mem = '256MB'")
            cur.execute(self.ddl("postgresql")[1])
        with connection.cursor() as cur:
            cur.execute(f"ANALYZE {self.table}")
        index_changed()
        return done

    def candidates(
        self, query: Query, *, filters: dict | None = None, limit: int = 200, title_only=False, any_term=False
    ) -> list[int]:
        """Ids of rows holding the query (every term; any term with any_term), newest first.
        filters: {column: value | list (any of) | (low, high) tuple (low ≤ v < high)}."""
        from django.db import connection

        if not query:
            return []
        pg = connection.vendor == "postgresql"
        where, params = [], []
        for col, value in (filters or {}).items():
            if col not in dict(self.columns):
                raise ValueError(col)
            values = value if isinstance(value, list | tuple) else [value]
            if not values:
                return []
            if isinstance(value, list):
                where.append(f"{col} IN ({', '.join(['%s'] * len(value))})")
            elif isinstance(value, tuple):
                where.append(f"{col} >= %s AND {col} < %s")
            else:
                where.append(f"{col} = %s")
            params.extend(v if pg else _sqlite(v) for v in values)
        if not pg:
            sql = (
                f"SELECT rowid FROM {self.table} WHERE {' AND '.join([f'{self.table} MATCH %s', *where])} "
                f"ORDER BY {self.order} DESC, rowid DESC LIMIT %s"
            )
            match = fts5_match(query, title_only=title_only, any_term=any_term)
            with connection.cursor() as cur:
                cur.execute(sql, [match, *params, limit])
                return [r[0] for r in cur.fetchall()]
        return self._pg_candidates(query, where, params, limit, title_only, any_term)

    def _pg_candidates(self, query, where, params, limit, title_only, any_term) -> list[int]:
        """The newest weeks first, window by window, then everything older, until `limit` ids, in one
        statement: each window's probe intersects the query's posting lists with its weeks' inside the
        GIN index, the last is the plain probe bounded by date, and the outer LIMIT stops the UNION ALL
        before an older part is read."""
        from datetime import date

        from django.db import connection

        terms = pg_tsquery(query, title_only=title_only, any_term=any_term)
        order = f"ORDER BY {self.order} DESC NULLS LAST, id DESC LIMIT %s"
        now, sql, args = week(date.today()), [], []
        for first, last in WINDOWS:
            cond = " AND ".join(["vector @@ %s::tsquery", *where])
            sql.append(f"(SELECT id FROM {self.table} WHERE {cond} {order})")
            args += [f"({terms}) & {pg_window(now, first, last)}", *params, limit]
        # the weeks no window above holds: older ones, undated rows, and any dated ahead of this week
        older = f"({self.order} < %s OR {self.order} >= %s OR {self.order} IS NULL)"
        cond = " AND ".join(["vector @@ %s::tsquery", older, *where])
        sql.append(f"(SELECT id FROM {self.table} WHERE {cond} {order})")
        args += [terms, week_start(now - WINDOWS[-1][1] + 1), week_start(now + 1), *params, limit]
        with connection.cursor() as cur:
            cur.execute(f"SELECT id FROM ({' UNION ALL '.join(sql)}) AS c LIMIT %s", [*args, limit])
            return [r[0] for r in cur.fetchall()]


@contextmanager
def reading():
    """Around an app's candidate queries: the planner misjudges how many rows a bigram query
    matches, so it is told to use the index (PostgreSQL; one transaction, no other effect)."""
    from django.db import connection, transaction

    if connection.vendor != "postgresql" or getattr(connection, "_yg_reading", False):
        yield  # SQLite, or inside an outer block already (the front door reads both apps in one)
        return
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute("SET LOCAL enable_seqscan = off")
        connection._yg_reading = True
        try:
            yield
        finally:
            connection._yg_reading = False


def _sqlite(v):
    """FTS5 UNINDEXED columns compare as stored: dates and times as ISO text."""
    return v.isoformat() if hasattr(v, "isoformat") else v
