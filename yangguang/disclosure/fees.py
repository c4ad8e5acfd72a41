"""Information-processing fees by 国办函〔2020〕109号 《政府信息公开信息处理费管理办法》. Pure.

Two methods; the agency picks one per request:

- by count (按件计收): one applicant's requests in one calendar month — 1–10 free; 11–30 at 100 yuan
  each; from the 31st, each further block of 10 costs 100 yuan more per request (31–40: 200, 41–50: 300 …).
- by volume (按量计收): pages of one request — 1–30 free; 31–100 at 10 yuan a page; 101–200 at 20;
  from 201 at 40.
"""

from __future__ import annotations

FREE_REQUESTS_PER_MONTH = 10
FREE_PAGES = 30


def fee_for_nth_request(n: int) -> int:
    """The fee (yuan) for an applicant's n-th request of a calendar month (n ≥ 1)."""
    if n < 1:
        raise ValueError("n starts at 1")
    if n <= 10:
        return 0
    if n <= 30:
        return 100
    return 100 + 100 * ((n - 31) // 10 + 1)


def fee_by_count(already_this_month: int, new_requests: int = 1) -> int:
    """Fee for `new_requests` more requests after `already_this_month` earlier ones."""
    return sum(fee_for_nth_request(already_this_month + i) for i in range(1, new_requests + 1))


def fee_by_pages(pages: int) -> int:
    """Fee (yuan) for one request of `pages` pages."""
    if pages < 0:
        raise ValueError("pages ≥ 0")
    fee = 0
    for low, high, price in ((31, 100, 10), (101, 200, 20), (201, None, 40)):
        if pages >= low:
            top = pages if high is None else min(pages, high)
            fee += (top - low + 1) * price
    return fee
