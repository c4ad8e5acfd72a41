"""Helpers every supervision write shares: today, the post check, required text, the unit head."""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yangguang.core.errors import DomainError, Forbidden
from yangguang.core.uploads import DOCUMENT_MAX_BYTES, check_upload
from yangguang.orgs.models import Person, Post, Unit
from yangguang.orgs.queries import has_role

from ..labels import fmt


def _today() -> date:
    return timezone.localdate()


def _require(actor, roles, unit: Unit, message=None) -> None:
    if not has_role(actor, roles, unit):
        raise Forbidden(message or fmt(_("You have no post on %(unit)s that allows this."), unit=unit.name))


def _text(value, field: str, label) -> str:
    value = (value or "").strip()
    if not value:
        raise DomainError("required", fmt(_("%(field)s is required."), field=label), {"field": field})
    return value


def unit_head(unit: Unit) -> Person | None:
    """The unit's head (一把手): the person holding the "leader" post on the unit itself."""
    post = Post.objects.filter(unit=unit, role="leader").select_related("person").order_by("id").first()
    return post.person if post else None


# Evidence attached to progress reports, rectification reports and decision steps (issue 16 item 5):
# documents and scans only, never markup; each through the one upload check.
ATTACHMENT_EXTENSIONS = {
    ".pdf", ".ofd", ".doc", ".docx", ".wps", ".xls", ".xlsx", ".jpg", ".jpeg", ".png", ".zip", ".txt"
}  # fmt: skip
ATTACHMENT_MAX_BYTES = DOCUMENT_MAX_BYTES


def _check_attachment(upload) -> None:
    if upload is not None:
        check_upload(upload, ATTACHMENT_EXTENSIONS, ATTACHMENT_MAX_BYTES, empty_ok=False)
