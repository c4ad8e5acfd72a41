"""The REST API at /api/v1/: one NinjaAPI, a router per domain (`<app>.api.router`)."""

import importlib
import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as ModelValidationError
from django.db import DataError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from yangguang.core.errors import DomainError

from .auth import AUTH

log = logging.getLogger("yangguang.api")

api = NinjaAPI(
    title="Yangguang API",
    version="1",
    description="阳光政务 REST API. Errors are {code, message, details}. Session auth (browser, CSRF) or Bearer tokens.",
    auth=AUTH,
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)


def _error(request, status: int, code: str, message: str, details: dict | None = None):
    return api.create_response(
        request, {"code": code, "message": message, "details": details or {}}, status=status
    )


@api.exception_handler(DomainError)
def on_domain_error(request, exc: DomainError):
    return api.create_response(request, exc.as_dict(), status=exc.status)


@api.exception_handler(ValidationError)
def on_validation(request, exc: ValidationError):
    return _error(request, 422, "invalid", _("The request is not valid."), {"errors": exc.errors})


@api.exception_handler(AuthenticationError)
def on_auth(request, exc):
    return _error(request, 401, "unauthenticated", _("Log in or send a valid API token."))


@api.exception_handler(Http404)
def on_404(request, exc):
    return _error(request, 404, "not_found", _("Not found."))


@api.exception_handler(HttpError)
def on_http(request, exc: HttpError):
    return _error(request, exc.status_code, "error", str(exc))


@api.exception_handler(PermissionDenied)
def on_permission_denied(request, exc):
    return _error(request, 403, "forbidden", _("You may not do this."))


@api.exception_handler(ModelValidationError)
def on_model_validation(request, exc: ModelValidationError):
    details = exc.message_dict if hasattr(exc, "error_dict") else {"errors": exc.messages}
    return _error(request, 400, "invalid", _("The request is not valid."), details)


@api.exception_handler(OverflowError)
@api.exception_handler(DataError)
def on_out_of_range(request, exc):
    """A value the database cannot hold (a number past 64 bits, a date out of range): the request's
    fault, not the server's. Logged, since an operation should have refused it first."""
    log.warning("API %s %s: value out of range: %s", request.method, request.path, exc)
    return _error(request, 400, "out_of_range", _("A value in the request is out of range."))


@api.exception_handler(Exception)
def on_unexpected(request, exc: Exception):
    """Anything else is our fault: logged with its traceback, answered in JSON without details."""
    log.exception("API %s %s failed", request.method, request.path)
    return _error(request, 500, "internal", _("Something went wrong on our side; it has been logged."))


for app in settings.INSTALLED_APPS:
    if not app.startswith("yangguang.") or app == "yangguang.api":
        continue
    try:
        mod = importlib.import_module(f"{app}.api")
    except ModuleNotFoundError as e:
        if e.name == f"{app}.api":
            continue
        raise
    api.add_router(f"/{app.rsplit('.', 1)[1]}/", mod.router)

# Background jobs are the kernel's (core), not a domain's: mounted by hand.
api.add_router("/jobs/", importlib.import_module("yangguang.core.jobs_api").router)
