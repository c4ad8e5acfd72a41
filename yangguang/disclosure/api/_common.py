"""Schemas more than one part of the disclosure API reads."""

from datetime import date

from ninja import Schema


class DateIn(Schema):
    on: date | None = None
