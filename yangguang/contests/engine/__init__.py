"""The competition engine: pure functions and dataclasses, no ORM.

- `scheme`: the scheme format (YAML/dict ⇄ `Scheme`), validation, canonical export.
- `expr`: safe rule expressions (AST allowlist checked once, compiled once, run many times).
- `evaluate`: indicator quantities, scores, ranks, awards, penalties, disqualification, explanations.
- `data`: reading a period's data table column by column (fast for 400,000 rows).
- `periods`: "2026-03", "2026-Q1", "2026" → date ranges.

The CLI (`yangguang contest evaluate`) and the database-backed evaluation both call `evaluate`.
"""
