"""Drawing papers from a blueprint, and shuffling options. Pure and reproducible.

A blueprint is a list of cells (type × category × difficulty → count, points each). Drawing takes
the bank's questions that fit each cell (a question fits a category when the category is the
question's own or one of its ancestors), in ascending id order, and samples them with
`random.Random(seed)`; a question is used at most once per paper, and so is its *family* (the
variants of one fact: its single-choice, fill-in and true/false forms, see `dupes.families`) — one fact
asked twice gives its own answer away. A cell the bank cannot fill is named in the refusal. Questions are ordered by type (single, multi, true/false, fill, short), shuffled
within a type; single and multiple choice options get a seeded permutation.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from yangguang.core.errors import DomainError

KIND_ORDER = ["single", "multi", "tf", "fill", "short"]


@dataclass(frozen=True)
class Cell:
    kind: str
    category: int
    difficulty: int | None
    count: int
    points: str  # decimal as text, per question
    label: str = ""  # human name of the cell (category name) for messages


@dataclass(frozen=True)
class BankItem:
    id: int
    kind: str
    categories: frozenset  # the question's category and all its ancestors
    difficulty: int
    n_options: int = 0
    family: int | None = None  # the fact this question asks (None: a family of its own)

    @property
    def fam(self) -> int:
        return self.id if self.family is None else self.family


@dataclass
class Item:
    q: int
    points: str
    perm: list[int] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"q": self.q, "points": self.points, "perm": self.perm}


def fits(item: BankItem, cell: Cell) -> bool:
    return (
        item.kind == cell.kind
        and cell.category in item.categories
        and (cell.difficulty is None or item.difficulty == cell.difficulty)
    )


def _families(pool: list[BankItem]) -> dict[int, list[BankItem]]:
    """The pool's families in first-seen order, each with its members."""
    out: dict[int, list[BankItem]] = {}
    for b in pool:
        out.setdefault(b.fam, []).append(b)
    return out


def short_cells(cells: list[Cell], bank: list[BankItem]) -> list[dict]:
    """Cells the bank cannot fill (greedy, in blueprint order, a family used once)."""
    used: set[int] = set()
    short = []
    for i, cell in enumerate(cells):
        pool = list(_families([b for b in bank if b.fam not in used and fits(b, cell)]))
        if len(pool) < cell.count:
            short.append(
                {
                    "cell": i + 1,
                    "kind": cell.kind,
                    "category": cell.label or cell.category,
                    "difficulty": cell.difficulty,
                    "needed": cell.count,
                    "available": len(pool),
                }
            )
        used.update(pool[: cell.count])
    return short


def shuffle_options(n: int, rng: random.Random) -> list[int]:
    perm = list(range(n))
    rng.shuffle(perm)
    return perm


def draw_paper(cells: list[Cell], bank: list[BankItem], seed: int, shuffle: bool = True) -> list[Item]:
    short = short_cells(cells, bank)
    if short:
        s = short[0]
        raise DomainError(
            "blueprint_short",
            _(
                "The bank cannot fill cell %(cell)s (%(kind)s · %(category)s · difficulty %(difficulty)s): "
                "%(needed)d needed, %(available)d available."
            )
            % {**s, "difficulty": s["difficulty"] or "*"},
            {"short_cells": short},
        )
    rng = random.Random(seed)
    ordered = sorted(bank, key=lambda b: b.id)
    used: set[int] = set()
    by_kind: dict[str, list[Item]] = {}
    for cell in cells:
        fams = _families([b for b in ordered if b.fam not in used and fits(b, cell)])
        for f in rng.sample(list(fams), cell.count):
            members = fams[f]
            # a lone member draws nothing more, so a bank without families draws as it always did
            b = members[0] if len(members) == 1 else rng.choice(members)
            used.add(f)
            perm = (
                shuffle_options(b.n_options, rng)
                if shuffle and b.kind in ("single", "multi")
                else list(range(b.n_options))
            )
            by_kind.setdefault(b.kind, []).append(Item(b.id, cell.points, perm))
    out: list[Item] = []
    for kind in KIND_ORDER:
        group = by_kind.get(kind, [])
        if shuffle:
            rng.shuffle(group)
        out.extend(group)
    return out


def candidate_layout(
    items: list[dict], seed: int, key: str, n_options: dict[int, int]
) -> dict[str, list[int]]:
    """A candidate's own option order per choice question, reproducible from (seed, key)."""
    rng = random.Random(f"{seed}:{key}")
    out = {}
    for it in items:
        n = n_options.get(it["q"], 0)
        if n > 1:
            out[str(it["q"])] = shuffle_options(n, rng)
    return out
