"""The project's page-number pagination for API lists.

ninja's own `PageNumberPagination` accepts any `page`, so `?page=1000000000000000001` makes an OFFSET
past 64 bits and the database fails (a 500). Here `page` and `page_size` are bounded in the documented
schema (a 422 past the bound) and a page past the last one is simply empty.

    from yangguang.core.pagination import PageNumberPagination
    @paginate(PageNumberPagination, page_size=50)
"""

from __future__ import annotations

from ninja import Field, Schema
from ninja.pagination import PageNumberPagination as _NinjaPageNumberPagination

# Far beyond any real list, and (page × the largest page size) stays well inside a 64-bit OFFSET.
MAX_PAGE = 1_000_000_000
MAX_PAGE_SIZE = 1000


class PageNumberPagination(_NinjaPageNumberPagination):
    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1, le=MAX_PAGE_SIZE)
