"""A period's data as columns: reading .csv/.xlsx fast, validating every cell, all-or-nothing.

Column names, for an indicator with name 存款 and code deposit: the value `存款` (or `deposit`), the base
`存款基数` (`deposit_base`), the plan `存款计划` (`deposit_plan`); a fact by its name or code. Participants
by `id`/`编号`, `name`/`名称`, and `group`/`组别` when the scheme has groups; an optional `period`/`期间`
column keeps only the rows of the evaluated period.
"""

from __future__ import annotations

import csv
import io
import math
from array import array
from dataclasses import dataclass, field
from itertools import repeat

from django.utils.translation import gettext_lazy as _

from yangguang.core.errors import DomainError, ImportRejected, RowError

from . import forked
from .expr import fmt, referenced
from .scheme import Scheme

NAN = math.nan
ID_COLS = ("id", "编号", "代码", "code")
NAME_COLS = ("name", "名称", "姓名")
GROUP_COLS = ("group", "组别")
PERIOD_COLS = ("period", "期间")


@dataclass
class Table:
    ids: list[str]
    names: list[str]
    groups: list[str]
    rows: list[int]  # spreadsheet row numbers
    values: dict[tuple[str, str], array] = field(default_factory=dict)  # (indicator, value|base|plan)
    facts: dict[str, array] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.ids)


def read_columns(data: bytes, filename: str) -> tuple[list[str], list[int], list[list]]:
    """Header, row numbers and the raw rows of a .csv/.xlsx file (cells as text or numbers)."""
    header, pairs = iter_rows(data, filename)
    rownos, rows = [], []
    for n, r in pairs:
        rownos.append(n)
        rows.append(r)
    return header, rownos, rows


def iter_rows(data: bytes, filename: str):
    """Header and an iterator of (row number, cells), streaming: a 400,000-row file is never held as rows."""
    name = filename.lower()
    if name.endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception:
            raise DomainError("bad_file", _("The file is not a readable .xlsx workbook."))
        it = wb.worksheets[0].iter_rows(values_only=True)
        try:
            header = [str(h).strip() if h is not None else "" for h in next(it)]
        except StopIteration:
            raise DomainError("empty_file", _("The file is empty."))

        def xlsx_rows():
            for i, raw in enumerate(it, start=2):
                if raw is None or all(c is None or (isinstance(c, str) and not c.strip()) for c in raw):
                    continue
                yield i, ["" if c is None else c for c in raw]
            wb.close()

        return header, xlsx_rows()
    if name.endswith(".csv") or name.endswith(".txt"):
        for enc in ("utf-8-sig", "gb18030"):
            try:
                plain = plain_csv(data.decode(enc))
                break
            except UnicodeDecodeError:
                continue
        else:
            raise DomainError("bad_encoding", _("The file is neither UTF-8 nor GB18030 text."))
        if plain is not None:
            return plain
        reader = csv.reader(io.TextIOWrapper(io.BytesIO(data), encoding=enc, newline=""))
        try:
            header = [h.strip() for h in next(reader)]
        except StopIteration:
            raise DomainError("empty_file", _("The file is empty."))

        def csv_rows():
            for i, raw in enumerate(reader, start=2):
                if raw and any(raw):
                    yield i, raw

        return header, csv_rows()
    raise DomainError("bad_format", _("Unsupported file type: use .xlsx or .csv."), {"filename": filename})


CHUNK = 20_000  # rows checked and converted at a time


class PlainCsv:
    """The rows of a .csv without quotes, NUL or lone CR, every line with the header's number of cells and
    none blank — what most exports are. Such a file is the csv module's reading of it, but a block of lines
    is split into cells in one call and a column is a slice of the cells: no list per row, no
    transposing (on 400,000 rows seconds less)."""

    def __init__(self, body: list[str], ncols: int, start: int = 2):
        self.body, self.ncols, self.start = body, ncols, start  # start: the first line's row number

    def __iter__(self):  # (row number, cells), as the csv module gives them
        for i, line in enumerate(self.body, start=self.start):
            yield i, line.split(",")

    def blocks(self, size: int = CHUNK):
        """(row numbers, columns) per block of `size` lines."""
        body, n, start = self.body, self.ncols, self.start
        for a in range(0, len(body), size):
            lines = body[a : a + size]
            cells = ",".join(lines).split(",")
            yield range(start + a, start + a + len(lines)), [cells[j::n] for j in range(n)]

    def halves(self) -> tuple[PlainCsv, PlainCsv]:
        """The lines in two parts, split at a chunk boundary near the middle."""
        h = max(1, round(len(self.body) / 2 / CHUNK)) * CHUNK
        return PlainCsv(self.body[:h], self.ncols, self.start), PlainCsv(
            self.body[h:], self.ncols, self.start + h
        )


def plain_csv(text: str) -> tuple[list[str], PlainCsv] | None:
    """Header and rows of a plain .csv (see PlainCsv), None for any other (the csv module reads it)."""
    if '"' in text or "\0" in text:
        return None
    end = "\n"
    if "\r" in text:  # CR LF line ends throughout (what Excel and the csv module write), else no CR
        end = "\r\n"
        if not text.count("\r") == text.count("\n") == text.count(end):
            return None
    lines = text.split(end)
    if lines[-1] == "":
        lines.pop()
    if not lines:
        return None
    header = [h.strip() for h in lines[0].split(",")]
    n = len(header)
    body = lines[1:]
    if n < 2:
        return None
    if body and (
        set(map(str.count, body, repeat(","))) != {n - 1}  # every line n cells
        or "," * (n - 1) in body  # a blank row (the csv module's reading skips it)
        or max(map(len, body)) >= csv.field_size_limit()
    ):
        return None
    return header, PlainCsv(body, n)


def _by_blocks(src: PlainCsv, flush_cols, errors: list, periodc: int | None, period: str | None) -> None:
    """Feed a plain .csv's columns to `flush_cols` in the chunks the row-by-row reading makes: CHUNK rows
    of the period at a time, stopping after a chunk that brings the errors past 500."""
    pend_cols: list[list] = [[] for _ in range(src.ncols)]
    pend_rns: list[int] = []
    for rns, cols in src.blocks(CHUNK):
        if periodc is not None:
            keep = [k for k, v in enumerate(map(str.strip, cols[periodc])) if not v or v == period]
            if len(keep) < len(rns):
                cols = [[c[k] for k in keep] for c in cols]
                rns = [rns[k] for k in keep]
        if not pend_rns and len(rns) == CHUNK:
            flush_cols(cols, list(rns))
            if len(errors) > 500:
                return
            continue
        for pc, c in zip(pend_cols, cols, strict=True):
            pc.extend(c)
        pend_rns.extend(rns)
        while len(pend_rns) >= CHUNK:
            flush_cols([pc[:CHUNK] for pc in pend_cols], pend_rns[:CHUNK])
            pend_cols = [pc[CHUNK:] for pc in pend_cols]
            pend_rns = pend_rns[CHUNK:]
            if len(errors) > 500:
                return
    if pend_rns:
        flush_cols(pend_cols, pend_rns)


def needs(scheme: Scheme) -> dict[str, set[str]]:
    """For each indicator, which of value/base/plan an evaluation needs."""
    names = scheme.all_names()
    used: dict[str, set[str]] = {i.code: {"value"} for i in scheme.indicators}
    sources = [r.when for r in scheme.eligibility + scheme.disqualify + scheme.ineligible + scheme.penalties]
    sources += [a.when for a in scheme.awards if a.when] + [d.expr for d in scheme.derived]
    for src in sources:
        for n in referenced(src):
            if n in names:
                code, q = names[n]
                if code in used:
                    if q in ("base", "growth", "increment", "increment_share"):
                        used[code].add("base")
                    if q in ("plan", "completion"):
                        used[code].add("plan")
    for i in scheme.indicators:
        if i.method in ("growth", "growth_rate", "increment_share") or (
            i.method in ("share", "tiers") and i.params.get("of") in ("increment", "growth")
        ):
            used[i.code].add("base")
        if i.method == "completion" or (i.method == "tiers" and i.params.get("of") == "completion"):
            used[i.code].add("plan")
        if i.method == "completion" and i.params.get("of") == "increment":
            used[i.code].add("base")
        if i.source == "derived":
            used[i.code].discard("value")  # computed from the derived quantity, not read
        if i.method == "formula":
            refs = referenced(str(i.params.get("formula", "")))
            refs |= {n for n in referenced(" + ".join(d.expr for d in scheme.derived) or "0")}
            if refs & {"基数", "base", "增长率", "growth", "增量", "increment"}:
                used[i.code].add("base")
            if refs & {"计划", "plan", "完成率", "completion"}:
                used[i.code].add("plan")
    return used


def _col(header: list[str], *names: str) -> int | None:
    for n in names:
        if n in header:
            return header.index(n)
    return None


def build_table(
    scheme: Scheme,
    header: list[str],
    rownos,
    rows: list[list] | None = None,
    *,
    period: str | None = None,
    known: dict[str, tuple[str, str]] | None = None,
    sourced: set[str] | None = None,
    workers: int = 1,
) -> Table:
    """Validate and convert rows into columns; ImportRejected lists every bad cell, nothing is kept.

    known: participant code → (name, group) when participants are fixed (unknown ids are errors);
    sourced: the indicator codes this file must carry (default: all of them);
    workers=2: the offline CLI's leave to read half of a long plain .csv in a forked process (forked.py);
    the table, or the list of bad cells, is the same.
    """
    header = [str(h).strip() for h in header]
    errors: list[RowError] = []
    idc = _col(header, *ID_COLS)
    if idc is None:
        raise ImportRejected([RowError(1, "id", _("The id column (id/编号) is missing."))])
    namec = _col(header, *NAME_COLS)
    groupc = _col(header, *GROUP_COLS)
    periodc = _col(header, *PERIOD_COLS)
    need = needs(scheme)
    groups = scheme.group_codes()
    if known is None and len(groups) > 1 and groupc is None:
        errors.append(RowError(1, "group", _("The group column (group/组别) is missing.")))
    wanted = [i for i in scheme.indicators if sourced is None or i.code in sourced]
    missing: list[tuple[str, frozenset]] = []  # required columns absent: an error once a row needs them
    colmap: list[
        tuple[tuple[str, str], int, bool, bool, frozenset]
    ] = []  # key, col, required, nonneg, groups
    for ind in wanted:
        for q, zh, en in (("value", "", ""), ("base", "基数", "_base"), ("plan", "计划", "_plan")):
            c = _col(header, ind.name + zh, ind.code + en)
            required = q in need[ind.code]
            if c is None:
                if required:
                    missing.append((ind.name + zh, frozenset(ind.groups or groups)))
                continue
            colmap.append(((ind.code, q), c, required, ind.nonnegative, frozenset(ind.groups or groups)))
    factmap: list[tuple[str, int]] = []
    for f in scheme.facts:
        c = _col(header, f.name, f.code)
        if c is None:
            if f.default is None:
                missing.append((f.name, frozenset(f.groups or groups)))
            factmap.append((f.code, None))
        else:
            factmap.append((f.code, c))
    if errors:
        raise ImportRejected(errors)
    ids: list[str] = []
    names: list[str] = []
    grps: list[str] = []
    keep_rows: list[int] = []
    # numeric columns: (target array, column index, required, nonnegative, used-by groups)
    specs = [(array("d"), c, req, nonneg, used) for _k, c, req, nonneg, used in colmap]
    # facts: a blank cell is an error where the fact applies and has no default; elsewhere its default or none
    fact_of = {f.code: f for f in scheme.facts}
    specs += [
        (array("d"), c, fact_of[code].default, False, frozenset(fact_of[code].groups or groups))
        for code, c in factmap
    ]
    seen: dict[str, int] = {}
    single = groups[0] if len(groups) == 1 else None
    gset = set(groups)
    ncols = len(header)
    chunk: list = []
    chunk_rows: list[int] = []

    def text(x) -> str:
        if isinstance(x, float) and x.is_integer():
            return str(int(x))
        return str(x).strip()

    def flush():
        """Check and convert the pending chunk of rows."""
        if not chunk:
            return
        cols = list(zip(*chunk, strict=True))
        rns = list(chunk_rows)
        chunk.clear()
        chunk_rows.clear()
        flush_cols(cols, rns)

    def texts(col) -> list[str]:
        try:
            return list(map(str.strip, col))  # cells of a .csv: all text
        except TypeError:
            return [text(x) for x in col]

    def flush_cols(cols, rns):
        """Check and convert one chunk column by column (fast paths first, row by row on error)."""
        pids = texts(cols[idc])
        ok = [True] * len(pids)
        if len(set(pids)) == len(pids) and "" not in pids and seen.keys().isdisjoint(pids):
            seen.update(zip(pids, rns, strict=True))
        else:  # find the empty and the duplicate ids (in this chunk or an earlier one), row by row
            for k, (p, rn) in enumerate(zip(pids, rns, strict=True)):
                if not p:
                    errors.append(RowError(rn, header[idc], _("The id is empty.")))
                    ok[k] = False
                elif p in seen:
                    errors.append(
                        RowError(
                            rn,
                            header[idc],
                            fmt(_("Duplicate row: %(id)s is already on row %(row)s."), id=p, row=seen[p]),
                        )
                    )
                    ok[k] = False
                else:
                    seen[p] = rn
        if known is not None:
            nm, gp = [], []
            for k, (p, rn) in enumerate(zip(pids, rns, strict=True)):
                kv = known.get(p)
                if kv is None:
                    if ok[k]:
                        errors.append(RowError(rn, header[idc], fmt(_("Unknown participant %(id)s."), id=p)))
                    ok[k] = False
                    nm.append("")
                    gp.append("")
                else:
                    nm.append(kv[0])
                    gp.append(kv[1])
        else:
            nm = texts(cols[namec]) if namec is not None else pids
            if groupc is not None:
                gp = [text(x) or single or "" for x in cols[groupc]]
                if not set(gp) <= gset:
                    for k, (g, rn) in enumerate(zip(gp, rns, strict=True)):
                        if g not in gset:
                            errors.append(
                                RowError(rn, header[groupc], fmt(_("Unknown group %(group)s."), group=g))
                            )
                            ok[k] = False
            else:
                gp = [single or ""] * len(pids)
        ids.extend(pids)
        names.extend(nm)
        grps.extend(gp)
        keep_rows.extend(rns)
        for n_spec, (arr, c, required, nonneg, used) in enumerate(specs):
            if n_spec >= len(colmap):  # a fact: `required` holds its default (None: a number is required)
                if c is None:  # the column is absent: its default (or none) throughout
                    arr.extend(array("d", [NAN if required is None else required]) * len(pids))
                    continue
                try:
                    vals = array("d", map(float, cols[c]))
                    total = sum(
                        vals
                    )  # NaN or ±inf when a cell is (or the sum overflows: checked cell by cell)
                    if total != total or total in (math.inf, -math.inf):
                        raise ValueError
                    arr.extend(vals)
                except (TypeError, ValueError, OverflowError):
                    _fact_cells(arr, cols[c], rns, gp, required, used, header[c], errors)
                continue
            col = cols[c]
            try:
                vals = array("d", map(float, col))
                total = sum(vals)  # NaN or ±inf when a cell is (or the sum overflows: checked cell by cell)
                if total != total or total in (math.inf, -math.inf) or (nonneg and vals and min(vals) < 0):
                    raise ValueError
                arr.extend(vals)
                continue
            except (TypeError, ValueError, OverflowError):
                pass
            for rowno, grp, cell in zip(rns, gp, col, strict=True):
                if cell == "" or cell is None:
                    if required and grp in used:
                        errors.append(RowError(rowno, header[c], _("A number is required.")))
                    else:
                        arr.append(NAN)
                    continue
                try:
                    x = float(cell)
                except (TypeError, ValueError):
                    errors.append(
                        RowError(rowno, header[c], fmt(_("%(value)s is not a number."), value=cell))
                    )
                    continue
                if x != x or x in (math.inf, -math.inf):
                    errors.append(
                        RowError(rowno, header[c], fmt(_("%(value)s is not a number."), value=cell))
                    )
                elif nonneg and x < 0:
                    errors.append(
                        RowError(rowno, header[c], fmt(_("%(value)s may not be negative."), value=cell))
                    )
                else:
                    arr.append(x)

    filter_period = periodc is not None and period is not None
    if rows is None and isinstance(rownos, PlainCsv):
        pc = periodc if filter_period else None
        if workers > 1 and len(rownos.body) >= forked.MIN_ROWS:
            state = (ids, names, grps, keep_rows, [sp[0] for sp in specs])
            first, second = rownos.halves()

            def theirs():
                _by_blocks(second, flush_cols, errors, pc, period)
                return len(errors), state

            _none, (bad, got) = forked.shared(
                theirs, lambda: _by_blocks(first, flush_cols, errors, pc, period)
            )
            if errors or bad or any(map(seen.__contains__, got[0])):
                # a bad cell somewhere: read again, row after row, so the list of bad cells is the same
                for part in (*state[:4], *state[4]):
                    del part[:]
                errors.clear()
                seen.clear()
                _by_blocks(rownos, flush_cols, errors, pc, period)
            else:
                for mine, more in zip((*state[:4], *state[4]), (*got[:4], *got[4]), strict=True):
                    mine.extend(more)
        else:
            _by_blocks(rownos, flush_cols, errors, pc, period)
        pairs = ()
    else:
        pairs = zip(rownos, rows, strict=True) if rows is not None else rownos
    for rowno, raw in pairs:
        if len(raw) != ncols:
            raw = (list(raw) + [""] * ncols)[:ncols]
        if filter_period:
            pv = str(raw[periodc]).strip()
            if pv and pv != period:
                continue
        chunk.append(raw)
        chunk_rows.append(rowno)
        if len(chunk) >= CHUNK:
            flush()
            if len(errors) > 500:
                break
    flush()
    present = set(grps)
    for col, used in missing:
        if used & present:
            errors.insert(0, RowError(1, col, fmt(_("The column %(col)s is missing."), col=col)))
    if errors:
        raise ImportRejected(errors[:1000])
    if not ids:
        raise ImportRejected([RowError(None, None, _("No rows for this period."))])
    values = {}
    for (key, *_rest), sp in zip(colmap, specs, strict=False):
        values[key] = sp[0]
    facts = {code: sp[0] for (code, _c), sp in zip(factmap, specs[len(colmap) :], strict=True)}
    # Columns the file does not carry (optional) are NaN throughout.
    for ind in wanted:
        for q in ("value", "base", "plan"):
            values.setdefault((ind.code, q), array("d", [NAN]) * len(ids))
    return Table(ids, names, grps, keep_rows, values, facts)


def _fact_cells(arr, col, rns, gp, default, used, column, errors) -> None:
    """A fact's cells: a number; blank → the fact's default, or an error where the fact applies."""
    for rowno, grp, cell in zip(rns, gp, col, strict=True):
        if cell == "" or cell is None:
            if default is not None:
                arr.append(default)
            elif grp in used:
                errors.append(RowError(rowno, column, _("A number is required (the fact has no default).")))
            else:
                arr.append(NAN)
            continue
        try:
            x = float(cell)
        except (TypeError, ValueError):
            errors.append(RowError(rowno, column, fmt(_("%(value)s is not a number."), value=cell)))
            continue
        if x != x or x in (math.inf, -math.inf):
            errors.append(RowError(rowno, column, fmt(_("%(value)s is not a number."), value=cell)))
        else:
            arr.append(x)


def table_from_records(scheme: Scheme, records: list[dict]) -> Table:
    """Build a Table from dicts {id, name, group, values: {code: {value, base, plan}}, facts: {code: x}}.

    Column by column (one list comprehension per figure, 16,000 records in a few milliseconds each);
    a figure that is not a number (text from an old entry) is converted by `float` row by row."""
    default_group = scheme.group_codes()[0]
    t = Table([], [], [], [], {}, {})
    t.ids = [str(r["id"]) for r in records]
    t.names = [str(r.get("name") or r["id"]) for r in records]
    t.groups = [str(r.get("group") or default_group) for r in records]
    t.rows = list(range(1, len(records) + 1))
    empty: dict = {}
    vals = [r.get("values") or empty for r in records]
    for ind in scheme.indicators:
        cells = [v.get(ind.code) or empty for v in vals]
        for q in ("value", "base", "plan"):
            t.values[(ind.code, q)] = _figures([c.get(q) for c in cells], None)
    facts = [r.get("facts") or empty for r in records]
    for f in scheme.facts:
        # no figure: the fact's default; no default: no value (a rule on it marks the participant)
        t.facts[f.code] = _figures([x.get(f.code) for x in facts], f.default)
    return t


def _figures(xs: list, default) -> array:
    fill = NAN if default is None else float(default)
    try:
        return array("d", [fill if x is None else x for x in xs])
    except TypeError:  # text figures: converted one by one
        return array("d", [fill if x is None else float(x) for x in xs])
