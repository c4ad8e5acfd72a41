import logging
import mimetypes
import os
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.db import connection
from django.http import (
    FileResponse,
    Http404,
    HttpResponse,
    HttpResponseNotFound,
    HttpResponseServerError,
    JsonResponse,
)
from django.shortcuts import render
from django.template import loader
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from yangguang.core import media as gate

log = logging.getLogger("yangguang.core")

# Shown in the page (staff photos); every other type is downloaded, never rendered by the browser.
INLINE_TYPES = {"image/png", "image/jpeg", "image/gif", "image/webp"}


def _http_error(request, status: int, heading, explanation):
    from .ratelimit import layout_for

    ctx = {
        "status": status,
        "heading": heading,
        "explanation": explanation,
        "base_template": layout_for(request),
    }
    return render(request, "core/http_error.html", ctx, status=status)


def not_found(request, exception=None):
    return _http_error(
        request, 404, _("Page not found"), _("The page does not exist, or you may not see it.")
    )


def forbidden(request, exception=None):
    return _http_error(request, 403, _("Not allowed"), _("You may not open this page."))


def csrf_failure(request, reason=""):
    """A page form posted without a valid CSRF token (stale page, another site): 403 in the layout."""
    return _http_error(
        request,
        403,
        _("Not allowed"),
        _("The form expired or came from another site; reload the page and try again."),
    )


def server_error(request):
    """The 500 page in the site's layout; if even that fails (the database is down), a plain page."""
    try:
        return _http_error(
            request,
            500,
            _("Server error"),
            _("Something went wrong on our side; it has been logged. Please try again later."),
        )
    except Exception:
        log.exception("the 500 page could not be rendered in the layout")
        return HttpResponseServerError(loader.get_template("500.html").render())


def healthz(request):
    with connection.cursor() as c:
        c.execute("SELECT 1")
    return JsonResponse({"ok": True})


def bare_json(request):
    """The baseline for load benchmarks: the cheapest Django JSON response, no database.

    Served only when BENCH_ENDPOINTS is on (bench/common.py sets it for the servers it starts)."""
    if not settings.BENCH_ENDPOINTS:
        raise Http404()
    return JsonResponse({"ok": True})


@require_safe
def media(request, path):
    """An uploaded file, when the guard of its prefix lets this request have it (core.media).

    Refused, unclaimed, unsafe and missing are the same 404, byte for byte: nothing tells that a file
    exists (so not the layout's 404 page, which carries the path and a fresh CSRF token)."""
    try:
        return _media(request, path)
    except Http404:
        return HttpResponseNotFound(render_to_string("core/media_404.html"))


def _media(request, path):
    name = gate.safe_name(path)
    if name is None or not gate.allowed(request, name):
        raise Http404()
    ctype, _encoding = mimetypes.guess_type(name)
    inline = ctype in INLINE_TYPES
    if settings.MEDIA_ACCEL_REDIRECT:
        resp = _accel(name, ctype, inline)
    else:
        try:
            fh = default_storage.open(name, "rb")
        except (OSError, SuspiciousFileOperation):
            raise Http404()
        resp = FileResponse(fh, as_attachment=not inline, filename=name.rsplit("/", 1)[-1])
    resp["X-Content-Type-Options"] = "nosniff"
    resp["Cache-Control"] = "private"
    return resp


def _accel(name: str, ctype: str | None, inline: bool) -> HttpResponse:
    """Behind nginx: the gate has decided, nginx sends the bytes from its `internal` location."""
    try:
        if not os.path.isfile(default_storage.path(name)):  # a directory is not a file either
            raise Http404()
    except SuspiciousFileOperation:
        raise Http404()
    resp = HttpResponse(content_type=ctype or "application/octet-stream")
    resp["X-Accel-Redirect"] = settings.MEDIA_ACCEL_REDIRECT.rstrip("/") + "/" + quote(name)
    resp["Content-Disposition"] = content_disposition_header(not inline, name.rsplit("/", 1)[-1])
    return resp
