"""The JSON output of an evaluation as UTF-8 bytes, written column by column.

A group's common record — in the field, neither award-ineligible nor marked with an error — is one
bytes %-template (the record and its explanation lines, generated from our own words, no input): a
run of such records in output order is formatted by one C-level `map(template.__mod__, zip(columns))`
over the run's figures, each column gathered with `map(column.__getitem__, positions)`; no Python code
runs per record. A column of few distinct figures (counts, capped scores, one-decimal amounts: most of
them on 400,000 participants) is formatted once per distinct figure. Awards, penalties and the lines of
fired rules fill three more columns (empty elsewhere). Every other record (out of the field,
award-ineligible, with an error) is `json.dumps` of `Result.record()`.

Bytes, not text: formatting into UTF-8 directly saves joining and encoding 600 MB of text (on 400,000
participants about a third of the writing).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sys
import tempfile
import threading
from array import array
from decimal import Decimal
from itertools import groupby, repeat
from operator import truediv

from .explain import SPEC, as_text, enc, fired_line, starts

CHUNK = 10_000  # records per chunk (~15 MB on the bench's scheme), the unit shared between processes
TIE = (b"", "（并列）".encode())
EMPTY = b""


class _Text(dict):
    """Figure → its formatted bytes, each distinct figure formatted once, when first met. A missing figure
    (NaN: never found again by value) is formatted each time, as the float placeholder prints it."""

    def __init__(self, spec: bytes):
        super().__init__()
        self.spec = spec

    def __missing__(self, key):
        text = self.spec % key
        if key == key:
            self[key] = text
        return text


_NEG_ZERO = array("d", [-0.0]).tobytes()
SAMPLE = 16  # every 16th figure of a long column: enough to see whether it repeats its figures


def _text(col, spec: str, score: bool = False) -> _Text | None:
    """A text cache for a column of few distinct figures (used 4 times or more each, on average, in a
    sample); None for any other: formatting a figure in the template costs about what looking it up
    does. Not when the column holds −0.0 (equal to 0.0 as a key, but printed "-0"; a score, cents / 100,
    never is)."""
    sample = col[::SAMPLE] if len(col) > 4096 else col
    if 4 * len(set(sample)) > len(sample):
        return None
    if not score and 0.0 in col and _NEG_ZERO in array("d", col).tobytes():
        return None
    return _Text(spec.encode())


class GroupWriter:
    """The JSON writer of one group's common records."""

    def __init__(self, res, code: str, cols: list, lines: list[str], total: str):
        self.res = res
        specs = [m for line in lines for m in SPEC.findall(line) if m != "%%"]
        self.cols: list[tuple[bool, object, _Text | None]] = []
        texts: set[int] = set()
        scores = {id(g.cols[c]["score"]) for g in res.groups.values() for c in g.cols}
        for j, (where, col) in enumerate(cols):
            text = _text(col, specs[j], id(col) in scores)
            if text is not None:
                texts.add(j)
            self.cols.append((where == "g", col, text))
        lines = [as_text(x, texts, n)[0] for x, n in zip(lines, starts(lines), strict=True)]
        head = (
            '{"id": %s, "name": %s, "group": '
            + enc(code).replace("%", "%%")
            + ', "score": %.2f, "rank": %d, '
            '"rank_from_bottom": %d, "status": "ranked", "awards": [%s], "penalties": [%s], "disqualified": false, '
            '"ineligible": false, "reasons": [], "errors": [], "explanation": ['
        )
        self.template = (head + ", ".join(enc(x) for x in [*lines, total]) + "%s]}").encode()

    def lines(self, run: list[int], awards: dict, penalties: dict, extra: dict) -> list[bytes]:
        """The records of `run` (global indices in output order, all common records of this group)."""
        res, t = self.res, self.res.table
        gps = list(map(res.gpos.__getitem__, run))
        ks = list(map(res.fpos.__getitem__, run))
        figures = []  # gathered column by column (record by record, 25 columns at once miss the cache)
        for by_group, col, text in self.cols:
            it = map(col.__getitem__, gps if by_group else ks)
            figures.append(list(it if text is None else map(text.__getitem__, it)))
        score = list(map(truediv, map(res.cents.__getitem__, run), repeat(100)))
        rank = list(map(res.rank.__getitem__, run))
        tie = list(map(TIE.__getitem__, map(res.tied.__getitem__, run)))
        return list(
            map(
                self.template.__mod__,
                zip(
                    _json_strings(map(t.ids.__getitem__, run)),
                    _json_strings(map(t.names.__getitem__, run)),
                    score,
                    rank,
                    list(map(res.bottom.__getitem__, run)),
                    list(map(awards.get, run, repeat(EMPTY))),
                    list(map(penalties.get, run, repeat(EMPTY))),
                    *figures,
                    score,
                    rank,
                    tie,
                    list(map(extra.get, run, repeat(EMPTY))),
                    strict=True,
                ),
            )
        )


def _json_strings(texts) -> list[bytes]:
    """JSON string literals as UTF-8, in one encoding pass (the encoder escapes NUL, so it separates)."""
    return "\0".join(map(enc, texts)).encode().split(b"\0")


class Plan:
    """The output as tasks — (kind, start, end) over the output order, each one chunk — and how to render
    one. kind 0: records written by `json.dumps` of `Result.record()`; k > 0: common records of the
    k-th group, written by its `GroupWriter`. Tasks are independent (a forked process renders some)."""

    def __init__(self, res, lang: str = "zh", size: int = CHUNK):
        self.res, self.lang = res, lang
        self.order = order = res.order()
        n = len(order)
        if lang == "en":  # English explanations: record by record
            self.tasks = [(0, p, min(p + size, n)) for p in range(0, n, size)]
            return
        writers = {code: (j + 1, gr.json_writer()) for j, (code, gr) in enumerate(res.groups.items())}
        self.by_kind = [None, *(w for _j, w in writers.values())]
        # per participant: 1 + its group's number for a common record, 0 for any other
        num = {code: j for code, (j, _w) in writers.items()}
        kind = [num.get(g, 0) for g in res.table.groups] if len(num) > 1 else [1] * n
        for i in [i for i, k in enumerate(res.fpos) if k < 0]:
            kind[i] = 0
        for col in (res.ineligible, res.errors):
            for i in [i for i, x in enumerate(col) if x]:
                kind[i] = 0
        self.tasks = []
        p = 0
        for k, same in groupby(map(kind.__getitem__, order)):
            m = len(list(same))
            self.tasks += [(k, q, min(q + size, p + m)) for q in range(p, p + m, size)]
            p += m

    def render(self, task) -> bytes:
        k, p0, p1 = task
        run = self.order[p0:p1]
        res = self.res
        if not k:
            return ",\n".join(_dumps(res.record(i, self.lang)) for i in run).encode()
        return b",\n".join(self.by_kind[k].lines(run, *_extras(res, run)))


def json_chunks(res, lang: str = "zh", size: int = CHUNK):
    """The records in output order as UTF-8 JSON, up to `size` records a chunk joined by ",\\n"."""
    plan = Plan(res, lang, size)
    return map(plan.render, plan.tasks)


PARALLEL_MIN = 50_000  # records: below this a second process is not worth its start


def write_json(
    res, out, lang: str = "zh", *, tmpdir=None, parallel: bool | None = None, size: int = CHUNK
) -> None:
    """Write the JSON list of records to the binary stream `out`.

    With a second CPU and many records the work is shared: a forked process renders the second half of
    the tasks into an unnamed temporary file (in `tmpdir`: best the output's own folder), which is then
    appended — the same bytes as rendering everything here. Should the fork or the other process fail,
    this process renders that half itself."""
    plan = Plan(res, lang, size)
    tasks = plan.tasks
    if parallel is None:
        parallel = (
            len(plan.order) >= PARALLEL_MIN
            and (os.cpu_count() or 1) > 1
            and hasattr(os, "fork")
            and threading.active_count() == 1  # a fork copies no other thread (nor the locks they hold)
        )
    split = len(tasks)
    if parallel and len(tasks) > 1:
        # this process takes 45% of the records: it also plans and appends the other's part, and its
        # records, the best ranked, carry the award lines
        part = 0.45 * len(plan.order)
        split = min(len(tasks) - 1, next(j for j, t in enumerate(tasks) if t[2] >= part) + 1)
    mine, theirs = tasks[:split], tasks[split:]
    helper = _fork(plan, theirs, tmpdir) if theirs else None
    try:
        out.write(b"[\n")
        for j, t in enumerate(mine):
            if j:
                out.write(b",\n")
            out.write(plan.render(t))
    except BaseException:
        if helper is not None:
            helper.kill()
        raise
    if helper is not None and helper.done():
        helper.append_to(out)
    else:
        for t in theirs:
            out.write(b",\n")
            out.write(plan.render(t))
    out.write(b"\n]\n")


class _Helper:
    """A forked process rendering tasks into an unnamed temporary file."""

    def __init__(self, pid: int, tmp):
        self.pid, self.tmp = pid, tmp

    def done(self) -> bool:
        """Wait for it: True when it wrote everything."""
        try:
            _pid, status = os.waitpid(self.pid, 0)
        except BaseException:
            self.kill()
            raise
        if os.waitstatus_to_exitcode(status) != 0:
            self.tmp.close()
            return False
        return True

    def kill(self) -> None:
        os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)
        self.tmp.close()

    def append_to(self, out) -> None:
        out.flush()
        src = self.tmp.fileno()
        size = os.fstat(src).st_size
        done = 0
        try:
            dst = out.fileno()
            while done < size:  # in the kernel, no copy through this process
                n = os.copy_file_range(src, dst, size - done, done)
                if not n:
                    break
                done += n
        except (OSError, ValueError):  # not between these two (a pipe, memory, an old kernel): copied
            pass
        if done < size:
            self.tmp.seek(done)
            shutil.copyfileobj(self.tmp, out, 1 << 20)
        elif out.seekable():
            out.seek(0, os.SEEK_END)  # the buffered stream learns where the file now ends
        self.tmp.close()


def _fork(plan: Plan, tasks: list, tmpdir) -> _Helper | None:
    """Start a process rendering `tasks` (each preceded by ",\\n"); None when none can be started."""
    try:
        tmp = tempfile.TemporaryFile(dir=tmpdir)
    except OSError:
        return None
    for stream in (sys.stdout, sys.stderr):
        stream.flush()  # nothing buffered is written twice
    try:
        pid = os.fork()
    except OSError:
        tmp.close()
        return None
    if pid:
        return _Helper(pid, tmp)
    code = 1  # the forked process: render, then leave without running any of the parent's exit code
    try:
        for t in tasks:
            tmp.write(b",\n")
            tmp.write(plan.render(t))
        tmp.flush()
        code = 0
    finally:
        os._exit(code)


def _extras(res, run: list) -> tuple[dict, dict, dict]:
    """The awards, penalties and fired-rule lines of the records of `run` that have them (as JSON)."""
    awards, penalties, extra = {}, {}, {}
    aws, pes, fis = res.awards, res.penalties, res.fired
    for i, aw, pe, fi in zip(
        run, map(aws.__getitem__, run), map(pes.__getitem__, run), map(fis.__getitem__, run), strict=True
    ):
        if aw:
            awards[i] = ", ".join(enc(a["name"]) for a in aw).encode()
        if pe:
            penalties[i] = _penalties_json(pe).encode()
        if fi:
            extra[i] = (", " + ", ".join(enc(fired_line(f)) for f in fi)).encode()
    return awards, penalties, extra


def _penalties_json(pe: list) -> str:
    return ", ".join(
        '{"name": %s, "card": %s, "pay_cut": %s, "posts": [%s]}'  # noqa: UP031
        % (enc(p["name"]), enc(p["card"]), repr(p["pay_cut"]), ", ".join(map(enc, p["posts"])))
        for p in pe
    )


def _dumps(r: dict) -> str:
    return json.dumps(r, ensure_ascii=False, default=_num)


def _num(x):
    if isinstance(x, Decimal):
        return float(x)  # 2 decimals: the float prints back as the same figure
    raise TypeError(type(x).__name__)
