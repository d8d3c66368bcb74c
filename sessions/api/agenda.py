"""``/api/v1/agenda-items/``, ``/api/v1/documents/`` (the orden del día's PDFs) and, per
session, ``/api/v1/sessions/<id>/convocatoria/?format=pdf|docx`` and
``/api/v1/sessions/<id>/packet/``: the same services, selectors and files as the pages."""

import django_filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    inline_serializer,
)
from rest_framework import exceptions, serializers
from rest_framework.decorators import action
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from cori.api.documents import DocumentFileField
from cori.api.exceptions import Conflict
from cori.api.renderers import DocxRenderer, PdfRenderer
from cori.api.schema import errors, file_responses, record_schema
from cori.api.selectors import api_access
from cori.api.serializers import RecordSerializer
from cori.api.viewsets import RecordViewSet
from cori.documents import document_response
from cori.filters import RecordFilterSet
from cori.printing import CONTENT_TYPES
from sessions.agenda_views import convocatoria_file_response, packet_file_response
from sessions.models import AgendaDocument, AgendaItem, Session
from sessions.packet import PacketUnavailable


class AgendaItemFilter(RecordFilterSet):
    search_fields = ("title", "presenter")
    session = django_filters.NumberFilter(field_name="session", label="Sesión (id)")

    class Meta:
        model = AgendaItem
        fields = ["session", "kind"]


class AgendaItemSerializer(RecordSerializer):
    class Meta:
        model = AgendaItem
        fields = (
            "id",
            "session",
            "order",
            "kind",
            "title",
            "presenter",
            "presented_item",
            "accord",
            "minutes_session",
            "added_at",
            "created_at",
            "updated_at",
            "version",
        )
        read_only_fields = ("added_at", "created_at", "updated_at")


@record_schema("puntos del orden del día", AgendaItemSerializer)
class AgendaItemViewSet(RecordViewSet):
    model = AgendaItem
    commission_path = "session__commission"
    serializer_class = AgendaItemSerializer
    filterset_class = AgendaItemFilter
    select_related = ("session__commission",)
    ordering = ("session", "order", "id")
    ordering_fields = ("id", "order")


class AgendaDocumentFilter(RecordFilterSet):
    search_fields = ("title",)
    item = django_filters.NumberFilter(field_name="item", label="Punto (id)")
    session = django_filters.NumberFilter(field_name="item__session", label="Sesión (id)")

    class Meta:
        model = AgendaDocument
        fields = ["item", "session"]


class AgendaDocumentSerializer(RecordSerializer):
    document = DocumentFileField(url_name="api-agenda-document-file", required=True)

    class Meta:
        model = AgendaDocument
        fields = ("id", "item", "title", "order", "document", "created_at", "updated_at", "version")
        read_only_fields = ("created_at", "updated_at")


@record_schema("documentos del orden del día", AgendaDocumentSerializer)
class AgendaDocumentViewSet(RecordViewSet):
    model = AgendaDocument
    commission_path = "item__session__commission"
    serializer_class = AgendaDocumentSerializer
    filterset_class = AgendaDocumentFilter
    select_related = ("item__session__commission",)
    ordering = ("item", "order", "id")
    ordering_fields = ("id", "order")

    @extend_schema(summary="El PDF del documento", responses=file_responses("application/pdf"))
    @action(detail=True, methods=["get"], url_path="file")
    def file(self, request, pk=None):
        return document_response(self.get_object().document)


def api_session(request, pk: int) -> Session:
    """The session of a file URL, among the commissions the client sees (a token's own
    commissions, not those of the staff member who created it)."""
    session = (
        Session.objects.filter(commission__in=api_access(request).commissions, pk=pk)
        .select_related("commission")
        .first()
    )
    if session is None:
        raise exceptions.NotFound("No existe esa sesión o no tiene acceso a su comisión.")
    return session


def file_format(request) -> str:
    """``?format=pdf|docx`` of the convocatoria and the minuta (PDF when absent)."""
    fmt = request.query_params.get("format", "pdf")
    if fmt not in {"pdf", "docx"}:
        raise exceptions.ValidationError({"format": "Use «pdf» o «docx»."})
    return fmt


class ConvocatoriaView(APIView):
    # ``?format=pdf|docx`` picks the file: these renderers let DRF's negotiation accept it.
    renderer_classes = (JSONRenderer, PdfRenderer, DocxRenderer)

    @extend_schema(
        summary="La convocatoria de la sesión (PDF o DOCX)",
        parameters=[OpenApiParameter("format", OpenApiTypes.STR, enum=["pdf", "docx"])],
        responses=file_responses(CONTENT_TYPES["pdf"], CONTENT_TYPES["docx"]),
    )
    def get(self, request, pk: int):
        return convocatoria_file_response(api_session(request, pk), file_format(request))


class PacketView(APIView):
    renderer_classes = (JSONRenderer, PdfRenderer)

    @extend_schema(
        summary="La carpeta de la sesión (PDF); 202 mientras se prepara una grande",
        responses=file_responses(
            "application/pdf",
            extra={
                (202, "application/json"): OpenApiResponse(
                    inline_serializer("PacketPending", {"detail": serializers.CharField()}),
                    description="La carpeta se está preparando: pídala de nuevo en unos minutos.",
                ),
                **errors(409),  # a document of the orden del día cannot be included (named)
            },
        ),
    )
    def get(self, request, pk: int):
        try:
            response = packet_file_response(api_session(request, pk))
        except PacketUnavailable as error:
            raise Conflict(str(error), code="packet_unavailable") from error
        if response is None:
            return Response(
                {"detail": "La carpeta de la sesión se está preparando; vuelva en unos minutos."},
                status=202,
            )
        return response
