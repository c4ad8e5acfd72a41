"""Render a DomainError raised by a page view as a page with its status and message."""

from django.contrib.auth.middleware import AuthenticationMiddleware
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.sessions.middleware import SessionMiddleware
from django.shortcuts import render

from .errors import DomainError


class DomainErrorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exc):
        if isinstance(exc, DomainError) and not request.path.startswith("/api/"):
            return render(
                request,
                "core/error.html",
                {"error": exc, "details": exc.as_dict()["details"]},
                status=exc.status,
            )
        return None


class ChineseFirstLocaleMiddleware:
    """Pages are Chinese unless the user chose English (the language cookie); the browser's
    Accept-Language is ignored for pages, so an intranet PC set to English still opens in Chinese.
    API clients may ask for a language with Accept-Language."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings
        from django.utils import translation

        lang = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if request.path.startswith("/api/") and not lang:
            lang = translation.get_language_from_request(request)
        if lang not in dict(settings.LANGUAGES):
            lang = settings.LANGUAGE_CODE
        translation.activate(lang)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", translation.get_language())
        response.headers.setdefault("Vary", "Cookie")
        return response


# -- the lean path for anonymous public requests (issue 15) ---------------------------------------
# A visitor without a session cookie has no session, no login and no messages to load or save: for
# their GETs of the public site (and the case lookup API) the session, authentication and messages
# middleware step aside (subclasses of Django's own, so the admin's checks still find them). Security headers, CSRF, locale and error pages stay on every path.
LEAN_POSTS = ("/api/v1/services/lookup",)


def is_lean(request) -> bool:
    lean = getattr(request, "_yg_lean", None)
    if lean is None:
        from django.conf import settings

        path = request.path_info
        lean = settings.SESSION_COOKIE_NAME not in request.COOKIES and (
            (request.method in ("GET", "HEAD") and (path == "/" or path.startswith("/public/")))
            or (request.method == "POST" and path in LEAN_POSTS)
        )
        request._yg_lean = lean
    return lean


class LeanSessionMiddleware(SessionMiddleware):
    async_capable = False

    def __call__(self, request):
        if is_lean(request):
            request.session = self.SessionStore(None)  # empty and never saved: nothing was in it
            return self.get_response(request)
        return super().__call__(request)


class LeanAuthenticationMiddleware(AuthenticationMiddleware):
    async_capable = False

    def __call__(self, request):
        if is_lean(request):
            request.user = AnonymousUser()
            return self.get_response(request)
        return super().__call__(request)


class LeanMessageMiddleware(MessageMiddleware):
    async_capable = False

    def __call__(self, request):
        if is_lean(request):
            return self.get_response(request)
        return super().__call__(request)
