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


# -- families: the variants of one fact ------------------------------------------------------
# The bank may ask one fact several ways: "…以（　）为常态" (single choice), "…以____为常态" (fill-in),
# "…以公开为常态" and "…以保密为常态" (true/false). Their stems differ in one short span only. A paper
# must ask a fact once, so these are one family.
EDGE = 6  # stems agreeing on their first or last EDGE characters are compared


def one_span_apart(a: str, b: str) -> bool:
    """Normalised stems equal but for one contiguous span, short beside what they share."""
    if a == b:
        return True
    n = min(len(a), len(b))
    p = 0
    while p < n and a[p] == b[p]:
        p += 1
    s = 0
    while s < n - p and a[-1 - s] == b[-1 - s]:
        s += 1
    longest = max(len(a), len(b))
    span = longest - p - s
    return p + s >= 2 * EDGE and span <= max(8, longest // 4)


def families(stems: list[tuple[int, str]], links: list[tuple[int, int]] = ()) -> dict[int, int]:
    """Each key -> its family (the smallest key of the family). `links` joins keys known to be one
    family (a stored near-duplicate mark). Stems are bucketed by their first and last characters, so a
    bank of thousands is not compared pair by pair."""
    parent = {k: k for k, _ in stems}

    def root(k):
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    def join(a, b):
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    normed = [(k, norm(t)) for k, t in stems]
    buckets: dict[tuple, list[tuple[int, str]]] = {}
    for k, t in normed:
        if len(t) < 2 * EDGE:
            continue
        for key in (("head", t[:EDGE]), ("tail", t[-EDGE:])):
            for other, u in buckets.get(key, ()):
                if root(other) != root(k) and one_span_apart(t, u):
                    join(k, other)
            buckets.setdefault(key, []).append((k, t))
    for a, b in links:
        if a in parent and b in parent:
            join(a, b)
    return {k: root(k) for k in parent}
