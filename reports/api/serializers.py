from drf_spectacular.extensions import OpenApiSerializerExtension
from drf_spectacular.plumbing import ResolvedComponent
from rest_framework import serializers
from rest_framework.reverse import reverse

from cori.periods import FIRST_YEAR, LAST_YEAR, period_error
from reports.content_schema import NAMES, ROOT, report_content_components
from reports.models import AGREEMENTS, ANNUAL, IssuedReport, ReportRender


class ReportPeriodQuerySerializer(serializers.Serializer):
    """Query of /reports/: commission (acronym) and period, both ends included."""

    commission = serializers.CharField(max_length=20, help_text="Siglas, p. ej. CORI.")
    start = serializers.DateField(help_text="Inicio del periodo (AAAA-MM-DD).")
    end = serializers.DateField(help_text="Fin del periodo (AAAA-MM-DD), incluido.")

    def validate(self, attrs):
        problem = period_error(attrs["start"], attrs["end"])
        if problem:
            raise serializers.ValidationError({"end": problem})
        return attrs


class IssuedReportSerializer(serializers.ModelSerializer):
    commission = serializers.SlugRelatedField(
        slug_field="acronym",
        read_only=True,
        allow_null=True,
        help_text="Siglas; null en el informe de convenios del instituto.",
    )
    issued_by = serializers.SlugRelatedField(
        slug_field="username",
        read_only=True,
        allow_null=True,
        help_text="Usuario que lo emitió; null si lo emitió un token sin creador o la carga "
        "de demostración.",
    )

    class Meta:
        model = IssuedReport
        fields = (
            "id",
            "kind",
            "commission",
            "period_start",
            "period_end",
            "session",
            "title",
            "issued_at",
            "issued_by",
            "early_issue_reason",
            "content_sha256",
            "pdf_sha256",
            "docx_sha256",
        )
        read_only_fields = fields


# The kinds ``POST /issued-reports/`` issues (the quarterly informe is issued for a session).
ISSUABLE_KINDS = [(AGREEMENTS, "Informe de convenios"), (ANNUAL, "Informe anual")]


class IssueRequestSerializer(serializers.Serializer):
    """``POST /issued-reports/``: issue the institute's report on agreements (``kind:
    convenios``, ``start`` and ``end``) or a commission's informe anual (``kind: anual``,
    ``commission`` and ``year``). The quarterly informe is issued for its session on its
    page."""

    kind = serializers.ChoiceField(
        choices=ISSUABLE_KINDS,
        help_text="convenios (del instituto) o anual (de una comisión).",
    )
    start = serializers.DateField(required=False, help_text="convenios: inicio del periodo.")
    end = serializers.DateField(
        required=False, help_text="convenios: fin del periodo y fecha de corte."
    )
    commission = serializers.CharField(
        max_length=20, required=False, help_text="anual: siglas de la comisión."
    )
    year = serializers.IntegerField(
        min_value=FIRST_YEAR, max_value=LAST_YEAR, required=False, help_text="anual: el año."
    )

    def validate(self, attrs):
        needed = ("start", "end") if attrs["kind"] == "convenios" else ("commission", "year")
        missing = {name: ["Este campo es obligatorio."] for name in needed if name not in attrs}
        if missing:
            raise serializers.ValidationError(missing)
        return attrs


class ReportRenderSerializer(serializers.ModelSerializer):
    """A report file rendered in the background: poll it until ``status`` is ``lista``."""

    commission = serializers.SlugRelatedField(
        slug_field="acronym",
        read_only=True,
        help_text="Siglas; null en el informe de convenios de todo el instituto.",
    )
    file_url = serializers.SerializerMethodField(
        help_text="Dónde descargar el archivo cuando está listo; null antes."
    )

    class Meta:
        model = ReportRender
        fields = [
            "id",
            "kind",
            "commission",
            "period_start",
            "period_end",
            "format",
            "status",
            "progress",
            "stage",
            "error",
            "file_url",
            "created_at",
            "started_at",
            "finished_at",
        ]
        read_only_fields = fields

    def get_file_url(self, render: ReportRender) -> str | None:
        if render.status != ReportRender.Status.READY:
            return None
        return reverse(
            "api-report-render-file", kwargs={"pk": render.pk}, request=self.context.get("request")
        )


class ReportContentSerializer(serializers.Serializer):
    """The report content (``reports.content.report_to_dict``); its schema is read from the
    dataclasses of ``reports.content`` (``ReportContentExtension``), never written twice."""


class ReportContentExtension(OpenApiSerializerExtension):
    """``ReportContent`` and the components it refers to (``ReportSection``, ``ReportTable``…),
    from ``reports.content_schema``: the same description as the published JSON Schema."""

    target_class = ReportContentSerializer

    def get_name(self, auto_schema, direction):
        return NAMES[ROOT]

    def map_serializer(self, auto_schema, direction):
        components = report_content_components()
        for name, schema in components.items():
            if name != NAMES[ROOT]:
                auto_schema.registry.register_on_missing(
                    ResolvedComponent(
                        name=name, type=ResolvedComponent.SCHEMA, object=name, schema=schema
                    )
                )
        return components[NAMES[ROOT]]
