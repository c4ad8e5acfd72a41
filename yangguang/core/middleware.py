"""The project's middleware: domain errors as pages, Chinese first, the lean path for a visitor's
public requests, the security policy header built once."""

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware
from django.conf import settings
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.sessions.middleware import SessionMiddleware
from django.http import HttpResponse
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


class SecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware with the policy built once: the project's responses set no nonce and
    no per-view policy, so the header is a function of the settings alone; building it (dataclass
    copies of every directive, twice) cost more than serving a stored public page (issue 15). A
    response or request that does carry a per-view policy or a nonce goes through django-csp."""

    _built: tuple | None = None  # (policy setting, report-only setting, header, report-only header)

    def process_response(self, request, response):
        if getattr(request, "_csp_nonce", None) is not None or any(
            getattr(response, a, None) is not None for a in _PER_VIEW
        ):
            return super().process_response(request, response)
        policy = getattr(settings, "CONTENT_SECURITY_POLICY", None)
        report_only = getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
        built = self._built
        if built is None or built[0] is not policy or built[1] is not report_only:
            probe = HttpResponse()
            super().process_response(request, probe)
            built = (policy, report_only, probe.get(HEADER), probe.get(HEADER_REPORT_ONLY))
            SecurityPolicyMiddleware._built = built
            # the probe's run replaced the request's nonce accessor as after any response
        for header, value, exempt, setting in (
            (HEADER, built[2], "_csp_exempt", policy),
            (HEADER_REPORT_ONLY, built[3], "_csp_exempt_ro", report_only),
        ):
            if value and header not in response and getattr(response, exempt, False) is False:
                prefixes = tuple((setting or {}).get("EXCLUDE_URL_PREFIXES", None) or ())
                if not request.path_info.startswith(prefixes):
                    response[header] = value
        if getattr(request, "_csp_nonce", None) is None:
            request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response


_PER_VIEW = (
    "_csp_config",
    "_csp_update",
    "_csp_replace",
    "_csp_config_ro",
    "_csp_update_ro",
    "_csp_replace_ro",
)
