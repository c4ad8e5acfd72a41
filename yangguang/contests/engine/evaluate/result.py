"""The result of an evaluation: per participant its total (cents), rank, status, awards, penalties,
errors, and the explanation built only when a record is asked for."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from ..data import Table
from ..scheme import Scheme
from .explain import error_line, fired_line, reason_line
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

    def json_chunks(self, lang: str = "zh") -> Iterator[bytes]:
        """The records in output order as UTF-8 JSON, chunks of records joined by ",\n" (writer.py)."""
        from .writer import json_chunks

        return json_chunks(self, lang)

    def json_lines(self, lang: str = "zh") -> Iterator[str]:
        """JSON text per record in output order (a record is one line: JSON escapes line ends)."""
        for chunk in self.json_chunks(lang):
            yield from chunk.decode().split(",\n")

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
