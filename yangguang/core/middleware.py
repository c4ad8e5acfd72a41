"""Render a DomainError raised by a page view as a page with its status and message."""

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
