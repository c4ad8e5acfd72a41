"""Helpers the staff page modules share."""

from __future__ import annotations

from yangguang.core.errors import NotFound


def _nf():
    raise NotFound()
