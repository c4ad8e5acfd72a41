"""The demo world's organisations, from the seed documents. Idempotent: keyed by unit codes.

- 大理州: 12 counties/cities, 110 townships, 1,075 villages; the 大理市政务服务中心 with 26
  departments, 41 windows and 140 staff.
- 人民银行济南分行: 分行机关, 营业管理部 and 16 other 中心支行 (the seed's 17 中心支行-level
  units counting 营业管理部), staffed so that a 15% quota gives the seed's 528 candidates.
- 工行临沂分行: 市行部室, 13 支行 and their 网点.
- 北海海事法院: its tribunals and the 贵港法庭.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction

from ..models import Person, Post, Unit
from .banks import ICBC_OFFICES, ICBC_SUBS, JINAN_STAFF, SHANDONG, _jinan, _linyi
from .builder import GIVEN, SURNAMES, _Builder
from .court import _court
from .dali import DALI_CITY_TOWNS, DALI_COUNTIES, DEPARTMENTS, STEMS, VILLAGE_STEMS, _dali

__all__ = [
    "DALI_CITY_TOWNS",
    "DALI_COUNTIES",
    "DEMO_PASSWORD",
    "DEPARTMENTS",
    "GIVEN",
    "ICBC_OFFICES",
    "ICBC_SUBS",
    "JINAN_STAFF",
    "SHANDONG",
    "STEMS",
    "SURNAMES",
    "VILLAGE_STEMS",
    "build",
]

DEMO_PASSWORD = "yangguang-demo"


def _logins() -> list[tuple[str, str]]:
    """Demo logins, each tied to a person with a post (printed by `make run`)."""
    User = get_user_model()
    out = []
    for username, person_code, role, unit_code in [
        ("dali", "DL-ZX-001", "admin", "532900"),
        ("centre", "DL-ZX-002", "supervisor", "532901-ZWZX"),
        ("clerk", "DL-ZX-W01-2", "handler", "532901-ZX-W01"),
        ("jinan", "PBC-JN-JG-0002", "admin", "PBC-JN"),
        ("linyi", "ICBC-LY-0002", "admin", "ICBC-LY"),
        ("court", "BHHSFY-002", "admin", "BHHSFY"),
    ]:
        user, created = User.objects.get_or_create(username=username)
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        person = Person.objects.get(code=person_code)
        if user.first_name != person.name:  # the page header greets the person, not the login name
            user.first_name, user.last_name = person.name, ""
            user.save(update_fields=["first_name", "last_name"])
        if person.user_id is None:
            person.user = user
            person.save(update_fields=["user"])
        Post.objects.get_or_create(person=person, unit=Unit.objects.get(code=unit_code), role=role)
        out.append((username, role))
    return out


@transaction.atomic
def build(stdout=None) -> dict:
    b = _Builder()
    _dali(b)
    _jinan(b)
    _linyi(b)
    _court(b)
    created = b.flush()
    logins = _logins()
    return {"units": Unit.objects.count(), "people_created": created, "logins": [u for u, _r in logins]}
