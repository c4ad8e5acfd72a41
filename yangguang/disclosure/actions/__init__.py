"""Every write of the disclosure domain: one transaction each, validated, audited.

One module per sub-domain; every use-case stays importable from here (`actions.list_publish(...)`).
"""

from __future__ import annotations

from ..models import Disclosure, Request
from ._common import (
    ALLOWED_TAGS,
    APPROVE_ROLES,
    CHANNEL_CODES,
    REVIEW_ROLES,
    WRITE_ROLES,
    sanitize,
    today,
)
from .appeals import appeal_create, appeal_decide
from .channels import disclosure_add_channel
from .records import (
    ATTACHMENT_EXTENSIONS,
    ATTACHMENT_MAX_BYTES,
    RECORD_FIELDS,
    attachment_add,
    disclosure_confirm_current,
    disclosure_create,
    disclosure_report_upward,
    disclosure_set_validity,
    disclosure_update,
)
from .report import report_narrative_save
from .requests import (
    CODE_ALPHABET,
    _new_code,
    consultation_reply,
    public_idempotency_key,
    request_conclude,
    request_consult,
    request_correct,
    request_extend,
    request_fee_notice,
    request_fee_paid,
    request_file,
    request_send_correction,
)
from .review import (
    list_add,
    list_approve,
    list_create,
    list_publish,
    list_return,
    list_review,
    list_submit,
)

__all__ = [
    "ALLOWED_TAGS",
    "APPROVE_ROLES",
    "ATTACHMENT_EXTENSIONS",
    "ATTACHMENT_MAX_BYTES",
    "CHANNEL_CODES",
    "CODE_ALPHABET",
    "RECORD_FIELDS",
    "REVIEW_ROLES",
    "WRITE_ROLES",
    "Disclosure",
    "Request",
    "_new_code",
    "appeal_create",
    "appeal_decide",
    "attachment_add",
    "consultation_reply",
    "disclosure_add_channel",
    "disclosure_confirm_current",
    "disclosure_create",
    "disclosure_report_upward",
    "disclosure_set_validity",
    "disclosure_update",
    "list_add",
    "list_approve",
    "list_create",
    "list_publish",
    "list_return",
    "list_review",
    "list_submit",
    "public_idempotency_key",
    "report_narrative_save",
    "request_conclude",
    "request_consult",
    "request_correct",
    "request_extend",
    "request_fee_notice",
    "request_fee_paid",
    "request_file",
    "request_send_correction",
    "sanitize",
    "today",
]
