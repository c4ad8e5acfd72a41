"""Small readers of scheme fields: each names the field's path when it refuses."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.translation import gettext_lazy as _

from ..expr import fmt
from .model import bad


def _date(v: Any, where: str) -> date:
    if isinstance(v, date):
        return v
    try:
        return date.fromisoformat(str(v).strip())
    except (TypeError, ValueError):
        raise bad(
            fmt(_("%(where)s: %(value)s is not a date (YYYY-MM-DD)"), where=where, value=v), field=where
        )


def _str(d: dict, key: str, where: str, default: str | None = None) -> str:
    v = d.get(key, default)
    if v is None:
        raise bad(fmt(_("%(where)s: %(key)s is required"), where=where, key=key), field=f"{where}.{key}")
    return str(v).strip()


def _list(d: dict, key: str, where: str) -> list:
    v = d.get(key) or []
    if isinstance(v, str):
        v = [v]
    if not isinstance(v, list):
        raise bad(fmt(_("%(where)s: %(key)s must be a list"), where=where, key=key), field=f"{where}.{key}")
    return v


def _num(v: Any, where: str, *, allow_none: bool = True) -> float | None:
    if v is None or v == "":
        if allow_none:
            return None
        raise bad(fmt(_("%(where)s is required"), where=where), field=where)
    if isinstance(v, bool):
        raise bad(fmt(_("%(where)s: %(value)s is not a number"), where=where, value=v), field=where)
    try:
        return float(v)
    except (TypeError, ValueError):
        raise bad(fmt(_("%(where)s: %(value)s is not a number"), where=where, value=v), field=where)


def _int(v: Any, where: str) -> int | None:
    n = _num(v, where)
    if n is None:
        return None
    if n != int(n) or n < 1:
        raise bad(
            fmt(_("%(where)s: %(value)s is not a positive whole number"), where=where, value=v), field=where
        )
    return int(n)


def _choice(v: str, choices: tuple, where: str) -> str:
    if v not in choices:
        raise bad(
            fmt(
                _("%(where)s: %(value)s is not one of %(choices)s"),
                where=where,
                value=v,
                choices=", ".join(choices),
            ),
            field=where,
        )
    return v


def _strs(v: list) -> list[str]:
    return [str(x).strip() for x in v]


def _plain_params(v: Any, where: str) -> dict:
    if v is None:
        return {}
    if not isinstance(v, dict):
        raise bad(fmt(_("%(where)s must be a mapping"), where=where), field=where)
    return v
