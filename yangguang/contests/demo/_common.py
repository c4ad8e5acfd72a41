"""What the demo builders share."""

from __future__ import annotations

from django.contrib.auth import get_user_model


def user(username: str):
    """The seed's login for the organiser, or the first superuser when the seed has none."""
    User = get_user_model()
    return User.objects.filter(username=username).first() or User.objects.filter(is_superuser=True).first()


def not_after_today(d):
    """A demo date, but never after the day the demo is built (a bulletin is not issued in the future)."""
    from django.utils import timezone

    return min(d, timezone.localdate())
