"""The competition engine: pure functions and dataclasses, no ORM.

- `scheme/`: the scheme format (YAML/dict ⇄ `Scheme`): `model` (dataclasses and the names rules may use),
  `keys` (the known fields: anything else is refused with its path and a suggestion), `parse`,
  `validate` (names, caps, rules, derived quantities in dependency order), `export` (canonical form).
- `expr`: safe rule expressions (AST allowlist checked once, compiled once, run many times; a float
  and an exact Decimal version of each).
- `evaluate/`: one period as named steps — `eligibility` (who is in the field) → `scoring` (indicator
  scores, capped, half up to cents) → `ranking` (exact totals, shared ranks, tie-breaks) → `awards`
  (取消评选资格, awards and their sentences) → `penalties` → `explain` (explanations, JSON writer);
  `numbers` holds the rounding rule, `columns` the quantity columns, `result` the `Result`.
- `data`: reading a period's data table column by column (fast for 400,000 rows), all or nothing.
- `periods`: "2026-03", "2026-Q1", "2026-H1", "2026" → date ranges.
- `render`: JSON, .xlsx and .docx outputs.

The CLI (`yangguang contest evaluate`) and the database-backed evaluation both call `evaluate`.
"""
