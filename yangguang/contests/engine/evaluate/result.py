"""The result of an evaluation: per participant its total (cents), rank, status, awards, penalties,
errors, and the explanation built only when a record is asked for."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from ..data import Table
from ..scheme import Scheme
from .explain import enc, error_line, fired_line, reason_line
from .numbers import cents_decimal

_NAN = re.compile(r"\bnan\b")


@dataclass
class Result:
    scheme: Scheme
    table: Table
    cents: list  # total in cents (int) or None (out of the field)
    rank: list
    bottom: list
    tied: bytearray
    disqualified: list  # None or [reasons]: out of the field (disqualify / eligibility)
    ineligible: list  # None or [reasons]: ranked and penalisable, but no award (取消评选资格)
    awards: list  # None or [dict]
    penalties: list  # None or [dict]
    errors: list  # None or [dict]
    fired: list  # None or [dict]: award and penalty explanations
    gpos: object  # global index → position in its group
    fpos: object  # global index → position in its group's field (−1: out of the field)
    groups: dict
    field_count: dict

    def __len__(self) -> int:
        return len(self.table)

    @property
    def score(self) -> list[Decimal | None]:
        """Totals as Decimals with 2 decimals (built on first use)."""
        cached = self.__dict__.get("_score")
        if cached is None:
            cached = self.__dict__["_score"] = [cents_decimal(c) for c in self.cents]
        return cached

    def status(self, i: int) -> str:
        d = self.disqualified[i]
        if d:
            return "disqualified" if any(x["kind"] == "disqualify" for x in d) else "not_eligible"
        return "ineligible" if self.ineligible[i] else "ranked"

    def reasons(self, i: int) -> list[str]:
        return [f"{d['rule']}: {d['expression']}" for d in (self.disqualified[i] or self.ineligible[i] or ())]

    def explanation(self, i: int, lang: str = "zh") -> list[str]:
        """The participant's explanation, one true sentence a line, in Chinese ("zh") or English ("en")."""
        g = self.groups[self.table.groups[i]]
        en = lang == "en"
        lines: list[str] = []
        k = self.fpos[i]
        if k < 0:
            lines += [reason_line(d, lang) for d in self.disqualified[i] or ()]
        else:
            pick, tpl = g.filler(en)
            args = pick(self.gpos[i], k)
            c = self.cents[i]
            tie = (" (tied)" if en else "（并列）") if self.tied[i] else ""
            total = g.total_line_en if en else g.total_line
            text = (tpl + "\n" if tpl else "") + total
            text = text % (*args, c / 100, self.rank[i], tie)
            if "nan" in text:  # a missing figure reads as a dash, not as "nan"
                text = _NAN.sub("—", text)
            lines += text.split("\n")
            lines += [reason_line(d, lang) for d in self.ineligible[i] or ()]
        lines += [fired_line(f, lang) for f in self.fired[i] or ()]
        lines += [error_line(e, lang) for e in self.errors[i] or ()]
        return lines

    def record(self, i: int, lang: str = "zh") -> dict:
        t = self.table
        return {
            "id": t.ids[i],
            "name": t.names[i],
            "group": t.groups[i],
            "score": cents_decimal(self.cents[i]),
            "rank": self.rank[i],
            "rank_from_bottom": self.bottom[i],
            "status": self.status(i),
            "awards": [a["name"] for a in self.awards[i] or ()],
            "penalties": [
                {"name": p["name"], "card": p["card"], "pay_cut": p["pay_cut"], "posts": p["posts"]}
                for p in self.penalties[i] or ()
            ],
            "disqualified": bool(self.disqualified[i]),
            "ineligible": bool(self.ineligible[i]),
            "reasons": self.reasons(i),
            "errors": [f"{e['rule']}: {e['error']}" for e in self.errors[i] or ()],
            "explanation": self.explanation(i, lang),
        }

    def record_json(self, i: int) -> str:
        """The record as JSON text (same content as json.dumps(record(i)), the score a number)."""
        k = self.fpos[i]
        if k >= 0 and not self.ineligible[i] and not self.errors[i]:
            t = self.table
            g = self.groups[t.groups[i]]
            aw, pe, er, fi = self.awards[i], self.penalties[i], self.errors[i], self.fired[i]
            extra = ""
            if fi or er:
                lines = [fired_line(f) for f in fi or ()] + [error_line(e) for e in er or ()]
                extra = ", " + ", ".join(map(enc, lines))
            return g.writer(
                i,
                self.gpos[i],
                k,
                self.cents[i] / 100,
                self.rank[i],
                self.bottom[i],
                "（并列）" if self.tied[i] else "",
                ", ".join(enc(a["name"]) for a in aw) if aw else "",
                _penalties_json(pe) if pe else "",
                ", ".join(enc(f"{e['rule']}: {e['error']}") for e in er) if er else "",
                extra,
                t.ids,
                t.names,
            )
        return _dumps(self.record(i))

    def order(self) -> list[int]:
        """Groups in scheme order; ranked participants by rank, then those out of the field."""
        cached = self.__dict__.get("_order")
        if cached is None:
            cached = self.__dict__["_order"] = self._order()
        return cached

    def _order(self) -> list[int]:
        big = 1 << 40
        keys = [big if r is None else r for r in self.rank]
        codes = self.scheme.group_codes()
        if len(codes) > 1:
            gorder = {g: n for n, g in enumerate(codes)}
            keys = [gorder.get(g, 0) * big * 2 + r for g, r in zip(self.table.groups, keys, strict=True)]
        return sorted(range(len(self.table)), key=keys.__getitem__)  # ties keep the file's order

    def records(self, lang: str = "zh") -> Iterator[dict]:
        for i in self.order():
            yield self.record(i, lang)

    def json_lines(self, lang: str = "zh") -> Iterator[str]:
        """JSON text per record in output order; the common case is one call of the group's writer
        (Chinese explanations; English ones are written record by record)."""
        if lang == "en":
            for i in self.order():
                yield _dumps(self.record(i, "en"))
            return
        t = self.table
        ids, names, tg = t.ids, t.names, t.groups
        fpos, gpos, cents, rank, bottom, tied = (
            self.fpos,
            self.gpos,
            self.cents,
            self.rank,
            self.bottom,
            self.tied,
        )
        awards, penalties, errors, fired, inel = (
            self.awards,
            self.penalties,
            self.errors,
            self.fired,
            self.ineligible,
        )
        writers = {code: g.writer for code, g in self.groups.items()}
        single = next(iter(writers.values())) if len(writers) == 1 else None
        tie = ("", "（并列）")
        for i in self.order():
            k = fpos[i]
            if (
                k >= 0
                and fired[i] is None
                and errors[i] is None
                and awards[i] is None
                and penalties[i] is None
                and inel[i] is None
            ):
                w = single or writers[tg[i]]
                yield w(
                    i,
                    gpos[i],
                    k,
                    cents[i] / 100,
                    rank[i],
                    bottom[i],
                    tie[tied[i]],
                    "",
                    "",
                    "",
                    "",
                    ids,
                    names,
                )
            else:
                yield self.record_json(i)

    def indicator_values(self, i: int) -> dict[str, dict]:
        g = self.groups[self.table.groups[i]]
        gp, k = self.gpos[i], self.fpos[i]
        out = {}
        for ind in self.scheme.indicators_of(g.code):
            b = g.base[ind.code]
            d = {q: (None if b[q][gp] != b[q][gp] else b[q][gp]) for q in ("value", "base", "plan")}
            if k >= 0:
                sc = g.cols[ind.code]["score"][k]
                d["score"] = None if sc != sc else sc
            out[ind.code] = d
        return out

    def derived_values(self, i: int) -> dict[str, float | None]:
        g = self.groups[self.table.groups[i]]
        gp = self.gpos[i]
        return {name: (None if col[gp] != col[gp] else col[gp]) for name, col in g.derived.items()}

    def filing_records(self, lang: str = "zh") -> Iterator[dict]:
        """Records in output order with every indicator's inputs (`values`) and the derived quantities
        (`derived`): what .xlsx and .docx need."""
        for i in self.order():
            yield {
                **self.record(i, lang),
                "values": self.indicator_values(i),
                "derived": self.derived_values(i),
            }


def _penalties_json(pe: list) -> str:
    return ", ".join(
        '{"name": %s, "card": %s, "pay_cut": %s, "posts": [%s]}'  # noqa: UP031
        % (enc(p["name"]), enc(p["card"]), repr(p["pay_cut"]), ", ".join(map(enc, p["posts"])))
        for p in pe
    )


def _dumps(r: dict) -> str:
    import json

    return json.dumps(r, ensure_ascii=False, default=_num)


def _num(x):
    if isinstance(x, Decimal):
        return float(x)  # 2 decimals: the float prints back as the same figure
    raise TypeError(type(x).__name__)
