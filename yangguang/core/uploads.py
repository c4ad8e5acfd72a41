"""The one check every uploaded file passes: present, of an accepted type, not too large."""

from __future__ import annotations

import os

from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from .errors import DomainError

DOCUMENT_MAX_BYTES = 20 * 1024 * 1024
# A sheet to import (core.tabular reads these): the rule for the upload a background job keeps.
SHEET_EXTENSIONS = frozenset({".xlsx", ".csv", ".txt"})
SHEET_MAX_BYTES = DOCUMENT_MAX_BYTES


def _percent(message, **params):
    """The message filled in when shown, not when raised: a refusal stays bilingual (a job's page and
    core.errors.both show it in either language)."""
    return lazy(lambda: str(message) % params, str)()


def check_upload(upload, extensions, max_bytes: int = DOCUMENT_MAX_BYTES, *, empty_ok: bool = True) -> str:
    """The upload's lower-case extension, or a DomainError naming the `file` field."""
    if upload is None or (not empty_ok and not upload.size):
        raise DomainError("file_required", _("Choose a file."), {"field": "file"})
    ext = os.path.splitext(upload.name or "")[1].lower()
    if ext not in extensions:
        raise DomainError(
            "bad_file_type",
            _percent(_("This file type is not accepted: %(e)s"), e=ext or "?"),
            {"field": "file", "allowed": sorted(extensions)},
        )
    if upload.size > max_bytes:
        raise DomainError(
            "file_too_large",
            _percent(_("A file may be at most %(mb)s MB."), mb=max_bytes // (1024 * 1024)),
            {"field": "file"},
        )
    if upload.size and not content_matches(_head(upload), ext):
        raise DomainError(
            "bad_file_content",
            _percent(_("The file's content is not what its extension says (%(e)s)."), e=ext),
            {"field": "file", "extension": ext},
        )
    return ext


# The type by content: each accepted extension's leading bytes. Office Open XML, OFD and zip are zip
# archives; the old Office and WPS formats are OLE compound files.
_ZIP = (b"PK",)
_OLE = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)
SIGNATURES = {
    ".pdf": (b"%PDF",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".gif": (b"GIF87a", b"GIF89a"),
    ".zip": _ZIP,
    ".docx": _ZIP,
    ".xlsx": _ZIP,
    ".pptx": _ZIP,
    ".ofd": _ZIP,
    ".doc": _OLE,
    ".xls": _OLE,
    ".ppt": _OLE,
    ".wps": _OLE,
}
TEXT_EXTENSIONS = {".txt", ".csv"}
# Markup a browser would run or render, whatever the extension says.
_MARKUP = (b"<!doctype", b"<html", b"<svg", b"<?xml", b"<script", b"<body", b"<head", b"<iframe")


def _head(upload, n: int = 1024) -> bytes:
    pos = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(n)
    upload.seek(pos)
    return head if isinstance(head, bytes) else head.encode("utf-8", "replace")


def content_matches(head: bytes, ext: str) -> bool:
    """Do the file's first bytes fit its extension (and are they no markup)?"""
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if any(start.startswith(m) for m in _MARKUP):
        return False
    if ext in SIGNATURES:
        return any(head.startswith(sig) for sig in SIGNATURES[ext])
    if ext in TEXT_EXTENSIONS:
        if b"\x00" in head:
            return False
        for enc in ("utf-8", "gb18030"):
            try:
                head.decode(enc)
                return True
            except UnicodeDecodeError as e:
                if e.start >= len(head) - 3:  # a character cut at the end of what was read
                    return True
        return False
    return True
