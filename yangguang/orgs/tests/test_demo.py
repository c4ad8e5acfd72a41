"""The demo organisations match the seed documents, and a second run changes nothing."""

import pytest
from django.core.management import call_command

from yangguang.orgs.models import Person, Unit


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("demo", only=["orgs"])
        yield
        from django.contrib.auth import get_user_model

        Person.objects.all().delete()
        for root in Unit.get_root_nodes():
            root.delete()
        get_user_model().objects.filter(
            username__in=["dali", "centre", "clerk", "jinan", "linyi", "court"]
        ).delete()


def under(code, **f):
    u = Unit.objects.get(code=code)
    return Unit.objects.filter(path__startswith=u.path, **f)


@pytest.mark.django_db
def test_dali_tree(demo):
    assert under("532900", depth=2).count() == 12
    assert under("532900", kind__code="township").count() == 110
    assert under("532900", kind__code="village").count() == 1075
    assert Unit.objects.get(code="532900").level_names == ["州", "县市", "乡镇", "村社区"]
    assert Unit.objects.get(code="532901001").level_name == "乡镇"


@pytest.mark.django_db
def test_service_centre(demo):
    assert under("532901-ZWZX", kind__code="department").count() == 26
    assert under("532901-ZWZX", kind__code="window").count() == 41
    centre = Unit.objects.get(code="532901-ZWZX")
    assert Person.objects.filter(unit__path__startswith=centre.path).count() == 140


@pytest.mark.django_db
def test_jinan_branch_gives_528_candidates_at_15_percent(demo):
    units = under("PBC-JN", depth=2)
    assert units.count() == 18
    staff = [Person.objects.filter(unit=u).count() for u in units]
    assert sum(int(n * 0.15 + 0.5) for n in staff) == 528
    assert int(Person.objects.filter(unit__code="PBC-JN-JG").count() * 0.15 + 0.5) == 59  # "近60人"


@pytest.mark.django_db
def test_bank_and_court(demo):
    assert under("ICBC-LY", kind__code="sub_branch").count() == 13
    assert under("ICBC-LY", kind__code="outlet").count() >= 39
    assert set(under("BHHSFY", depth=2).values_list("name", flat=True)) >= {
        "贵港法庭",
        "海事审判庭",
        "海商审判庭",
        "立案庭",
    }


@pytest.mark.django_db
def test_demo_is_idempotent(demo):
    units, people = Unit.objects.count(), Person.objects.count()
    call_command("demo", only=["orgs"])
    assert (Unit.objects.count(), Person.objects.count()) == (units, people)
