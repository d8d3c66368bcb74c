"""The OpenAPI schema (``/api/schema/``): what every operation answers, declared once.

- ``ERROR_DESCRIPTIONS``: one description per status CORI answers, all with the ``Error``
  component (``{"detail", "code", "errors"}``) and only as ``application/json``, files too.
- ``READ_ERRORS``/``WRITE_ERRORS`` for ``@extend_schema``; ``file_responses`` for a view
  that answers a file (binary 200, JSON errors, 304 if conditional); ``ETAG`` and
  ``LOCATION_202`` response headers; ``conditional_parameters`` for a view that answers
  ``If-None-Match`` with 304.
- ``postprocess_schema`` (a drf-spectacular hook) makes sure of it on every operation, so
  a view that forgets is still documented as CORI answers: the statuses of its method,
  errors as JSON only, ``Retry-After`` on 429 and 503, ``Location`` on 201, ``Allow`` on
  405, ``Content-Disposition`` on a file, 304 with ``ETag`` and ``If-None-Match`` on
  every read, no accented names for a generated client
  (``gender``, never ``Género``).
- ``cori.api.autoschema.CoriAutoSchema``: every ``{id}`` in a path is an integer.

``tests/api/test_schema_contract.py`` checks all of it over the whole schema.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from drf_spectacular.views import SpectacularAPIView
from rest_framework.negotiation import DefaultContentNegotiation

from cori.api.serializers import ErrorSerializer

JSON = "application/json"
ERROR_REF = {"$ref": "#/components/schemas/Error"}

ERROR_DESCRIPTIONS = {
    400: "Datos, parámetros o cuerpo no válidos (errores por campo), p. ej. un filtro o un "
    "«ordering» desconocido.",
    401: "Falta el token o la sesión, o el token no es válido, fue revocado o venció.",
    403: "Sin acceso a la comisión, acceso de solo lectura o una escritura que el rol no hace.",
    404: "No existe o no es visible para este cliente.",
    405: "Método no permitido en esta ruta (encabezado Allow: los que admite).",
    406: "No se puede responder en el formato pedido en Accept.",
    409: "El registro cambió (If-Match), ya existe uno con esa clave o datos únicos, otros "
    "dependen de él, o su estado no permite el cambio (code «state_conflict»: p. ej. la "
    "minuta de la sesión ya está aprobada).",
    413: "El cuerpo de la solicitud es demasiado grande (DATA_UPLOAD_MAX_MEMORY_SIZE).",
    415: "Tipo de contenido no admitido: envíe JSON (o multipart/form-data donde se sube "
    "un archivo).",
    429: "Demasiadas solicitudes (code «throttled») o demasiadas generaciones de informes "
    "abiertas (code «render_queue_full»): espere los segundos que indica Retry-After.",
    500: "Error interno (code «server_error», sin detalles): el equipo de CORI fue avisado.",
    503: "La base de datos no responde por ahora: intente de nuevo tras Retry-After segundos.",
}
# Every operation can answer these; a write also 409, and one with a body 413 and 415.
COMMON_ERRORS = (400, 401, 403, 404, 405, 406, 429, 500, 503)
WRITE_METHODS = ("post", "put", "patch", "delete")
BODY_ERRORS = (413, 415)

# Response headers (``OpenApiParameter(..., response=[codes])``), for ``parameters=[…]``.
ETAG = OpenApiParameter(
    "ETag",
    OpenApiTypes.STR,
    location=OpenApiParameter.HEADER,
    response=[200, 201],
    description='Versión del registro entre comillas («"123"»): envíela en If-Match.',
)
LOCATION_202 = OpenApiParameter(
    "Location",
    OpenApiTypes.URI,
    location=OpenApiParameter.HEADER,
    response=[202],
    description="La generación en segundo plano que consultar (/api/v1/report-renders/<id>/).",
)
HEADERS = {
    "Location": {
        "schema": {"type": "string", "format": "uri"},
        "description": "Dirección del registro creado (201), de la generación que "
        "consultar (202) o del archivo pedido con ?format= (303).",
    },
    "Retry-After": {
        "schema": {"type": "integer", "minimum": 0},
        "description": "Segundos que esperar antes de intentar de nuevo.",
    },
    "Allow": {
        "schema": {"type": "string"},
        "description": "Métodos que admite la ruta (p. ej. «GET, HEAD, OPTIONS»).",
    },
    "ETag": {
        "schema": {"type": "string"},
        "description": "Versión de la respuesta: envíela en If-None-Match (y la de un "
        "registro, en If-Match para modificarlo).",
    },
    "Content-Disposition": {
        "schema": {"type": "string"},
        "description": 'attachment; filename="…": el nombre con que guardar el archivo.',
    },
}
BINARY = {"type": "string", "format": "binary"}
HEADERS_BY_STATUS = {
    "201": ("Location",),
    "303": ("Location",),
    "405": ("Allow",),
    "429": ("Retry-After",),
    "503": ("Retry-After",),
}


def errors(*codes: int) -> dict:
    """``@extend_schema`` responses: each status as the ``Error`` JSON, never as a file."""
    return {
        (code, JSON): OpenApiResponse(ErrorSerializer, description=ERROR_DESCRIPTIONS[code])
        for code in codes
    }


READ_ERRORS = errors(*COMMON_ERRORS)
WRITE_ERRORS = errors(*COMMON_ERRORS, 409, *BODY_ERRORS)


def file_responses(
    *media_types: str, description: str = "", conditional: bool = False, extra: dict | None = None
) -> dict:
    """Responses of a view that answers a file: the bytes (``format: binary``) in each of
    ``media_types`` for 200, every error as JSON, and 304 when the view answers
    ``If-None-Match`` (``conditional``; declare ``conditional_parameters()`` too).
    ``extra``: more responses (a 202 with where to poll…)."""
    responses = {
        (200, media_type): OpenApiResponse(OpenApiTypes.BINARY, description=description)
        for media_type in media_types
    }
    if conditional:
        responses[304] = OpenApiResponse(
            description="No cambió desde la versión que indica If-None-Match (sin cuerpo)."
        )
    return {**responses, **(extra or {}), **READ_ERRORS}


def conditional_parameters(*, last_modified: bool = False) -> list[OpenApiParameter]:
    """``If-None-Match`` in the request, ``ETag`` (and ``Last-Modified``) in 200 and 304."""
    parameters = [
        OpenApiParameter(
            "If-None-Match",
            OpenApiTypes.STR,
            location=OpenApiParameter.HEADER,
            description="ETag de la copia que ya tiene: si no cambió, responde 304 sin cuerpo.",
        ),
        OpenApiParameter(
            "ETag",
            OpenApiTypes.STR,
            location=OpenApiParameter.HEADER,
            response=[200, 304],
            description="Versión de la respuesta: envíela en If-None-Match.",
        ),
    ]
    if last_modified:
        parameters.append(
            OpenApiParameter(
                "Last-Modified",
                OpenApiTypes.STR,
                location=OpenApiParameter.HEADER,
                response=[200, 304],
                description="Fecha HTTP del último cambio.",
            )
        )
    return parameters


def record_schema(name: str, serializer, *, deletable: bool = True, extra: dict | None = None):
    """``@extend_schema_view`` for a RecordViewSet: summaries and error responses."""
    if_match = OpenApiParameter(
        "If-Match",
        OpenApiTypes.STR,
        location=OpenApiParameter.HEADER,
        description="Versión leída («version» o ETag); si el registro cambió, responde 409.",
    )
    views = {
        "list": extend_schema(
            summary=f"Lista de {name}", responses={200: serializer, **READ_ERRORS}
        ),
        "retrieve": extend_schema(
            summary=f"Un registro de {name}",
            parameters=[ETAG],
            responses={200: serializer, **READ_ERRORS},
        ),
        "create": extend_schema(
            summary=f"Crea un registro de {name}",
            parameters=[ETAG],
            responses={201: serializer, **WRITE_ERRORS},
        ),
        "update": extend_schema(
            summary=f"Reemplaza un registro de {name}",
            parameters=[if_match, ETAG],
            responses={200: serializer, **WRITE_ERRORS},
        ),
        "partial_update": extend_schema(
            summary=f"Modifica un registro de {name}",
            parameters=[if_match, ETAG],
            responses={200: serializer, **WRITE_ERRORS},
        ),
    }
    if deletable:
        views["destroy"] = extend_schema(
            summary=f"Elimina un registro de {name}",
            parameters=[if_match],
            responses={204: None, **WRITE_ERRORS},
        )
    views.update(extra or {})
    return extend_schema_view(**views)


def _error_response(code: int, existing: dict | None) -> dict:
    description = (existing or {}).get("description") or ERROR_DESCRIPTIONS.get(code, "")
    response = {"description": description, "content": {JSON: {"schema": ERROR_REF}}}
    if existing and existing.get("headers"):
        response["headers"] = existing["headers"]
    return response


def _operations(result: dict):
    for path, item in result.get("paths", {}).items():
        for method, operation in item.items():
            if method in ("get", "put", "post", "delete", "options", "head", "patch", "trace"):
                yield path, method, operation


def _ascii_parameter(parameter: dict) -> None:
    """drf-spectacular gives a filter's label as its schema's ``title``; a client generator
    names the filter's enum after it (``persons_list_gé_nero``). The label goes to the
    description, the name stays the filter's (ASCII)."""
    schema = parameter.get("schema", {})
    title = schema.pop("title", None)
    if title and title not in parameter.get("description", ""):
        description = parameter.get("description", "")
        parameter["description"] = f"{title}. {description}".strip() if description else title


IF_NONE_MATCH = {
    "in": "header",
    "name": "If-None-Match",
    "schema": {"type": "string"},
    "description": "ETag de la copia que ya tiene: si no cambió, responde 304 sin cuerpo.",
}
NOT_MODIFIED = "No cambió desde la versión que indica If-None-Match (sin cuerpo)."


def _conditional_get(operation: dict, responses: dict) -> None:
    """``cori.middleware.ConditionalGetMiddleware`` gives every 2xx GET an ``ETag`` and
    answers a matching ``If-None-Match`` with 304, lists and pages of results included."""
    responses.setdefault("304", {"description": NOT_MODIFIED})
    for code in ("200", "304"):
        responses[code].setdefault("headers", {}).setdefault("ETag", HEADERS["ETag"])
    parameters = operation.setdefault("parameters", [])
    if not any(parameter["name"] == "If-None-Match" for parameter in parameters):
        parameters.append(IF_NONE_MATCH)


def postprocess_schema(result, generator, request, public):
    """drf-spectacular hook (``SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"]``)."""
    for _path, method, operation in _operations(result):
        responses = operation.setdefault("responses", {})
        if method == "get" and "200" in responses:
            _conditional_get(operation, responses)
        codes = list(COMMON_ERRORS)
        if method in WRITE_METHODS:
            codes.append(409)
        if "requestBody" in operation:
            codes.extend(BODY_ERRORS)
        for code in {*codes, *(int(key) for key in responses if key[0] in "45")}:
            responses[str(code)] = _error_response(code, responses.get(str(code)))
        for code, names in HEADERS_BY_STATUS.items():
            if code in responses:
                headers = responses[code].setdefault("headers", {})
                for name in names:
                    headers.setdefault(name, HEADERS[name])
        ok = responses.get("200", {}).get("content", {})
        if ok and all(body.get("schema") == BINARY for body in ok.values()):
            # A file: saved under the name CORI gives it.
            headers = responses["200"].setdefault("headers", {})
            headers.setdefault("Content-Disposition", HEADERS["Content-Disposition"])
        operation["responses"] = dict(sorted(responses.items()))
        for parameter in operation.get("parameters", []):
            _ascii_parameter(parameter)
    return result


class SchemaView(SpectacularAPIView):
    """``/api/schema/``: YAML by default, JSON with ``?format=json`` (or ``Accept``)."""

    class FormatNegotiation(DefaultContentNegotiation):
        def select_renderer(self, request, renderers, format_suffix=None):
            chosen = request.query_params.get("format") or format_suffix
            if chosen and any(renderer.format == chosen for renderer in renderers):
                format_suffix = chosen
            return super().select_renderer(request, renderers, format_suffix)

    content_negotiation_class = FormatNegotiation
