"""Error answers for every URL: JSON under ``/api/`` (the API's shape, ``{"detail",
"code", "errors"}``), a Spanish page elsewhere. Set as ``handler400``…``handler500``
in ``cori/urls.py``; Django calls them with ``DEBUG`` off."""

import sys

from django.conf import settings
from django.core.exceptions import BadRequest, RequestDataTooBig
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader

from cori.api.exceptions import MESSAGES, too_large_message
from cori.middleware import database_unavailable_response

API_PREFIX = "/api/"
TITLES = {
    400: "Solicitud no válida",
    403: "Acceso denegado",
    404: "No encontrado",
    413: "Solicitud demasiado grande",
    500: "Error del servidor",
}
PAGE_MESSAGES = {
    400: "La solicitud no es válida.",
    403: "No tiene permiso para ver esta página.",
    404: "La página que busca no existe o ya no está disponible.",
    500: "Ocurrió un error inesperado; el equipo de CORI fue avisado. Intente más tarde.",
}
# Pages in CORI's layout (base.html); 500.html stands alone (no database, no request).
PAGE_TEMPLATES = {403: "403.html", 404: "404.html"}
CSRF_MESSAGE = (
    "El formulario caducó o se envió desde otra página, así que no se guardó. Vuelva a "
    "cargar la página e inténtelo de nuevo; si acaba de iniciar sesión en otra pestaña, "
    "use esa."
)
CODES = {
    400: "invalid",
    403: "permission_denied",
    404: "not_found",
    413: "request_too_large",
    500: "server_error",
}


def is_api(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


def error_response(request: HttpRequest, status: int, detail: str = "") -> HttpResponse:
    if is_api(request):
        body = {"detail": detail or MESSAGES[status], "code": CODES[status], "errors": {}}
        return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
    context = {"status": status, "title": TITLES[status], "detail": detail or PAGE_MESSAGES[status]}
    if status == 500:
        # No request context: the failure may be the database the session lives in.
        content = loader.render_to_string("500.html", context)
    else:
        template = PAGE_TEMPLATES.get(status, "error.html")
        content = loader.render_to_string(template, context, request=request)
    response = HttpResponse(content, status=status)
    response.cori_page = True  # CORI's own page (DebugNotFoundMiddleware leaves it alone)
    return response


def bad_request(request: HttpRequest, exception=None) -> HttpResponse:
    if isinstance(exception, RequestDataTooBig):
        return error_response(request, 413, too_large_message())
    # A view's own BadRequest carries a Spanish message for the user; other 400s
    # (SuspiciousOperation and its kind) keep theirs for the logs.
    detail = str(exception) if type(exception) is BadRequest else ""
    return error_response(request, 400, detail)


def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    return error_response(request, 403, str(exception or ""))


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """``CSRF_FAILURE_VIEW``: Django's is an English "403 Forbidden" page."""
    return error_response(request, 403, CSRF_MESSAGE)


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    return error_response(request, 404)


def server_error(request: HttpRequest) -> HttpResponse:
    # Django calls this while handling the exception. A database that cannot be reached
    # outside a view (a middleware reading the session, say) is a 503 too, as in a view.
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        return database_unavailable_response(request)
    return error_response(request, 500)


class DebugNotFoundMiddleware:
    """With ``DEBUG`` on (``make run``, the demo) an unknown address shows CORI's Spanish 404
        too, not Django's English page that lists every URL pattern (under ``/api/``, the JSON
    error, as without DEBUG)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            settings.DEBUG
            and response.status_code == 404
            and not getattr(response, "cori_page", False)
            and "text/html" in response.get("Content-Type", "")
        ):
            return page_not_found(request)
        return response
