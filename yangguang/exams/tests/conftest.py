import pytest


@pytest.fixture
def world(cast):
    from yangguang.exams.testing import build_world

    return build_world(cast)


@pytest.fixture(autouse=True)
def _fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
