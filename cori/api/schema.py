"""Error responses documented on every operation (``@extend_schema_view`` helpers)."""

from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from drf_spectacular.views import SpectacularAPIView
from rest_framework.negotiation import DefaultContentNegotiation

from cori.api.serializers import ErrorSerializer


def _error(text: str) -> OpenApiResponse:
    return OpenApiResponse(ErrorSerializer, description=text)


E400 = _error("Datos, parámetros o cuerpo no válidos (errores por campo).")
E401 = _error("Falta el token o la sesión, o el token no es válido o fue revocado.")
E403 = _error("Sin acceso a la comisión, o acceso de solo lectura.")
E404 = _error("No existe o no es visible para este cliente.")
E409 = _error(
    "El registro cambió (If-Match), ya existe uno con esa clave o datos únicos, o su estado "
    "no permite el cambio (p. ej. la minuta de la sesión ya está aprobada: acto sellado)."
)
E415 = _error("Tipo de contenido no admitido.")
E429 = _error("Demasiadas solicitudes: espere (encabezado Retry-After).")

READ_ERRORS = {400: E400, 401: E401, 403: E403, 404: E404, 429: E429}
WRITE_ERRORS = {**READ_ERRORS, 409: E409, 415: E415}


def record_schema(name: str, serializer, *, deletable: bool = True, extra: dict | None = None):
    """``@extend_schema_view`` for a RecordViewSet: summaries and error responses."""
    from drf_spectacular.types import OpenApiTypes
    from drf_spectacular.utils import OpenApiParameter

    if_match = OpenApiParameter(
        "If-Match",
        OpenApiTypes.STR,
        location=OpenApiParameter.HEADER,
        description="Versión leída («version» o ETag); si el registro cambió, responde 409.",
    )
    record_id = OpenApiParameter(
        "id", OpenApiTypes.INT, location=OpenApiParameter.PATH, description="Id del registro."
    )
    views = {
        "list": extend_schema(
            summary=f"Lista de {name}", responses={200: serializer, **READ_ERRORS}
        ),
        "retrieve": extend_schema(
            summary=f"Un registro de {name}",
            parameters=[record_id],
            responses={200: serializer, **READ_ERRORS},
        ),
        "create": extend_schema(
            summary=f"Crea un registro de {name}", responses={201: serializer, **WRITE_ERRORS}
        ),
        "update": extend_schema(
            summary=f"Reemplaza un registro de {name}",
            parameters=[record_id, if_match],
            responses={200: serializer, **WRITE_ERRORS},
        ),
        "partial_update": extend_schema(
            summary=f"Modifica un registro de {name}",
            parameters=[record_id, if_match],
            responses={200: serializer, **WRITE_ERRORS},
        ),
    }
    if deletable:
        views["destroy"] = extend_schema(
            summary=f"Elimina un registro de {name}",
            parameters=[record_id, if_match],
            responses={204: None, **WRITE_ERRORS},
        )
    views.update(extra or {})
    return extend_schema_view(**views)


class SchemaView(SpectacularAPIView):
    """``/api/schema/``: YAML by default, JSON with ``?format=json`` (or ``Accept``)."""

    class FormatNegotiation(DefaultContentNegotiation):
        def select_renderer(self, request, renderers, format_suffix=None):
            chosen = request.query_params.get("format") or format_suffix
            if chosen and any(renderer.format == chosen for renderer in renderers):
                format_suffix = chosen
            return super().select_renderer(request, renderers, format_suffix)

    content_negotiation_class = FormatNegotiation
