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
    return {"nav_items": items, "site_name": settings.SITE_NAME or _("Yangguang Open Government")}
