"""What the services API handlers share."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from yangguang.core.errors import DomainError
from yangguang.core.ratelimit import client_ip, hit


def _rate_limit(request, scope: str) -> None:
    n = settings.PUBLIC_RATE_LIMIT
    if not hit(f"{scope}:{client_ip(request)}", n):
        raise DomainError(
            "rate_limited",
            _("Too many requests; try again in a minute."),
            {"limit_per_minute": n},
            status=429,
        )
