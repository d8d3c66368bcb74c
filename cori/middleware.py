"""Request ids for the logs, conditional GET (ETag, 304), caching headers, and a Spanish
503 while the database cannot be reached."""

import contextvars
import logging
import re
import uuid

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.http import ConditionalGetMiddleware as DjangoConditionalGet
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control
from django.utils.log import log_response

REQUEST_ID_HEADER = "X-Request-ID"
# An incoming id is kept only if it is short and plain, so clients cannot write into the logs.
_VALID_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")
_current_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")

DATABASE_UNAVAILABLE_MESSAGE = (
    "CORI no puede comunicarse con su base de datos en este momento. "
    "Inténtelo de nuevo en unos minutos; si el problema continúa, avise a Administración."
)
RETRY_AFTER_SECONDS = 30


class RequestIdMiddleware:
    """Give every request an id (``request.id``): the client's ``X-Request-ID`` or a new
    uuid. It is returned in the same header and added to every log record of the request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get(REQUEST_ID_HEADER, "")
        request.id = incoming if _VALID_REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex
        token = _current_request_id.set(request.id)
        try:
            response = self.get_response(request)
        finally:
            _current_request_id.reset(token)
        response[REQUEST_ID_HEADER] = request.id
        return response


class ConditionalGetMiddleware(DjangoConditionalGet):
    """Django's conditional GET for every page, file and API answer: a 2xx ``GET`` gets an
    ``ETag`` (the one the view set, such as a record's version or an issued file's SHA-256,
    else an MD5 of the body), and a matching ``If-None-Match`` (or ``If-Modified-Since``
    against the view's ``Last-Modified``) answers 304 without a body. ``If-Match`` on a
    ``GET`` is ignored, as before: it guards writes, where the API compares it with the
    record's version (409). A response marked ``Cache-Control: no-store`` is left alone."""

    def process_response(self, request, response):
        if request.method == "GET":
            request.META.pop("HTTP_IF_MATCH", None)
            request.META.pop("HTTP_IF_UNMODIFIED_SINCE", None)
        return super().process_response(request, response)


class RequestIdFilter(logging.Filter):
    """Logging filter: sets ``record.request_id`` (``-`` outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        record.request_id = getattr(request, "id", None) or _current_request_id.get()
        return True


def database_unavailable_response(request: HttpRequest) -> HttpResponse:
    """503 in Spanish: JSON under /api/ and from /salud/, a page elsewhere. Reads nothing from the database
    (the page is rendered without the request, so no context processor asks for the user)."""
    if request.path.startswith(("/api/", "/salud/")):
        response = JsonResponse(
            # The API's error body (the ``Error`` component of /api/schema/).
            {"detail": DATABASE_UNAVAILABLE_MESSAGE, "code": "database_unavailable", "errors": {}},
            status=503,
            json_dumps_params={"ensure_ascii": False},
        )
    else:
        response = HttpResponse(
            render_to_string("503.html", {"message": DATABASE_UNAVAILABLE_MESSAGE}),
            status=503,
        )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class DatabaseUnavailableMiddleware:
    """A database that cannot be reached (refused, connect timeout, connection lost,
    statement timeout) answers 503 instead of a 500. Django discards the broken connection
    when the request ends, so CORI recovers by itself when the database comes back."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        response = database_unavailable_response(request)
        # Logged here with its traceback, so Django does not log it a second time.
        log_response(
            "Base de datos no disponible: %s",
            request.path,
            response=response,
            request=request,
            exception=exception,
        )
        return response


class CacheControlMiddleware:
    """What a signed-in person (or an API client) gets is ``private, no-cache``: no shared
    cache keeps it, and the browser asks again before showing it (its ETag makes that a
    304). The public page is ``public, no-cache``. A view that sets its own
    ``Cache-Control`` (``no-store`` for a calendar with its key, a queued render) keeps it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.has_header("Cache-Control"):
            return response
        if request.path.startswith("/publico/"):
            patch_cache_control(response, public=True, no_cache=True)
        elif _signed_in(request):
            patch_cache_control(response, private=True, no_cache=True)
        return response


def _signed_in(request: HttpRequest) -> bool:
    """A session cookie, a token or the API: never ``request.user``, which would ask the
    database once more (a second wait when the database is down and the answer is a 503)."""
    return bool(
        settings.SESSION_COOKIE_NAME in request.COOKIES
        or "HTTP_AUTHORIZATION" in request.META
        or request.path.startswith("/api/")
    )
