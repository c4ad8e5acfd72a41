"""The one error type that the API and the UI both render.

`message` is a lazy translation, so each client sees it in its own language; `both()` gives the
Chinese and the English text together for row reports and logs.
"""

from __future__ import annotations

from typing import Any

from django.utils import translation


def both(message: Any) -> dict[str, str]:
    out = {}
    for lang in ("zh-hans", "en"):
        with translation.override(lang):
            out[lang] = str(message)
    return out


class DomainError(Exception):
    """A refused action or a bad input. Nothing was changed when this is raised."""

    status = 400

    def __init__(self, code: str, message: Any, details: dict | None = None, status: int | None = None):
        super().__init__(str(message))
        self.code = code
        self.message = message
        self.details = details or {}
        if status is not None:
            self.status = status

    def as_dict(self) -> dict:
        texts = both(self.message)
        return {
            "code": self.code,
            "message": str(self.message),
            "details": {**_plain(self.details), "message_zh": texts["zh-hans"], "message_en": texts["en"]},
        }


class NotFound(DomainError):
    """Missing and forbidden are the same answer: nothing to say about another unit's object."""

    status = 404

    def __init__(self, what: Any = None):
        from django.utils.translation import gettext_lazy as _

        super().__init__("not_found", what or _("Not found."), status=404)


class Forbidden(DomainError):
    status = 403

    def __init__(self, message: Any = None):
        from django.utils.translation import gettext_lazy as _

        super().__init__("forbidden", message or _("You may not do this."), status=403)


class Conflict(DomainError):
    status = 409


class RowError:
    """One bad row of an import: row number (as the spreadsheet shows it), column, reason."""

    __slots__ = ("row", "column", "message")

    def __init__(self, row: int | None, column: str | None, message: Any):
        self.row, self.column, self.message = row, column, message

    def as_dict(self) -> dict:
        texts = both(self.message)
        return {
            "row": self.row,
            "column": self.column,
            "message": texts["zh-hans"],
            "message_en": texts["en"],
        }


def _rows_summary(n: int) -> str:
    from django.utils.translation import gettext, ngettext

    if not n:
        return gettext("Nothing was imported.")
    return ngettext("%(n)d bad row; nothing was imported.", "%(n)d bad rows; nothing was imported.", n) % {
        "n": n
    }


class ImportRejected(DomainError):
    """An all-or-nothing import with at least one bad row: nothing was written."""

    def __init__(self, errors: list[RowError]):
        from django.utils.functional import lazy

        self.errors = errors
        # Lazy, so each reader (and both()) gets the summary in its own language.
        message = lazy(_rows_summary, str)(len(errors))
        super().__init__("import_rejected", message, {"errors": [e.as_dict() for e in errors]})


def _plain(value: Any) -> Any:
    """Lazy strings and other promises become plain text for JSON."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)
