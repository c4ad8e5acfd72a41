"""The one check every uploaded file passes: present, of an accepted type, not too large."""

from __future__ import annotations

import os

from django.utils.translation import gettext_lazy as _

from .errors import DomainError

DOCUMENT_MAX_BYTES = 20 * 1024 * 1024


def check_upload(upload, extensions, max_bytes: int = DOCUMENT_MAX_BYTES, *, empty_ok: bool = True) -> str:
    """The upload's lower-case extension, or a DomainError naming the `file` field."""
    if upload is None or (not empty_ok and not upload.size):
        raise DomainError("file_required", _("Choose a file."), {"field": "file"})
    ext = os.path.splitext(upload.name or "")[1].lower()
    if ext not in extensions:
        raise DomainError(
            "bad_file_type",
            _("This file type is not accepted: %(e)s") % {"e": ext or "?"},
            {"field": "file", "allowed": sorted(extensions)},
        )
    if upload.size > max_bytes:
        raise DomainError(
            "file_too_large",
            _("A file may be at most %(mb)s MB.") % {"mb": max_bytes // (1024 * 1024)},
            {"field": "file"},
        )
    return ext
