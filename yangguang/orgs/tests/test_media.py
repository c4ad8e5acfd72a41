"""Staff photos through the media gate: the same scope as the staff card (三卡) that shows them."""

import re

from django.core.files.base import ContentFile

from yangguang.core.testing import body_of, who_can_fetch
from yangguang.orgs.models import Person

PNG = b"\x89PNG\r\n\x1a\n staff photo"


def test_photo_only_to_staff_whose_scope_covers_the_person(cast, settings, tmp_path, client_of):
    settings.MEDIA_ROOT = str(tmp_path)
    p = Person.objects.create(code="P-photo", name="窗口人员", unit=cast.town_a1)
    p.photo.save("窗口人员.png", ContentFile(PNG), save=True)
    assert p.photo.name.startswith("people/")
    in_scope = {"viewer_a1", "clerk_a", "admin_a", "supervisor", "admin"}
    assert who_can_fetch(cast.visitors(), p.photo.name, PNG) == in_scope

    # the staff card links the photo, and whoever may open the card gets the image inline
    c = client_of(cast.viewer_a1)
    page = c.get(f"/services/cards/{p.pk}/")
    assert page.status_code == 200
    src = re.search(r'<img src="([^"]+)"', page.content.decode()).group(1)
    img = c.get(src)
    assert img.status_code == 200 and body_of(img) == PNG
    assert img.headers["Content-Type"] == "image/png"
    assert img.headers["Content-Disposition"].startswith("inline")
