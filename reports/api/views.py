"""The quarterly report over the API: its content (the object the PDF is made from),
its files, and the issued reports (stored bytes, never regenerated)."""

from django.db.models import Q
from django.http import HttpResponse, JsonResponse
from django.utils.http import http_date
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import exceptions, viewsets
from rest_framework.decorators import action
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from cori.api.filters import ApiOrderingFilter, CommissionFilterBackend, request_commission
from cori.api.renderers import DocxRenderer, PdfRenderer
from cori.api.schema import LOCATION_202, READ_ERRORS, WRITE_ERRORS, file_responses
from cori.api.selectors import api_access
from cori.identifiers import record_id
from cori.models import ApiToken
from cori.printing import CONTENT_TYPES, stored_file
from reports.api.serializers import (
    IssuedReportSerializer,
    IssueRequestSerializer,
    ReportContentSerializer,
    ReportPeriodQuerySerializer,
    ReportRenderSerializer,
)
from reports.content import REPORT_KINDS, report_to_dict
from reports.issuing import report_kind_issue
from reports.kind_pages import ISSUE_REFUSALS
from reports.models import AGREEMENTS, ANNUAL, QUARTERLY, IssuedReport, ReportRender
from reports.renderers import render_html
from reports.rendering import FORMATS
from reports.selectors import report_content
from reports.selectors.kinds import kind_file_name
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


def _name(record, ext: str) -> str:
    """The file name of an issued report's or a render job's file."""
    return kind_file_name(
        kind=record.kind,
        commission=record.commission,
        start=record.period_start,
        end=record.period_end,
        ext=ext,
    )


ACCEPTED = (
    "El archivo no está guardado y el informe es largo: se genera en segundo plano. "
    "`Location` lleva a `/api/v1/report-renders/<id>/`; consúltela hasta que `status` sea "
    "`lista` y descargue `file_url`."
)


# The 202 of a file not cached and long, in the schema of every file endpoint.
ACCEPTED_RESPONSE = {
    (202, "application/json"): OpenApiResponse(ReportRenderSerializer, description=ACCEPTED)
}


class RenderQueueBusy(exceptions.APIException):
    """429: too many renders open for the token, its user or the commission."""

    status_code = 429
    default_code = "render_queue_full"

    def __init__(self, refusal: RenderQueueFull):
        super().__init__(refusal.message, code=self.default_code)
        self.wait = refusal.retry_after  # DRF's handler sends it as Retry-After


def _file_or_job(request, fmt: str) -> HttpResponse:
    commission, start, end = _period(request)
    return file_or_job(
        request, kind=QUARTERLY, commission=commission, start=start, end=end, fmt=fmt
    )


def file_elsewhere(request, url_name: str) -> HttpResponse:
    """303 to a report's file endpoint (``url_name``) with the same query, less ``format``."""
    params = request.query_params.copy()
    params.pop("format")
    response = HttpResponse(status=303)
    response["Location"] = request.build_absolute_uri(f"{reverse(url_name)}?{params.urlencode()}")
    return response


def content_response(report, fmt: str) -> HttpResponse:
    """A report's content: the standalone HTML document, or its JSON whatever the client
    accepts (it asked for the content)."""
    if fmt == "html":
        html = render_html(report, links=False, standalone=True)
        return HttpResponse(html, content_type=CONTENT_TYPES["html"])
    return JsonResponse(report_to_dict(report), json_dumps_params={"ensure_ascii": False})


def file_or_job(request, *, kind: str, commission, start, end, fmt: str) -> HttpResponse:
    """The file of any kind of report at once when cached or small; otherwise 202 and
    where to poll (``Location``), or 429 when the render queue is full."""
    token = request.auth if isinstance(request.auth, ApiToken) else None
    try:
        body, job = report_file_or_render(
            kind=kind,
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
        name = kind_file_name(
            kind=kind, commission=commission, start=start, end=end, ext=FORMATS[fmt]
        )
        return _file(body, FORMATS[fmt], name)
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
        summary="Informes emitidos",
        parameters=[
            OpenApiParameter(
                "kind",
                str,
                enum=list(REPORT_KINDS),
                description="Solo los de un tipo: informe_trimestral, convenios o anual.",
            )
        ],
        responses={200: IssuedReportSerializer, **READ_ERRORS},
    ),
    create=extend_schema(
        summary="Emitir el informe de convenios del instituto o el informe anual",
        description="Congela el contenido, el PDF/A, el PDF de lectura y el Word con su "
        "SHA-256. `convenios` (Administración): `start` y `end`, una vez por periodo y "
        "después de la fecha de corte; `anual` (secretaría técnica y Administración): "
        "`commission` y `year`, una vez por año y después de que el año concluye. 409 si "
        "ya se emitió.",
        request=IssueRequestSerializer,
        responses={201: IssuedReportSerializer, **WRITE_ERRORS},
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
class IssuedReportViewSet(viewsets.ReadOnlyModelViewSet, viewsets.mixins.CreateModelMixin):
    serializer_class = IssuedReportSerializer
    filter_backends = (CommissionFilterBackend, ApiOrderingFilter)
    commission_path = "commission"
    ordering = ("-period_start", "-issued_at")
    ordering_fields = ("id", "period_start", "issued_at")
    lookup_value_regex = r"[^/]+"

    def get_queryset(self):
        visible = api_access(self.request).commissions
        issued = (
            # The institute's report on agreements (no commission) is read by every client,
            # as the report itself (/agreement-reports/).
            IssuedReport.objects.filter(Q(commission__in=visible) | Q(commission__isnull=True))
            .select_related("commission", "issued_by")
            .defer("pdf", "reading_pdf", "docx", "content_json")
            .order_by(*self.ordering, "pk")
        )
        kind = self.request.query_params.get("kind", "")
        if self.action == "list" and kind:
            if kind not in REPORT_KINDS:
                raise exceptions.ValidationError(
                    {"kind": [f"Tipo desconocido; los tipos son: {', '.join(REPORT_KINDS)}."]}
                )
            issued = issued.filter(kind=kind)
        return issued

    def create(self, request):
        """Issue the institute's report on agreements or a commission's informe anual
        (``reports.issuing.report_kind_issue`` states the rules: 400 with the Spanish
        reason, 409 when already issued)."""
        query = IssueRequestSerializer(data=request.data)
        query.is_valid(raise_exception=True)
        data, access = query.validated_data, api_access(request)
        commission = None
        if data["kind"] == AGREEMENTS:
            if not access.institute_writer:
                raise exceptions.PermissionDenied(ISSUE_REFUSALS[AGREEMENTS])
        else:
            commission = access.commissions.filter(acronym=data["commission"]).first()
            if commission is None:
                raise exceptions.PermissionDenied("No tiene acceso a esta comisión.")
            token = request.auth if isinstance(request.auth, ApiToken) else None
            operator = token is not None and token.created_by is None
            if not (operator or request.user.has_perm("reports.issue_report")):
                raise exceptions.PermissionDenied(ISSUE_REFUSALS[ANNUAL])
        user = request.user if request.user.is_authenticated else None
        issued = report_kind_issue(
            kind=data["kind"],
            commission=commission,
            start=data.get("start"),
            end=data.get("end"),
            year=data.get("year"),
            issued_by=user,
        )
        return Response(self.get_serializer(issued).data, status=201)

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
        name = _name(issued, fmt)
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
        visible = api_access(self.request).commissions
        return (
            # The institute's renders (no commission) are every client's, as its report.
            ReportRender.objects.filter(Q(commission__in=visible) | Q(commission__isnull=True))
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
                "El archivo ya no está guardado: pídalo de nuevo donde lo pidió "
                "(/api/v1/reports/, /agreement-reports/ o /annual-reports/)."
            )
        ext = FORMATS[job.format]
        suffix = "-pdfa" if job.format == "pdfa" else ""
        name = _name(job, ext)
        response = _file(body, ext, name.replace(f".{ext}", f"{suffix}.{ext}"))
        if job.finished_at:
            response["Last-Modified"] = http_date(job.finished_at.timestamp())
        return response
