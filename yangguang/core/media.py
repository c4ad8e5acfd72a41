"""Who may fetch an uploaded file: the registry of media guards.

Each domain app that stores uploads offers `<app>/media.py` with `GUARDS = {"prefix/": guard}`, where
`guard(request, name) -> bool` answers for one stored file name (relative to MEDIA_ROOT, e.g.
`disclosure/x.pdf`). The guard registered for the longest matching prefix decides; a name that no
guard claims is refused. Found by module name (core.plugins), so `core` never imports a domain.

Pure lookups here; the view (core.views.media) turns every refusal into the same 404.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest

from .errors import NotFound
from .plugins import modules

Guard = Callable[[HttpRequest, str], bool]

_registry: dict[str, Guard] | None = None


def guards() -> dict[str, Guard]:
    """Every registered prefix and its guard, built once from the apps' `media.GUARDS`."""
    global _registry
    if _registry is None:
        found: dict[str, Guard] = {}
        owner: dict[str, str] = {}
        for app, mod in modules("media"):
            for prefix, fn in (getattr(mod, "GUARDS", None) or {}).items():
                if not prefix.endswith("/") or not safe_name(prefix + "x"):
                    raise ImproperlyConfigured(f"{app}.media: bad media prefix {prefix!r}")
                if prefix in found:
                    raise ImproperlyConfigured(
                        f"media prefix {prefix!r} guarded by {owner[prefix]} and {app}"
                    )
                found[prefix], owner[prefix] = fn, app
        _registry = found
    return _registry


def reset() -> None:
    """Forget the registry (tests that register their own guards)."""
    global _registry
    _registry = None


def safe_name(path: str) -> str | None:
    """The stored name a URL path stands for, or None when it could leave MEDIA_ROOT or is not a
    plain relative name (`..`, `.`, empty segments, absolute paths, backslashes, NUL)."""
    if not path or path.startswith("/") or "\\" in path or "\x00" in path or ":" in path.split("/")[0]:
        return None
    parts = path.split("/")
    if any(p in ("", ".", "..") for p in parts):
        return None
    return path


def guard_for(name: str) -> Guard | None:
    """The guard of the longest registered prefix of `name`, or None."""
    best = None
    for prefix, fn in guards().items():
        if name.startswith(prefix) and (best is None or len(prefix) > len(best[0])):
            best = (prefix, fn)
    return best[1] if best else None


def allowed(request: HttpRequest, name: str) -> bool:
    """May this request fetch the stored file `name`? No guard, a refusal or NotFound: no."""
    guard = guard_for(name)
    if guard is None:
        return False
    try:
        return bool(guard(request, name))
    except NotFound:
        return False


def _job_result(request: HttpRequest, name: str) -> bool:
    """A job's result file: its owner's (or a superuser's) only."""
    from .models import Job

    user = request.user
    if not getattr(user, "is_authenticated", False):
        return False
    jobs = Job.objects.filter(result_file=name)
    return jobs.exists() if user.is_superuser else jobs.filter(owner=user).exists()


GUARDS = {"jobs/": _job_result}
