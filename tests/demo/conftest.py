"""The demo world (`yangguang demo`), built once per test process for every test in this package: the
page vocabulary crawl, the workbench counts, the API fuzz and the cross-unit probe. A build takes
16–40 s, so it is shared: built inside a transaction that is rolled back when the package is done, and
each test runs in a savepoint of its own inside it (what a test writes is undone after it). The
modules carry `xdist_group("demo")`, and the suite runs with `--dist loadgroup`, so under xdist they
all go to one worker and the world is built once."""

from __future__ import annotations

import io

import pytest

DEMO = pytest.mark.xdist_group("demo")
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="package")
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
