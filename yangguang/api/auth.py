from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja.security import HttpBearer, SessionAuth
from ninja.utils import check_csrf

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
                _("The API token expired on %(when)s.") % {"when": timezone.localdate(found.expires_at)},
                status=401,
            )
        now = timezone.now()
        if found.last_used_at is None or (now - found.last_used_at).total_seconds() > 300:
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        request.user = found.user
        return found.user


class Session(SessionAuth):
    """Browser sessions (with CSRF on unsafe methods).

    Without a signed-in session there is nothing to protect: the CSRF check is skipped and the
    request fails authentication (401 in the JSON error), not "CSRF check Failed"."""

    def _get_key(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if self.csrf and not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
            raise DomainError(
                "csrf_failed",
                _("The form expired or came from another site; reload the page and try again."),
                status=403,
            )
        return request.COOKIES.get(self.param_name)


session_auth = Session()
token_auth = TokenAuth()
AUTH = [token_auth, session_auth]
