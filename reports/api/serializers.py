from drf_spectacular.extensions import OpenApiSerializerExtension
from drf_spectacular.plumbing import ResolvedComponent
from rest_framework import serializers
from rest_framework.reverse import reverse

from cori.periods import period_error
from reports.content_schema import NAMES, ROOT, report_content_components
from reports.models import IssuedReport, ReportRender


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
    commission = serializers.SlugRelatedField(slug_field="acronym", read_only=True)
    issued_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = IssuedReport
        fields = (
            "id",
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


class ReportRenderSerializer(serializers.ModelSerializer):
    """A report file rendered in the background: poll it until ``status`` is ``lista``."""

    commission = serializers.SlugRelatedField(slug_field="acronym", read_only=True)
    file_url = serializers.SerializerMethodField(
        help_text="Dónde descargar el archivo cuando está listo; null antes."
    )

    class Meta:
        model = ReportRender
        fields = [
            "id",
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
