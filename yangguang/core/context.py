from django.conf import settings
from django.utils.translation import gettext_lazy as _

from . import navigation as nav
from .middleware import is_lean


def _items(path: str) -> list[dict]:
    return [
        {
            "name": name,
            "url": url,
            "label": label,
            "active": url != "/" and path.startswith(url) or url == path,
        }
        for name, url, label in nav.items()
    ]


def _key(items: list[dict], path: str) -> str:
    active = [i["name"] for i in items if i["active"]]
    return ",".join(active) + ("|front" if path in ("/", "/public/") else "")


def nav_key(path: str) -> str:
    """What the navigation's look depends on, for {% memo %} and visitorpages: the active entries
    (and the front door's own)."""
    return _key(_items(path), path)


def navigation(request):
    path = request.path
    items = _items(path)
    return {
        # A visitor's public GET (middleware.is_lean) carries no CSRF token: nothing on it posts
        # through htmx and the language switch is exempt, so the page is the same for every visitor.
        "lean": is_lean(request),
        "nav_items": items,
        "nav_key": _key(items, path),
        "site_name": settings.SITE_NAME or _("Yangguang Open Government"),
    }
