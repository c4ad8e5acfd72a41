"""Issue 16 item 10: the demo's leaders carry their unit's path, so scoped lists show them."""

from yangguang.exams.demo import LEADERS, _people
from yangguang.orgs.models import Person
from yangguang.orgs.queries import person_list


def test_demo_leaders_have_their_units_path_and_are_listed(cast):
    _people(cast.root)
    leaders = Person.objects.filter(code__in=[c for c, *_ in LEADERS])
    assert leaders.count() == 8
    assert set(leaders.values_list("unit_path", flat=True)) == {cast.root.path}
    listed = set(person_list(actor=cast.supervisor).values_list("code", flat=True))
    assert {c for c, *_ in LEADERS} <= listed


def test_a_world_built_before_is_mended(cast):
    _people(cast.root)
    Person.objects.filter(code__in=[c for c, *_ in LEADERS]).update(unit_path="")
    _people(cast.root)
    assert not Person.objects.filter(code__in=[c for c, *_ in LEADERS], unit_path="").exists()
