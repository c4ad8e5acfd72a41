from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja.security import HttpBearer, SessionAuth

from yangguang.core.errors import DomainError

from .models import ApiToken


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        found = ApiToken.objects.select_related("user").filter(digest=ApiToken.digest_of(token)).first()
        if found is None or found.revoked_at is not None or not found.user.is_active:
            raise DomainError("invalid_token", _("The API token is not valid."), status=401)
        if found.expired:
            raise DomainError(
                "token_expired",
                _("The API token expired on %(when)s.") % {"when": found.expires_at.date()},
                status=401,
            )
        now = timezone.now()
        if found.last_used_at is None or (now - found.last_used_at).total_seconds() > 300:
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        request.user = found.user
        return found.user


class Session(SessionAuth):
    """Browser sessions (with CSRF on unsafe methods)."""


session_auth = Session()
token_auth = TokenAuth()
AUTH = [token_auth, session_auth]
