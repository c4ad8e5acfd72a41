from django.conf import settings
from django.utils.translation import gettext_lazy as _

from . import navigation as nav


def navigation(request):
    path = request.path
    items = [
        {
            "name": name,
            "url": url,
            "label": label,
            "active": url != "/" and path.startswith(url) or url == path,
        }
        for name, url, label in nav.items()
    ]
    # What the navigation's look depends on, for {% memo %}: the active entries (and the front door's own).
    active = [i["name"] for i in items if i["active"]]
    nav_key = ",".join(active) + ("|front" if path in ("/", "/public/") else "")
    return {
        "nav_items": items,
        "nav_key": nav_key,
        "site_name": settings.SITE_NAME or _("Yangguang Open Government"),
    }
