"""Near-duplicate questions: character-bigram Jaccard similarity of the normalised stems.

Two stems are near-duplicates when their similarity is at least the threshold (default 0.8);
an inverted index over bigrams keeps this fast for banks of thousands.
"""

from __future__ import annotations

import hashlib
import unicodedata

PUNCT = set("，。、；：？！“”‘’（）()[]【】《》<>,.;:?!\"' \t\n_—-…")


def norm(text: str) -> str:
    t = unicodedata.normalize("NFKC", text or "").lower()
    return "".join(ch for ch in t if ch not in PUNCT)


def fingerprint(text: str) -> str:
    return hashlib.sha256(norm(text).encode()).hexdigest()


def bigrams(text: str) -> frozenset:
    t = norm(text)
    if len(t) < 2:
        return frozenset([t]) if t else frozenset()
    return frozenset(t[i : i + 2] for i in range(len(t) - 1))


def similarity(a: str, b: str) -> float:
    x, y = bigrams(a), bigrams(b)
    if not x and not y:
        return 1.0
    return len(x & y) / len(x | y)


class Index:
    def __init__(self, items: list[tuple[int, str]] | None = None):
        self.grams: dict[int, frozenset] = {}
        self.inv: dict[str, set[int]] = {}
        for key, text in items or []:
            self.add(key, text)

    def add(self, key, text: str) -> None:
        g = bigrams(text)
        self.grams[key] = g
        for x in g:
            self.inv.setdefault(x, set()).add(key)

    def nearest(self, text: str, threshold: float = 0.8):
        """(key, similarity) of the most similar indexed stem at or above the threshold, or None."""
        g = bigrams(text)
        if not g:
            return None
        counts: dict = {}
        for x in g:
            for k in self.inv.get(x, ()):
                counts[k] = counts.get(k, 0) + 1
        best = None
        for k, shared in counts.items():
            sim = shared / (len(g) + len(self.grams[k]) - shared)
            if sim >= threshold and (best is None or sim > best[1] or (sim == best[1] and k < best[0])):
                best = (k, round(sim, 3))
        return best
