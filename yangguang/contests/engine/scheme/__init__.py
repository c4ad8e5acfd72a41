"""The scheme format: a competition written down as YAML (or a dict), validated, and exported back.

`load_scheme(text_or_dict) -> Scheme` parses and validates (every field known, every rule compiled
against the names it may use); `scheme_to_dict(scheme)` gives the canonical dict and `dump_yaml(scheme)`
the YAML text, so that export → import gives the same `Scheme` (tested with hypothesis). See
docs/contests.md. Modules: `model` (dataclasses, names), `keys` (known fields), `parse`, `validate`,
`export`.
"""

from .export import dump_yaml, scheme_to_dict
from .model import (
    BASE_QUANTITIES,
    CAPPABLE,
    CARDS,
    CODE_RE,
    CYCLES,
    DIRECTIONS,
    FIELD_QUANTITIES,
    FORMULA_LOCALS,
    GLOBAL_QUANTITIES,
    METHODS,
    PERMISSIONS,
    SOURCES,
    TIES,
    Award,
    Derived,
    Fact,
    Group,
    Indicator,
    Member,
    ParticipantSpec,
    Penalty,
    Phase,
    Rule,
    Scheme,
    bad,
)
from .parse import load_scheme, parse_scheme
from .validate import derived_order, validate

__all__ = [
    "BASE_QUANTITIES",
    "CAPPABLE",
    "CARDS",
    "CODE_RE",
    "CYCLES",
    "DIRECTIONS",
    "FIELD_QUANTITIES",
    "FORMULA_LOCALS",
    "GLOBAL_QUANTITIES",
    "METHODS",
    "PERMISSIONS",
    "SOURCES",
    "TIES",
    "Award",
    "Derived",
    "Fact",
    "Group",
    "Indicator",
    "Member",
    "ParticipantSpec",
    "Penalty",
    "Phase",
    "Rule",
    "Scheme",
    "bad",
    "derived_order",
    "dump_yaml",
    "load_scheme",
    "parse_scheme",
    "scheme_to_dict",
    "validate",
]
