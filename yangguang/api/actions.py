from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yangguang.audit.actions import record
from yangguang.core.errors import DomainError, Forbidden

from .models import ApiToken


@transaction.atomic
def token_issue(*, actor, user, name: str, days: int | None = 365) -> tuple[ApiToken, str]:
    """Issue a token; the raw value is returned once and only its digest is kept."""
    if not (actor and actor.is_superuser):
        raise Forbidden(_("Only a system administrator may issue API tokens."))
    if days is not None and days <= 0:
        raise DomainError("invalid", _("A token must be valid for at least one day."), {"field": "days"})
    raw = ApiToken.new_raw()
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=raw[3:11],
        digest=ApiToken.digest_of(raw),
        created_by=actor,
        expires_at=timezone.now() + timedelta(days=days) if days else None,
    )
    record(
        actor=actor,
        action="create",
        instance=token,
        after={"user": user.pk, "name": name, "expires_at": token.expires_at},
    )
    return token, raw


@transaction.atomic
def token_revoke(*, actor, token: ApiToken) -> None:
    if not (actor and (actor.is_superuser or actor.pk == token.user_id)):
        raise Forbidden()
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    record(actor=actor, action="revoke", instance=token)
