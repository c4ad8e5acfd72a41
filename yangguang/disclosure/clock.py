"""The statutory clocks of the 2019 《政府信息公开条例》. Pure: no ORM.

Every function takes a calendar with `add_workdays(start, n, pauses) -> Due` (a
`workdays.calendar.WorkCalendar`). The start day is never counted (期间开始之日不计算在内).

- art. 26: a record is published within 20 working days of being formed or changed.
- art. 31: the day a request is received depends on its channel.
- art. 30: a correction (补正) notice goes out once, within 7 working days of receipt; the clock starts
  again from the day the corrected request arrives.
- art. 32: a third party has 15 working days to answer; consultation days do not count.
- art. 33: the answer is due 20 working days after receipt; one extension of at most 20 more.
- 国办函〔2020〕109号: a fee notice stops the clock until payment; unpaid after 20 working days, the
  request is closed (逾期不缴费).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

PUBLISH_DAYS = 20
ANSWER_DAYS = 20
MAX_EXTENSION_DAYS = 20
CORRECTION_NOTICE_DAYS = 7
THIRD_PARTY_DAYS = 15
FEE_PAYMENT_DAYS = 20
# The period the applicant gets to send the corrected request (a reasonable period of the agency's choosing).
DEFAULT_CORRECTION_DAYS = 15

CHANNELS_CONFIRMED = {"online", "fax"}  # received the day both sides confirm
CHANNELS_SIGNED = {"letter"}  # received the day the letter is signed for


class ClockError(ValueError):
    """A clock request the law does not allow (a second extension, more than 20 days …)."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


@dataclass(frozen=True, slots=True)
class Clock:
    start: date  # the day the clock (re)started: receipt, or arrival of the corrected request
    due: date
    verified: bool
    paused_spans: tuple[tuple[date, date], ...] = ()
    extension_days: int = 0


def receipt_date(
    channel: str, submitted_on: date, *, signed_on: date | None = None, confirmed_on: date | None = None
) -> date:
    """The day a request counts as received (art. 31)."""
    if channel in CHANNELS_SIGNED:
        return signed_on or submitted_on
    if channel in CHANNELS_CONFIRMED:
        return confirmed_on or submitted_on
    return submitted_on  # in person: the day it is handed in


def publication_due(cal, formed_on: date):
    """Art. 26: the last day to publish a record formed or changed on `formed_on`."""
    return cal.add_workdays(formed_on, PUBLISH_DAYS)


def is_published_late(cal, formed_on: date, published_on: date) -> bool:
    return published_on > publication_due(cal, formed_on).date


def correction_notice_due(cal, received_on: date):
    """Art. 30: the last day to send the one-time correction notice."""
    return cal.add_workdays(received_on, CORRECTION_NOTICE_DAYS)


def correction_reply_due(cal, notice_on: date, days: int = DEFAULT_CORRECTION_DAYS):
    """The last day the applicant may send the corrected request; later it closes as 逾期不补正."""
    return cal.add_workdays(notice_on, days)


def consultation_due(cal, sent_on: date):
    """Art. 32: the third party's last day to answer."""
    return cal.add_workdays(sent_on, THIRD_PARTY_DAYS)


def fee_payment_due(cal, notice_on: date):
    return cal.add_workdays(notice_on, FEE_PAYMENT_DAYS)


def check_extension(existing_days: int, days: int) -> None:
    """One extension only, of 1–20 working days (art. 33)."""
    if existing_days:
        raise ClockError("second_extension", "A request can be extended only once.")
    if not 1 <= days <= MAX_EXTENSION_DAYS:
        raise ClockError("extension_too_long", "An extension is 1 to 20 working days.")


def effective_pauses(start: date, pauses: Iterable[tuple[date, date]]) -> tuple[tuple[date, date], ...]:
    """The pauses that matter after `start` (a pause before a restart counts for nothing)."""
    out = []
    for a, b in pauses:
        if b < a or b <= start:
            continue
        out.append((max(a, start), b))
    return tuple(sorted(out))


def answer_clock(
    cal,
    received_on: date,
    *,
    corrected_on: date | None = None,
    pauses: Iterable[tuple[date, date]] = (),
    extension_days: int = 0,
) -> Clock:
    """Art. 33: the answer is due 20 (+ extension) working days after receipt, or after the corrected
    request arrived; paused spans (third-party consultation, an unpaid fee notice) do not count."""
    if corrected_on is not None and corrected_on < received_on:
        raise ClockError("correction_before_receipt", "A correction cannot arrive before the request.")
    if extension_days < 0 or extension_days > MAX_EXTENSION_DAYS:
        raise ClockError("extension_too_long", "An extension is 1 to 20 working days.")
    start = corrected_on or received_on
    spans = effective_pauses(start, pauses)
    due = cal.add_workdays(start, ANSWER_DAYS + extension_days, spans)
    return Clock(start, due.date, due.verified, spans, extension_days)


def light(today: date, due: date, cal, warn_days: int = 3) -> str:
    """Green on track, yellow within `warn_days` working days of the limit, red overdue."""
    if today > due:
        return "red"
    if cal.add_workdays(today, warn_days).date >= due:
        return "yellow"
    return "green"


# -- the explanation beside every due date (issue 14) -----------------------------------------------
ART = {
    "received": "《政府信息公开条例》第三十一条",
    "correction": "《政府信息公开条例》第三十条",
    "limit": "《政府信息公开条例》第三十三条第二款",
    "consultation": "《政府信息公开条例》第三十二条",
    "fee": "国办函〔2020〕109号 第十条",
    "extension": "《政府信息公开条例》第三十三条第二款",
}


def explain_request(cal, req, consultations=()):
    """The lines that add up to `req.due_on`: receipt, 补正 notice and corrected request (the clock
    restarts), the 20 days, each consultation and the fee wait with the working days they exclude,
    the extension. `req` is anything with a Request's fields; `consultations` (party, sent_on,
    replied_on, due_on) tuples. Pure: the caller reads the rows."""
    from yangguang.workdays.explain import Line, explain

    start = req.corrected_on or req.received_on
    before = [Line("received", req.received_on, article=ART["received"])]
    if req.correction_sent_on:
        before.append(
            Line(
                "correction_notice", req.correction_sent_on, req.correction_due_on, article=ART["correction"]
            )
        )
    if req.corrected_on:
        before.append(Line("corrected", req.corrected_on, article=ART["correction"]))
    counted = [Line("limit", start, days=ANSWER_DAYS, article=ART["limit"])]
    if req.extension_days:
        counted.append(
            Line(
                "extension",
                getattr(req, "extension_decided_on", None),
                getattr(req, "extension_notice_on", None),
                days=req.extension_days,
                article=ART["extension"],
                note=req.extension_reason or "",
            )
        )
    pauses = []
    for party, sent, replied, due in consultations:  # clipped to (start, due] by `explain`
        pauses.append(
            Line(
                "consultation",
                sent,
                replied or due,
                article=ART["consultation"],
                note=party,
                extra={"answered": bool(replied)},
            )
        )
    if req.fee_notice_on:
        end = req.fee_paid_on or req.fee_due_on
        pauses.append(
            Line("fee", req.fee_notice_on, end, article=ART["fee"], extra={"paid": bool(req.fee_paid_on)})
        )
    if req.status == "correction" and req.correction_sent_on:
        pauses.append(
            Line(
                "awaiting_correction",
                req.correction_sent_on,
                req.correction_due_on,
                article=ART["correction"],
            )
        )
    return explain(cal, start, before=before, counted=counted, pauses=pauses)
