"""``GET /api/v1/agreement-reports/``: the report on the institute's agreements (issue 21)
as typed JSON (the same ``ReportContent`` as the quarterly informe, ``kind: convenios``),
or its PDF, Word or HTML with ``format=``. Files go through the informe's render cache and
queue (``reports.api.views.file_or_job``): cached or short at once, long ones 202 and the
job to poll, the same caps (429)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer
from rest_framework.views import APIView

from cori.api.filters import request_commission
from cori.api.renderers import DocxRenderer, FileRenderer, PdfRenderer
from cori.api.schema import LOCATION_202, READ_ERRORS, file_responses
from cori.periods import cutoff_error, period_error
from cori.printing import CONTENT_TYPES
from cori.states import institute_today
from reports.api.serializers import ReportContentSerializer
from reports.api.views import (
    ACCEPTED_RESPONSE,
    content_response,
    file_elsewhere,
    file_or_job,
)
from reports.models import AGREEMENTS
from reports.selectors.agreement_report import agreement_report_content


class HtmlFileRenderer(FileRenderer):
    media_type = "text/html"
    format = "html"


class AgreementReportQuerySerializer(serializers.Serializer):
    start = serializers.DateField(help_text="Inicio del periodo (AAAA-MM-DD).")
    end = serializers.DateField(help_text="Fin del periodo y fecha de corte (AAAA-MM-DD).")
    commission = serializers.CharField(
        max_length=20,
        required=False,
        help_text="Siglas: limita el registro a lo que la comisión y sus predecesoras "
        "suscribieron o siguen. Sin ella, el registro de todo el instituto.",
    )
    format = serializers.ChoiceField(
        choices=["json", "pdf", "docx", "html"],
        required=False,
        default="json",
        help_text="json (por omisión), pdf, docx o html (documento autónomo).",
    )

    def validate(self, attrs):
        problem = period_error(attrs["start"], attrs["end"]) or cutoff_error(
            attrs["end"], today=institute_today()
        )
        if problem:
            raise serializers.ValidationError({"end": problem})
        return attrs


def _report(request, query_class=None):
    query = (query_class or AgreementReportQuerySerializer)(data=request.query_params)
    query.is_valid(raise_exception=True)
    data = query.validated_data
    commission = request_commission(request) if data.get("commission") else None
    report = agreement_report_content(start=data["start"], end=data["end"], commission=commission)
    return report, data


SEE_OTHER = OpenApiResponse(
    description="`format=pdf` o `docx`: el archivo está en `Location` "
    "(/api/v1/agreement-reports/pdf/ o /docx/ con la misma consulta).",
)


class AgreementReportView(APIView):
    renderer_classes = (JSONRenderer, HtmlFileRenderer)

    @extend_schema(
        summary="Informe sobre la suscripción y seguimiento de convenios interinstitucionales",
        description="El contenido tipado (`ReportContent`, `kind: convenios`) del que se "
        "generan el PDF, el Word y el HTML: cifras del registro del instituto al fin del "
        "periodo, serie anual desde 1999, sectores, instrumentos del periodo y en gestión. "
        "`format=html` da el documento; `format=pdf` o `docx` lleva (303) al archivo.",
        parameters=[AgreementReportQuerySerializer],
        responses={
            (200, "application/json"): ReportContentSerializer,
            (200, "text/html"): OpenApiResponse(OpenApiTypes.STR),
            303: SEE_OTHER,
            **READ_ERRORS,
        },
    )
    def get(self, request):
        query = AgreementReportQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        fmt = query.validated_data["format"]
        if fmt in FILE_FORMATS:
            return file_elsewhere(request, f"api-agreement-report-{fmt}")
        report, _ = _report(request)
        return content_response(report, fmt)


class AgreementReportFileQuerySerializer(AgreementReportQuerySerializer):
    format = None


FILE_FORMATS = ("pdf", "docx")


class AgreementReportFileView(APIView):
    """The PDF (tagged, PDF/UA-1) or the Word file: from the render cache, rendered at
    once when short, or 202 and the render job (``Location``) when long."""

    fmt = "pdf"

    def get(self, request):
        query = AgreementReportFileQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        commission = request_commission(request) if data.get("commission") else None
        return file_or_job(
            request,
            kind=AGREEMENTS,
            commission=commission,
            start=data["start"],
            end=data["end"],
            fmt=self.fmt,
        )


class AgreementReportPdfView(AgreementReportFileView):
    renderer_classes = (JSONRenderer, PdfRenderer)
    fmt = "pdf"

    @extend_schema(
        summary="Informe sobre convenios en PDF",
        parameters=[AgreementReportFileQuerySerializer, LOCATION_202],
        responses=file_responses(CONTENT_TYPES["pdf"], extra=ACCEPTED_RESPONSE),
    )
    def get(self, request):
        return super().get(request)


class AgreementReportDocxView(AgreementReportFileView):
    renderer_classes = (JSONRenderer, DocxRenderer)
    fmt = "docx"

    @extend_schema(
        summary="Informe sobre convenios en Word (DOCX)",
        parameters=[AgreementReportFileQuerySerializer, LOCATION_202],
        responses=file_responses(CONTENT_TYPES["docx"], extra=ACCEPTED_RESPONSE),
    )
    def get(self, request):
        return super().get(request)
