from datetime import date

import pytest
import time_machine

TODAY = date(2025, 12, 15)  # a Monday


@pytest.fixture
def frozen():
    with time_machine.travel("2025-12-15 10:00 +0800", tick=False):
        yield TODAY


@pytest.fixture
def cats(db):
    from yangguang.disclosure.categories import ensure

    return ensure()


@pytest.fixture(autouse=True)
def _fast_hasher(settings):
    """The cast's seven logins hash with MD5 here: these tests are about disclosure, not passwords."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
