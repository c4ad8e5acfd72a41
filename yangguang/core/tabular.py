"""Reading and writing spreadsheets (.xlsx and .csv) as rows of named cells.

Row numbers are as the spreadsheet shows them (the header is row 1), so error reports point at the
cell an office worker sees.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from .errors import DomainError


@dataclass
class Table:
    header: list[str]
    rows: list[tuple[int, dict[str, Any]]]  # (row number, {column: value})


def _clean(v: Any) -> Any:
    if isinstance(v, str):
        v = v.strip()
        return v
    return "" if v is None else v


def read_table(data: bytes, filename: str) -> Table:
    name = filename.lower()
    if name.endswith(".xlsx"):
        return _read_xlsx(data)
    if name.endswith(".csv") or name.endswith(".txt"):
        return _read_csv(data)
    raise DomainError("bad_format", _("Unsupported file type: use .xlsx or .csv."), {"filename": filename})


def _read_csv(data: bytes) -> Table:
    for enc in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise DomainError("bad_encoding", _("The file is neither UTF-8 nor GB18030 text."))
    reader = csv.reader(io.StringIO(text))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise DomainError("empty_file", _("The file is empty."))
    rows = []
    for i, raw in enumerate(reader, start=2):
        if not any(c.strip() for c in raw):
            continue
        rows.append((i, {h: _clean(raw[j]) if j < len(raw) else "" for j, h in enumerate(header) if h}))
    return Table([h for h in header if h], rows)


def _read_xlsx(data: bytes) -> Table:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:
        raise DomainError("bad_file", _("The file is not a readable .xlsx workbook."))
    ws = wb.worksheets[0]
    it = ws.iter_rows(values_only=True)
    try:
        header = [str(h).strip() if h is not None else "" for h in next(it)]
    except StopIteration:
        raise DomainError("empty_file", _("The file is empty."))
    rows = []
    for i, raw in enumerate(it, start=2):
        if raw is None or all(c is None or (isinstance(c, str) and not c.strip()) for c in raw):
            continue
        rows.append((i, {h: _clean(raw[j]) if j < len(raw) else "" for j, h in enumerate(header) if h}))
    wb.close()
    return Table([h for h in header if h], rows)


def write_table(header: list[str], rows: list[list[Any]], fmt: str, title: str = "Sheet1") -> bytes:
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(header)
        w.writerows(rows)
        return buf.getvalue().encode("utf-8-sig")
    if fmt == "xlsx":
        from openpyxl import Workbook
        from openpyxl.styles import Font

        wb = Workbook(write_only=False)
        ws = wb.active
        ws.title = title[:31]
        ws.append(header)
        for c in ws[1]:
            c.font = Font(bold=True)
        for r in rows:
            ws.append(list(r))
        for i, h in enumerate(header, start=1):
            ws.column_dimensions[ws.cell(1, i).column_letter].width = max(10, min(40, len(str(h)) * 2 + 4))
        buf = io.BytesIO()
        wb.save(buf)
        return buf.getvalue()
    raise DomainError("bad_format", _("Unsupported format: %(fmt)s") % {"fmt": fmt})


CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "json": "application/json",
}
