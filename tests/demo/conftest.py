"""The demo world (`yangguang demo`), built once per test process for every check against it: the page
vocabulary crawl, the workbench counts, the API fuzz and the cross-unit probe. A build takes 16–40 s,
so it is shared: built inside a transaction that is rolled back at the end, each check in a savepoint
of its own inside it (what a check writes is undone after it).

The checks run from one test (test_demo_world.py) so that pytest-xdist, whatever its distribution
mode, keeps them in one process: `xdist_group` with `--dist loadgroup` would say the same, but
pytest-xdist 3.8 names the group by setting `item._nodeid`, which pytest 9 no longer reads, so the
group is split across workers and the world built in each."""

from __future__ import annotations

import io

import pytest

# The checks live in plain modules; their asserts still explain themselves.
pytest.register_assert_rewrite(
    "tests.demo.fuzz", "tests.demo.probe", "tests.demo.vocabulary", "tests.demo.workbench"
)

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module")
def demo_world(django_db_setup, django_db_blocker):
    from django.core.management import call_command
    from django.db import transaction
    from django.test import override_settings

    with django_db_blocker.unblock(), transaction.atomic(), override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        call_command("demo", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


LOGINS = ("dali", "centre", "clerk", "jinan", "linyi", "court")


@pytest.fixture
def demo_users(demo_world, db) -> dict:
    """The demo logins by name: dali (the prefecture's administrator), centre (the service centre's
    supervisor), clerk (a window clerk), jinan, linyi, court (administrators of other organisations)."""
    from django.contrib.auth import get_user_model

    return {u.username: u for u in get_user_model().objects.filter(username__in=LOGINS)}
