"""The lean path (issue 15): anonymous public GETs skip session, auth and messages work; everyone
else keeps them."""

import pytest
from django.test import RequestFactory

from yangguang.core.middleware import LeanAuthenticationMiddleware, LeanSessionMiddleware, is_lean

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "method,path,cookie,lean",
    [
        ("get", "/public/search/", False, True),
        ("get", "/", False, True),
        ("post", "/api/v1/services/lookup", False, True),
        ("get", "/public/search/", True, False),  # a session cookie: the full path
        ("post", "/public/services/lookup/", False, False),  # a form post: the full path
        ("get", "/services/", False, False),  # staff pages: the full path
    ],
)
def test_which_requests_are_lean(method, path, cookie, lean):
    rf = RequestFactory()
    if cookie:
        rf.cookies["sessionid"] = "x"
    assert is_lean(getattr(rf, method)(path)) is lean


def test_a_lean_request_gets_an_anonymous_user_and_an_empty_session():
    seen = {}

    def view(request):
        seen["user"], seen["session"] = request.user, request.session
        from django.http import HttpResponse

        return HttpResponse("ok")

    chain = LeanSessionMiddleware(LeanAuthenticationMiddleware(view))
    response = chain(RequestFactory().get("/public/search/"))
    assert not seen["user"].is_authenticated and seen["session"].is_empty()
    assert "sessionid" not in response.cookies


def test_a_signed_in_person_keeps_their_session_on_public_pages(client_of, cast):
    client = client_of(cast.clerk_a)
    r = client.get("/public/search/", {"q": "x"})
    assert r.status_code == 200 and r.wsgi_request.user == cast.clerk_a
    assert client.get("/public/search/").wsgi_request.user.is_authenticated
