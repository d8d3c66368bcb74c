"""Every error as JSON with a Spanish message: ``{"detail", "code", "errors"}``.

``errors`` maps each field (or ``non_field_errors``) to its messages. Django's own
exceptions (model validation, protected deletes, integrity errors, out-of-range
numbers) are turned into 400, 404 or 409 here, so no input answers 500.
"""

import logging

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError, IntegrityError
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.renderers import JSONRenderer
from rest_framework.views import exception_handler, set_rollback

from cori.states import STATE_CONFLICT, StateConflict
from cori.text import file_size

logger = logging.getLogger(__name__)


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "El registro cambió o ya existe: conflicto con el estado actual."
    default_code = "conflict"

    def __init__(self, detail=None, code=None, errors=None):
        super().__init__(detail, code)
        self.errors = errors or {}


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "request_too_large"


def too_large_message() -> str:
    """The 413 sentence, with the documented limit (``DATA_UPLOAD_MAX_MEMORY_SIZE``)."""
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    size = f" (más de {file_size(limit)})" if limit else ""
    return f"La solicitud es demasiado grande{size}: envíe menos datos en cada solicitud."


class PreconditionRequired(exceptions.APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "invalid_if_match"


MESSAGES = {
    status.HTTP_400_BAD_REQUEST: "Los datos enviados no son válidos.",
    status.HTTP_401_UNAUTHORIZED: "Se requiere autenticación.",
    status.HTTP_403_FORBIDDEN: "No tiene permiso para realizar esta acción.",
    status.HTTP_404_NOT_FOUND: "No se encontró el recurso solicitado.",
    status.HTTP_405_METHOD_NOT_ALLOWED: "Método no permitido en este recurso.",
    status.HTTP_406_NOT_ACCEPTABLE: "No se puede responder en el formato solicitado.",
    status.HTTP_409_CONFLICT: "Conflicto con el estado actual del registro.",
    status.HTTP_413_REQUEST_ENTITY_TOO_LARGE: "La solicitud es demasiado grande.",
    status.HTTP_415_UNSUPPORTED_MEDIA_TYPE: "Tipo de contenido no admitido: envíe JSON.",
    status.HTTP_429_TOO_MANY_REQUESTS: "Demasiadas solicitudes.",
    status.HTTP_500_INTERNAL_SERVER_ERROR: (
        "Error interno del servidor: el equipo de CORI fue avisado. Intente de nuevo más tarde."
    ),
}


def django_errors(error: DjangoValidationError) -> dict[str, list[str]]:
    """A Django ValidationError as ``{field: [messages]}``."""
    if hasattr(error, "error_dict"):
        return {
            ("non_field_errors" if field == NON_FIELD_ERRORS else field): messages
            for field, messages in error.message_dict.items()
        }
    return {"non_field_errors": list(error.messages)}


def _flatten(detail) -> dict[str, list[str]]:
    if isinstance(detail, dict):
        result = {}
        for field, value in detail.items():
            if isinstance(value, dict):
                for sub, messages in _flatten(value).items():
                    result[f"{field}.{sub}"] = messages
            elif isinstance(value, list):
                flat = []
                for item in value:
                    if isinstance(item, dict):
                        for sub, messages in _flatten(item).items():
                            result[f"{field}.{sub}"] = messages
                    else:
                        flat.append(str(item))
                if flat:
                    result[field] = flat
            else:
                result[field] = [str(value)]
        return result
    if isinstance(detail, list):
        return {"non_field_errors": [str(item) for item in detail]}
    return {"non_field_errors": [str(detail)]}


def _body(status_code: int, detail: str, code: str, errors: dict | None = None) -> dict:
    return {"detail": detail, "code": code, "errors": errors or {}}


def _api_exception(exc):
    """Django's exceptions (and a state conflict) as DRF's, with the 4xx they mean."""
    if isinstance(exc, StateConflict):
        # Refused by the record's state (a sealed act, a transition not allowed): 409.
        return Conflict(" ".join(exc.messages), code=STATE_CONFLICT, errors=django_errors(exc))
    if isinstance(exc, DjangoValidationError):
        return exceptions.ValidationError(django_errors(exc))
    if isinstance(exc, ProtectedError | RestrictedError):
        related = (
            exc.protected_objects if isinstance(exc, ProtectedError) else exc.restricted_objects
        )
        count = len(list(related))
        return Conflict(
            f"No se puede eliminar: {count} registro(s) dependen de este. "
            "Elimine o modifique primero esos registros."
        )
    if isinstance(exc, IntegrityError):
        return Conflict("Ya existe un registro con esos datos (restricción de unicidad).")
    if isinstance(exc, OverflowError | DataError):
        return exceptions.ValidationError(
            {"non_field_errors": ["Un valor numérico o de texto está fuera del rango admitido."]}
        )
    if isinstance(exc, Http404):
        return exceptions.NotFound(MESSAGES[404])
    if isinstance(exc, PermissionDenied):
        return exceptions.PermissionDenied(str(exc) or MESSAGES[403])
    if isinstance(exc, RequestDataTooBig):
        return RequestTooLarge(too_large_message())
    return exc


def _error_body(exc, code: int) -> dict:
    """The uniform body of an error answered with status ``code``."""
    if isinstance(exc, exceptions.ValidationError):
        return _body(code, MESSAGES[400], "invalid", _flatten(exc.detail))
    if isinstance(exc, exceptions.Throttled):
        wait = f" Intente de nuevo en {int(exc.wait)} segundos." if exc.wait else ""
        return _body(code, f"{MESSAGES[429]}{wait}", "throttled")
    if isinstance(exc, exceptions.ParseError):
        return _body(
            code, f"No se pudo leer el cuerpo de la solicitud: {exc.detail}", "parse_error"
        )
    if isinstance(exc, exceptions.UnsupportedMediaType):
        return _body(code, MESSAGES[415], "unsupported_media_type")
    if isinstance(exc, exceptions.MethodNotAllowed):
        return _body(code, MESSAGES[405], "method_not_allowed")
    detail = exc.detail if isinstance(exc, exceptions.APIException) else MESSAGES.get(code)
    errors = getattr(exc, "errors", None)
    text = str(detail) if not isinstance(detail, dict | list) else MESSAGES.get(code, "")
    error_code = getattr(detail, "code", None) or getattr(exc, "default_code", "error")
    body = _body(code, text, error_code, errors)
    if isinstance(detail, dict | list) and not errors:
        body["errors"] = _flatten(detail)
    return body


def api_exception_handler(exc, context):
    """DRF's handler, then Django's exceptions mapped to 4xx, then a uniform body."""
    exc = _api_exception(exc)
    response = exception_handler(exc, context)
    if response is None:
        return None
    request = context.get("request")
    if getattr(getattr(request, "accepted_renderer", None), "render_style", "") == "binary":
        # A file was asked for (Accept: application/pdf); the error is still JSON.
        request.accepted_renderer = JSONRenderer()
        request.accepted_media_type = "application/json"
    set_rollback()
    code = status.HTTP_400_BAD_REQUEST
    if isinstance(exc, exceptions.APIException):
        code = exc.status_code
    response.data = _error_body(exc, code)
    return response
