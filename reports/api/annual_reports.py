"""``GET /api/v1/annual-reports/?commission=&year=``: a commission's informe anual (issue
21) as typed JSON (the same ``ReportContent`` as the quarterly informe, ``kind: anual``),
or its HTML with ``format=html``; ``/pdf/`` and ``/docx/`` the files, through the informe's
render cache and queue (``reports.api.views.file_or_job``: 202 and the job when long)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer
from rest_framework.views import APIView

from cori.api.filters import request_commission
from cori.api.renderers import DocxRenderer, PdfRenderer
from cori.api.schema import LOCATION_202, READ_ERRORS, file_responses
from cori.periods import FIRST_YEAR, LAST_YEAR
from cori.printing import CONTENT_TYPES
from reports.api.agreement_reports import HtmlFileRenderer
from reports.api.serializers import ReportContentSerializer
from reports.api.views import (
    ACCEPTED_RESPONSE,
    content_response,
    file_elsewhere,
    file_or_job,
)
from reports.models import ANNUAL
from reports.selectors.annual_report import annual_report_content
from reports.selectors.kinds import annual_period

FILE_FORMATS = ("pdf", "docx")


class AnnualReportQuerySerializer(serializers.Serializer):
    commission = serializers.CharField(max_length=20, help_text="Siglas de la comisión.")
    year = serializers.IntegerField(
        min_value=FIRST_YEAR, max_value=LAST_YEAR, help_text="Año del informe (AAAA)."
    )
    format = serializers.ChoiceField(
        choices=["json", "pdf", "docx", "html"],
        required=False,
        default="json",
        help_text="json (por omisión), pdf, docx o html (documento autónomo).",
    )


class AnnualReportFileQuerySerializer(AnnualReportQuerySerializer):
    format = None


def _query(request, query_class):
    query = query_class(data=request.query_params)
    query.is_valid(raise_exception=True)
    return request_commission(request, required=True), query.validated_data["year"]


class AnnualReportView(APIView):
    renderer_classes = (JSONRenderer, HtmlFileRenderer)

    @extend_schema(
        summary="Informe anual de actividades de una comisión",
        description="El contenido tipado (`ReportContent`, `kind: anual`) del que se generan "
        "el PDF, el Word y el HTML: el informe trimestral consolidado para el año (1 de enero "
        "a 31 de diciembre) y el cumplimiento del PAT por línea estratégica. `format=html` da "
        "el documento; `format=pdf` o `docx` lleva (303) al archivo.",
        parameters=[AnnualReportQuerySerializer],
        responses={
            (200, "application/json"): ReportContentSerializer,
            (200, "text/html"): OpenApiResponse(OpenApiTypes.STR),
            303: OpenApiResponse(
                description="`format=pdf` o `docx`: el archivo está en `Location` "
                "(/api/v1/annual-reports/pdf/ o /docx/ con la misma consulta)."
            ),
            **READ_ERRORS,
        },
    )
    def get(self, request):
        query = AnnualReportQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        fmt = query.validated_data["format"]
        if fmt in FILE_FORMATS:
            return file_elsewhere(request, f"api-annual-report-{fmt}")
        commission, year = _query(request, AnnualReportQuerySerializer)
        report = annual_report_content(commission=commission, year=year)
        return content_response(report, fmt)


class AnnualReportFileView(APIView):
    """The PDF (tagged, PDF/UA-1) or the Word file: from the render cache, rendered at
    once when short, or 202 and the render job (``Location``) when long."""

    fmt = "pdf"

    def get(self, request):
        commission, year = _query(request, AnnualReportFileQuerySerializer)
        start, end = annual_period(year)
        return file_or_job(
            request, kind=ANNUAL, commission=commission, start=start, end=end, fmt=self.fmt
        )


class AnnualReportPdfView(AnnualReportFileView):
    renderer_classes = (JSONRenderer, PdfRenderer)
    fmt = "pdf"

    @extend_schema(
        summary="Informe anual de actividades en PDF",
        parameters=[AnnualReportFileQuerySerializer, LOCATION_202],
        responses=file_responses(CONTENT_TYPES["pdf"], extra=ACCEPTED_RESPONSE),
    )
    def get(self, request):
        return super().get(request)


class AnnualReportDocxView(AnnualReportFileView):
    renderer_classes = (JSONRenderer, DocxRenderer)
    fmt = "docx"

    @extend_schema(
        summary="Informe anual de actividades en Word (DOCX)",
        parameters=[AnnualReportFileQuerySerializer, LOCATION_202],
        responses=file_responses(CONTENT_TYPES["docx"], extra=ACCEPTED_RESPONSE),
    )
    def get(self, request):
        return super().get(request)
