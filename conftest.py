import pytest


@pytest.fixture
def cast(db):
    from yangguang.orgs.testing import build_cast

    return build_cast()


@pytest.fixture
def client_of(client):
    """client_of(user) -> a Django test client logged in as that user."""
    from django.test import Client

    def make(user):
        c = Client()
        c.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return c

    return make


@pytest.fixture(autouse=True)
def _fresh_caches():
    from django.conf import settings
    from django.core.cache import cache
    from django.utils import translation

    cache.clear()
    translation.activate(settings.LANGUAGE_CODE)  # no test inherits the language another one left
    yield
