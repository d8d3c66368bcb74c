"""The quarterly report over the API: its content (the object the PDF is made from),
its files, and the issued reports (stored bytes, never regenerated)."""

from django.http import HttpResponse, JsonResponse
from django.utils.http import http_date
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, viewsets
from rest_framework.decorators import action
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from cori.api.filters import ApiOrderingFilter, CommissionFilterBackend, request_commission
from cori.api.renderers import DocxRenderer, PdfRenderer
from cori.api.schema import LOCATION_202, READ_ERRORS, file_responses
from cori.api.selectors import api_access
from cori.identifiers import record_id
from cori.models import ApiToken
from cori.printing import CONTENT_TYPES, stored_file
from reports.api.serializers import (
    IssuedReportSerializer,
    ReportContentSerializer,
    ReportPeriodQuerySerializer,
    ReportRenderSerializer,
)
from reports.content import report_to_dict
from reports.models import IssuedReport, ReportRender
from reports.rendering import FORMATS
from reports.selectors import report_content
from reports.services import RenderQueueFull, report_file_or_render


def _period(request):
    query = ReportPeriodQuerySerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    request_commission(request, required=True)  # 403 when not visible
    commission = api_access(request).commissions.get(acronym=query.validated_data["commission"])
    return commission, query.validated_data["start"], query.validated_data["end"]


def _file(body: bytes, ext: str, name: str) -> HttpResponse:
    response = HttpResponse(body, content_type=CONTENT_TYPES[ext])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _name(commission, start, end, ext: str) -> str:
    return f"informe-{commission.acronym.lower()}-{start}-{end}.{ext}"


ACCEPTED = (
    "El archivo no está guardado y el informe es largo: se genera en segundo plano. "
    "`Location` lleva a `/api/v1/report-renders/<id>/`; consúltela hasta que `status` sea "
    "`lista` y descargue `file_url`."
)


class RenderQueueBusy(exceptions.APIException):
    """429: too many renders open for the token, its user or the commission."""

    status_code = 429
    default_code = "render_queue_full"

    def __init__(self, refusal: RenderQueueFull):
        super().__init__(refusal.message, code=self.default_code)
        self.wait = refusal.retry_after  # DRF's handler sends it as Retry-After


def _file_or_job(request, fmt: str) -> HttpResponse:
    """The file at once when cached or small; otherwise 202 and where to poll."""
    commission, start, end = _period(request)
    token = request.auth if isinstance(request.auth, ApiToken) else None
    try:
        body, job = report_file_or_render(
            commission=commission,
            start=start,
            end=end,
            fmt=fmt,
            requested_by=request.user,
            requested_token=token,
        )
    except RenderQueueFull as refusal:
        raise RenderQueueBusy(refusal) from None
    if job is None:
        return _file(body, FORMATS[fmt], _name(commission, start, end, FORMATS[fmt]))
    location = reverse("api-report-render-detail", kwargs={"pk": job.pk}, request=request)
    data = ReportRenderSerializer(job, context={"request": request}).data
    # JSON whatever the client accepts (it asked for a file, it gets where to poll).
    response = JsonResponse(data, status=202, json_dumps_params={"ensure_ascii": False})
    response["Location"] = location
    response["Cache-Control"] = "no-store"  # not the file: nothing to revalidate
    return response


class ReportContentView(APIView):
    @extend_schema(
        summary="Contenido del informe trimestral (JSON)",
        description="El mismo objeto del que se generan el PDF y el DOCX "
        "(`reports.content.report_to_dict`).",
        parameters=[ReportPeriodQuerySerializer],
        responses={200: ReportContentSerializer, **READ_ERRORS},
    )
    def get(self, request):
        commission, start, end = _period(request)
        return Response(report_to_dict(report_content(commission=commission, start=start, end=end)))


class ReportPdfView(APIView):
    renderer_classes = (JSONRenderer, PdfRenderer)

    @extend_schema(
        summary="Informe trimestral en PDF",
        parameters=[ReportPeriodQuerySerializer, LOCATION_202],
        responses=file_responses(
            CONTENT_TYPES["pdf"],
            extra={
                (202, "application/json"): OpenApiResponse(
                    ReportRenderSerializer, description=ACCEPTED
                )
            },
        ),
    )
    def get(self, request):
        return _file_or_job(request, "pdf")


class ReportDocxView(APIView):
    renderer_classes = (JSONRenderer, DocxRenderer)

    @extend_schema(
        summary="Informe trimestral en Word (DOCX)",
        parameters=[ReportPeriodQuerySerializer, LOCATION_202],
        responses=file_responses(
            CONTENT_TYPES["docx"],
            extra={
                (202, "application/json"): OpenApiResponse(
                    ReportRenderSerializer, description=ACCEPTED
                )
            },
        ),
    )
    def get(self, request):
        return _file_or_job(request, "docx")


@extend_schema_view(
    list=extend_schema(
        summary="Informes emitidos", responses={200: IssuedReportSerializer, **READ_ERRORS}
    ),
    retrieve=extend_schema(
        summary="Un informe emitido", responses={200: IssuedReportSerializer, **READ_ERRORS}
    ),
    pdf=extend_schema(
        summary="PDF/A emitido (los bytes guardados)",
        responses=file_responses(CONTENT_TYPES["pdf"]),
    ),
    docx=extend_schema(
        summary="Word (DOCX) emitido (los bytes guardados)",
        responses={
            (200, CONTENT_TYPES["docx"]): OpenApiResponse(OpenApiTypes.BINARY),
            **READ_ERRORS,
        },
    ),
    json=extend_schema(
        summary="Contenido emitido (JSON canónico guardado)",
        responses={(200, "application/json"): ReportContentSerializer, **READ_ERRORS},
    ),
)
class IssuedReportViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = IssuedReportSerializer
    filter_backends = (CommissionFilterBackend, ApiOrderingFilter)
    commission_path = "commission"
    ordering = ("-period_start", "-issued_at")
    ordering_fields = ("id", "period_start", "issued_at")
    lookup_value_regex = r"[^/]+"

    def get_queryset(self):
        return (
            IssuedReport.objects.filter(commission__in=api_access(self.request).commissions)
            .select_related("commission", "issued_by")
            .defer("pdf", "reading_pdf", "docx", "content_json")
            .order_by(*self.ordering, "pk")
        )

    def get_object(self):
        if record_id(self.kwargs.get("pk", "")) is None:
            raise exceptions.NotFound("No se encontró el informe emitido.")
        return super().get_object()

    # The stored files never change: the SHA-256 kept with each is its ETag, and the moment
    # it was issued its Last-Modified (If-None-Match / If-Modified-Since: 304).
    STORED = {
        "pdf": ("pdf", "pdf_sha256"),
        "docx": ("docx", "docx_sha256"),
        "json": ("content_json", "content_sha256"),
    }

    def _stored(self, fmt: str) -> HttpResponse:
        issued = self.get_object()
        field, digest = self.STORED[fmt]
        if not getattr(issued, digest):  # issued before Word files were kept
            raise exceptions.NotFound("Este informe se emitió sin archivo de Word.")
        body = IssuedReport.objects.values_list(field, flat=True).get(pk=issued.pk)
        body = body.encode() if isinstance(body, str) else bytes(body)
        name = _name(issued.commission, issued.period_start, issued.period_end, fmt)
        response = _file(body, fmt, f"emitido-{name}")
        response["ETag"] = f'"{getattr(issued, digest)}"'
        response["Last-Modified"] = http_date(issued.issued_at.timestamp())
        return response

    @action(detail=True, renderer_classes=(JSONRenderer, PdfRenderer))
    def pdf(self, request, pk=None):
        return self._stored("pdf")

    @action(detail=True, renderer_classes=(JSONRenderer, DocxRenderer))
    def docx(self, request, pk=None):
        return self._stored("docx")

    @action(detail=True, renderer_classes=(JSONRenderer,))
    def json(self, request, pk=None):
        return self._stored("json")


@extend_schema_view(
    retrieve=extend_schema(
        summary="Una generación de informe en segundo plano (estado y avance)",
        responses={200: ReportRenderSerializer, **READ_ERRORS},
    ),
    file=extend_schema(
        summary="El archivo generado",
        responses=file_responses(CONTENT_TYPES["pdf"], CONTENT_TYPES["docx"]),
    ),
)
class ReportRenderViewSet(viewsets.GenericViewSet, viewsets.mixins.RetrieveModelMixin):
    serializer_class = ReportRenderSerializer
    lookup_value_regex = r"[^/]+"

    def get_queryset(self):
        return (
            ReportRender.objects.filter(commission__in=api_access(self.request).commissions)
            .select_related("commission")
            .order_by("-created_at", "-pk")
        )

    def get_object(self):
        if record_id(self.kwargs.get("pk", "")) is None:
            raise exceptions.NotFound("No se encontró la generación del informe.")
        return super().get_object()

    @action(detail=True, renderer_classes=(JSONRenderer, PdfRenderer, DocxRenderer))
    def file(self, request, pk=None):
        job = self.get_object()
        if job.status != ReportRender.Status.READY:
            raise exceptions.NotFound("El archivo aún no está listo: consulte su estado.")
        body = stored_file(job.file.name)
        if body is None:
            raise exceptions.NotFound(
                "El archivo ya no está guardado: pídalo de nuevo en /api/v1/reports/."
            )
        ext = FORMATS[job.format]
        suffix = "-pdfa" if job.format == "pdfa" else ""
        name = _name(job.commission, job.period_start, job.period_end, ext)
        response = _file(body, ext, name.replace(f".{ext}", f"{suffix}.{ext}"))
        if job.finished_at:
            response["Last-Modified"] = http_date(job.finished_at.timestamp())
        return response
